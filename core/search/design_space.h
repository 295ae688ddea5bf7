#pragma once
// A design space: typed parameters bound to an architecture template and to the compiler settings
// (fusion, padding, batch), with area and power caps. Presets live in resources/spaces/*.json
// (format documented in the docs/search.md):
//   spotlight_edge, spotlight_cloud - Spotlight's ranges on an Eyeriss-like template (spotlight.md);
//   fast_datacenter                 - FAST's TPU-like template with fusion, padding and batch (fast.md).
//
// Templates (what each parameter name binds to):
//   "spotlight": DRAM -> L1 (shared, fan-out a clusters, NoC bandwidth) -> L0 (l0_kib in all, split
//                over the clusters; fan-out b PEs) -> PE register file (fan-out SIMD lanes). Parameters: simd, bits, noc_bandwidth,
//                l0_kib, l1_kib, pes, pe_split (the index of the split a x b = pes, a >= 2, among
//                all such splits in ascending a, wrapping around: every point is a valid hierarchy).
//   "tpu":       DRAM (hbm | gddr6) -> GMEM (shared; absent when 0 MiB) -> L1 per core (mxus matrix
//                units below it) -> MXU_io per MXU (a row of inputs and of partial sums; a systolic
//                array sa_x by sa_y below it, reducing C, R, S down its rows and spreading K across)
//                -> weight register. Parameters: cores, mxus, sa_x, sa_y, vector_width, l1_kib,
//                gmem_mib, dram, fusion, padding, batch.
//   "confuciux": ConfuciuX's sub-accelerator: DRAM -> L2 (l2_kib) -> pe PEs in a row, each an L1 of
//                l1_words and one MAC; a fixed dataflow (a categorical `dataflow` of preset names).
//                Searched per layer by the layer-wise search (confuciux/layerwise_search.h).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "arch/architecture.h"
#include "passes/fusion.h"
#include "search/named_points.h"
#include "search/param_space.h"

namespace accelscope {

// What a design point fixes beside the hardware.
struct CompilerSettings {
    FusionMode fusion = FusionMode::None;
    bool padding = false;
    std::int64_t batch = 1;
    std::string dataflow;  // a named dataflow every layer's mapping keeps to (map_constraints.h); empty: free
};

struct DesignSpace {
    std::string name;
    std::string source;
    std::string text;                          // the JSON it was parsed from (sessions embed it)
    std::string templateName;                  // "spotlight", "tpu" or "confuciux"
    ParamSpace space;
    std::vector<std::string> help;             // one per parameter: what it means
    std::map<std::string, double> fixed;       // template values not searched (e.g. dram_bandwidth)
    double areaCapMm2 = 0;                     // 0: no cap
    double powerCapW = 0;                      // 0: no cap (on TDP)
    std::vector<NamedPoint> points;            // named design points (e.g. a published baseline)

    // The architecture and compiler settings of a point; false (with the reason) when the point
    // breaks a validity rule of the template. Caps are checked by the caller (they need the model).
    bool realize(const Point& p, Architecture& arch, CompilerSettings& settings, std::string& why) const;
    // realize(), then the caps on the architecture alone (area, and TDP at full activity): whether
    // the point can be valid at all, before any layer is mapped. Sets the area and TDP it found.
    bool withinCaps(const Point& p, Architecture& arch, CompilerSettings& settings, std::string& why, double& areaMm2,
                    double& tdpW) const;
    bool feasible(const Point& p) const;
    // daBO's hardware features (spotlight.md): SIMD lanes, bit width, bandwidth, total buffer, total
    // PEs, PEs at level 0 (log2 where they are sizes), plus the compiler settings for "tpu".
    Eigen::VectorXd features(const Point& p) const;
    // A point written as "NAME", "K=V,..." or "NAME,K=V,..." (named_points.h); throws InputError.
    Point point(const std::string& spec) const { return resolvePoint(spec, name, space, points); }
    // Whether `batch` is a parameter of the space.
    bool searchesBatch() const;
    // `spec` at another design's batch, for comparisons at the same batch (a larger batch alone is no
    // architectural gain): ",batch=B" appended when the space searches batch and `spec` sets none.
    std::string atBatch(const std::string& spec, std::int64_t batch) const;
};

// Throws InputError naming the file, the parameter and the field.
DesignSpace parseDesignSpace(const std::string& text, const std::string& source);
DesignSpace loadDesignSpaceByNameOrPath(std::string_view nameOrPath);
std::vector<std::string> presetDesignSpaceNames();

}  // namespace accelscope
