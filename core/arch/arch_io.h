#pragma once
// Reading and writing architecture files (format documented in docs/formats.md, "Architecture files").
// Loading validates everything and reports every problem with file, level name and field, e.g.
//   eyeriss.json: level "GLB": capacity_words must be a positive integer, got 0
// Figures written as "tech" (or left out, for leakage, area and network energy) are derived from the
// file's technology table (arch/tech_table.h) at load time.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "arch/architecture.h"

namespace accelscope {

inline constexpr std::string_view kArchFormat = "accelscope-arch";
inline constexpr int kArchVersion = 1;

// Throws InputError (naming `source`) listing every problem found.
Architecture parseArchitecture(const std::string& text, const std::string& source);
// The same from a document already in memory (an architecture built by code: no text round trip).
Architecture readArchitecture(const nlohmann::json& root, const std::string& source);
Architecture loadArchitecture(const std::filesystem::path& path);
// A preset's name (e.g. "eyeriss_like": resources/arch/eyeriss_like.json) or a path to a file.
Architecture loadArchitectureByNameOrPath(std::string_view nameOrPath);
// Names of the presets in resources/arch/, sorted.
std::vector<std::string> presetArchitectureNames();
std::filesystem::path presetArchitecturesDir();

// The canonical text (parse(serialize(a)) == a). Figures equal to what the technology table gives
// are written as "tech" (or left out), the others as numbers.
std::string serializeArchitecture(const Architecture& arch);
// Writes through a temporary file and a rename, so a crash never leaves half a file.
void saveArchitecture(const Architecture& arch, const std::filesystem::path& path);

// What the cost model and the tables need beside the struct: bytes of one instance of a level
// (0: unbounded) and on-chip storage of the whole chip in KiB (every instance of every non-DRAM level).
std::int64_t levelCapacityBytes(const StorageLevel& level);
double onChipKiB(const Architecture& arch);

}  // namespace accelscope
