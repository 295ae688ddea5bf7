// Messages for invalid mappings, naming the level, the tensor and the numbers.
#include "model/evaluation.h"

#include <string>

#include "arch/architecture.h"

namespace accelscope {

void Evaluation::resetFor(int count) {
    const int n = count < 0 ? 0 : count > kMaxLevels ? kMaxLevels : count;
    invalid = Invalid::None;
    invalidLevel = invalidTensor = invalidDim = -1;
    invalidNeed = invalidHave = 0;
    levelCount = 0;
    for (int i = 0; i < n; ++i) levels[static_cast<std::size_t>(i)] = LevelEvaluation{};
    usefulMacs = paddedMacs = utilizedMacUnits = computeCycles = 0;
    pipelineCycles = 0;
    systolicFolds = systolicStreamCycles = systolicFillDrainCycles = 0;
    cycles = utilization = macPj = macLeakPj = energyPj = areaUm2 = 0;
    Roofline& r = roofline;
    r.peakMacsPerCycle = r.dramBytes = r.operationalIntensity = r.attainableMacsPerCycle = r.achievedMacsPerCycle = 0;
    for (int i = 0; i < n; ++i) r.levelIntensity[static_cast<std::size_t>(i)] = r.levelCeiling[static_cast<std::size_t>(i)] = 0;
    r.bound = Bound::Compute;
    r.boundLevel = -1;
}

std::string describeInvalid(const Evaluation& e, const Architecture& arch) {
    const auto level = [&](int i) {
        return i >= 0 && i < arch.levelCount() ? "level \"" + arch.levels[i].name + "\"" : std::string("level ?");
    };
    const auto tensor = [&](int t) {
        return t >= 0 && t < kNumTensors ? std::string(tensorName(static_cast<Tensor>(t))) : std::string("?");
    };
    const std::string need = std::to_string(e.invalidNeed), have = std::to_string(e.invalidHave);
    switch (e.invalid) {
    case Invalid::None: return "valid";
    case Invalid::LevelCount:
        return "the mapping has " + need + " levels but the architecture has " + have;
    case Invalid::Coverage:
        return "the factors of " + std::string(dimName(static_cast<Dim>(e.invalidDim))) + " multiply to " + have +
               ", less than the layer's " + need;
    case Invalid::SpatialX:
        return level(e.invalidLevel) + ": spatial factors over meshX multiply to " + need + ", more than its fan-out " +
               have;
    case Invalid::SpatialY:
        return level(e.invalidLevel) + ": spatial factors over meshY multiply to " + need + ", more than its fan-out " +
               have;
    case Invalid::SpatialDim:
        return level(e.invalidLevel) + ": its fan-out cannot unroll " +
               std::string(dimName(static_cast<Dim>(e.invalidDim))) + " over " + (e.invalidNeed == 0 ? "x" : "y");
    case Invalid::KeepNotAllowed:
        return level(e.invalidLevel) + ": keeps " + tensor(e.invalidTensor) + ", which the architecture bypasses there";
    case Invalid::OutermostBypass:
        return level(e.invalidLevel) + ": the outermost level must keep " + tensor(e.invalidTensor);
    case Invalid::Capacity:
        return level(e.invalidLevel) + ": the tiles need " + need + " words, more than its capacity of " + have;
    case Invalid::PartitionCapacity:
        return level(e.invalidLevel) + ": the " + tensor(e.invalidTensor) + " tile needs " + need +
               " words, more than its partition of " + have;
    }
    return "invalid";
}

}  // namespace accelscope
