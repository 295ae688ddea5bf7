#pragma once
// --workload W[,W2...] and --weights W1,W2,...: the networks of a job and their suite weights,
// shared by `evaluate` and `search`.
#include <string>
#include <vector>

#include "cli/args.h"
#include "workload/workload.h"

namespace accelscope::cli {

struct SuiteOptions {
    std::vector<Workload> workloads;
    std::vector<double> weights;  // one per workload (all 1 when --weights is absent)
};

// Throws UsageError for a malformed list, InputError for a workload that does not load.
SuiteOptions readSuiteOptions(const Args& args);

}  // namespace accelscope::cli
