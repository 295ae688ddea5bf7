#pragma once
// An accelerator as the cost model sees it: a chain of storage levels from the outermost (DRAM) to
// the innermost (register files), each with a spatial fan-out below it, ending in MAC units.
//
// Conventions (the JSON format in arch_io.h follows them; see the README, "Architecture files"):
// - A word is one element of a tensor at that tensor's precision; capacities and bandwidths are in
//   words of the level's `word_bits`.
// - Level i has `instances(i)` copies = the product of the fan-outs (meshX x meshY) of the levels
//   above it. The fan-out of the innermost level is the MAC lanes of one PE (SIMD).
// - Energies are per action on one vector of `blockWords` words, as in Timeloop/Accelergy's energy
//   reference table; the model charges ceil(scalar accesses / blockWords) vector actions.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "workload/problem.h"

namespace accelscope {

enum class StorageClass : std::uint8_t { Dram, Sram, RegFile };
std::string_view storageClassName(StorageClass c);

struct AccessEnergy {
    double readPj = 0;    // one vector read
    double writePj = 0;   // one vector fill (write from the parent)
    double updatePj = 0;  // one vector partial-sum update (write from the child)
    std::int64_t blockWords = 1;
    friend bool operator==(const AccessEnergy&, const AccessEnergy&) = default;
};

struct StorageLevel {
    std::string name;
    StorageClass storageClass = StorageClass::Sram;
    int wordBits = 16;
    // Words per instance shared by the kept tensors; 0 means unbounded (DRAM).
    std::int64_t capacityWords = 0;
    // Optional per-tensor partitions (words); all 0 means one shared capacity.
    std::array<std::int64_t, kNumTensors> partitionWords{0, 0, 0};
    // Words per cycle per instance; 0 means unlimited.
    double readBandwidth = 0;
    double writeBandwidth = 0;
    // Which tensors this level may keep; the others bypass it. A mapping may bypass more.
    std::array<bool, kNumTensors> keeps{true, true, true};
    AccessEnergy energy;
    std::string energySource;     // "explicit" or the technology table that gave the figures
    double leakPjPerCycle = 0;    // per instance
    double areaUm2 = 0;           // per instance
    // The fan-out below this level.
    int meshX = 1;
    int meshY = 1;
    bool multicast = true;          // one read may feed several children (irrelevant spatial dims)
    bool spatialReduction = true;   // children's partial sums may be reduced on the way up
    // Dims the fan-out can unroll over x and over y (bit d for Dim d; all by default). A systolic
    // array, say, reduces input channels down its rows and spreads output channels across columns.
    std::uint32_t spatialDimsX = 0xFFu;
    std::uint32_t spatialDimsY = 0xFFu;
    double networkPjPerWord = 0;    // energy of moving one word between this level and one child
    double networkAreaUm2 = 0;      // per instance of this level

    std::int64_t fanout() const { return std::int64_t{meshX} * meshY; }
    friend bool operator==(const StorageLevel&, const StorageLevel&) = default;
};

struct ComputeUnit {
    double macPj = 0;         // one MAC at the architecture's precision
    double macAreaUm2 = 0;    // one MAC unit
    double leakPjPerCycle = 0;
    friend bool operator==(const ComputeUnit&, const ComputeUnit&) = default;
};

// Element-wise / non-MAC work (activations, pooling, softmax, normalisation) of the full-stack model.
struct VectorUnit {
    int lanes = 0;            // ops per cycle for the whole chip; 0: none (done on the MAC array)
    double opPj = 0;
    double areaUm2 = 0;
    friend bool operator==(const VectorUnit&, const VectorUnit&) = default;
};

struct Architecture {
    std::string name;
    std::string source;        // where the numbers come from
    double clockGHz = 1.0;
    // Precision per tensor in bits: weights, inputs, outputs (partial sums).
    std::array<int, kNumTensors> bits{16, 16, 16};
    std::vector<StorageLevel> levels;  // outermost (DRAM) first
    ComputeUnit compute;
    VectorUnit vector;
    std::string techTable;     // the technology table the derived figures came from ("" if none)
    int nodeNm = 45;

    int levelCount() const { return static_cast<int>(levels.size()); }
    // Copies of level i: the product of the fan-outs above it.
    std::int64_t instances(int level) const;
    // MAC units: the product of every fan-out (PEs x lanes).
    std::int64_t macUnits() const;
    friend bool operator==(const Architecture&, const Architecture&) = default;
};

}  // namespace accelscope
