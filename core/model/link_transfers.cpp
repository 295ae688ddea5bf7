// Link transfers between neighbouring children of a fan-out (see link_transfers.h).
#include "model/link_transfers.h"

#include <algorithm>

namespace accelscope {
namespace {

constexpr int kMaxChildren = 1024;

bool isZero(const Translation& v) {
    return std::all_of(v.begin(), v.end(), [](std::int64_t x) { return x == 0; });
}

Translation minus(const Translation& a, const Translation& b) {
    Translation d;
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = a[i] - b[i];
    return d;
}

// Whether a move by v could ever match a move between two children: children differ by less than
// their fan-out factor in each dim while every loop above moves by whole fan-outs, so only a move
// of nothing (children that need the same data) or, for inputs, a slide of the window (rows and
// columns mix two dims each) can.
bool mayMatchNeighbours(Tensor t, const Translation& v, bool memoryless) {
    if (isZero(v)) return memoryless;
    return t == Tensor::Inputs && v[0] == 0 && v[1] == 0 && v[2] == 0;
}

// Distinct tiles among the children flagged in `take` (offsets in the tensor's coordinates).
int distinctTiles(const std::array<Translation, kMaxChildren>& offset, const std::array<bool, kMaxChildren>& take,
                  int n, std::array<Translation, kMaxChildren>& scratch) {
    int k = 0;
    for (int i = 0; i < n; ++i)
        if (take[i]) scratch[k++] = offset[i];
    std::sort(scratch.begin(), scratch.begin() + k);
    return static_cast<int>(std::unique(scratch.begin(), scratch.begin() + k) - scratch.begin());
}

}  // namespace

LinkTransfers linkTransfers(const Architecture& arch, const ProblemShape& p, const Mapping& m,
                            const std::array<Extents, kMaxLevels + 1>& below, const LoopsAbove& loops, int j, Tensor t) {
    LinkTransfers out;
    const StorageLevel& level = arch.levels[j];
    const LevelMapping& lm = m.levels[j];
    if (!level.neighbourLinks) return out;
    std::int64_t xprod = 1, yprod = 1;
    for (Dim d : kAllDims) xprod *= lm.spatialX[static_cast<int>(d)], yprod *= lm.spatialY[static_cast<int>(d)];
    const std::int64_t children = xprod * yprod;
    if (children < 2 || children > kMaxChildren) return out;
    const bool memoryless = j + 1 == arch.levelCount();  // MAC units hold no state: every step delivers anew

    if (loops.count == 0) return out;
    const Extents& tile = below[j + 1];
    const std::int64_t tileSize = tileWords(t, tile, p);
    TileSteps steps;
    describeSteps(t, tile, tileSize, loops, p, arch.haloReuse, steps);
    bool possible = false;
    for (int k = 0; k < loops.count; ++k) possible = possible || mayMatchNeighbours(t, steps.move[k], memoryless);
    if (!possible) return out;

    // The children's tile offsets, numbered as Timeloop numbers them.
    const int n = static_cast<int>(children);
    std::array<Translation, kMaxChildren> offset, scratch;
    for (int c = 0; c < n; ++c) {
        Extents shift{};
        std::int64_t xi = c % xprod, yi = c / xprod;
        for (int pos = kNumDims - 1; pos >= 0; --pos) {  // innermost spatial loop first
            const int d = static_cast<int>(lm.spatialOrder[pos]);
            if (lm.spatialX[d] > 1) shift[d] += (xi % lm.spatialX[d]) * tile[d], xi /= lm.spatialX[d];
            if (lm.spatialY[d] > 1) shift[d] += (yi % lm.spatialY[d]) * tile[d], yi /= lm.spatialY[d];
        }
        offset[c] = translationOf(t, shift, p);
    }
    std::array<bool, kMaxChildren> all{};
    std::fill(all.begin(), all.begin() + n, true);
    const int groupsWithout = distinctTiles(offset, all, n, scratch);

    // A step's delta is the whole tile when the move keeps nothing (MAC units keep nothing anyway);
    // under the Timeloop rules the steps that restart inner loops change stride and reload whole
    // tiles too.
    const auto wholeTile = [&](int k) {
        if (memoryless) return true;
        if (isZero(steps.move[k])) return false;
        return steps.delta[k] == tileSize || (k > 0 && arch.haloReuse != HaloReuse::Exact);
    };
    const int h = level.meshX;
    const auto consider = [&](int k, bool previousWhole, double weight) {
        if (!wholeTile(k) || !previousWhole || !mayMatchNeighbours(t, steps.move[k], memoryless)) return;
        std::array<bool, kMaxChildren> direct{};
        int linked = 0;
        for (int c = 0; c < n; ++c) {
            bool fromNeighbour = false;
            const int candidates[4] = {c % h != 0 ? c - 1 : -1, c % h != h - 1 ? c + 1 : -1, c - h, c + h};
            for (int nb : candidates)
                if (nb >= 0 && nb < n && minus(offset[nb], offset[c]) == steps.move[k]) fromNeighbour = true;
            direct[c] = !fromNeighbour;
            linked += fromNeighbour ? 1 : 0;
        }
        const int groupsWith = distinctTiles(offset, direct, n, scratch);
        if (groupsWith >= groupsWithout) return;  // Timeloop uses links only when they spare accesses
        const double words = static_cast<double>(tileSize) * weight;
        out.savedReads += static_cast<double>(groupsWithout - groupsWith) * words;
        out.transferred += static_cast<double>(linked) * words;
    };
    // The steps Timeloop evaluates, each against the step evaluated before it. With loop 0 innermost:
    // loop 0's second iteration follows its first, whose delta came from the first tile or from the
    // wrap of the innermost outer loop m that advanced; loop k's second iteration (k >= 1) follows
    // loop 0's second. Weights: how many steps each evaluation stands for.
    std::array<double, kMaxLevels * kNumDims + 1> outer{};  // product of the bounds of loops outside k
    outer[static_cast<std::size_t>(loops.count)] = 1;
    for (int k = loops.count - 1; k >= 0; --k)
        outer[k] = outer[k + 1] * static_cast<double>(loops.loop[k].bound);
    const double b0 = static_cast<double>(loops.loop[0].bound);
    consider(0, true, b0 - 1);
    for (int mm = 1; mm < loops.count; ++mm) {
        const double bm = static_cast<double>(loops.loop[mm].bound);
        consider(0, wholeTile(mm), (b0 - 1) * (bm - 1) * outer[mm + 1]);
        consider(mm, wholeTile(0), (bm - 1) * outer[mm + 1]);
    }
    return out;
}

}  // namespace accelscope
