#pragma once
// The optimal mapper: the mapping of one layer that minimises the objective exactly under the cost
// model, over the map space the other mappers search (perfect factorisations over the space's slots,
// loop orders, keep/bypass; no padding), by a depth-first search that only drops what provably
// cannot win (docs/mapper.md, "The optimal mapper"):
//   - tilings are built dim by dim; a fan-out over its work, or a tile that overflows a level with
//     the tensors it must keep, ends the subtree (tiles only grow as more factors land below);
//   - loop orders: per level, only the order of loops with a factor above 1, and of those one per
//     class with the same reuse for every tensor (order_classes.h);
//   - branch and bound: a subtree whose lower bound (optimal_bounds.h) is not below the best mapping
//     so far is skipped; the search starts from the annealing mapper's result.
// With a time limit (or a cancellation) it returns the best mapping so far and a proven lower bound
// on the optimum: the smallest bound of the subtrees left open. Without one, the result depends on
// nothing but the layer, the architecture and the settings' seed (the annealing start).
#include "arch/architecture.h"
#include "mapper/mapper.h"
#include "mapping/map_space.h"

namespace accelscope {

class RunControl;

// Sets the result's lowerBound and proven (proven: the search finished, lowerBound = objective).
LayerMapResult mapLayerOptimal(const Architecture& arch, const MapSpace& space, const MapperSettings& settings,
                               RunControl* control = nullptr);

}  // namespace accelscope
