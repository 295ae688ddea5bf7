// Recomputing a design's full figures from its point.
#include "explore/design_details.h"

#include "arch/arch_io.h"
#include "util/thread_pool.h"
#include "mapping/mapping_io.h"

namespace accelscope {

DesignDetails detailDesign(const SearchJob& job, const DesignRecord& design, ThreadPool& pool) {
    DesignDetails d;
    d.record = evaluateDesign(job, design.point, pool, nullptr, &d.networks);
    d.record.index = design.index;
    std::string why;
    job.space.realize(design.point, d.arch, d.compiler, why);
    return d;
}

nlohmann::ordered_json workloadMappingsToJson(const DesignDetails& details, std::size_t workload) {
    nlohmann::ordered_json j;
    j["layers"] = nlohmann::ordered_json::array();
    if (workload >= details.networks.size()) return j;
    for (const OpCost& op : details.networks[workload].ops)
        if (op.unit == OpUnit::MacArray && op.mapped)
            j["layers"].push_back({{"name", op.name},
                                   {"mapping", nlohmann::ordered_json::parse(serializeMapping(op.mapping, details.arch))},
                                   {"cycles", op.cycles},
                                   {"energy_pj", op.energyPj}});
    return j;
}

nlohmann::ordered_json designDetailsToJson(const DesignDetails& details) {
    nlohmann::ordered_json b;
    b["index"] = details.record.index;
    b["architecture"] = nlohmann::ordered_json::parse(serializeArchitecture(details.arch));
    b["workloads"] = nlohmann::ordered_json::array();
    for (std::size_t w = 0; w < details.networks.size(); ++w) {
        nlohmann::ordered_json wj = workloadMappingsToJson(details, w);
        wj["name"] = details.networks[w].workload;
        b["workloads"].push_back(std::move(wj));
    }
    return b;
}

}  // namespace accelscope
