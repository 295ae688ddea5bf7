// The figures an architecture file may leave to "tech", from the technology table (tech_defaults.h).
#include "arch/tech_defaults.h"

#include <algorithm>

#include "arch/arch_io.h"

namespace accelscope {
namespace {

int tensorBits(const Architecture& a, Tensor t) { return a.bits[static_cast<std::size_t>(t)]; }
int operandBits(const Architecture& a) {
    return std::max(tensorBits(a, Tensor::Weights), tensorBits(a, Tensor::Inputs));
}

}  // namespace

LevelDefaults levelDefaults(const TechTable* tech, const StorageLevel& l, bool innermost, double clockGHz) {
    LevelDefaults d;
    d.energy.blockWords = l.energy.blockWords;
    if (!tech) return d;
    const std::int64_t bytes = levelCapacityBytes(l);
    // An access touches one bank: its energy is that of a memory of one bank's size.
    d.energy = tech->accessEnergy(l.storageClass, std::max<std::int64_t>(1, bytes / std::max(1, l.banks)), l.wordBits,
                                  l.energy.blockWords);
    d.energy.clusterInstances = l.energy.clusterInstances;
    d.areaUm2 = tech->storageAreaUm2(l.storageClass, bytes);
    d.leakPjPerCycle = tech->leakPjPerCycle(l.storageClass, bytes, clockGHz);
    // The innermost fan-out is the lanes inside one PE: no network between them.
    if (!innermost && l.fanout() > 1) d.networkPjPerWord = tech->networkPjPerWord(l.wordBits);
    return d;
}

double techMacPj(const TechTable& t, const Architecture& a) {
    return t.macEnergyPj(operandBits(a), tensorBits(a, Tensor::Outputs));
}
double techMacAreaUm2(const TechTable& t, const Architecture& a) {
    return t.macAreaUm2(operandBits(a), tensorBits(a, Tensor::Outputs));
}
// ASSUMPTION: an element-wise op (activation, normalisation step) costs about one MAC at the
// activations' precision plus its operands' trips through the lane's vector register file (two
// reads and one write of a word at that precision; TPU-v3's vector unit works out of 32 vector
// registers), and a vector lane is about one MAC unit in area. Without the register file a lane
// cost a third of this, and a search made vector units very wide for almost no TDP.
double techVectorOpPj(const TechTable& t, const Architecture& a) {
    const int bits = tensorBits(a, Tensor::Inputs);
    return t.macEnergyPj(bits) + 3 * t.regfilePjPerBit * bits;
}
double techVectorAreaUm2(const TechTable& t, const Architecture& a, int lanes) {
    return lanes * t.macAreaUm2(tensorBits(a, Tensor::Inputs));
}


}  // namespace accelscope
