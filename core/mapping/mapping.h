#pragma once
// A mapping (schedule) of one layer onto an architecture, in Timeloop's terms: for every storage
// level, temporal loop factors with their order, spatial factors over the fan-out below the level
// (split over meshX and meshY), and which tensors the level keeps.
//
// Fixed-size and allocation-free so that mappers can build millions of them.
//
// Loop-nest semantics: level 0 (DRAM) holds the outermost loops. The tile a level holds covers its
// own temporal loops, its spatial loops and everything below it. The product over all levels of a
// dim's temporal and spatial factors must cover the dim: equal is a perfect factorisation, larger
// pads the dim and the extra MACs are counted as padding.
#include <array>
#include <cstdint>

#include "arch/architecture.h"
#include "workload/problem.h"

namespace accelscope {

using DimFactors = std::array<std::int64_t, kNumDims>;
inline constexpr DimFactors kUnitFactors{1, 1, 1, 1, 1, 1, 1, 1};

struct LevelMapping {
    DimFactors temporal = kUnitFactors;
    // Loop order of the temporal loops, outermost first: a permutation of the dims.
    std::array<Dim, kNumDims> order = kAllDims;
    DimFactors spatialX = kUnitFactors;
    DimFactors spatialY = kUnitFactors;
    // How the fan-out's children are numbered: the spatial loops outermost first (within x and within
    // y; x loops are always inside y loops). Only which child is whose neighbour depends on it
    // (Timeloop's link transfers between adjacent children).
    std::array<Dim, kNumDims> spatialOrder = kAllDims;
    std::array<bool, kNumTensors> keep{true, true, true};

    std::int64_t spatial(Dim d) const {
        return spatialX[static_cast<int>(d)] * spatialY[static_cast<int>(d)];
    }
    friend bool operator==(const LevelMapping&, const LevelMapping&) = default;
};

struct Mapping {
    int levelCount = 0;
    std::array<LevelMapping, kMaxLevels> levels{};

    // Product of every factor of d over all levels (the padded extent of the dim).
    std::int64_t coverage(Dim d) const {
        std::int64_t c = 1;
        for (int i = 0; i < levelCount; ++i)
            c *= levels[i].temporal[static_cast<int>(d)] * levels[i].spatial(d);
        return c;
    }
    friend bool operator==(const Mapping& a, const Mapping& b) {
        if (a.levelCount != b.levelCount) return false;
        for (int i = 0; i < a.levelCount; ++i)
            if (!(a.levels[i] == b.levels[i])) return false;
        return true;
    }
};

}  // namespace accelscope
