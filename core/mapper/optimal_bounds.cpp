// Lower bounds on the objective of a subtree of the map space (see optimal_bounds.h).
#include "mapper/optimal_bounds.h"

#include <algorithm>

#include "model/layer_cost.h"
#include "model/systolic_timing.h"
#include "model/tile_loads.h"

namespace accelscope {

ObjectiveBound::ObjectiveBound(const Architecture& arch, const ProblemShape& p, Objective o) : objective_(o) {
    macs_ = static_cast<double>(p.macs());
    computeBound_ = systolicLevel(arch) < 0;
    bool links = false;
    for (const StorageLevel& l : arch.levels) links = links || l.neighbourLinks;
    // The model's DRAM reads of a tensor are its child keeper's loads times the distinct tiles among
    // the children on the way (childGroups). For weights and outputs (and inputs without a sliding
    // window) loads telescope to tile x the bounds of the loops from the first relevant one outwards,
    // at least the instance's partition; partition x distinct groups covers the tensor. Links subtract
    // reads; the legacy halo rule reloads differently: no compulsory term there.
    const bool compulsory = !links && arch.haloReuse != HaloReuse::TimeloopLegacy;
    const bool inputsCount = p[Dim::R] == 1 && p[Dim::S] == 1;
    Extents whole;
    for (Dim d : kAllDims) whole[static_cast<int>(d)] = p[d];
    const StorageLevel& dram = arch.levels[0];
    const auto words = [&](Tensor t) { return wordsPerElement(arch, 0, t) * static_cast<double>(tileWords(t, whole, p)); };
    const double reads = compulsory ? words(Tensor::Weights) + (inputsCount ? words(Tensor::Inputs) : 0.0) : 0.0;
    const double writes = compulsory ? words(Tensor::Outputs) : 0.0;  // every output's final update
    if (dram.readBandwidth > 0) dramCycles_ = std::max(dramCycles_, reads / dram.readBandwidth);
    if (dram.writeBandwidth > 0) dramCycles_ = std::max(dramCycles_, writes / dram.writeBandwidth);
    if (dram.sharedBandwidth > 0) dramCycles_ = std::max(dramCycles_, (reads + writes) / dram.sharedBandwidth);
    // Energy: ceil(scalars / block) vector actions >= scalars / block; level 0 has one utilised instance.
    const std::int64_t cluster = dram.energy.clusterInstances;
    const double accessing = cluster <= 1 ? 1.0 : std::min(1.0, static_cast<double>(arch.instances(0) / cluster));
    const double block = static_cast<double>(std::max<std::int64_t>(1, dram.energy.blockWords));
    fixedEnergy_ = macs_ * arch.compute.macPj +
                   accessing * (reads * dram.energy.readPj + writes * dram.energy.updatePj) / block;
    for (const StorageLevel& l : arch.levels) leakPerCycle_ += l.leakPjPerCycle;
    leakPerCycle_ += arch.compute.leakPjPerCycle;
}

double ObjectiveBound::cycles(double spatialUpper) const {
    double c = dramCycles_;
    if (computeBound_) c = std::max(c, macs_ / std::max(1.0, spatialUpper));
    return std::max(c, 1.0);  // any nest takes at least one cycle
}

double ObjectiveBound::energy(double cycles) const { return fixedEnergy_ + leakPerCycle_ * cycles; }

double ObjectiveBound::objective(double spatialUpper) const {
    const double c = cycles(spatialUpper);
    switch (objective_) {
    case Objective::Energy: return energy(c);
    case Objective::Delay: return c;
    case Objective::Edp: return energy(c) * c;
    }
    return energy(c) * c;
}

}  // namespace accelscope
