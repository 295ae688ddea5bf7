#pragma once
// Timeloop v0.4 architecture_constraints (and a mapper case's mapspace constraints) -> AccelScope map
// constraints, so that AccelScope's mapper searches the map space Timeloop's mapper searched:
//   temporal: `factors` fix temporal factors (dims left out stay free); `permutation` (innermost
//             first; partial: the dims it names are the innermost loops, the others free above them);
//   spatial:  `factors` fix spatial factors (a factor of 1 forbids the dim); `permutation` with
//             `split` sends the dims before the split over meshX and the rest over meshY;
//   bypass / datatype / dataspace: `keep` and `bypass` fix what the level keeps.
// Any other directive type is refused with its YAML path.
#include "mapping/map_constraints.h"
#include "timeloop/timeloop_arch.h"

namespace accelscope::timeloop {

// `constraints` is the value of `architecture_constraints:` (or `mapspace_constraints:`).
MapConstraints importTimeloopConstraints(const Section& constraints, const TimeloopArch& arch);

}  // namespace accelscope::timeloop
