// Lower bounds on the objective of every completion of a partial tiling (see optimal_bounds.h; the
// arguments are in docs/mapper.md, "The optimal mapper").
#include "mapper/optimal_bounds.h"

#include <algorithm>
#include <limits>

#include "model/layer_cost.h"
#include "model/systolic_timing.h"
#include "model/tile_loads.h"

namespace accelscope {
namespace {


std::uint32_t irrelevantDims(Tensor t) {
    std::uint32_t mask = 0;
    for (Dim d : kAllDims)
        if (!isRelevant(t, d)) mask |= 1u << static_cast<int>(d);
    // Inputs: a fan-out over R (S) next to one over P (Q) sends at least max(P, R) distinct windows
    // (layer_cost.cpp, distinctStarts): at most min(P, R) <= R children share one, so R and S count
    // as repeating dims for the MAC-operand term.
    if (t == Tensor::Inputs) mask |= 1u << static_cast<int>(Dim::R) | 1u << static_cast<int>(Dim::S);
    return mask;
}

double portCycles(const StorageLevel& l, double reads, double writes) {
    double c = 0;
    if (l.readBandwidth > 0) c = std::max(c, reads / l.readBandwidth);
    if (l.writeBandwidth > 0) c = std::max(c, writes / l.writeBandwidth);
    if (l.sharedBandwidth > 0) c = std::max(c, (reads + writes) / l.sharedBandwidth);
    return c;
}

}  // namespace

ObjectiveBound::ObjectiveBound(const Architecture& arch, const MapSpace& space, Objective o)
    : arch_(arch), space_(space), objective_(o), levels_(arch.levelCount()) {
    const ProblemShape& p = space.problem();
    macs_ = static_cast<double>(p.macs());
    computeBound_ = systolicLevel(arch) < 0;
    for (const StorageLevel& l : arch.levels) accessTerms_ = accessTerms_ && !l.neighbourLinks;
    legacy_ = arch.haloReuse == HaloReuse::TimeloopLegacy;
    // Loads >= partition needs tiles that never overlap after a move and whose words are a product
    // of the extents: weights, outputs, and inputs without a window (R = S = 1; a stride then only spaces the rows).
    productForm_ = {true, p[Dim::R] == 1 && p[Dim::S] == 1, true};
    Extents whole;
    for (Dim d : kAllDims) whole[static_cast<int>(d)] = p[d];
    for (int d = 0; d < kNumDims; ++d)
        for (std::int64_t f = 1; f <= space.freeSize(d); ++f)
            if (space.freeSize(d) % f == 0) divisors_[d].push_back(f);
    for (Tensor t : kAllTensors) {
        const int ti = static_cast<int>(t);
        words_[ti] = static_cast<double>(tileWords(t, whole, p));
        irrelevant_[ti] = irrelevantDims(t);
        for (int i = 0; i < levels_; ++i) forced_[i][ti] = may_[i][ti] = space.base().levels[i].keep[ti];
    }
    for (int k = 0; k < space.freeKeepCount(); ++k) {
        const auto [level, t] = space.freeKeep(k);
        forced_[level][t] = false;
        may_[level][t] = true;
    }
}

std::array<std::uint32_t, kMaxLevels> ObjectiveBound::levelsDims(int from, int to, std::uint32_t dims) const {
    std::array<std::uint32_t, kMaxLevels> masks{};
    for (int i = std::max(0, from); i < std::min(to, levels_); ++i) masks[i] = dims;
    return masks;
}

ObjectiveBound::Refetch ObjectiveBound::outerRefetch(const Mapping& m, std::uint32_t undealt, double reads0,
                                                     double writes0) const {
    Refetch r;
    if (!accessTerms_ || space_.freeOrderCount(0) < kNumDims) return r;
    const StorageLevel& dram = arch_.levels[0];
    r.cycles = portCycles(dram, reads0, writes0);
    // Tensors with a relevant loop (dealt, bound > 1) above every level that could be DRAM's child
    // keeper: inside the outermost loop, whichever loop that is.
    std::array<bool, kNumTensors> inner{};
    for (Tensor t : kAllTensors) {
        const int ti = static_cast<int>(t);
        if (!productForm_[ti]) continue;
        int child = 1;
        while (child < levels_ && !may_[child][ti]) ++child;
        for (int i = 0; i < child; ++i)
            for (Dim d : kAllDims)
                if (isRelevant(t, d) && m.levels[i].temporal[static_cast<int>(d)] > 1) inner[ti] = true;
    }
    // An undealt dim may still take the outermost place (no refetch known); so may no loop at all.
    bool anyOuter = false;
    for (int d = 0; d < kNumDims; ++d) anyOuter = anyOuter || m.levels[0].temporal[d] > 1;
    if (undealt != 0 || !anyOuter) return r;
    const std::int64_t cluster = dram.energy.clusterInstances;
    const double paying = cluster <= 1 ? 1.0 : std::min(1.0, static_cast<double>(arch_.instances(0) / cluster));
    const double block = static_cast<double>(std::max<std::int64_t>(1, dram.energy.blockWords));
    r.energy = r.cycles = std::numeric_limits<double>::infinity();
    for (Dim d : kAllDims) {
        const double b = static_cast<double>(m.levels[0].temporal[static_cast<int>(d)]);
        if (b <= 1) continue;
        double reads = 0, writes = 0, e = 0;
        for (Tensor t : kAllTensors) {
            const int ti = static_cast<int>(t);
            if (!inner[ti] || isRelevant(t, d)) continue;
            const double x = (b - 1) * words_[ti] * wordsPerElement(arch_, 0, t);
            reads += x;
            e += x * dram.energy.readPj;
            if (t == Tensor::Outputs) {  // every extra update also reads the partial sum back
                writes += x;
                e += x * dram.energy.updatePj;
            }
        }
        r.energy = std::min(r.energy, paying * e / block);
        r.cycles = std::min(r.cycles, portCycles(dram, reads0 + reads, writes0 + writes));
    }
    return r;
}

bool ObjectiveBound::canKeep(const Mapping& m, int k, Tensor t) const {
    Extents below;
    below.fill(1);
    for (int i = k; i < levels_; ++i)
        for (int d = 0; d < kNumDims; ++d)
            below[d] *= m.levels[i].temporal[d] * m.levels[i].spatialX[d] * m.levels[i].spatialY[d];
    const std::int64_t tile = tileWords(t, below, space_.problem());
    const StorageLevel& l = arch_.levels[k];
    const std::int64_t part = l.partitionWords[static_cast<int>(t)];
    return (part <= 0 || tile <= part) && (l.capacityWords <= 0 || tile <= l.capacityWords);
}

double ObjectiveBound::axisUpper(std::int64_t room, std::uint32_t dims) const {
    // The largest product <= room of one divisor of each dim's free part: what one fan-out axis can
    // still take from these dims (a systolic axis, whose work is unbounded, is left at its room).
    if (room <= 1 || dims == 0) return 1;
    if (room > kMaxAxisRoom) return static_cast<double>(room);
    std::array<bool, kMaxAxisRoom + 1> reach{};
    reach[1] = true;
    for (int d = 0; d < kNumDims; ++d) {
        if (!(dims >> d & 1)) continue;
        for (std::int64_t v = room; v >= 1; --v) {
            if (!reach[static_cast<std::size_t>(v)]) continue;
            for (std::int64_t f : divisors_[d]) {
                if (v * f > room) break;
                reach[static_cast<std::size_t>(v * f)] = true;
            }
        }
    }
    std::int64_t best = room;
    while (!reach[static_cast<std::size_t>(best)]) --best;
    return static_cast<double>(best);
}

double ObjectiveBound::spatialUpper(const Mapping& m, std::uint32_t undealt,
                                    const std::array<std::uint32_t, kMaxLevels>& masks) const {
    // Dealt factors x what is left: on each fan-out axis the new factors are divisors of the undealt
    // dims' free parts within the axis's remaining room, and all of them multiply to at most the
    // free parts of the undealt dims among the masks.
    double dealt = 1, room = 1, rest = 1;
    std::uint32_t dims = 0;
    for (int i = 0; i < levels_; ++i) {
        if (masks[i] == 0) continue;
        const LevelMapping& lm = m.levels[i];
        std::int64_t x = 1, y = 1;
        for (int d = 0; d < kNumDims; ++d) {
            x *= lm.spatialX[d];
            y *= lm.spatialY[d];
            if (masks[i] >> d & 1) dealt *= static_cast<double>(lm.spatialX[d] * lm.spatialY[d]);
        }
        const StorageLevel& al = arch_.levels[i];
        room *= axisUpper(space_.spatialWorkX(i) / x, masks[i] & undealt & al.spatialDimsX) *
                axisUpper(space_.spatialWorkY(i) / y, masks[i] & undealt & al.spatialDimsY);
        dims |= masks[i];
    }
    for (int d = 0; d < kNumDims; ++d)
        if ((dims & undealt) >> d & 1) rest *= static_cast<double>(space_.freeSize(d));
    return dealt * std::min(room, rest);
}

double ObjectiveBound::spatialDealt(const Mapping& m, const std::array<std::uint32_t, kMaxLevels>& masks) const {
    double dealt = 1;
    for (int i = 0; i < levels_; ++i)
        for (int d = 0; d < kNumDims; ++d)
            if (masks[i] >> d & 1) dealt *= static_cast<double>(m.levels[i].spatialX[d] * m.levels[i].spatialY[d]);
    return dealt;
}

double ObjectiveBound::cycles(const Mapping& m, std::uint32_t undealt) const {
    double c = 1;  // any nest takes at least one cycle
    if (computeBound_) c = std::max(c, macs_ / std::max(1.0, spatialUpper(m, undealt, levelsDims(0, levels_, kAllDimsMask))));
    if (!accessTerms_) return c;
    for (int i = 0; i < levels_; ++i) {
        // Compulsory words per instance of the tensors level i must keep: its partition, the tensor
        // over the distinct data sets the fan-outs above split it into.
        double reads = 0, writes = 0;
        for (Tensor t : kAllTensors) {
            const int ti = static_cast<int>(t);
            if (!forced_[i][ti] || !productForm_[ti] || legacy_) continue;
            const double part = words_[ti] / spatialUpper(m, undealt, levelsDims(0, i, kAllDimsMask & ~irrelevant_[ti]));
            const double w = wordsPerElement(arch_, i, t);
            if (t == Tensor::Outputs) writes += w * part;
            else {
                reads += w * part;
                if (i > 0) writes += w * part;
            }
        }
        c = std::max(c, portCycles(arch_.levels[i], reads, writes));
        if (i == 0) c = std::max(c, outerRefetch(m, undealt, reads, writes).cycles);
    }
    for (Tensor t : kAllTensors) {
        // The innermost keeper sends every MAC its operand, once per group of children that share
        // it: per instance MACs / (its utilised instances x the repeating fan-outs below it).
        const int ti = static_cast<int>(t);
        int deepest = 0;
        for (int i = 0; i < levels_; ++i)
            if (forced_[i][ti]) deepest = i;
        double best = std::numeric_limits<double>::infinity();
        for (int k = deepest; k < levels_; ++k) {
            if (k > deepest && (!may_[k][ti] || !canKeep(m, k, t))) continue;
            std::array<std::uint32_t, kMaxLevels> masks = levelsDims(0, k, kAllDimsMask);
            for (int i = k; i < levels_; ++i) masks[i] = irrelevant_[ti];
            const double feed = wordsPerElement(arch_, k, t) * macs_ / spatialUpper(m, undealt, masks);
            best = std::min(best, t == Tensor::Outputs ? portCycles(arch_.levels[k], 0, feed)
                                                        : portCycles(arch_.levels[k], feed, 0));
        }
        c = std::max(c, best);
    }
    return c;
}

double ObjectiveBound::energy(const Mapping& m, std::uint32_t undealt, double cycles) const {
    double e = macs_ * arch_.compute.macPj;
    // Leakage: the instances already utilised leak for every cycle (capped at the physical ones).
    for (int i = 0; i < levels_; ++i) {
        const double used = spatialDealt(m, levelsDims(0, i, kAllDimsMask));
        e += arch_.levels[i].leakPjPerCycle * cycles * std::min(used, static_cast<double>(arch_.instances(i)));
    }
    e += arch_.compute.leakPjPerCycle * cycles *
         std::min(spatialDealt(m, levelsDims(0, levels_, kAllDimsMask)), static_cast<double>(arch_.macUnits()));
    if (!accessTerms_) return e;
    for (Tensor t : kAllTensors) {
        const int ti = static_cast<int>(t);
        const bool out = t == Tensor::Outputs;
        // Accesses summed over the instances that pay (layer_cost.cpp, countEnergy: the utilised
        // instances, or at most instances / cluster): at least `total`, and at least `perInstance`
        // x the cluster cap.
        const auto paying = [&](int i, double total, double perInstance) {
            const std::int64_t cluster = arch_.levels[i].energy.clusterInstances;
            if (cluster <= 1) return total;
            return std::min(total, static_cast<double>(arch_.instances(i) / cluster) * perInstance);
        };
        const auto pj = [&](int i) {
            return wordsPerElement(arch_, i, t) / static_cast<double>(std::max<std::int64_t>(1, arch_.levels[i].energy.blockWords));
        };
        // The partition of every instance passes through it once: |T| x the repeating fan-outs above.
        const auto partition = [&](int i) {
            const double total = words_[ti] * spatialDealt(m, levelsDims(0, i, irrelevant_[ti]));
            const double one = words_[ti] / spatialUpper(m, undealt, levelsDims(0, i, kAllDimsMask & ~irrelevant_[ti]));
            return paying(i, total, one);
        };
        std::array<double, kMaxLevels> forcedE{};
        const bool partitions = productForm_[ti] && !legacy_;
        int deepest = 0;
        for (int i = 0; i < levels_; ++i) {
            if (!forced_[i][ti]) continue;
            deepest = i;
            if (!partitions) continue;
            const auto& ec = arch_.levels[i].energy;
            forcedE[i] = pj(i) * partition(i) * (out ? ec.updatePj : ec.readPj + (i > 0 ? ec.writePj : 0.0));
            e += forcedE[i];
        }
        double best = std::numeric_limits<double>::infinity();
        for (int k = deepest; k < levels_; ++k) {
            if (k > deepest && (!may_[k][ti] || !canKeep(m, k, t))) continue;
            const auto& ec = arch_.levels[k].energy;
            std::array<std::uint32_t, kMaxLevels> below = levelsDims(k, levels_, irrelevant_[ti]);
            const double total = macs_ / spatialUpper(m, undealt, below);
            std::array<std::uint32_t, kMaxLevels> perInst = below;
            for (int i = 0; i < k; ++i) perInst[i] = kAllDimsMask;
            const double fed = paying(k, total, macs_ / spatialUpper(m, undealt, perInst));
            double ek = pj(k) * fed * (out ? ec.updatePj : ec.readPj);
            if (out && arch_.levels[k].energy.clusterInstances <= 1) {
                // Every update but each output's first at this keeper reads the partial sum back.
                const double firsts = words_[ti] * spatialUpper(m, undealt, levelsDims(0, k, irrelevant_[ti]));
                ek += pj(k) * std::max(0.0, fed - firsts) * ec.readPj;
            }
            if (!out && k > 0 && partitions) ek += pj(k) * partition(k) * ec.writePj;
            // Its network carries every MAC's operand to (or partial sum from) its own child:
            // networkWords = the MACs' temporal iterations x every fan-out below x its instances.
            ek += macs_ * arch_.levels[k].networkPjPerWord;
            best = std::min(best, std::max(0.0, ek - forcedE[k]));
        }
        e += best;
    }
    return e + outerRefetch(m, undealt, 0, 0).energy;
}

double ObjectiveBound::objective(const Mapping& m, std::uint32_t undealt) const {
    const double c = cycles(m, undealt);
    switch (objective_) {
    case Objective::Energy: return energy(m, undealt, c);
    case Objective::Delay: return c;
    case Objective::Edp: return energy(m, undealt, c) * c;
    }
    return energy(m, undealt, c) * c;
}

}  // namespace accelscope
