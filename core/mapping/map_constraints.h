#pragma once
// Constraints that narrow a map space, as Timeloop's mapspace constraints do: fixed temporal factors,
// which dims may be spatial at which fan-out, which dims must be the innermost loops of a level, and
// fixed keep/bypass choices. Named dataflows (weight-, output-, input-, row-stationary, NVDLA-like,
// ShiDianNao-like) are presets of these, for Spotlight's fixed-dataflow ablation.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "arch/architecture.h"
#include "mapping/mapping.h"

namespace accelscope {

constexpr std::uint32_t dimBit(Dim d) { return 1u << static_cast<int>(d); }
inline constexpr std::uint32_t kAllDimsMask = 0xFFu;

struct LevelConstraint {
    DimFactors fixedTemporal{0, 0, 0, 0, 0, 0, 0, 0};  // 0: free
    std::uint32_t spatialX = kAllDimsMask;             // dims allowed over meshX of this level's fan-out
    std::uint32_t spatialY = kAllDimsMask;
    DimFactors fixedSpatialX{0, 0, 0, 0, 0, 0, 0, 0};  // 0: free (within spatialX)
    DimFactors fixedSpatialY{0, 0, 0, 0, 0, 0, 0, 0};
    // These dims are the innermost temporal loops of the level, in this order (outermost of them first).
    std::array<Dim, kNumDims> innermost{};
    int innermostCount = 0;
    std::array<std::int8_t, kNumTensors> keep{-1, -1, -1};  // -1 free, 0 bypass, 1 keep
};

struct MapConstraints {
    std::string name = "none";
    std::string source = "constraints";  // what errors name: the file they were read from, or the preset
    std::array<LevelConstraint, kMaxLevels> levels{};
    bool allowPadding = false;  // dims may be rounded up to fill a fan-out (the extra MACs are counted)
};

// "none", "weight_stationary", "output_stationary", "input_stationary", "row_stationary",
// "nvdla_like", "shidiannao_like".
const std::vector<std::string>& dataflowNames();
// The preset applied to every fan-out and every level of `arch`; throws InputError for an unknown name.
MapConstraints dataflowConstraints(std::string_view name, const Architecture& arch);
// The constraints a design's compiler settings ask for: the preset `dataflow` names, or `base` when it
// is empty, keeping `base`'s padding choice either way.
MapConstraints withDataflow(const MapConstraints& base, std::string_view dataflow, const Architecture& arch);
// One line on what a preset fixes, for help texts and the GUI.
std::string_view dataflowDescription(std::string_view name);

// Whether a mapping obeys the constraints (what the mapper guarantees for everything it returns).
bool satisfies(const Mapping& m, const MapConstraints& c);

}  // namespace accelscope
