#pragma once
// --workload W[,W2...] and --weights W1,W2,...: the networks of a job and their suite weights,
// shared by `evaluate` and `search`; --layer: one MAC op of a network (`evaluate`, `map`).
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

// The MAC op (conv, linear, matmul) named by --layer; InputError naming the workload and op when
// there is none of that name or it is not a MAC op.
const Op& macOpByName(const Workload& workload, const std::string& name);

}  // namespace accelscope::cli
