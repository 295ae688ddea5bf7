#pragma once
// The map space of one layer on one architecture under constraints: every way to split each dim's
// size over the levels' temporal loops and spatial fan-outs (its prime factors dealt to slots, as
// Timeloop's index factorisation), the loop order of every level, and keep/bypass where the
// architecture allows a choice. With padding allowed, a dim may be rounded up to fill a fan-out.
//
// Everything the space produces covers the layer and obeys the constraints; a buffer may still
// overflow (evaluate() rejects those). Sampling and moves allocate nothing.
#include <cstdint>
#include <functional>
#include <random>
#include <utility>
#include <vector>

#include "arch/architecture.h"
#include "mapping/map_constraints.h"
#include "mapping/mapping.h"
#include "workload/problem.h"

namespace accelscope {

class MapSpace {
public:
    // Throws InputError when the constraints cannot be met (a fixed factor that does not divide
    // its dim, more levels than supported).
    MapSpace(const Architecture& arch, const ProblemShape& problem, const MapConstraints& constraints);

    const ProblemShape& problem() const { return problem_; }
    const MapConstraints& constraints() const { return constraints_; }
    int levelCount() const { return levels_; }
    // Fan-out below a level along X and Y (1 where there is none).
    std::int64_t meshX(int level) const { return meshX_[static_cast<std::size_t>(level)]; }
    std::int64_t meshY(int level) const { return meshY_[static_cast<std::size_t>(level)]; }

    // log10 of the number of points: factorisations x loop orders x bypass choices (an upper bound:
    // fan-out and capacity limits are not subtracted).
    double log10Size() const { return log10Size_; }

    // A uniformly random point (each prime factor to a uniformly random allowed slot).
    void sample(std::mt19937_64& rng, Mapping& out) const;
    // sample() in two halves, for candidates scored on their tiling alone (software BO): the tiling
    // with the base loop orders and keeps, then random orders and keeps. Both halves in turn draw
    // from the distribution sample() draws from.
    void sampleTiling(std::mt19937_64& rng, Mapping& out) const;
    void randomiseOrdersAndKeeps(std::mt19937_64& rng, Mapping& m) const;
    // A random point whose prime factors go to a spatial fan-out with room left first (a random one
    // among them), the rest to random slots: a uniform sample rarely fills a large array (seven
    // factors of 2 must all land on a 128-wide mesh), so the searchers start from some of these too.
    void sampleFilled(std::mt19937_64& rng, Mapping& out) const;
    // A start that almost always fits: the fan-outs filled first as above, every other factor in the
    // outermost temporal loop (tiles below it as small as the fan-outs allow), every tensor kept where
    // the choice is free. Poor reuse, but valid where uniform samples overflow tiny inner buffers; the
    // searchers begin each chain here and move factors inward.
    void safeStart(std::mt19937_64& rng, Mapping& out) const;
    // A random neighbour: one prime factor moved to another slot, two loops of a level swapped, or
    // one keep/bypass choice flipped.
    void neighbour(const Mapping& from, std::mt19937_64& rng, Mapping& out) const;
    // Makes the tiles of `level` smaller: one prime factor of a dim that indexes `tensor` (any dim
    // when tensor < 0), held by a loop at `level` or below, moves to the nearest free temporal loop
    // above `level`. For a mapping whose tiles overflow that level; false when nothing can move.
    bool relieve(Mapping& m, int level, int tensor, std::mt19937_64& rng) const;

    // Visits every point without padding, the innermost level's loop order fixed (it changes no
    // count: nothing below that level refetches). Stops when `visit` returns false or after `limit`
    // points; returns the number visited.
    std::uint64_t enumerate(const std::function<bool(const Mapping&)>& visit, std::uint64_t limit) const;

    // The space's structure, for exact searches (mapper/optimal_mapper.h). A dim's slots are the
    // loops and fan-outs its free part may go to; base() holds the fixed factors and keeps, every
    // slot at 1 and every level's order with the constrained innermost dims last.
    static constexpr int kMaxSlots = 3 * kMaxLevels;
    using SlotFactors = std::array<std::int64_t, kMaxSlots>;
    const Mapping& base() const { return base_; }
    int slotCount(int dim) const { return slotCount_[static_cast<std::size_t>(dim)]; }
    int slotLevel(int dim, int s) const { return slots_[static_cast<std::size_t>(dim)][static_cast<std::size_t>(s)].level; }
    void setSlot(Mapping& m, int dim, int s, std::int64_t v) const {
        slotValue(m, dim, slots_[static_cast<std::size_t>(dim)][static_cast<std::size_t>(s)]) = v;
    }
    // Every ordered factorisation of the dim's free part over its slots, in lexicographic order.
    std::vector<SlotFactors> factorisations(int dim) const;
    std::int64_t freeSize(int dim) const { return free_[static_cast<std::size_t>(dim)]; }
    int freeKeepCount() const { return freeKeepCount_; }
    std::pair<int, int> freeKeep(int k) const { return freeKeeps_[static_cast<std::size_t>(k)]; }  // (level, tensor)
    // How many leading positions of the level's order are free (the rest are constrained innermost).
    int freeOrderCount(int level) const { return kNumDims - constraints_.levels[level].innermostCount; }
    std::int64_t spatialWorkX(int level) const { return workX_[static_cast<std::size_t>(level)]; }
    std::int64_t spatialWorkY(int level) const { return workY_[static_cast<std::size_t>(level)]; }

private:
    struct Slot {
        std::int8_t level;
        std::int8_t kind;  // 0 temporal, 1 spatial x, 2 spatial y
    };
    static constexpr int kMaxPrimes = 48;

    std::int64_t& slotValue(Mapping& m, int dim, Slot s) const;
    std::int64_t room(const Mapping& m, Slot s) const;  // how much more this spatial slot may take
    enum class Deal : std::uint8_t { Uniform, Fill, FillThenOutermost };
    void dealPrimes(Mapping& m, int dim, const std::int64_t* primes, int count, std::mt19937_64& rng, Deal deal) const;
    void sampleWith(std::mt19937_64& rng, Mapping& out, Deal deal) const;
    void dealTiling(std::mt19937_64& rng, Mapping& m, Deal deal) const;
    void dealOrdersAndKeeps(std::mt19937_64& rng, Mapping& m, Deal deal) const;
    void randomOrder(LevelMapping& lm, int level, std::mt19937_64& rng) const;
    bool moveFactor(Mapping& m, std::mt19937_64& rng) const;
    bool swapLoops(Mapping& m, std::mt19937_64& rng) const;
    bool flipKeep(Mapping& m, std::mt19937_64& rng) const;

    std::array<std::int64_t, kMaxLevels> meshX_{}, meshY_{};
    // The spatial work each axis may take: its PEs, or on a systolic array any amount, run in folds
    // (model/systolic_timing.h; SCALE-Sim's flattened operand matrices).
    std::array<std::int64_t, kMaxLevels> workX_{}, workY_{};
    ProblemShape problem_;
    MapConstraints constraints_;
    int levels_ = 0;
    Mapping base_;  // fixed factors and keeps; everything else 1
    std::array<std::array<Slot, kMaxSlots>, kNumDims> slots_{};
    std::array<int, kNumDims> slotCount_{};
    // Per dim and level, the index in slots_ of the level's free temporal loop (-1: fixed).
    std::array<std::array<int, kMaxLevels>, kNumDims> temporalSlot_ = [] {
        std::array<std::array<int, kMaxLevels>, kNumDims> a{};
        for (auto& row : a) row.fill(-1);
        return a;
    }();
    std::array<std::int64_t, kNumDims> free_{};  // what remains of each dim after fixed factors
    std::array<std::array<std::int64_t, kMaxPrimes>, kNumDims> primes_{};
    std::array<int, kNumDims> primeCount_{};
    std::array<std::int64_t, 2 * kMaxLevels> meshes_{};  // fan-out sizes, for padding choices
    int meshCount_ = 0;
    std::array<std::pair<std::int8_t, std::int8_t>, kMaxLevels * kNumTensors> freeKeeps_{};
    int freeKeepCount_ = 0;
    double log10Size_ = 0;
};

}  // namespace accelscope
