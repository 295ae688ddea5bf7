#pragma once
// Lower bounds on a layer's objective for the optimal mapper (optimal_mapper.h): what every mapping
// of a subtree of the map space must cost at least, from quantities no loop order or keep choice can
// lower. Each term, with its argument, is in docs/mapper.md ("The optimal mapper").
//   cycles >= MACs / (an upper bound on the utilised MAC units)   (not on systolic arrays: folds)
//   cycles >= each compulsory DRAM transfer / the DRAM bandwidth
//   energy >= every MAC + the compulsory DRAM accesses + every level's and MAC's leakage over the
//             cycle bound on at least one instance
// The compulsory DRAM accesses are counted only where the model's loads are provably at least the
// distinct words (no neighbour links, not the legacy halo rule; inputs only without a sliding window).
#include "arch/architecture.h"
#include "mapper/mapper.h"
#include "workload/problem.h"

namespace accelscope {

class ObjectiveBound {
public:
    ObjectiveBound(const Architecture& arch, const ProblemShape& problem, Objective objective);
    // Every completion of a subtree whose utilised MAC units (the product of all spatial factors) are
    // at most `spatialUpper` costs at least this much.
    double objective(double spatialUpper) const;
    double cycles(double spatialUpper) const;
    double energy(double cycles) const;

private:
    Objective objective_;
    double macs_ = 0;
    bool computeBound_ = true;  // false on a systolic array
    double dramCycles_ = 0;     // the compulsory DRAM transfers over the DRAM bandwidth
    double fixedEnergy_ = 0;    // MACs and compulsory DRAM accesses
    double leakPerCycle_ = 0;   // every level's and the MAC array's leakage, one instance each
};

}  // namespace accelscope
