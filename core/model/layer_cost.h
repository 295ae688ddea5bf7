#pragma once
// The analytical cost model: cost(architecture, layer, mapping), a pure function.
//
// Loop-nest analysis in Timeloop's semantics (docs/cost_model.md):
// - Each level keeps one tile per tensor; the tile covers the level's own loops and everything below.
// - Walking the loops above a level (innermost first), every iteration that changes the tile fetches
//   only the words the previous tile did not hold (the delta): consecutive iterations of loops
//   irrelevant to a tensor keep its tile, and a sliding window keeps the overlapping rows (halo)
//   under the architecture's halo_reuse rules (current Timeloop's by default; tile_loads.h).
// - A parent serves its children's fills; at every fan-out, children that need identical data
//   share one read (multicast), telescoped through fan-out-only levels; partial sums of children
//   that differ only in reduction dims are added on the way up (spatial reduction); linked
//   neighbours forward what they received (link_transfers.h).
// - Outputs: updates = partial sums arriving from below, reads = updates - distinct outputs
//   (the first write of each output needs no read), fills = re-fetched partial sums.
// - Cycles = max(temporal iterations, each level's reads/read bandwidth, writes/write bandwidth and
//   accesses/shared bandwidth),
//   counting an element wider than the level's word as several words (a 32-bit partial sum in an
//   8-bit memory is 4); energy likewise.
// - Energy = vector actions x energy per action (per energy cluster) + leakage of utilised instances
//   + network + MACs.
#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/evaluation.h"
#include "workload/problem.h"

namespace accelscope {

// Fills `out` (no heap allocation). Returns out.valid().
bool evaluate(const Architecture& arch, const ProblemShape& problem, const Mapping& mapping, Evaluation& out);

// Bits of one element of a tensor at a level: outputs leave the chip requantised to the activations'
// precision (partial-sum spills to DRAM are charged at that width too: an approximation that good
// mappings rarely exercise); on chip they keep the partial-sum precision.
int elementBits(const Architecture& arch, int level, Tensor t);
// Words of the level one element takes: a 32-bit partial sum in an 8-bit-word memory moves as 4
// words (1 whenever the precisions match, as in every Timeloop case).
double wordsPerElement(const Architecture& arch, int level, Tensor t);

// Total area: every level instance, its network, the MAC units and the vector unit.
double architectureAreaUm2(const Architecture& arch);

}  // namespace accelscope
