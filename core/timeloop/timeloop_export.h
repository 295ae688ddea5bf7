#pragma once
// Writing Timeloop v0.4 YAML: an architecture (with its ERT, ART and bypass constraints), a layer as a
// CNN-layer problem and a mapping, as three files Timeloop's front end merges (timeloop-model
// arch.yaml problem.yaml mapping.yaml). See timeloop_arch.h, timeloop_problem.h and
// timeloop_mapping.h for what each part carries.
#include <string>

#include <yaml-cpp/yaml.h>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "workload/workload.h"

namespace accelscope::timeloop {

struct TimeloopFiles {
    std::string arch, problem, mapping;  // mapping: empty without a mapping
};

// Throws InputError for a layer that is not a MAC op or a mapping Timeloop cannot express.
TimeloopFiles exportTimeloop(const Architecture& arch, const Op& layer, const Mapping* mapping);

std::string emitYaml(const YAML::Node& node);

}  // namespace accelscope::timeloop
