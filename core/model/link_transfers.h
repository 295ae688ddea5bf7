#pragma once
// Timeloop's link transfers: at a fan-out whose children are linked to their mesh neighbours, a child
// that needs exactly what a neighbour received one step before takes it over the link instead of
// reading the level above (systolic forwarding, and at a fan-out to MACs, an operand that stays
// put). Timeloop compares each child's delta with its neighbours' previous deltas at every step it
// evaluates (the first two iterations of each loop, the second standing for the rest) and uses the
// links whenever that spares accesses; only whole-tile deltas can match. Children are numbered as
// Timeloop numbers them (x loops inside y loops, mapping.h's spatialOrder) and laid out row by row
// on the level's meshX x meshY.
#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/tile_loads.h"

namespace accelscope {

struct LinkTransfers {
    double savedReads = 0;   // accesses of the fan-out's level that links spare, per instance of that level
    double transferred = 0;  // words the children take from neighbours, per instance of that level
};

// The fan-out of level j (children: level j+1, or the MAC units below the innermost level), tensor t.
// Zero unless the level has neighbour links. Allocation-free; fan-outs of more than 1024 children
// are not analysed (no link transfers counted).
// `loops`: the loops above level j+1 (tile_loads.h).
LinkTransfers linkTransfers(const Architecture& arch, const ProblemShape& p, const Mapping& m,
                            const std::array<Extents, kMaxLevels + 1>& below, const LoopsAbove& loops, int j, Tensor t);

}  // namespace accelscope
