#pragma once
// Lower bounds on a layer's objective for the optimal mapper (optimal_mapper.h): what every completion
// of a partial tiling must cost at least, from quantities no later factor, loop order or keep choice
// can lower. Each term, with its argument, is in docs/mapper.md ("The optimal mapper").
//   cycles >= MACs / (an upper bound on the utilised MAC units)   (not on systolic arrays: folds)
//   cycles >= per level, the compulsory words of the tensors it must keep over its port bandwidths,
//             and the words the innermost keeper of each tensor must send to the MACs over its read
//             bandwidth (the smallest over the levels that can be that keeper)
//   energy >= every MAC + per level that must keep a tensor, its compulsory accesses (each element
//             once per instance that needs it) + per tensor, the smallest over the possible innermost
//             keepers of the MAC operand traffic + leakage of the instances already utilised
// Neighbour links subtract reads in ways these terms do not model: on such architectures only the
// compute and leakage terms are kept. Sliding-window inputs count only in the MAC-operand term.
#include <array>
#include <cstdint>
#include <vector>

#include "arch/architecture.h"
#include "mapper/mapper.h"
#include "mapping/map_space.h"
#include "workload/problem.h"

namespace accelscope {

class ObjectiveBound {
public:
    // `space` gives the fan-outs' work, each dim's free part and which keeps are fixed or free.
    ObjectiveBound(const Architecture& arch, const MapSpace& space, Objective objective);
    // Every completion of `m` costs at least this much. `m` is a partial tiling: the dims in
    // `undealt` (bit per dim) still have every slot at 1 and their free part to place.
    double objective(const Mapping& m, std::uint32_t undealt) const;
    // Both parts, for tests.
    double cycles(const Mapping& m, std::uint32_t undealt) const;
    double energy(const Mapping& m, std::uint32_t undealt, double cycles) const;

private:
    // An upper bound on the product of the spatial factors of the dims in masks[i] at each level i,
    // over every completion; and the factors already dealt (a lower bound).
    double spatialUpper(const Mapping& m, std::uint32_t undealt, const std::array<std::uint32_t, kMaxLevels>& masks) const;
    // The outermost loop of the nest, irrelevant to a tensor with a relevant loop inside it, makes
    // DRAM load that tensor (bound) times: the smallest extra energy and the smallest DRAM cycles
    // (from `reads0` and `writes0` compulsory words) over the choices of that loop.
    struct Refetch {
        double energy = 0, cycles = 0;
    };
    Refetch outerRefetch(const Mapping& m, std::uint32_t undealt, double reads0, double writes0) const;
    // Whether level k can hold t's tile in some completion: the tile of the dealt factors below it
    // (a lower bound on every completion's) within the level's partition and capacity.
    bool canKeep(const Mapping& m, int k, Tensor t) const;
    double axisUpper(std::int64_t room, std::uint32_t dims) const;
    static constexpr std::int64_t kMaxAxisRoom = 4096;
    double spatialDealt(const Mapping& m, const std::array<std::uint32_t, kMaxLevels>& masks) const;
    // Masks for "levels [from, to) x dims".
    std::array<std::uint32_t, kMaxLevels> levelsDims(int from, int to, std::uint32_t dims) const;

    const Architecture& arch_;
    const MapSpace& space_;
    Objective objective_;
    int levels_ = 0;
    double macs_ = 0;
    bool computeBound_ = true;   // false on a systolic array
    bool accessTerms_ = true;    // false with neighbour links
    bool legacy_ = false;        // the legacy halo rule: no partition terms
    std::array<std::vector<std::int64_t>, kNumDims> divisors_;  // of each dim's free part, ascending
    std::array<bool, kNumTensors> productForm_{};  // loads >= partition (inputs: no window)
    std::array<double, kNumTensors> words_{};      // elements of each tensor in the layer
    std::array<std::uint32_t, kNumTensors> irrelevant_{};  // dims whose spatial factors repeat t
    std::array<std::array<bool, kNumTensors>, kMaxLevels> forced_{}, may_{};  // must / may keep
};

}  // namespace accelscope
