#pragma once
// Timeloop v0.4 mappings <-> AccelScope mappings.
//
// A Timeloop mapping is a list of directives, each naming a storage level (`target`) and a `type`:
// temporal and spatial directives carry `factors` ("R=3 P=16", "R3,P16" or a list) and a
// `permutation` written innermost loop first (AccelScope's `order` is outermost first); a spatial
// directive's `split` sends the permutation's first `split` dims over meshX and the rest over meshY
// (no split: all over meshX); bypass/datatype directives list what the level keeps and bypasses.
// A dummy (spatial-only) level's spatial loops become the level above's spatial loops and its
// temporal loops that level's innermost temporal loops. Factors a directive leaves out are 1, and
// every dim's factors must multiply to its bound (Timeloop's perfect factorisation).
#include <string>

#include <yaml-cpp/yaml.h>

#include "mapping/mapping.h"
#include "timeloop/timeloop_arch.h"

namespace accelscope::timeloop {

// `mapping` is the value of the top-level `mapping:` key.
Mapping importTimeloopMapping(const Section& mapping, const TimeloopArch& arch, const ProblemShape& shape);

// The `mapping:` list for `mapping` of a layer with `shape` on `arch`. Throws InputError (naming
// `arch.name`) for what Timeloop cannot express: padded factors, a dim split over both meshX and meshY.
YAML::Node exportTimeloopMapping(const Mapping& mapping, const Architecture& arch, const ProblemShape& shape);

}  // namespace accelscope::timeloop
