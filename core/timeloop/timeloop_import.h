#pragma once
// Importing Timeloop v0.4 inputs: a problem, an architecture (with its ERT/ART and
// architecture_constraints when present) and a mapping, from separate files or one merged input (as
// Timeloop's front end dumps it). Each file provides whatever top-level sections it holds; a section
// in the file given for it (the architecture file for architecture/ERT/ART/constraints, the mapping
// file for the mapping) wins over the same section in another file.
#include <filesystem>
#include <optional>
#include <string>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "workload/workload.h"

namespace accelscope::timeloop {

struct TimeloopImport {
    Workload workload;  // one conv op
    std::optional<Architecture> arch;
    std::optional<Mapping> mapping;  // checked valid for the op on arch
};

// A file's text and the name errors give it.
struct YamlText {
    std::string text;
    std::string source;
};

TimeloopImport importTimeloop(const YamlText& problem, const std::optional<YamlText>& arch,
                              const std::optional<YamlText>& mapping);
TimeloopImport importTimeloopFiles(const std::filesystem::path& problem,
                                   const std::optional<std::filesystem::path>& arch,
                                   const std::optional<std::filesystem::path>& mapping);

}  // namespace accelscope::timeloop
