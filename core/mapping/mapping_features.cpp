// Feature vectors of mappings for software Bayesian optimisation.
#include "mapping/mapping_features.h"

#include <array>
#include <cmath>

namespace accelscope {
namespace {

double log2d(double v) { return std::log2(std::max(v, 1.0)); }

}  // namespace

std::string_view mappingFeatureSetName(MappingFeatureSet f) { return f == MappingFeatureSet::Raw ? "raw" : "spotlight"; }

const std::vector<std::string>& mappingFeatureSetNames() {
    static const std::vector<std::string> names = {"spotlight", "raw"};
    return names;
}

int mappingFeatureCount(MappingFeatureSet f, const MapSpace& space) {
    const int levels = space.levelCount();
    if (f == MappingFeatureSet::Raw) return levels * (3 * kNumDims + kNumDims);
    return 4 + kNumTensors * std::max(levels - 1, 0);
}

void mappingFeatures(MappingFeatureSet f, const MapSpace& space, const Mapping& m, Eigen::Ref<Eigen::VectorXd> out) {
    const int levels = space.levelCount();
    int k = 0;
    if (f == MappingFeatureSet::Raw) {
        for (int i = 0; i < levels; ++i) {
            const LevelMapping& lm = m.levels[i];
            for (int d = 0; d < kNumDims; ++d) {
                out[k++] = log2d(static_cast<double>(lm.temporal[d]));
                out[k++] = log2d(static_cast<double>(lm.spatialX[d]));
                out[k++] = log2d(static_cast<double>(lm.spatialY[d]));
            }
            for (int pos = 0; pos < kNumDims; ++pos) out[static_cast<int>(lm.order[pos]) + k] = pos;
            k += kNumDims;
        }
        return;
    }
    // Sums of log2 are taken as one log2 of the product (exact in doubles: the products are integers
    // below 2^53), which keeps the candidates' features cheap for software BO.
    const ProblemShape& p = space.problem();
    double iterations = 1, utilisation = 1;
    bool spatialDim[kNumDims] = {};
    for (int i = 0; i < levels; ++i) {
        const LevelMapping& lm = m.levels[i];
        std::int64_t usedX = 1, usedY = 1;
        for (int d = 0; d < kNumDims; ++d) {
            iterations *= std::max(1.0, static_cast<double>(lm.temporal[d]));
            usedX *= lm.spatialX[d];
            usedY *= lm.spatialY[d];
            if (lm.spatialX[d] * lm.spatialY[d] > 1) spatialDim[d] = true;
        }
        const double fanOut = static_cast<double>(space.meshX(i) * space.meshY(i));
        if (fanOut > 1) utilisation *= static_cast<double>(usedX * usedY) / fanOut;
    }
    double spatialExtent = 1;
    for (int d = 0; d < kNumDims; ++d)
        if (spatialDim[d]) spatialExtent *= std::max(1.0, static_cast<double>(p.size[d]));
    // extent[i][d]: the extent of d covered at and below level i (its tile there, padding included).
    std::array<std::array<double, kNumDims>, kMaxLevels + 1> extent{};
    extent[static_cast<std::size_t>(levels)].fill(1.0);
    for (int i = levels - 1; i >= 0; --i)
        for (int d = 0; d < kNumDims; ++d)
            extent[static_cast<std::size_t>(i)][static_cast<std::size_t>(d)] =
                extent[static_cast<std::size_t>(i) + 1][static_cast<std::size_t>(d)] *
                std::max(1.0, static_cast<double>(m.levels[i].temporal[d] * m.levels[i].spatial(static_cast<Dim>(d))));
    out[k++] = std::log2(iterations);
    out[k++] = utilisation;
    out[k++] = levels > 1 ? std::log2(extent[1][static_cast<int>(Dim::R)] * extent[1][static_cast<int>(Dim::S)]) : 0.0;
    out[k++] = std::log2(spatialExtent);
    for (int i = 1; i < levels; ++i)
        for (Tensor t : kAllTensors) {
            double s = 1;
            for (Dim d : kAllDims)
                if (isRelevant(t, d)) s *= extent[static_cast<std::size_t>(i)][static_cast<std::size_t>(d)];
            out[k++] = std::log2(s);
        }
}

}  // namespace accelscope
