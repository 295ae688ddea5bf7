#pragma once
// The settings of one design-search run, kept in one place: the CLI fills them from its options
// (cli/run_args.h), the GUI from the Search dock's widgets, the engine runs them (SearchJob holds
// them beside the workloads and the space), a session keeps them with each run (SessionRun) and the
// report prints them. The names and limits each field may take are in explore/run_options.h.
#include <cstdint>
#include <string>
#include <string_view>

#include "search/searcher.h"

namespace accelscope {

// What a design search minimises.
enum class DesignObjective : std::uint8_t { Edp, Delay, Energy, PerfPerTdp };
std::string_view designObjectiveName(DesignObjective o);  // "edp", "delay", "energy", "perf-per-tdp"
DesignObjective designObjectiveFromName(std::string_view name);  // throws InputError

struct RunSettings {
    std::string searcher = "dabo";      // the hardware searcher: random, grid, ga, sa, bo, dabo, confuciux
    SearcherSettings searcherSettings;  // its seed (which also seeds every schedule), its budget of valid
                                        // hardware samples, its batch and its own knobs
    std::string swSearcher = "anneal";  // each layer's schedule: anneal (the annealing mapper), greedy,
                                        // random, dabo (Spotlight's software daBO) or bo (raw-encoding BO)
    std::int64_t swBudget = 3000;       // mappings per distinct layer shape per design (valid ones for
                                        // dabo and bo, as Spotlight's budget)
    DesignObjective objective = DesignObjective::Edp;
    int threads = 0;                    // worker threads it ran with (0: one per core); results do not
                                        // depend on it
};

}  // namespace accelscope
