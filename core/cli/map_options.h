#pragma once
// The mapper options `map` and `evaluate` (without --mapping) share: objective, dataflow preset,
// algorithm, budget, padding, seed, threads.
#include <string_view>
#include <vector>

#include "arch/architecture.h"
#include "cli/command.h"
#include "mapping/map_constraints.h"
#include "mapper/mapper.h"

namespace accelscope::cli {

struct MapJob {
    MapperSettings settings;
    MapConstraints constraints;
    unsigned threads = 0;  // 0: one per core
};

std::vector<OptionSpec> mapOptionSpecs();
std::string_view mapOptionsHelp();
// Throws UsageError for a bad value, naming the option and what it accepts.
MapJob mapJobFromArgs(const Args& args, const Architecture& arch);

}  // namespace accelscope::cli
