#pragma once
// Temporal reuse of one level's tile: the words it holds, and the words it loads over the layer as
// the loops above it move it (the first tile, then every move's delta), under the halo rules of
// HaloReuse (architecture.h). Allocation-free: everything lives in fixed arrays.
#include <array>
#include <cstdint>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "workload/problem.h"

namespace accelscope {

using Extents = std::array<std::int64_t, kNumDims>;

// Words of tensor t in a tile of these extents (inputs: the sliding window's rows and columns).
std::int64_t tileWords(Tensor t, const Extents& e, const ProblemShape& p);

struct Loop {
    Dim dim;
    std::int64_t bound;
    std::int64_t stride;  // how far the dim's offset moves per iteration
};

// Every temporal loop of a mapping with a bound above 1, innermost first (the innermost level's
// loops first), each with its stride: the extent of everything below it.
struct LoopNest {
    std::array<Loop, kMaxLevels * kNumDims> loop;
    int count = 0;
    std::array<int, kMaxLevels + 1> firstAbove;               // the loops above level i start here
    std::array<std::int64_t, kMaxLevels + 1> iterationsAbove;  // the product of their bounds
};
// `below` holds every level's tile extents (below[L]: one MAC).
void describeLoops(const Mapping& m, const std::array<Extents, kMaxLevels + 1>& below, LoopNest& out);

// The loops above one level, innermost first.
struct LoopsAbove {
    const Loop* loop = nullptr;
    int count = 0;
    std::int64_t iterations = 1;
};
inline LoopsAbove loopsAbove(const LoopNest& nest, int level) {
    return {nest.loop.data() + nest.firstAbove[level], nest.count - nest.firstAbove[level],
            nest.iterationsAbove[level]};
}

// A move of a tile in the tensor's own coordinates: weights (G, K, C, R, S), inputs (N, G, C, input
// row, input column), outputs (N, G, K, P, Q). Equal moves are equal strides.
using Translation = std::array<std::int64_t, 5>;
Translation translationOf(Tensor t, const Extents& shift, const ProblemShape& p);

// The kinds of move of a tile: loop k advancing while every loop inside it goes back to its start.
// Under the Timeloop rules the inner loops go back from their second iteration (Timeloop evaluates
// the first two iterations of a loop and extrapolates), under Exact from their last.
struct TileSteps {
    std::array<Translation, kMaxLevels * kNumDims> move{};
    std::array<std::int64_t, kMaxLevels * kNumDims> delta{};  // words one such move loads (AnyOrder)
};
void describeSteps(Tensor t, const Extents& tile, std::int64_t tileSize, const LoopsAbove& loops,
                   const ProblemShape& p, HaloReuse reuse, TileSteps& out);

// Words loaded into one instance holding `tile` (extents) of tensor t over the layer.
std::int64_t tileLoads(Tensor t, const Extents& tile, std::int64_t tileSize, const LoopsAbove& loops,
                       const ProblemShape& p, HaloReuse reuse);

}  // namespace accelscope
