#pragma once
// Everything about one design of a run, recomputed from its point (the mapper is seeded, so this is
// what the run saw): its architecture, compiler settings and each workload's full-stack result with
// per-layer mappings. For inspectors, reports and exports.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch/architecture.h"
#include "explore/search_engine.h"
#include "network/network_model.h"
#include "search/design_space.h"

namespace accelscope {

class ThreadPool;

struct DesignDetails {
    DesignRecord record;
    Architecture arch;
    CompilerSettings compiler;
    std::vector<NetworkResult> networks;  // one per workload of the job (empty when invalid)
};

// `design` is a record of a run of `job`; its point is evaluated again (its index is kept).
DesignDetails detailDesign(const SearchJob& job, const DesignRecord& design, ThreadPool& pool);

// {"index", "architecture": <an architecture file's object>, "workloads": [{"name", "layers": [{"name",
// "cycles", "energy_pj", "mapping": <a mapping file's object>}]}]}: the architecture and the layers'
// mappings are what `evaluate --arch` and `evaluate --mapping` accept.
nlohmann::ordered_json designDetailsToJson(const DesignDetails& details);

// `map --json`'s shape for one workload of the design: {"layers": [{"name", "mapping", "cycles",
// "energy_pj"}]}, which `evaluate --mapping` reads.
nlohmann::ordered_json workloadMappingsToJson(const DesignDetails& details, std::size_t workload);

}  // namespace accelscope
