#pragma once
// The two memories an activation moves between in the full-stack model: the off-chip memory (the
// outermost level, DRAM) and the global buffer (the outermost on-chip level that stores data), where
// the fusion plan keeps the activations it does not send off chip.
#include <cstdint>
#include <string>

#include "arch/architecture.h"

namespace accelscope {

// The global buffer: the outermost level below DRAM that stores data (fan-out-only levels hold
// nothing); -1 when the architecture has none.
int globalBufferLevel(const Architecture& arch);

// Bytes the global buffer holds over all its instances, times `share` (0 without a global buffer).
std::int64_t globalBufferBytes(const Architecture& arch, double share);

// Per-word energies and bandwidths of DRAM and the global buffer (DRAM's own when there is none).
struct ActivationMemory {
    int dramLevel = 0;
    double dramReadPj = 0, dramWritePj = 0;  // per word
    double bufReadPj = 0, bufWritePj = 0;    // the global buffer, per word
    double dramWordBytes = 2;
    double dramReadBytesPerCycle = 0, dramWriteBytesPerCycle = 0;  // 0: unlimited

    static ActivationMemory of(const Architecture& arch);
    double readCycles(double bytes) const { return dramReadBytesPerCycle > 0 ? bytes / dramReadBytesPerCycle : 0; }
    double writeCycles(double bytes) const { return dramWriteBytesPerCycle > 0 ? bytes / dramWriteBytesPerCycle : 0; }
};

}  // namespace accelscope
