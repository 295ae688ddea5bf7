#pragma once
// The network mode of `accelscope-cli evaluate`: latency, throughput, energy, EDP, area, TDP,
// Perf/TDP, the bottleneck table and DRAM traffic of whole networks (a weighted suite), with ratios
// to a baseline design.
#include <vector>

#include "cli/command.h"

namespace accelscope::cli {

std::vector<OptionSpec> networkOptionSpecs();
int runNetworkEvaluation(const Args& args, Context& ctx);

}  // namespace accelscope::cli
