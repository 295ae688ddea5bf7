#pragma once
// Loop orders of one level that the cost model cannot tell apart, one representative per class, for
// the optimal mapper. Only loops with a factor above 1 exist in the nest (describeLoops), so only
// their relative order counts. Under the default and exact halo rules, with no neighbour links and no
// systolic array, what a level's order changes is each tensor's loads at the levels below it
// (tileLoads), and those depend on the order only through:
//   - weights and outputs (and inputs when the layer has no sliding window): the set of loops inside
//     the innermost loop relevant to the tensor (the loads telescope to tile x the product of the
//     bounds from that loop outwards);
//   - inputs with a sliding window: the sequence of loops up to and including the innermost loop of
//     N, G or C (every move from there on shifts a non-window coordinate, keeps nothing, and leaves
//     the inner loops in a state independent of which outer loop moved).
// Orders with equal signatures for all three tensors are one class. Elsewhere (legacy halo rule,
// links, systolic arrays) every order of the non-unit loops is its own class.
#include <array>
#include <cstdint>

#include "workload/problem.h"

namespace accelscope {

using LoopOrder = std::array<Dim, kNumDims>;

// The class of `order` (outermost first) given which dims have a temporal factor above 1.
// `exact`: every order is its own class; `inputsSlide`: the layer has a sliding window.
std::uint64_t orderSignature(const LoopOrder& order, std::uint32_t nonUnit, bool exact, bool inputsSlide);

}  // namespace accelscope
