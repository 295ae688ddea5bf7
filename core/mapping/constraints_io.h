#pragma once
// Constraint files (JSON; docs/formats.md, "Constraint files"): what a map space must respect, per
// level of one architecture, named as the architecture names them, e.g.
//   { "format": "accelscope-constraints", "version": 1, "name": "eyeriss_like (Timeloop)",
//     "levels": {
//       "DRAM":       { "innermost": "N" },
//       "shared_glb": { "keep": ["inputs", "outputs"], "bypass": ["weights"] },
//       "inter_PE_column_spatial": { "spatial_x": "QK", "spatial_y": "" },
//       "weights_spad": { "temporal": { "N": 1, "K": 1 }, "innermost": "RC" } } }
// Per level: `temporal` fixes temporal factors; `innermost` makes these dims the level's innermost
// loops (outermost of them first, as a mapping's `order`); `spatial_x` / `spatial_y` list the dims
// the fan-out may unroll over x / y (absent: any), `fixed_spatial_x` / `fixed_spatial_y` fix
// spatial factors; `keep` / `bypass` fix which tensors the level keeps. "allow_padding": true lets
// dims be rounded up to fill a fan-out.
#include <filesystem>
#include <string>

#include "arch/architecture.h"
#include "mapping/map_constraints.h"

namespace accelscope {

inline constexpr std::string_view kConstraintsFormat = "accelscope-constraints";

// Throws InputError naming `source`, the level and the field for every problem.
MapConstraints parseConstraints(const std::string& text, const std::string& source, const Architecture& arch);
MapConstraints loadConstraints(const std::filesystem::path& path, const Architecture& arch);
std::string serializeConstraints(const MapConstraints& c, const Architecture& arch);

}  // namespace accelscope
