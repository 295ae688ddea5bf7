// Peak (TDP) and average power; see power.h for what "full activity" means.
#include "model/power.h"

#include <algorithm>
#include <numeric>

namespace accelscope {
namespace {
// pJ per cycle at `clockGHz` GHz -> watts.
double watts(double pjPerCycle, double clockGHz) { return pjPerCycle * clockGHz * 1e-3; }

// The words per cycle a level's ports can move per instance (0: no limit).
double portWordsPerCycle(const StorageLevel& l) {
    if (l.sharedBandwidth > 0) return l.sharedBandwidth;
    if (l.readBandwidth > 0 && l.writeBandwidth > 0) return l.readBandwidth + l.writeBandwidth;
    return 0;
}

// Words per cycle one instance of level j (j == levelCount: one MAC lane) can exchange with its
// parent: at most one word of each tensor per MAC below it, and at most its own ports' bandwidth.
double linkWordsPerCycle(const Architecture& arch, int j) {
    if (j >= arch.levelCount()) return 3.0;
    const double macsBelow =
        static_cast<double>(arch.macUnits()) / static_cast<double>(std::max<std::int64_t>(1, arch.instances(j)));
    const double operands = 3.0 * macsBelow;
    const StorageLevel& l = arch.levels[static_cast<std::size_t>(j)];
    if (l.storesNothing()) return static_cast<double>(l.fanout()) * linkWordsPerCycle(arch, j + 1);
    const double port = portWordsPerCycle(l);
    return port > 0 ? std::min(port, operands) : operands;
}
}  // namespace

double PeakPowerBreakdown::totalW() const {
    return macW + vectorW + std::accumulate(levelAccessW.begin(), levelAccessW.end(), 0.0) +
           std::accumulate(levelNetworkW.begin(), levelNetworkW.end(), 0.0) + leakageW;
}

double leakagePowerW(const Architecture& arch) {
    double pj = 0;
    for (int i = 0; i < arch.levelCount(); ++i)
        pj += static_cast<double>(arch.instances(i)) * arch.levels[i].leakPjPerCycle;
    pj += static_cast<double>(arch.macUnits()) * arch.compute.leakPjPerCycle;
    return watts(pj, arch.clockGHz);
}

PeakPowerBreakdown peakPowerBreakdown(const Architecture& arch) {
    PeakPowerBreakdown b;
    b.macW = watts(static_cast<double>(arch.macUnits()) * arch.compute.macPj, arch.clockGHz);
    b.vectorW = watts(arch.vector.lanes * arch.vector.opPj, arch.clockGHz);
    for (int i = 0; i < arch.levelCount(); ++i) {
        const StorageLevel& l = arch.levels[static_cast<std::size_t>(i)];
        const double instances = static_cast<double>(arch.instances(i));
        const double block = static_cast<double>(std::max<std::int64_t>(1, l.energy.blockWords));
        double perInstance = 0;
        if (!l.storesNothing()) {
            if (l.sharedBandwidth > 0) {
                // One port for reads and writes: its words at the dearer of the two.
                perInstance = l.sharedBandwidth / block * std::max(l.energy.readPj, l.energy.updatePj);
            } else {
                int kept = 0;
                for (bool k : l.keeps) kept += k ? 1 : 0;
                const double children = static_cast<double>(l.fanout());
                const double reads = l.readBandwidth > 0 ? l.readBandwidth : children * kept;
                const double writes = l.writeBandwidth > 0 ? l.writeBandwidth : (l.keeps[2] ? children : 0.0);
                perInstance = reads / block * l.energy.readPj + writes / block * l.energy.updatePj;
            }
        }
        b.levelAccessW.push_back(watts(instances * perInstance, arch.clockGHz));
        // The fan-out below: every link busy at what its child can take.
        const double network = l.fanout() > 1 || l.networkPjPerWord > 0
                                   ? static_cast<double>(l.fanout()) * linkWordsPerCycle(arch, i + 1) * l.networkPjPerWord
                                   : 0.0;
        b.levelNetworkW.push_back(watts(instances * network, arch.clockGHz));
    }
    b.leakageW = leakagePowerW(arch);
    return b;
}

double peakPowerW(const Architecture& arch) { return peakPowerBreakdown(arch).totalW(); }

double averagePowerW(const Architecture& arch, const Evaluation& e) {
    return e.cycles > 0 ? watts(e.energyPj / e.cycles, arch.clockGHz) : 0.0;
}

}  // namespace accelscope
