#pragma once
// The ROI of one design of a session's run against a baseline: the space's named point (by default
// its first, e.g. fast_datacenter's tpu_v3) costed as the search costs a point, at the design's batch
// when the space searches batch (a larger batch alone is no architectural gain), or an architecture
// preset or file costed with the design's compiler settings and the run's software searcher.
#include <string>

#include <nlohmann/json.hpp>

#include "explore/session.h"
#include "roi/roi_model.h"

namespace accelscope {

class ThreadPool;

struct RoiRequest {
    int run = -1;          // -1: the session's last run
    int design = -1;       // DesignRecord::index; -1: the run's best design
    std::string baseline;  // a point of the space ("tpu_v3", "tpu_v3,batch=8", "K=V,..."), a preset or an
                           // architecture file; empty: the space's first named point
    RoiAssumptions assumptions;
};

struct RoiStudy {
    std::string runLabel;
    DesignRecord design;
    std::string designText;     // the design's parameters
    std::string baselineName;   // "tpu_v3" or the preset's name
    std::string baselineHow;    // how the baseline was costed, in a sentence
    DesignRecord baselineRecord;
    RoiResult result;
};

// Throws InputError for an unknown run, design or baseline, a space with no named point when no
// baseline is given, or a baseline that cannot be costed.
RoiStudy studyRoi(const Session& session, const RoiRequest& request, ThreadPool& pool);

// {"design", "baseline", "assumptions", "chips": {"design", "baseline"}, "replaced_per_chip",
//  "savings_per_chip_usd", "break_even_chips" (null: never), "net_savings_usd": [[chips, usd], ...]}.
nlohmann::ordered_json roiToJson(const RoiStudy& study, const RoiAssumptions& a);

// Each assumption with its value and source, for tables: {label, value, source}.
struct RoiAssumptionRow {
    std::string label, value, source;
};
std::vector<RoiAssumptionRow> roiAssumptionRows(const RoiAssumptions& a);

}  // namespace accelscope
