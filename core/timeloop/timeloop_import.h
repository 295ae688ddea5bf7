#pragma once
// Importing Timeloop v0.4 inputs: a problem, an architecture (with its ERT/ART and
// architecture_constraints when present) and a mapping, from separate files or one merged input (as
// Timeloop's front end dumps it). Each file provides whatever top-level sections it holds; a section
// in the file given for it (the architecture file for architecture/ERT/ART/constraints, the mapping
// file for the mapping) wins over the same section in another file. The mapping file may also be the
// map Timeloop's mapper printed (timeloop-mapper.map.txt). An input without a mapping (or with
// `mapping: []`, a mapper case) yields its constraints instead. Sparse features (densities,
// sparse_optimizations, compressed formats) are refused with their YAML path.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "arch/architecture.h"
#include "mapping/map_constraints.h"
#include "mapping/mapping.h"
#include "workload/workload.h"

namespace accelscope::timeloop {

struct TimeloopImport {
    Workload workload;  // one conv op
    std::optional<Architecture> arch;
    std::optional<Mapping> mapping;  // checked valid for the op on arch
    // A mapper case (no mapping, or an empty one): the map space constraints its mapper searched.
    std::optional<MapConstraints> constraints;
    // What the import read differently from the file's letter, for the user to see.
    std::vector<std::string> notes;
};

// A file's text and the name errors give it.
struct YamlText {
    std::string text;
    std::string source;
};

// `haloReuse`: the reuse rules of the Timeloop release being reproduced (architecture.h).
TimeloopImport importTimeloop(const YamlText& problem, const std::optional<YamlText>& arch,
                              const std::optional<YamlText>& mapping, HaloReuse haloReuse = HaloReuse::Timeloop);
TimeloopImport importTimeloopFiles(const std::filesystem::path& problem,
                                   const std::optional<std::filesystem::path>& arch,
                                   const std::optional<std::filesystem::path>& mapping,
                                   HaloReuse haloReuse = HaloReuse::Timeloop);

}  // namespace accelscope::timeloop
