#pragma once
// Small architectures for hand-derived tests: one storage level at a time, energies in pJ per word.
#include <cstdint>
#include <string>

#include "arch/architecture.h"

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

}  // namespace testsupport
