#pragma once
// What the cost model reports for one (architecture, layer, mapping): fixed-size, no heap, so that
// evaluate() can be called millions of times a second. Counts are exact integers held in doubles
// (exact below 2^53, far beyond any layer).
#include <array>
#include <cstdint>
#include <string>

#include "mapping/mapping.h"
#include "workload/problem.h"

namespace accelscope {

// Accesses of one tensor at one storage level, in words (scalars), summed over the level's
// utilised instances. Timeloop's semantics:
//   reads   - words read out of the level: by the child level(s) or the MACs, and, for outputs,
//             partial sums read back for accumulation;
//   fills   - words written into the level from its parent (for outputs: partial sums brought back
//             down after an earlier eviction);
//   updates - outputs only: partial sums written into the level by its child or the MACs.
struct TensorAccesses {
    double reads = 0;
    double fills = 0;
    double updates = 0;
    std::int64_t tileWords = 0;       // per instance: the tile the level holds (its utilised capacity)
    std::int64_t partitionWords = 0;  // per instance: distinct words that pass through it over the layer
};

struct LevelEvaluation {
    bool kept[kNumTensors] = {false, false, false};
    TensorAccesses tensor[kNumTensors];
    std::int64_t utilizedInstances = 0;
    double cycles = 0;        // cycles this level's bandwidth needs (0: unlimited)
    double accessPj = 0;      // reads, fills and updates
    double leakPj = 0;
    double networkPj = 0;     // the fan-out below this level
    double networkWords = 0;  // words delivered to / collected from the children
    double energyPj() const { return accessPj + leakPj + networkPj; }
};

enum class Bound : std::uint8_t { Compute, Level };

struct Roofline {
    double peakMacsPerCycle = 0;
    double dramBytes = 0;
    double operationalIntensity = 0;  // useful MACs per DRAM byte
    std::array<double, kMaxLevels> levelIntensity{};  // useful MACs per byte moved at each level
    std::array<double, kMaxLevels> levelCeiling{};    // MACs/cycle that level's bandwidth allows (0: none)
    double attainableMacsPerCycle = 0;
    double achievedMacsPerCycle = 0;
    Bound bound = Bound::Compute;
    int boundLevel = -1;  // the level whose bandwidth binds, when bound == Level
};

enum class Invalid : std::uint8_t {
    None,
    LevelCount,        // the mapping has a different number of levels than the architecture
    Coverage,          // the factors of a dim do not cover it
    SpatialX,          // spatial factors exceed the fan-out
    SpatialY,
    SpatialDim,        // a fan-out unrolls a dim it cannot (e.g. a systolic array's fixed dims)
    KeepNotAllowed,    // the mapping keeps a tensor the level cannot hold
    OutermostBypass,   // the outermost level must keep every tensor
    Capacity,          // tiles exceed the level's capacity
    PartitionCapacity, // a tensor's tile exceeds its partition
};

struct Evaluation {
    Invalid invalid = Invalid::None;
    int invalidLevel = -1;
    int invalidTensor = -1;
    int invalidDim = -1;
    std::int64_t invalidNeed = 0, invalidHave = 0;
    bool valid() const { return invalid == Invalid::None; }

    int levelCount = 0;
    std::array<LevelEvaluation, kMaxLevels> levels{};

    std::int64_t usefulMacs = 0;    // the layer's MACs
    std::int64_t paddedMacs = 0;    // MACs executed (padding included)
    std::int64_t utilizedMacUnits = 0;
    std::int64_t computeCycles = 0; // temporal iterations: MACs per utilised MAC unit
    // Cycles the MAC array needs when nothing waits for memory: the temporal iterations, or on a
    // systolic array its folds' preload, stream, skew and drain (systolic_timing.h; SCALE-Sim's
    // compute cycles).
    double pipelineCycles = 0;
    std::int64_t systolicFolds = 0;            // 0: no systolic array
    std::int64_t systolicStreamCycles = 0;     // per fold
    std::int64_t systolicFillDrainCycles = 0;  // per fold
    double cycles = 0;              // max(compute, every level's bandwidth)
    double utilization = 0;         // useful MACs / (cycles x MAC units)

    double macPj = 0;
    double macLeakPj = 0;
    double energyPj = 0;            // everything
    double areaUm2 = 0;
    Roofline roofline;

    // As a fresh Evaluation{} for an architecture of `levels` levels, without clearing the unused
    // rest (evaluate() runs millions of times a second).
    void resetFor(int levels);
};

struct Architecture;
// "level \"GLB\": inputs and outputs need 70000 words, capacity 55296" and the like.
std::string describeInvalid(const Evaluation& e, const Architecture& arch);

}  // namespace accelscope
