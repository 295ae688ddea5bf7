#pragma once
// Small architectures for hand-derived tests: one storage level at a time, energies in pJ per word.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "arch/architecture.h"
#include "workload/problem.h"

namespace testsupport {

// A level of `capacity` words (0: an unbounded DRAM) with a fan-out of meshX below it and every
// access (read, fill, update) costing `pj` per one-word vector.
inline accelscope::StorageLevel testLevel(std::string name, std::int64_t capacity, int meshX = 1, double pj = 1.0) {
    accelscope::StorageLevel l;
    l.name = std::move(name);
    l.storageClass = capacity == 0 ? accelscope::StorageClass::Dram : accelscope::StorageClass::Sram;
    l.capacityWords = capacity;
    l.meshX = meshX;
    l.energy = {pj, pj, pj, 1};
    return l;
}

// DRAM (200 pJ/word, 4 words/cycle) -> GLB (64 words, 6 pJ, fan-out 4) -> RF (8 words, 1 pJ) -> MAC (1 pJ):
// the Eyeriss ratios (DRAM 200x, buffer 6x, RF 1x a MAC) on a machine small enough to search exhaustively.
inline accelscope::Architecture smallMachine() {
    accelscope::Architecture a;
    a.name = "small";
    a.levels = {testLevel("DRAM", 0), testLevel("GLB", 64, 4), testLevel("RF", 8)};
    a.levels[0].energy = {200, 200, 200, 1};
    a.levels[0].readBandwidth = a.levels[0].writeBandwidth = 4;
    a.levels[1].energy = {6, 6, 6, 1};
    a.levels[2].energy = {1, 1, 1, 1};
    a.compute.macPj = 1;
    return a;
}

// A layer shape from (dim, size) pairs (the others 1), with one stride for both axes.
inline accelscope::ProblemShape problemShape(std::initializer_list<std::pair<accelscope::Dim, std::int64_t>> dims,
                                             int stride = 1) {
    accelscope::ProblemShape p;
    for (auto [d, v] : dims) p[d] = v;
    p.strideH = p.strideW = stride;
    return p;
}

}  // namespace testsupport
