// The named dataflows as constraints. Each fixes which dims the fan-outs may unroll and which loops
// are innermost at every level (the loops that keep the stationary tensor in place):
//   weight-stationary : spatial K, C;    innermost N, P, Q (irrelevant to weights)
//   output-stationary : spatial K, P, Q; innermost C, R, S (irrelevant to outputs)
//   input-stationary  : spatial C, P, Q; innermost K (irrelevant to inputs)
//   row-stationary    : meshX P (output rows) and K, meshY R (filter rows), C and K; innermost S, Q
//                       (a PE convolves one filter row with one input row, as in Eyeriss)
//   NVDLA-like        : spatial C, K;    innermost P, Q (weight-stationary atoms)
//   ShiDianNao-like   : spatial P, Q;    innermost C, R, S (output-stationary)
// The innermost level's fan-out (the SIMD lanes) follows the same rule as the others.
#include "mapping/map_constraints.h"

#include <algorithm>

#include "util/input_error.h"

namespace accelscope {
namespace {

struct Preset {
    const char* name;
    const char* description;
    std::uint32_t spatialX, spatialY;
    std::vector<Dim> innermost;
};

const std::vector<Preset>& presets() {
    const auto b = [](std::initializer_list<Dim> ds) {
        std::uint32_t m = 0;
        for (Dim d : ds) m |= dimBit(d);
        return m;
    };
    using D = Dim;
    static const std::vector<Preset> all = {
        {"none", "no constraint: every factorisation, order, spatial split and bypass", kAllDimsMask, kAllDimsMask, {}},
        {"weight_stationary", "spatial K, C; N, P, Q innermost (weights stay)", b({D::K, D::C, D::G}),
         b({D::K, D::C, D::G}), {D::N, D::P, D::Q}},
        {"output_stationary", "spatial K, P, Q; C, R, S innermost (partial sums stay)", b({D::K, D::P, D::Q, D::G}),
         b({D::K, D::P, D::Q, D::G}), {D::C, D::R, D::S}},
        {"input_stationary", "spatial C, P, Q; K innermost (inputs stay)", b({D::C, D::P, D::Q, D::G}),
         b({D::C, D::P, D::Q, D::G}), {D::K}},
        {"row_stationary", "Eyeriss: output rows P and K over meshX, filter rows R, C and K over meshY; S, Q innermost",
         b({D::P, D::K, D::N}), b({D::R, D::C, D::K, D::G}), {D::S, D::Q}},
        {"nvdla_like", "NVDLA: spatial C, K; P, Q innermost", b({D::C, D::K, D::G}), b({D::C, D::K, D::G}),
         {D::P, D::Q}},
        {"shidiannao_like", "ShiDianNao: spatial P, Q; C, R, S innermost", b({D::P, D::Q}), b({D::P, D::Q}),
         {D::C, D::R, D::S}},
    };
    return all;
}

const Preset* findPreset(std::string_view name) {
    for (const auto& p : presets())
        if (name == p.name) return &p;
    return nullptr;
}
}  // namespace

const std::vector<std::string>& dataflowNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& p : presets()) n.emplace_back(p.name);
        return n;
    }();
    return names;
}

std::string_view dataflowDescription(std::string_view name) {
    const Preset* p = findPreset(name);
    return p ? std::string_view(p->description) : std::string_view();
}

MapConstraints dataflowConstraints(std::string_view name, const Architecture& arch) {
    const Preset* p = findPreset(name);
    if (!p) {
        std::string known;
        for (const auto& n : dataflowNames()) known += (known.empty() ? "" : ", ") + n;
        throw InputError("--dataflow", "", "unknown dataflow \"" + std::string(name) + "\" (known: " + known + ")");
    }
    MapConstraints c;
    c.name = p->name;
    for (int i = 0; i < std::min(arch.levelCount(), kMaxLevels); ++i) {
        LevelConstraint& lc = c.levels[i];
        lc.spatialX = p->spatialX;
        lc.spatialY = p->spatialY;
        for (Dim d : p->innermost) lc.innermost[lc.innermostCount++] = d;
    }
    return c;
}

MapConstraints withDataflow(const MapConstraints& base, std::string_view dataflow, const Architecture& arch) {
    if (dataflow.empty()) return base;
    MapConstraints c = dataflowConstraints(dataflow, arch);
    c.allowPadding = base.allowPadding;
    return c;
}

namespace {
bool innermostHold(const LevelMapping& lm, const LevelConstraint& lc) {
    std::array<Dim, kNumDims> loops{}, wanted{};
    int n = 0, w = 0;
    for (Dim d : lm.order)
        if (lm.temporal[static_cast<int>(d)] > 1) loops[n++] = d;
    for (int j = 0; j < lc.innermostCount; ++j)
        if (lm.temporal[static_cast<int>(lc.innermost[j])] > 1) wanted[w++] = lc.innermost[j];
    for (int j = 0; j < w; ++j)
        if (loops[n - w + j] != wanted[j]) return false;
    return true;
}
}  // namespace

bool satisfies(const Mapping& m, const MapConstraints& c) {
    for (int i = 0; i < m.levelCount; ++i) {
        const LevelMapping& lm = m.levels[i];
        const LevelConstraint& lc = c.levels[i];
        for (Dim d : kAllDims) {
            const int k = static_cast<int>(d);
            if (lc.fixedTemporal[k] > 0 && lm.temporal[k] != lc.fixedTemporal[k]) return false;
            if (lc.fixedSpatialX[k] > 0 && lm.spatialX[k] != lc.fixedSpatialX[k]) return false;
            if (lc.fixedSpatialY[k] > 0 && lm.spatialY[k] != lc.fixedSpatialY[k]) return false;
            if (lm.spatialX[k] > 1 && !(lc.spatialX & dimBit(d))) return false;
            if (lm.spatialY[k] > 1 && !(lc.spatialY & dimBit(d))) return false;
        }
        // Among the loops that exist (a factor above 1), the constrained ones are innermost, in the
        // given sequence. The innermost level's order changes no count (nothing below it refetches),
        // so it is free, as in Timeloop's mapper.
        if (i + 1 < m.levelCount && !innermostHold(lm, lc)) return false;
        for (int t = 0; t < kNumTensors; ++t)
            if (lc.keep[t] >= 0 && lm.keep[t] != (lc.keep[t] == 1)) return false;
    }
    return true;
}

}  // namespace accelscope
