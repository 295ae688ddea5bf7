// DRAM and the global buffer as the full-stack model sees them; see activation_memory.h.
#include "network/activation_memory.h"

#include <algorithm>

namespace accelscope {

int globalBufferLevel(const Architecture& arch) {
    for (int i = 1; i < arch.levelCount(); ++i)
        if (!arch.levels[static_cast<std::size_t>(i)].storesNothing()) return i;
    return -1;
}

std::int64_t globalBufferBytes(const Architecture& arch, double share) {
    const int g = globalBufferLevel(arch);
    if (g < 0) return 0;
    const StorageLevel& b = arch.levels[static_cast<std::size_t>(g)];
    return static_cast<std::int64_t>(static_cast<double>(b.capacityWords) * b.wordBits / 8.0 *
                                     static_cast<double>(arch.instances(g)) * share);
}

ActivationMemory ActivationMemory::of(const Architecture& arch) {
    ActivationMemory m;
    const StorageLevel& d = arch.levels[static_cast<std::size_t>(m.dramLevel)];
    const int g = globalBufferLevel(arch);
    const StorageLevel& b = g >= 0 ? arch.levels[static_cast<std::size_t>(g)] : d;
    const auto perWord = [](const StorageLevel& l, double pj) {
        return pj / static_cast<double>(std::max<std::int64_t>(l.energy.blockWords, 1));
    };
    m.dramReadPj = perWord(d, d.energy.readPj);
    m.dramWritePj = perWord(d, d.energy.writePj);
    m.bufReadPj = perWord(b, b.energy.readPj);
    m.bufWritePj = perWord(b, b.energy.writePj);
    m.dramWordBytes = d.wordBits / 8.0;
    m.dramReadBytesPerCycle = d.readBandwidth * m.dramWordBytes;
    m.dramWriteBytesPerCycle = d.writeBandwidth * m.dramWordBytes;
    return m;
}

}  // namespace accelscope
