// The loop-nest analysis behind evaluate(); the semantics are summarised in evaluator.h.
#include "model/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "model/sliding_window.h"

namespace accelscope {
namespace {

using Ext = std::array<std::int64_t, kNumDims>;
constexpr int idx(Dim d) { return static_cast<int>(d); }
constexpr int tidx(Tensor t) { return static_cast<int>(t); }

constexpr std::uint32_t bit(Dim d) { return 1u << idx(d); }
constexpr std::uint32_t relevantMask(Tensor t) {
    std::uint32_t m = 0;
    for (Dim d : kAllDims) m |= isRelevant(t, d) ? bit(d) : 0u;
    return m;
}
constexpr std::array<std::uint32_t, kNumTensors> kRelevant = {
    relevantMask(Tensor::Weights), relevantMask(Tensor::Inputs), relevantMask(Tensor::Outputs)};
constexpr std::uint32_t kInputWindowDims = bit(Dim::P) | bit(Dim::Q) | bit(Dim::R) | bit(Dim::S);

std::int64_t tileWords(Tensor t, const Ext& e, const ProblemShape& p) {
    auto g = [&](Dim d) { return e[idx(d)]; };
    switch (t) {
    case Tensor::Weights: return g(Dim::G) * g(Dim::K) * g(Dim::C) * g(Dim::R) * g(Dim::S);
    case Tensor::Inputs:
        return g(Dim::N) * g(Dim::G) * g(Dim::C) * slidingCount(g(Dim::P), g(Dim::R), p.strideH, p.dilationH) *
               slidingCount(g(Dim::Q), g(Dim::S), p.strideW, p.dilationW);
    case Tensor::Outputs: return g(Dim::N) * g(Dim::G) * g(Dim::K) * g(Dim::P) * g(Dim::Q);
    }
    return 0;
}

// Words an input tile keeps when its window offsets move by `shift` (only P, Q, R, S moved).
std::int64_t inputOverlap(const Ext& e, const Ext& shift, const ProblemShape& p) {
    auto g = [&](Dim d) { return e[idx(d)]; };
    auto s = [&](Dim d) { return shift[idx(d)]; };
    const std::int64_t rows = slidingOverlap(g(Dim::P), g(Dim::R), p.strideH, p.dilationH,
                                             s(Dim::P) * p.strideH + s(Dim::R) * p.dilationH);
    if (rows == 0) return 0;
    const std::int64_t cols = slidingOverlap(g(Dim::Q), g(Dim::S), p.strideW, p.dilationW,
                                             s(Dim::Q) * p.strideW + s(Dim::S) * p.dilationW);
    return g(Dim::N) * g(Dim::G) * g(Dim::C) * rows * cols;
}

struct Loop {
    Dim dim;
    std::int64_t bound;
    std::int64_t stride;  // how far the dim's offset moves per iteration
};

struct LoopsAbove {
    std::array<Loop, kMaxLevels * kNumDims> loop;
    int count = 0;
    std::int64_t iterations = 1;
};

// The temporal loops above level i, innermost first, with their strides.
void loopsAbove(const Mapping& m, const std::array<Ext, kMaxLevels + 1>& below, int i, LoopsAbove& out) {
    out.count = 0;
    out.iterations = 1;
    if (i == 0) return;
    Ext cur = below[i];
    for (int j = i - 1; j >= 0; --j) {
        const LevelMapping& lm = m.levels[j];
        for (Dim d : kAllDims) cur[idx(d)] *= lm.spatial(d);
        for (int pos = kNumDims - 1; pos >= 0; --pos) {
            const Dim d = lm.order[pos];
            const std::int64_t b = lm.temporal[idx(d)];
            if (b <= 1) continue;
            out.loop[out.count++] = {d, b, cur[idx(d)]};
            cur[idx(d)] *= b;
            out.iterations *= b;
        }
    }
}

// Words loaded into one instance over the layer: the first tile plus every iteration's delta.
std::int64_t tileLoads(Tensor t, const Ext& tile, std::int64_t tileSize, const LoopsAbove& loops,
                       const ProblemShape& p) {
    std::int64_t total = tileSize;
    std::uint32_t dirty = 0;  // dims reset by the inner loops already passed
    Ext reset{};               // how far those resets move each dim back
    std::int64_t inner = 1;
    for (int k = 0; k < loops.count; ++k) {
        const Loop& l = loops.loop[k];
        const std::uint32_t changed = (dirty | bit(l.dim)) & kRelevant[tidx(t)];
        if (changed != 0) {
            const std::int64_t steps = (l.bound - 1) * (loops.iterations / (inner * l.bound));
            std::int64_t delta = tileSize;
            if (t == Tensor::Inputs && (changed & ~kInputWindowDims) == 0) {
                Ext shift;
                for (int d = 0; d < kNumDims; ++d) shift[d] = -reset[d];
                shift[idx(l.dim)] += l.stride;
                delta = tileSize - inputOverlap(tile, shift, p);
            }
            total += steps * delta;
        }
        dirty |= bit(l.dim);
        reset[idx(l.dim)] += (l.bound - 1) * l.stride;
        inner *= l.bound;
    }
    return total;
}

double vectorActions(double scalars, std::int64_t block) {
    return block <= 1 ? scalars : std::ceil(scalars / static_cast<double>(block));
}

bool fail(Evaluation& out, Invalid why, int level, int tensor = -1, int dim = -1, std::int64_t need = 0,
          std::int64_t have = 0) {
    out.invalid = why;
    out.invalidLevel = level;
    out.invalidTensor = tensor;
    out.invalidDim = dim;
    out.invalidNeed = need;
    out.invalidHave = have;
    return false;
}

bool validate(const Architecture& arch, const ProblemShape& p, const Mapping& m, Evaluation& out) {
    const int L = arch.levelCount();
    if (m.levelCount != L || L > kMaxLevels || L == 0) return fail(out, Invalid::LevelCount, -1, -1, -1, m.levelCount, L);
    for (Dim d : kAllDims)
        if (m.coverage(d) < p[d]) return fail(out, Invalid::Coverage, -1, -1, idx(d), p[d], m.coverage(d));
    for (int i = 0; i < L; ++i) {
        const LevelMapping& lm = m.levels[i];
        std::int64_t x = 1, y = 1;
        for (Dim d : kAllDims) {
            x *= lm.spatialX[idx(d)];
            y *= lm.spatialY[idx(d)];
        }
        const StorageLevel& lv = arch.levels[i];
        for (Dim d : kAllDims) {
            if (lm.spatialX[idx(d)] > 1 && !(lv.spatialDimsX & bit(d))) return fail(out, Invalid::SpatialDim, i, -1, idx(d), 0);
            if (lm.spatialY[idx(d)] > 1 && !(lv.spatialDimsY & bit(d))) return fail(out, Invalid::SpatialDim, i, -1, idx(d), 1);
        }
        if (x > lv.meshX) return fail(out, Invalid::SpatialX, i, -1, -1, x, lv.meshX);
        if (y > lv.meshY) return fail(out, Invalid::SpatialY, i, -1, -1, y, lv.meshY);
        for (Tensor t : kAllTensors) {
            if (lm.keep[tidx(t)] && !lv.keeps[tidx(t)]) return fail(out, Invalid::KeepNotAllowed, i, tidx(t));
            if (i == 0 && !lm.keep[tidx(t)]) return fail(out, Invalid::OutermostBypass, i, tidx(t));
        }
    }
    return true;
}
}  // namespace

int elementBits(const Architecture& arch, int level, Tensor t) {
    return t == Tensor::Outputs && level == 0 ? arch.bits[static_cast<int>(Tensor::Inputs)]
                                              : arch.bits[static_cast<int>(t)];
}

double wordsPerElement(const Architecture& arch, int level, Tensor t) {
    const int bits = elementBits(arch, level, t), word = std::max(1, arch.levels[level].wordBits);
    return static_cast<double>((bits + word - 1) / word);
}

bool evaluate(const Architecture& arch, const ProblemShape& p, const Mapping& m, Evaluation& out) {
    out = Evaluation{};
    if (!validate(arch, p, m, out)) return false;
    const int L = arch.levelCount();
    out.levelCount = L;

    // Extents of the tile of each level (its loops and everything below), and per level the product
    // of the spatial factors of its fan-out.
    std::array<Ext, kMaxLevels + 1> below;
    below[L].fill(1);
    std::array<std::int64_t, kMaxLevels + 1> fan{};
    std::int64_t computeCycles = 1;
    for (int i = L - 1; i >= 0; --i) {
        fan[i] = 1;
        for (Dim d : kAllDims) {
            const std::int64_t s = m.levels[i].spatial(d), t = m.levels[i].temporal[idx(d)];
            below[i][idx(d)] = below[i + 1][idx(d)] * s * t;
            fan[i] *= s;
            computeCycles *= t;
        }
    }
    std::array<std::int64_t, kMaxLevels + 1> utilized{};  // instances of level i doing work
    utilized[0] = 1;
    for (int i = 1; i <= L; ++i) utilized[i] = utilized[i - 1] * fan[i - 1];
    out.utilizedMacUnits = utilized[L];
    out.computeCycles = computeCycles;
    out.paddedMacs = computeCycles * utilized[L];
    out.usefulMacs = p.macs();

    // Per instance: tile loads (deltas) and partitions of every kept tensor at every level.
    std::array<std::array<std::int64_t, kNumTensors>, kMaxLevels> loads{}, partition{};
    Ext aboveTemporal;
    aboveTemporal.fill(1);
    LoopsAbove loops;
    for (int i = 0; i < L; ++i) {
        LevelEvaluation& lv = out.levels[i];
        lv.utilizedInstances = utilized[i];
        loopsAbove(m, below, i, loops);
        Ext part;
        for (int d = 0; d < kNumDims; ++d) part[d] = below[i][d] * aboveTemporal[d];
        std::int64_t used = 0;
        for (Tensor t : kAllTensors) {
            const int ti = tidx(t);
            lv.kept[ti] = m.levels[i].keep[ti];
            if (!lv.kept[ti]) continue;
            const std::int64_t tile = tileWords(t, below[i], p);
            lv.tensor[ti].tileWords = tile;
            lv.tensor[ti].partitionWords = partition[i][ti] = tileWords(t, part, p);
            loads[i][ti] = tileLoads(t, below[i], tile, loops, p);
            used += tile;
            const std::int64_t cap = arch.levels[i].partitionWords[ti];
            if (cap > 0 && tile > cap) return fail(out, Invalid::PartitionCapacity, i, ti, -1, tile, cap);
        }
        const std::int64_t cap = arch.levels[i].capacityWords;
        if (cap > 0 && used > cap) return fail(out, Invalid::Capacity, i, -1, -1, used, cap);
        for (Dim d : kAllDims) aboveTemporal[idx(d)] *= m.levels[i].temporal[idx(d)];
    }

    // Reads, fills and updates per instance, from each keeper and its child keeper (or the MACs).
    std::array<std::array<TensorAccesses, kNumTensors>, kMaxLevels> per{};
    for (Tensor t : kAllTensors) {
        const int ti = tidx(t);
        int child = L;  // the next level below that keeps t; L = the MAC units
        for (int i = L - 1; i >= 0; --i) {
            if (!m.levels[i].keep[ti]) continue;
            double children = 1, shared = 1;
            std::int64_t rowsP = 1, rowsR = 1, colsQ = 1, colsS = 1;
            bool allShare = true;
            for (int j = i; j < child; ++j) {
                const StorageLevel& al = arch.levels[j];
                const bool share = t == Tensor::Outputs ? al.spatialReduction : al.multicast;
                allShare = allShare && share;
                children *= static_cast<double>(fan[j]);
                for (Dim d : kAllDims)
                    if (!isRelevant(t, d))  // outputs: C, R, S are the reduction dims
                        shared *= share ? static_cast<double>(m.levels[j].spatial(d)) : 1.0;
                rowsP *= m.levels[j].spatial(Dim::P);
                rowsR *= m.levels[j].spatial(Dim::R);
                colsQ *= m.levels[j].spatial(Dim::Q);
                colsS *= m.levels[j].spatial(Dim::S);
            }
            const double childLoads = child == L ? static_cast<double>(computeCycles)
                                                 : static_cast<double>(loads[child][ti]);
            TensorAccesses& a = per[i][ti];
            if (t == Tensor::Outputs) {
                a.updates = childLoads * children / shared;
                a.reads = std::max(0.0, a.updates - static_cast<double>(partition[i][ti]));
                a.fills = i == 0 ? 0.0 : std::max<double>(0.0, static_cast<double>(loads[i][ti] - partition[i][ti]));
            } else {
                double halo = 1.0;
                // Sibling windows overlap when the fan-out splits output rows and filter rows (or a
                // child's window is wider than the stride): the parent reads their union once.
                if (t == Tensor::Inputs && allShare && (rowsP * rowsR > 1 || colsQ * colsS > 1)) {
                    const Ext& c = below[child];
                    auto share = [&](std::int64_t sp, std::int64_t sr, Dim pd, Dim rd, int st, int dl) {
                        const double one = static_cast<double>(slidingCount(c[idx(pd)], c[idx(rd)], st, dl));
                        const double all = static_cast<double>(
                            slidingCount(sp * c[idx(pd)], sr * c[idx(rd)], st, dl));
                        return all / (one * static_cast<double>(sp * sr));
                    };
                    halo = share(rowsP, rowsR, Dim::P, Dim::R, p.strideH, p.dilationH) *
                           share(colsQ, colsS, Dim::Q, Dim::S, p.strideW, p.dilationW);
                }
                a.reads = childLoads * children / shared * halo;
                a.fills = i == 0 ? 0.0 : static_cast<double>(loads[i][ti]);
            }
            // Network: every child receives its own words; partial sums arrive before reduction.
            const double perChild = t == Tensor::Outputs
                                        ? childLoads + (child == L ? 0.0 : per[child][ti].fills)
                                        : childLoads;
            out.levels[i].networkWords += perChild * children * static_cast<double>(utilized[i]);
            child = i;
        }
    }

    // Cycles: compute, and every level's bandwidth per instance.
    double cycles = static_cast<double>(computeCycles);
    int boundLevel = -1;
    for (int i = 0; i < L; ++i) {
        const StorageLevel& al = arch.levels[i];
        double reads = 0, writes = 0;
        for (int ti = 0; ti < kNumTensors; ++ti) {
            const double w = wordsPerElement(arch, i, static_cast<Tensor>(ti));
            reads += w * per[i][ti].reads;
            writes += w * (per[i][ti].fills + per[i][ti].updates);
        }
        double c = 0;
        if (al.readBandwidth > 0) c = std::max(c, reads / al.readBandwidth);
        if (al.writeBandwidth > 0) c = std::max(c, writes / al.writeBandwidth);
        out.levels[i].cycles = c;
        if (c > cycles) {
            cycles = c;
            boundLevel = i;
        }
    }
    out.cycles = cycles;
    out.utilization = static_cast<double>(out.usefulMacs) / (cycles * static_cast<double>(arch.macUnits()));

    // Energy.
    double total = 0;
    for (int i = 0; i < L; ++i) {
        const StorageLevel& al = arch.levels[i];
        LevelEvaluation& lv = out.levels[i];
        const double inst = static_cast<double>(utilized[i]);
        const std::int64_t block = al.energy.blockWords;
        for (int ti = 0; ti < kNumTensors; ++ti) {
            const TensorAccesses& a = per[i][ti];
            const double w = wordsPerElement(arch, i, static_cast<Tensor>(ti));
            lv.accessPj += inst * (vectorActions(w * a.reads, block) * al.energy.readPj +
                                   vectorActions(w * a.fills, block) * al.energy.writePj +
                                   vectorActions(w * a.updates, block) * al.energy.updatePj);
            lv.tensor[ti].reads = a.reads * inst;
            lv.tensor[ti].fills = a.fills * inst;
            lv.tensor[ti].updates = a.updates * inst;
        }
        lv.leakPj = al.leakPjPerCycle * cycles * inst;
        lv.networkPj = lv.networkWords * al.networkPjPerWord;
        total += lv.energyPj();
    }
    out.macPj = static_cast<double>(out.paddedMacs) * arch.compute.macPj;
    out.macLeakPj = arch.compute.leakPjPerCycle * cycles * static_cast<double>(utilized[L]);
    out.energyPj = total + out.macPj + out.macLeakPj;
    out.areaUm2 = architectureAreaUm2(arch);

    // Roofline.
    Roofline& r = out.roofline;
    const double useful = static_cast<double>(out.usefulMacs);
    r.peakMacsPerCycle = static_cast<double>(arch.macUnits());
    r.attainableMacsPerCycle = r.peakMacsPerCycle;
    for (int i = 0; i < L; ++i) {
        double bytes = 0;
        for (int ti = 0; ti < kNumTensors; ++ti) {
            const TensorAccesses& a = out.levels[i].tensor[ti];
            bytes += (a.reads + a.fills + a.updates) * elementBits(arch, i, static_cast<Tensor>(ti)) / 8.0;
        }
        r.levelIntensity[i] = bytes > 0 ? useful / bytes : 0;
        if (i == 0) {
            r.dramBytes = bytes;
            r.operationalIntensity = r.levelIntensity[0];
        }
        if (out.levels[i].cycles > 0) {
            r.levelCeiling[i] = useful / out.levels[i].cycles;  // = intensity x the level's bandwidth
            r.attainableMacsPerCycle = std::min(r.attainableMacsPerCycle, r.levelCeiling[i]);
        }
    }
    r.achievedMacsPerCycle = useful / cycles;
    r.bound = boundLevel < 0 ? Bound::Compute : Bound::Level;
    r.boundLevel = boundLevel;
    return true;
}

double architectureAreaUm2(const Architecture& arch) {
    double area = 0;
    for (int i = 0; i < arch.levelCount(); ++i) {
        const auto inst = static_cast<double>(arch.instances(i));
        area += inst * (arch.levels[i].areaUm2 + arch.levels[i].networkAreaUm2);
    }
    return area + static_cast<double>(arch.macUnits()) * arch.compute.macAreaUm2 + arch.vector.areaUm2;
}

}  // namespace accelscope
