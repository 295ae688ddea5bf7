#pragma once
// Power of an architecture: the average over a run (energy / time) and the peak at full activity,
// the thermal design power (TDP) FAST divides performance by.
//
// Full activity is what the hardware can do per cycle, each part at its own limit:
// - every MAC unit does one MAC, every vector lane one op;
// - every storage level's ports move words at their bandwidth (per instance: the read and write
//   bandwidths, or a shared port's words, at the dearer of its read and update energies); a level
//   without a bandwidth limit serves each child one word of every tensor it keeps per cycle and takes
//   one partial sum per child when it keeps outputs;
// - every link of a fan-out carries what its child can take per cycle: the child's own port bandwidth
//   when it has one, else one word of each tensor (weights, inputs, partial sums) per MAC below it;
//   a fan-out level passes on what its children take;
// - every instance leaks.
// So the reuse that a structure gives is counted where the structure declares it: a systolic array
// fed through a register file with real port bandwidths is charged those ports, not one access of
// every level per MAC.
#include <vector>

#include "arch/architecture.h"
#include "model/evaluation.h"

namespace accelscope {

double peakPowerW(const Architecture& arch);
double leakagePowerW(const Architecture& arch);
// Average power of an evaluated run: its energy over its time at the architecture's clock.
double averagePowerW(const Architecture& arch, const Evaluation& e);

// The parts of peakPowerW, in watts, for reports and hand checks.
struct PeakPowerBreakdown {
    double macW = 0, vectorW = 0;
    std::vector<double> levelAccessW;   // per level: its ports (all instances)
    std::vector<double> levelNetworkW;  // per level: the fan-out below it (all instances)
    double leakageW = 0;
    double totalW() const;
};
PeakPowerBreakdown peakPowerBreakdown(const Architecture& arch);

}  // namespace accelscope
