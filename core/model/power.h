#pragma once
// Power of an architecture: the average over a run (energy / time) and the peak at full activity,
// the thermal design power (TDP) FAST divides performance by.
//
// Full activity: every MAC unit does one MAC per cycle, every vector lane one op; every level moves words at its bandwidth
// (a level with unlimited bandwidth serves each child one word of every tensor it keeps per cycle,
// and takes one partial sum per child per cycle when it keeps outputs); every instance leaks.
#include "arch/architecture.h"
#include "model/evaluation.h"

namespace accelscope {

double peakPowerW(const Architecture& arch);
double leakagePowerW(const Architecture& arch);
// Average power of an evaluated run: its energy over its time at the architecture's clock.
double averagePowerW(const Architecture& arch, const Evaluation& e);

}  // namespace accelscope
