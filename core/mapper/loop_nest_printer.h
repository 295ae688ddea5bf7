#pragma once
// Renders a mapping as a loop nest, the way Timeloop prints one:
//   GLB [ inputs:11475 outputs:28672 ]
//   ----------------------------------
//   | for S in [0:3)
//   |   for P in [0:2)
//   |     spatial_for K in [0:4) (Y)
#include <string>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/evaluation.h"

namespace accelscope {

// With a valid evaluation, each level's header shows its tile per kept tensor (words per instance).
std::string printLoopNest(const Architecture& arch, const Mapping& mapping, const Evaluation* evaluation = nullptr);

}  // namespace accelscope
