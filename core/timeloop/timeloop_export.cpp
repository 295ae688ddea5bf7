#include "timeloop/timeloop_export.h"

#include "timeloop/timeloop_arch.h"
#include "timeloop/timeloop_mapping.h"
#include "timeloop/timeloop_problem.h"
#include "util/input_error.h"

namespace accelscope::timeloop {

std::string emitYaml(const YAML::Node& node) {
    YAML::Emitter out;
    out << node;
    return std::string(out.c_str()) + "\n";
}

TimeloopFiles exportTimeloop(const Architecture& arch, const Op& layer, const Mapping* mapping) {
    if (!layer.isMacOp()) throw InputError(layer.name, "", "is not a MAC op (conv, linear, matmul); Timeloop has no problem for it");
    TimeloopFiles files;
    const ExportedArch a = exportTimeloopArch(arch);
    YAML::Node archFile;
    archFile["architecture"] = a.architecture;
    archFile["architecture_constraints"] = a.constraints;
    archFile["ERT"] = a.ert;
    archFile["ART"] = a.art;
    files.arch = emitYaml(archFile);
    YAML::Node problemFile;
    problemFile["problem"] = exportTimeloopProblem(layer);
    files.problem = emitYaml(problemFile);
    if (mapping) {
        YAML::Node mappingFile;
        mappingFile["mapping"] = exportTimeloopMapping(*mapping, arch, layer.problem());
        files.mapping = emitYaml(mappingFile);
    }
    return files;
}

}  // namespace accelscope::timeloop
