// Peak (TDP) and average power; see power.h for what "full activity" means.
#include "model/power.h"

namespace accelscope {
namespace {
// pJ per cycle at `clockGHz` GHz -> watts.
double watts(double pjPerCycle, double clockGHz) { return pjPerCycle * clockGHz * 1e-3; }
}  // namespace

double leakagePowerW(const Architecture& arch) {
    double pj = 0;
    for (int i = 0; i < arch.levelCount(); ++i)
        pj += static_cast<double>(arch.instances(i)) * arch.levels[i].leakPjPerCycle;
    pj += static_cast<double>(arch.macUnits()) * arch.compute.leakPjPerCycle;
    return watts(pj, arch.clockGHz);
}

double peakPowerW(const Architecture& arch) {
    double pj = static_cast<double>(arch.macUnits()) * arch.compute.macPj + arch.vector.lanes * arch.vector.opPj;
    for (int i = 0; i < arch.levelCount(); ++i) {
        const StorageLevel& l = arch.levels[i];
        int kept = 0;
        for (bool k : l.keeps) kept += k ? 1 : 0;
        const double children = static_cast<double>(l.fanout());
        const double reads = l.readBandwidth > 0 ? l.readBandwidth : children * kept;
        const double writes = l.writeBandwidth > 0 ? l.writeBandwidth : (l.keeps[2] ? children : 0.0);
        const double block = static_cast<double>(l.energy.blockWords > 0 ? l.energy.blockWords : 1);
        const double perInstance = reads / block * l.energy.readPj + writes / block * l.energy.updatePj +
                                   (reads + writes) * l.networkPjPerWord;
        pj += static_cast<double>(arch.instances(i)) * perInstance;
    }
    return watts(pj, arch.clockGHz) + leakagePowerW(arch);
}

double averagePowerW(const Architecture& arch, const Evaluation& e) {
    return e.cycles > 0 ? watts(e.energyPj / e.cycles, arch.clockGHz) : 0.0;
}

}  // namespace accelscope
