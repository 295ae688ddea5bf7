#include "scalesim/scalesim_mapping.h"

#include "model/layer_cost.h"

#include <algorithm>
#include <optional>
#include <limits>
#include <stdexcept>
#include <vector>

namespace accelscope::scalesim {
namespace {

constexpr std::uint32_t bit(Dim d) { return 1u << static_cast<int>(d); }
constexpr int idx(Dim d) { return static_cast<int>(d); }

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

std::vector<std::int64_t> divisors(std::int64_t n) {
    std::vector<std::int64_t> small, large;
    for (std::int64_t d = 1; d * d <= n; ++d)
        if (n % d == 0) {
            small.push_back(d);
            if (d * d != n) large.push_back(n / d);
        }
    small.insert(small.end(), large.rbegin(), large.rend());
    return small;
}

// A loop order in the canonical form the mapping files read back: `first` (those with a factor above
// 1, in the given order), then every other dim in canonical order.
std::array<Dim, kNumDims> orderOf(const DimFactors& factors, const std::vector<Dim>& first) {
    std::array<Dim, kNumDims> order{};
    int n = 0;
    for (Dim d : first)
        if (factors[idx(d)] > 1) order[n++] = d;
    for (Dim d : kAllDims)
        if (std::find(order.begin(), order.begin() + n, d) == order.begin() + n) order[n++] = d;
    return order;
}

// The children's numbering as the mapping reader keeps it: y dims, then x dims, then the rest.
std::array<Dim, kNumDims> spatialOrderOf(const LevelMapping& lm) {
    std::array<Dim, kNumDims> order{};
    int n = 0;
    for (Dim d : kAllDims)
        if (lm.spatialY[idx(d)] > 1) order[n++] = d;
    for (Dim d : kAllDims)
        if (lm.spatialY[idx(d)] <= 1 && lm.spatialX[idx(d)] > 1) order[n++] = d;
    for (Dim d : kAllDims)
        if (lm.spatial(d) <= 1) order[n++] = d;
    return order;
}

struct Problem {
    const Architecture& arch;
    const ProblemShape& shape;
    std::vector<Dim> rowDims, columnDims;  // spatial dims with an extent above 1
    std::int64_t rows, columns;

    std::int64_t extent(const std::vector<Dim>& dims, const DimFactors& split) const {
        std::int64_t e = 1;
        for (Dim d : dims) e *= shape[d] / split[idx(d)];
        return e;
    }
    std::int64_t folds(const DimFactors& split) const {
        std::int64_t f = 1;
        for (Dim d : rowDims) f *= split[idx(d)];
        for (Dim d : columnDims) f *= split[idx(d)];
        return f * ceilDiv(extent(rowDims, split), rows) * ceilDiv(extent(columnDims, split), columns);
    }
    OperandDims od;
    // SCALE-Sim's mapping with the split's factors at DRAM (groups one at a time there too).
    Mapping build(const DimFactors& split) const {
        const StorageLevel& sram = arch.levels[1];
        Mapping m;
        m.levelCount = 3;
        LevelMapping& dram = m.levels[0];
        LevelMapping& array = m.levels[1];
        LevelMapping& pe = m.levels[2];
        dram.temporal = split;
        dram.temporal[idx(Dim::G)] = shape[Dim::G];
        std::vector<Dim> dramOrder{Dim::G};
        dramOrder.insert(dramOrder.end(), rowDims.begin(), rowDims.end());
        dramOrder.insert(dramOrder.end(), columnDims.begin(), columnDims.end());
        dram.order = orderOf(dram.temporal, dramOrder);
        for (Dim d : rowDims) (sram.systolicRowsOnX ? array.spatialX : array.spatialY)[idx(d)] = shape[d] / split[idx(d)];
        for (Dim d : columnDims) (sram.systolicRowsOnX ? array.spatialY : array.spatialX)[idx(d)] = shape[d] / split[idx(d)];
        array.spatialOrder = spatialOrderOf(array);
        std::vector<Dim> stream;
        for (Dim d : kAllDims)
            if (od.stream & bit(d)) {
                pe.temporal[idx(d)] = shape[d];
                stream.push_back(d);
            }
        pe.order = orderOf(pe.temporal, stream);
        for (int i = 0; i < 3; ++i) m.levels[i].keep = arch.levels[i].keeps;
        return m;
    }
    // The SRAM holds the split's tiles: the cost model finds no capacity to refuse.
    bool fits(const DimFactors& split) const {
        Evaluation e;
        evaluate(arch, shape, build(split), e);
        return e.invalid != Invalid::Capacity && e.invalid != Invalid::PartitionCapacity;
    }
};

// The split of the row and column dims between DRAM and the array with the fewest DRAM iterations
// that fits the SRAM and keeps the fold count; nullopt when none does. Searches every combination of
// divisors while there are few, else only each dim's smaller divisors.
std::optional<DimFactors> findSplit(const Problem& p) {
    std::vector<Dim> dims = p.rowDims;
    dims.insert(dims.end(), p.columnDims.begin(), p.columnDims.end());
    std::vector<std::vector<std::int64_t>> options;
    std::int64_t combinations = 1;
    for (Dim d : dims) {
        options.push_back(divisors(p.shape[d]));
        combinations *= static_cast<std::int64_t>(options.back().size());
        combinations = std::min<std::int64_t>(combinations, std::int64_t{1} << 40);
    }
    constexpr std::int64_t kMaxCombinations = 200000;
    if (combinations > kMaxCombinations) {
        std::size_t keep = 64;
        while (true) {
            std::int64_t c = 1;
            for (auto& o : options) c *= static_cast<std::int64_t>(std::min(o.size(), keep));
            if (c <= kMaxCombinations || keep == 2) break;
            keep /= 2;
        }
        for (auto& o : options) o.resize(std::min(o.size(), keep));
    }
    const std::int64_t folds = p.folds(kUnitFactors);
    std::optional<DimFactors> best;
    std::int64_t bestIterations = std::numeric_limits<std::int64_t>::max();
    std::vector<std::size_t> at(dims.size(), 0);
    while (true) {
        DimFactors split = kUnitFactors;
        std::int64_t iterations = 1;
        for (std::size_t i = 0; i < dims.size(); ++i) {
            split[idx(dims[i])] = options[i][at[i]];
            iterations *= options[i][at[i]];
        }
        if (iterations < bestIterations && p.folds(split) == folds && p.fits(split)) {
            best = split;
            bestIterations = iterations;
        }
        std::size_t i = dims.size();
        while (i > 0 && ++at[i - 1] == options[i - 1].size()) at[--i] = 0;
        if (i == 0) break;
    }
    return best;
}

}  // namespace

OperandDims operandDims(Systolic dataflow) {
    const std::uint32_t pixels = bit(Dim::N) | bit(Dim::P) | bit(Dim::Q);
    const std::uint32_t window = bit(Dim::C) | bit(Dim::R) | bit(Dim::S);
    const std::uint32_t filters = bit(Dim::K);
    switch (dataflow) {
    case Systolic::WeightStationary: return {window, filters, pixels};
    case Systolic::InputStationary: return {window, pixels, filters};
    default: return {pixels, filters, window};
    }
}

ScalesimLayerMapping mapLikeScalesim(const Architecture& arch, const ProblemShape& shape) {
    if (arch.levelCount() != 3 || arch.levels[1].systolic == Systolic::None)
        throw std::invalid_argument("mapLikeScalesim: not a SCALE-Sim design (DRAM, systolic SRAM, PE)");
    const StorageLevel& sram = arch.levels[1];
    const OperandDims od = operandDims(sram.systolic);
    Problem p{arch, shape, {}, {}, sram.systolicRows(), sram.systolicColumns(), od};
    for (Dim d : kAllDims) {
        if (shape[d] <= 1) continue;
        if (od.rows & bit(d)) p.rowDims.push_back(d);
        if (od.columns & bit(d)) p.columnDims.push_back(d);
    }

    ScalesimLayerMapping out;
    out.rowFolds = ceilDiv(p.extent(p.rowDims, kUnitFactors), p.rows);
    out.columnFolds = ceilDiv(p.extent(p.columnDims, kUnitFactors), p.columns);
    DimFactors split = kUnitFactors;
    if (!p.fits(split)) {
        if (const auto s = findSplit(p)) split = *s;
        else out.fits = false;
    }

    out.mapping = p.build(split);
    for (Dim d : kAllDims) out.dramIterations *= d == Dim::G ? 1 : split[idx(d)];
    return out;
}

}  // namespace accelscope::scalesim
