#pragma once
// Mapping files (JSON; docs/formats.md, "Mapping files"). A mapping is written for one architecture: its
// levels are listed outermost first and named as the architecture names them, e.g.
//   { "format": "accelscope-mapping", "version": 1,
//     "levels": [
//       { "level": "DRAM", "temporal": { "Q": 14 }, "order": "Q" },
//       { "level": "GLB", "temporal": { "S": 3, "P": 2, "K": 8 }, "order": "SPK",
//         "spatial_x": {}, "spatial_y": { "K": 4, "C": 3 }, "keep": ["weights", "inputs", "outputs"] },
//       ... ] }
// `order` lists dims outermost first (every dim with a temporal factor above 1 must be listed);
// `keep` defaults to what the architecture lets the level keep.
#include <filesystem>
#include <string>

#include "arch/architecture.h"
#include "mapping/mapping.h"

namespace accelscope {

inline constexpr std::string_view kMappingFormat = "accelscope-mapping";

// Throws InputError naming `source`, the level and the field for every problem.
Mapping parseMapping(const std::string& text, const std::string& source, const Architecture& arch);
Mapping loadMapping(const std::filesystem::path& path, const Architecture& arch);
std::string serializeMapping(const Mapping& mapping, const Architecture& arch);

}  // namespace accelscope
