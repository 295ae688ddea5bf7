#pragma once
// An accelerator as the cost model sees it: a chain of storage levels from the outermost (DRAM) to
// the innermost (register files), each with a spatial fan-out below it, ending in MAC units.
//
// Conventions (the JSON format in arch_io.h follows them; see docs/formats.md, "Architecture files"):
// - Capacities and bandwidths are in words of the level's `word_bits` (any width, 1 to 64 bits). An
//   element of a tensor is as wide as the tensor's precision at that level (the architecture's
//   precision unless the level overrides it); an element wider than the word takes several words.
// - A level of class `fanout` stores nothing: it only spreads work over its children, as Timeloop's
//   dummy_storage levels do (Eyeriss-like designs fan out over PE columns, then over the PEs of a
//   column). Every tensor passes through it.
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

// The most levels an architecture may have (Simba-like designs have nine, fan-out levels included).
inline constexpr int kMaxLevels = 12;

enum class StorageClass : std::uint8_t { Dram, Sram, RegFile, Fanout };
std::string_view storageClassName(StorageClass c);

// A fan-out may be a systolic array: operands move one PE per cycle, so every fold (one load of the
// stationary operand) pays the pipeline's fill and drain, as SCALE-Sim v2 times it
// (model/systolic_timing.h). The dataflow names the operand that stays in the PEs.
enum class Systolic : std::uint8_t { None, OutputStationary, WeightStationary, InputStationary };
std::string_view systolicName(Systolic s);  // "", "os", "ws", "is"
bool systolicFromName(std::string_view name, Systolic& out);
// The tensor a systolic dataflow keeps in its PEs.
Tensor stationaryTensor(Systolic s);

struct AccessEnergy {
    double readPj = 0;    // one vector read
    double writePj = 0;   // one vector fill (write from the parent)
    double updatePj = 0;  // one vector partial-sum update (write from the child)
    std::int64_t blockWords = 1;
    // Instances that share each access (Timeloop's cluster_size): one access moves a block in each of
    // this many neighbouring instances, so energy is charged once per cluster of utilised instances.
    std::int64_t clusterInstances = 1;
    friend bool operator==(const AccessEnergy&, const AccessEnergy&) = default;
};

struct StorageLevel {
    std::string name;
    StorageClass storageClass = StorageClass::Sram;
    int wordBits = 16;
    // Bits of one element of each tensor at this level; 0: the architecture's precision (outputs
    // requantised at the outermost level). Timeloop stores every element as one word of its level.
    std::array<int, kNumTensors> elementBits{0, 0, 0};
    // Words per instance shared by the kept tensors; 0 means unbounded (DRAM).
    std::int64_t capacityWords = 0;
    // Optional per-tensor partitions (words); all 0 means one shared capacity.
    std::array<std::int64_t, kNumTensors> partitionWords{0, 0, 0};
    // Banks the capacity is split into: an access touches one bank, so the technology table's
    // energy per access is that of a memory of capacity / banks (a wide scratchpad is many banks).
    int banks = 1;
    // Words per cycle per instance; 0 means unlimited. The shared bandwidth bounds reads and writes
    // together (one port for both).
    double readBandwidth = 0;
    double writeBandwidth = 0;
    double sharedBandwidth = 0;
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
    // Children may pass data to their mesh neighbours (Timeloop's link transfers): a child that needs
    // what a neighbour held one step before takes it from the neighbour, not from this level.
    bool neighbourLinks = false;
    // Dims the fan-out can unroll over x and over y (bit d for Dim d; all by default). A systolic
    // array, say, reduces input channels down its rows and spreads output channels across columns.
    std::uint32_t spatialDimsX = 0xFFu;
    std::uint32_t spatialDimsY = 0xFFu;
    // Systolic timing of this fan-out (None: the fan-out delivers operands in the cycle they are used).
    // Its rows are the mesh's y axis unless systolicRowsOnX (SCALE-Sim's ArrayHeight); in a weight- or
    // input-stationary array the partial sums reduce down the rows, which the stationary operand
    // takes as many cycles to fill. A systolic fan-out may be given more work per axis than it has
    // PEs: the mapping's spatial factors on an axis then run in ceil(factors / PEs) folds.
    Systolic systolic = Systolic::None;
    bool systolicRowsOnX = false;
    // The PEs hold a second stationary register (TPU's double-buffered weights): the next fold's
    // preload shifts in while the current fold streams, and folds follow each other through the
    // pipeline (systolic_timing.h). SCALE-Sim's arrays are not double-buffered.
    bool systolicDoubleBuffered = false;
    double networkPjPerWord = 0;    // energy of moving one word between this level and one child
    double networkAreaUm2 = 0;      // per instance of this level

    std::int64_t fanout() const { return std::int64_t{meshX} * meshY; }
    // The spatial work one axis may take: its children, or on a systolic array any amount, run in folds.
    static constexpr std::int64_t kFoldedWork = std::int64_t{1} << 40;
    std::int64_t spatialWorkX() const { return systolic != Systolic::None ? kFoldedWork : meshX; }
    std::int64_t spatialWorkY() const { return systolic != Systolic::None ? kFoldedWork : meshY; }
    int systolicRows() const { return systolicRowsOnX ? meshX : meshY; }
    int systolicColumns() const { return systolicRowsOnX ? meshY : meshX; }
    bool storesNothing() const { return storageClass == StorageClass::Fanout; }
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

// How a level's tile reuses what it already holds when the loops above move it (the halo of a
// sliding window above all). Each move loads what the new tile lacks, against:
//   Exact:          the tile it held just before (an ideal buffer; AccelScope's own designs).
//   Timeloop:       Timeloop's analysis since its stride fix of December 2024: a tile keeps its
//                   overlap only while it moves by the same step as its last move (a stay in place
//                   is no move); any other step reloads it whole. Timeloop evaluates only the first
//                   two iterations of each loop and extrapolates, so a step that restarts inner loops
//                   is measured from their second iteration.
//   TimeloopLegacy: the same before that fix (2023-2024 releases): a stay in place counts as a step
//                   of its own, so a move after it reloads the whole tile.
enum class HaloReuse : std::uint8_t { Exact, Timeloop, TimeloopLegacy };
std::string_view haloReuseName(HaloReuse h);

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
    HaloReuse haloReuse = HaloReuse::Timeloop;

    int levelCount() const { return static_cast<int>(levels.size()); }
    // Copies of level i: the product of the fan-outs above it.
    std::int64_t instances(int level) const;
    // MAC units: the product of every fan-out (PEs x lanes).
    std::int64_t macUnits() const;
    friend bool operator==(const Architecture&, const Architecture&) = default;
};

}  // namespace accelscope
