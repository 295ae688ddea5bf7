// Sampling, local moves, size and enumeration of a layer's map space.
#include "mapping/map_space.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "util/input_error.h"

namespace accelscope {
namespace {

int factorize(std::int64_t n, std::int64_t* out, int max) {
    int count = 0;
    for (std::int64_t p = 2; p * p <= n && count < max; ++p)
        while (n % p == 0 && count < max) {
            out[count++] = p;
            n /= p;
        }
    if (n > 1 && count < max) out[count++] = n;
    return count;
}

// A uniformly random prime factor of n (counted with multiplicity).
std::int64_t randomPrimeFactor(std::int64_t n, std::mt19937_64& rng) {
    std::array<std::int64_t, 64> primes{};
    const int count = factorize(n, primes.data(), 64);
    return count == 0 ? n : primes[rng() % static_cast<std::uint64_t>(count)];
}

// log10 of n choose k, summed term by term (std::lgamma writes the global signgam: not thread-safe).
double log10Binomial(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; ++i) s += std::log10(static_cast<double>(n - k + i) / i);
    return s;
}

double log10Factorial(int n) {
    double s = 0;
    for (int i = 2; i <= n; ++i) s += std::log10(static_cast<double>(i));
    return s;
}

bool constrainedInner(const LevelConstraint& lc, Dim d) {
    for (int j = 0; j < lc.innermostCount; ++j)
        if (lc.innermost[j] == d) return true;
    return false;
}
}  // namespace

MapSpace::MapSpace(const Architecture& arch, const ProblemShape& problem, const MapConstraints& c)
    : problem_(problem), constraints_(c), levels_(arch.levelCount()) {
    if (levels_ < 1 || levels_ > kMaxLevels)
        throw InputError(arch.name, "", "has " + std::to_string(levels_) + " levels; the mapper supports 1 to " +
                                            std::to_string(kMaxLevels));
    base_.levelCount = levels_;
    for (int i = 0; i < levels_; ++i) {
        meshX_[i] = arch.levels[i].meshX;
        meshY_[i] = arch.levels[i].meshY;
        workX_[i] = arch.levels[i].spatialWorkX();
        workY_[i] = arch.levels[i].spatialWorkY();
        for (std::int64_t mesh : {meshX_[i], meshY_[i]})
            if (mesh > 1) meshes_[meshCount_++] = mesh;
        LevelMapping& lm = base_.levels[i];
        const LevelConstraint& lc = c.levels[i];
        for (int t = 0; t < kNumTensors; ++t) {
            const bool allowed = arch.levels[i].keeps[t];
            lm.keep[t] = lc.keep[t] >= 0 ? (lc.keep[t] == 1 && allowed) : allowed;
            if (i > 0 && allowed && lc.keep[t] < 0)
                freeKeeps_[freeKeepCount_++] = {static_cast<std::int8_t>(i), static_cast<std::int8_t>(t)};
        }
        if (i == 0) lm.keep = {true, true, true};
        // The constrained dims last, in their order; the others before them in canonical order.
        int n = 0;
        for (Dim d : kAllDims)
            if (!constrainedInner(lc, d)) lm.order[n++] = d;
        for (int j = 0; j < lc.innermostCount; ++j) lm.order[n++] = lc.innermost[j];
    }
    for (Dim d : kAllDims) {
        const int k = static_cast<int>(d);
        std::int64_t remaining = problem[d];
        for (int i = 0; i < levels_; ++i) {
            // A level that stores nothing has no loops of its own in time: its loops would be the
            // level above's innermost ones, which that level already offers.
            const std::int64_t f = arch.levels[i].storesNothing() && c.levels[i].fixedTemporal[k] <= 0
                                       ? 1
                                       : c.levels[i].fixedTemporal[k];
            if (f <= 0) {
                temporalSlot_[k][i] = slotCount_[k];
                slots_[k][slotCount_[k]++] = {static_cast<std::int8_t>(i), 0};
                continue;
            }
            if (remaining % f != 0)
                throw InputError(c.source, "level \"" + arch.levels[i].name + "\"",
                                 "fixed factor " + std::to_string(f) + " of " + std::string(dimName(d)) +
                                     " does not divide what is left of it (" + std::to_string(remaining) + ")");
            base_.levels[i].temporal[k] = f;
            remaining /= f;
        }
        for (int i = 0; i < levels_; ++i) {
            // Fixed spatial factors are part of the base; the others are slots where the constraints
            // and the hardware (e.g. a systolic array's fixed dims) both allow the dim.
            const LevelConstraint& lc = c.levels[i];
            for (const auto& [fixed, kind] : {std::pair{lc.fixedSpatialX[k], 1}, std::pair{lc.fixedSpatialY[k], 2}}) {
                if (fixed <= 0) continue;
                if (remaining % fixed != 0)
                    throw InputError(c.source, "level \"" + arch.levels[i].name + "\"",
                                     "fixed spatial factor " + std::to_string(fixed) + " of " + std::string(dimName(d)) +
                                         " does not divide what is left of it (" + std::to_string(remaining) + ")");
                (kind == 1 ? base_.levels[i].spatialX : base_.levels[i].spatialY)[k] = fixed;
                remaining /= fixed;
            }
            const std::uint32_t x = lc.spatialX & arch.levels[i].spatialDimsX;
            const std::uint32_t y = lc.spatialY & arch.levels[i].spatialDimsY;
            if (meshX_[i] > 1 && (x & dimBit(d)) && lc.fixedSpatialX[k] <= 0)
                slots_[k][slotCount_[k]++] = {static_cast<std::int8_t>(i), 1};
            if (meshY_[i] > 1 && (y & dimBit(d)) && lc.fixedSpatialY[k] <= 0)
                slots_[k][slotCount_[k]++] = {static_cast<std::int8_t>(i), 2};
        }
        if (slotCount_[k] == 0 && remaining > 1)
            throw InputError(c.source, "", "every loop of " + std::string(dimName(d)) + " is fixed, but " +
                                                    std::to_string(remaining) + " of it is left to map");
        free_[k] = remaining;
        primeCount_[k] = factorize(remaining, primes_[k].data(), kMaxPrimes);
        // Ordered factorisations: for every prime p^a, the compositions of a over the slots.
        for (int j = 0; j < primeCount_[k];) {
            int a = 0;
            const std::int64_t p = primes_[k][j];
            while (j < primeCount_[k] && primes_[k][j] == p) ++a, ++j;
            log10Size_ += log10Binomial(a + slotCount_[k] - 1, slotCount_[k] - 1);
        }
    }
    int nontrivial = 0;
    for (Dim d : kAllDims) nontrivial += problem[d] > 1 ? 1 : 0;
    for (int i = 0; i + 1 < levels_; ++i) {
        const int freeDims = std::max(0, std::min(nontrivial, kNumDims - c.levels[i].innermostCount));
        log10Size_ += log10Factorial(freeDims);
    }
    log10Size_ += freeKeepCount_ * std::log10(2.0);
}

std::int64_t& MapSpace::slotValue(Mapping& m, int dim, Slot s) const {
    LevelMapping& lm = m.levels[s.level];
    return s.kind == 0 ? lm.temporal[dim] : s.kind == 1 ? lm.spatialX[dim] : lm.spatialY[dim];
}

std::int64_t MapSpace::room(const Mapping& m, Slot s) const {
    const LevelMapping& lm = m.levels[s.level];
    std::int64_t used = 1;
    for (int d = 0; d < kNumDims; ++d) used *= s.kind == 1 ? lm.spatialX[d] : lm.spatialY[d];
    return (s.kind == 1 ? workX_[s.level] : workY_[s.level]) / used;
}

void MapSpace::dealPrimes(Mapping& m, int dim, const std::int64_t* primes, int count, std::mt19937_64& rng,
                          Deal deal) const {
    std::uniform_int_distribution<int> pick(0, slotCount_[dim] - 1);
    for (int j = 0; j < count; ++j) {
        if (deal != Deal::Uniform) {  // a spatial slot with room for this factor, when there is one
            std::array<int, kMaxSlots> open{};
            int n = 0;
            for (int k = 0; k < slotCount_[dim]; ++k)
                if (slots_[dim][k].kind != 0 && room(m, slots_[dim][k]) >= primes[j]) open[n++] = k;
            if (n > 0) {
                slotValue(m, dim, slots_[dim][open[rng() % static_cast<std::uint64_t>(n)]]) *= primes[j];
                continue;
            }
        }
        if (deal == Deal::FillThenOutermost && slots_[dim][0].kind == 0) {
            slotValue(m, dim, slots_[dim][0]) *= primes[j];
            continue;
        }
        Slot s = slots_[dim][pick(rng)];
        if (s.kind != 0 && room(m, s) < primes[j]) {
            // No room left in that fan-out: the same level's temporal loop takes the factor, else the
            // outermost free temporal loop (the first slot; a dim whose temporal loops are all fixed
            // keeps the spatial slot, and evaluate() reports the overflow).
            const int t = temporalSlot_[dim][s.level];
            if (t >= 0) s = slots_[dim][t];
            else if (slots_[dim][0].kind == 0) s = slots_[dim][0];
        }
        slotValue(m, dim, s) *= primes[j];
    }
}

void MapSpace::randomOrder(LevelMapping& lm, int level, std::mt19937_64& rng) const {
    const int freeCount = kNumDims - constraints_.levels[level].innermostCount;
    std::shuffle(lm.order.begin(), lm.order.begin() + freeCount, rng);
}

void MapSpace::sample(std::mt19937_64& rng, Mapping& m) const { sampleWith(rng, m, Deal::Uniform); }

void MapSpace::sampleFilled(std::mt19937_64& rng, Mapping& m) const { sampleWith(rng, m, Deal::Fill); }

void MapSpace::safeStart(std::mt19937_64& rng, Mapping& m) const { sampleWith(rng, m, Deal::FillThenOutermost); }

void MapSpace::sampleTiling(std::mt19937_64& rng, Mapping& m) const {
    m = base_;
    dealTiling(rng, m, Deal::Uniform);
}

void MapSpace::randomiseOrdersAndKeeps(std::mt19937_64& rng, Mapping& m) const { dealOrdersAndKeeps(rng, m, Deal::Uniform); }

void MapSpace::sampleWith(std::mt19937_64& rng, Mapping& m, Deal deal) const {
    m = base_;
    dealTiling(rng, m, deal);
    dealOrdersAndKeeps(rng, m, deal);
}

void MapSpace::dealTiling(std::mt19937_64& rng, Mapping& m, Deal deal) const {
    std::array<int, kNumDims> dims{0, 1, 2, 3, 4, 5, 6, 7};
    std::shuffle(dims.begin(), dims.end(), rng);  // no dim always gets the fan-outs first
    std::array<std::int64_t, kMaxPrimes> padded{};
    for (int d : dims) {
        if (deal != Deal::FillThenOutermost && constraints_.allowPadding && meshCount_ > 0 && free_[d] > 1 && rng() % 4 == 0) {
            // Round the dim up to a multiple of a fan-out when that at most doubles it; the search
            // weighs the wasted MACs against the better fill.
            const std::int64_t mesh = meshes_[rng() % static_cast<std::uint64_t>(meshCount_)];
            const std::int64_t up = (free_[d] + mesh - 1) / mesh * mesh;
            if (up != free_[d] && up <= 2 * free_[d]) {
                const int n = factorize(up, padded.data(), kMaxPrimes);
                std::shuffle(padded.begin(), padded.begin() + n, rng);
                dealPrimes(m, d, padded.data(), n, rng, deal);
                continue;
            }
        }
        std::array<std::int64_t, kMaxPrimes> ps = primes_[d];
        std::shuffle(ps.begin(), ps.begin() + primeCount_[d], rng);
        dealPrimes(m, d, ps.data(), primeCount_[d], rng, deal);
    }
}

void MapSpace::dealOrdersAndKeeps(std::mt19937_64& rng, Mapping& m, Deal deal) const {
    for (int i = 0; i < levels_; ++i) randomOrder(m.levels[i], i, rng);
    for (int k = 0; k < freeKeepCount_; ++k) {
        const auto [level, t] = freeKeeps_[k];
        m.levels[level].keep[t] = deal == Deal::FillThenOutermost || rng() % 4 != 0;
    }
}

bool MapSpace::moveFactor(Mapping& m, std::mt19937_64& rng) const {
    std::array<int, kNumDims> candidates{};
    int n = 0;
    for (int d = 0; d < kNumDims; ++d)
        if (slotCount_[d] > 1 && primeCount_[d] > 0) candidates[n++] = d;
    if (n == 0) return false;
    const int d = candidates[rng() % static_cast<std::uint64_t>(n)];
    std::array<int, kMaxSlots> holding{};
    int h = 0;
    for (int s = 0; s < slotCount_[d]; ++s)
        if (slotValue(m, d, slots_[d][s]) > 1) holding[h++] = s;
    if (h == 0) return false;
    const Slot from = slots_[d][holding[rng() % static_cast<std::uint64_t>(h)]];
    std::int64_t& source = slotValue(m, d, from);
    const std::int64_t p = randomPrimeFactor(source, rng);
    Slot to = slots_[d][rng() % static_cast<std::uint64_t>(slotCount_[d])];
    if (to.level == from.level && to.kind == from.kind) return false;
    if (to.kind != 0) {
        source /= p;  // the freed room counts when moving within the same fan-out
        const bool fits = room(m, to) >= p;
        source *= p;
        if (!fits) return false;
    }
    source /= p;
    slotValue(m, d, to) *= p;
    return true;
}

bool MapSpace::relieve(Mapping& m, int level, int tensor, std::mt19937_64& rng) const {
    if (level <= 0 || level >= levels_) return false;
    struct Move {
        int dim;
        Slot from, to;
    };
    std::array<Move, kNumDims * kMaxSlots> moves{};
    int n = 0;
    for (int d = 0; d < kNumDims; ++d) {
        if (tensor >= 0 && !isRelevant(static_cast<Tensor>(tensor), static_cast<Dim>(d))) continue;
        int outer = -1;  // the nearest free temporal loop above the level
        for (int l = level - 1; l >= 0 && outer < 0; --l) outer = temporalSlot_[d][l];
        if (outer < 0) continue;
        for (int k = 0; k < slotCount_[d]; ++k)
            if (slots_[d][k].level >= level && slotValue(m, d, slots_[d][k]) > 1) moves[n++] = {d, slots_[d][k], slots_[d][outer]};
    }
    if (n == 0) return false;
    const Move& mv = moves[rng() % static_cast<std::uint64_t>(n)];
    std::int64_t& source = slotValue(m, mv.dim, mv.from);
    const std::int64_t p = randomPrimeFactor(source, rng);
    source /= p;
    slotValue(m, mv.dim, mv.to) *= p;
    return true;
}

bool MapSpace::swapLoops(Mapping& m, std::mt19937_64& rng) const {
    if (levels_ < 2) return false;
    const int level = static_cast<int>(rng() % static_cast<std::uint64_t>(levels_ - 1));  // innermost: no effect
    LevelMapping& lm = m.levels[level];
    const int freeCount = kNumDims - constraints_.levels[level].innermostCount;
    std::array<int, kNumDims> pos{};
    int n = 0;
    for (int j = 0; j < freeCount; ++j)
        if (lm.temporal[static_cast<int>(lm.order[j])] > 1) pos[n++] = j;
    if (n < 2) return false;
    const int a = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
    int b = static_cast<int>(rng() % static_cast<std::uint64_t>(n - 1));
    if (b >= a) ++b;
    std::swap(lm.order[pos[a]], lm.order[pos[b]]);
    return true;
}

bool MapSpace::flipKeep(Mapping& m, std::mt19937_64& rng) const {
    if (freeKeepCount_ == 0) return false;
    const auto [level, t] = freeKeeps_[rng() % static_cast<std::uint64_t>(freeKeepCount_)];
    m.levels[level].keep[t] = !m.levels[level].keep[t];
    return true;
}

void MapSpace::neighbour(const Mapping& from, std::mt19937_64& rng, Mapping& out) const {
    for (int attempt = 0; attempt < 16; ++attempt) {
        out = from;
        const std::uint64_t r = rng() % 100;
        const bool moved = r < 60 ? moveFactor(out, rng) : r < 88 ? swapLoops(out, rng) : flipKeep(out, rng);
        if (moved) return;
    }
    sample(rng, out);  // nothing can move (a space of one point, or nearly): a fresh sample
}

std::vector<MapSpace::SlotFactors> MapSpace::factorisations(int d) const {
    std::vector<SlotFactors> cur(1);
    cur[0].fill(1);
    for (int j = 0; j < primeCount_[d]; ++j) {
        std::vector<SlotFactors> next;
        for (const auto& o : cur)
            for (int s = 0; s < slotCount_[d]; ++s) {
                auto n = o;
                n[s] *= primes_[d][j];
                next.push_back(n);
            }
        std::sort(next.begin(), next.end());
        next.erase(std::unique(next.begin(), next.end()), next.end());
        cur.swap(next);
    }
    return cur;
}

std::uint64_t MapSpace::enumerate(const std::function<bool(const Mapping&)>& visit, std::uint64_t limit) const {
    std::array<std::vector<SlotFactors>, kNumDims> options;
    for (int d = 0; d < kNumDims; ++d) options[d] = factorisations(d);
    std::uint64_t visited = 0;
    bool stop = false;
    Mapping m = base_;
    std::function<void(int)> orders;  // level by level: every order of the loops with a factor above 1
    std::function<void(int)> keeps = [&](int k) {
        if (stop) return;
        if (k == freeKeepCount_) {
            ++visited;
            if (!visit(m) || visited >= limit) stop = true;
            return;
        }
        const auto [level, t] = freeKeeps_[k];
        for (bool keep : {true, false}) {
            m.levels[level].keep[t] = keep;
            keeps(k + 1);
            if (stop) return;
        }
    };
    orders = [&](int level) {
        if (stop) return;
        if (level >= levels_ - 1) {
            keeps(0);
            return;
        }
        LevelMapping& lm = m.levels[level];
        const int freeCount = kNumDims - constraints_.levels[level].innermostCount;
        // Loops with factor 1 first (their place changes nothing), then every permutation of the rest.
        std::stable_partition(lm.order.begin(), lm.order.begin() + freeCount,
                              [&](Dim d) { return lm.temporal[static_cast<int>(d)] == 1; });
        auto first = std::find_if(lm.order.begin(), lm.order.begin() + freeCount,
                                  [&](Dim d) { return lm.temporal[static_cast<int>(d)] > 1; });
        std::sort(first, lm.order.begin() + freeCount);
        do {
            orders(level + 1);
        } while (!stop && std::next_permutation(first, lm.order.begin() + freeCount));
    };
    std::function<void(int)> factors = [&](int d) {
        if (stop) return;
        if (d == kNumDims) {
            for (int i = 0; i < levels_; ++i) {
                std::int64_t x = 1, y = 1;
                for (int k = 0; k < kNumDims; ++k) x *= m.levels[i].spatialX[k], y *= m.levels[i].spatialY[k];
                if (x > workX_[i] || y > workY_[i]) return;  // over a fan-out: not a point of the space
            }
            orders(0);
            return;
        }
        for (const auto& o : options[d]) {
            for (int s = 0; s < slotCount_[d]; ++s) slotValue(m, d, slots_[d][s]) = o[s];
            factors(d + 1);
            if (stop) return;
        }
    };
    factors(0);
    return visited;
}

}  // namespace accelscope
