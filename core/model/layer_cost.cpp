// The loop-nest analysis behind evaluate(), in stages (the semantics are summarised in layer_cost.h):
//   validate -> describe the nest (tile extents, fan-outs, utilised instances, systolic folds) ->
//   compute (MACs, the MAC array's pipeline) -> tile each level (tiles, loads, partitions, capacity) ->
//   count accesses (reads, fills, updates per keeper) -> cycles -> energy -> roofline.
#include "model/layer_cost.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "model/link_transfers.h"
#include "model/sliding_window.h"
#include "model/systolic_timing.h"
#include "model/tile_loads.h"

namespace accelscope {
namespace {

constexpr int idx(Dim d) { return static_cast<int>(d); }
constexpr int tidx(Tensor t) { return static_cast<int>(t); }
constexpr std::uint32_t bit(Dim d) { return 1u << idx(d); }

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

// ---- stage 1: the mapping against the architecture ----
bool validate(const Architecture& arch, const Mapping& m, Evaluation& out) {
    const int L = arch.levelCount();
    if (m.levelCount != L || L > kMaxLevels || L == 0) return fail(out, Invalid::LevelCount, -1, -1, -1, m.levelCount, L);
    return true;
}

// The rest of stage 1, once the nest is described: coverage (the whole nest's extents), then each
// level's fan-outs and keeps.
bool validateLevels(const Architecture& arch, const ProblemShape& p, const Mapping& m, const Extents& whole,
                    Evaluation& out) {
    const int L = arch.levelCount();
    for (Dim d : kAllDims)
        if (whole[idx(d)] < p[d]) return fail(out, Invalid::Coverage, -1, -1, idx(d), p[d], whole[idx(d)]);
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
        if (x > lv.spatialWorkX()) return fail(out, Invalid::SpatialX, i, -1, -1, x, lv.meshX);
        if (y > lv.spatialWorkY()) return fail(out, Invalid::SpatialY, i, -1, -1, y, lv.meshY);
        for (Tensor t : kAllTensors) {
            if (lm.keep[tidx(t)] && !lv.keeps[tidx(t)]) return fail(out, Invalid::KeepNotAllowed, i, tidx(t));
            if (i == 0 && !lm.keep[tidx(t)]) return fail(out, Invalid::OutermostBypass, i, tidx(t));
        }
    }
    return true;
}

// ---- stage 2: the nest ----
struct Nest {
    int levels = 0;
    LoopNest loops;                                         // every temporal loop, innermost first
    // Written for levels 0..L before being read (no clearing: evaluate() is hot).
    std::array<Extents, kMaxLevels + 1> below;              // the tile extents of each level (L: one MAC)
    std::array<std::int64_t, kMaxLevels + 1> fan;           // spatial factors of level i's fan-out, multiplied
    std::array<std::int64_t, kMaxLevels + 1> utilized;      // instances of level i doing work (L: MAC units)
    // Level i's spatial factors of the dims relevant to weights and to outputs, multiplied: the
    // distinct data sets among its children for those tensors.
    std::array<std::int64_t, kMaxLevels> weightGroups, outputGroups;
    std::int64_t computeCycles = 1;                         // temporal iterations
    // The systolic fan-out (-1: none) and its spatial folds over x and y (systolic_timing.h).
    int systolicLevel = -1;
    std::int64_t foldsX = 1, foldsY = 1;
};

// The systolic fan-out, if any, and its spatial folds over x and y.
void describeFolds(const Architecture& arch, const Mapping& m, Nest& n) {
    n.systolicLevel = systolicLevel(arch);
    n.foldsX = n.foldsY = 1;
    if (n.systolicLevel < 0) return;
    n.foldsX = spatialFolds(arch, m, n.systolicLevel, true);
    n.foldsY = spatialFolds(arch, m, n.systolicLevel, false);
}

// Every level's tile extents, fan-out and utilised instances, the temporal loops, the systolic folds.
void describeNest(const Architecture& arch, const Mapping& m, Nest& n) {
    const int L = arch.levelCount();
    n.levels = L;
    n.below[L].fill(1);
    n.computeCycles = 1;
    for (int i = L - 1; i >= 0; --i) {
        n.fan[i] = n.weightGroups[i] = n.outputGroups[i] = 1;
        for (Dim d : kAllDims) {
            const std::int64_t s = m.levels[i].spatial(d), t = m.levels[i].temporal[idx(d)];
            n.below[i][idx(d)] = n.below[i + 1][idx(d)] * s * t;
            n.fan[i] *= s;
            if (isRelevant(Tensor::Weights, d)) n.weightGroups[i] *= s;
            if (isRelevant(Tensor::Outputs, d)) n.outputGroups[i] *= s;
            n.computeCycles *= t;
        }
    }
    n.utilized[0] = 1;
    for (int i = 1; i <= L; ++i) n.utilized[i] = n.utilized[i - 1] * n.fan[i - 1];
    describeLoops(m, n.below, n.loops);
    describeFolds(arch, m, n);
}

// A systolic array's spatial folds run one after another: a tensor shared along an axis that folds
// (broadcast to, or reduced from, every PE of the axis: no dim unrolled on it is relevant to the
// tensor) is read or written once per fold, not once.
double foldRepeats(const LevelMapping& lm, const Nest& n, int j, Tensor t) {
    if (j != n.systolicLevel) return 1;
    const auto shared = [&](const DimFactors& f) {
        for (Dim d : kAllDims)
            if (f[idx(d)] > 1 && isRelevant(t, d)) return false;
        return true;
    };
    double r = 1;
    if (n.foldsX > 1 && shared(lm.spatialX)) r *= static_cast<double>(n.foldsX);
    if (n.foldsY > 1 && shared(lm.spatialY)) r *= static_cast<double>(n.foldsY);
    return r;
}

// ---- stage 3: compute ----
// The MACs the nest runs and the cycles the MAC array needs when nothing waits for memory: its
// temporal iterations, or a systolic array's folds (systolic_timing.h).
void countCompute(const Architecture& arch, const ProblemShape& p, const Nest& n, Evaluation& out) {
    const int L = n.levels;
    // A systolic array's folds reuse its MACs: at most every MAC unit works at once.
    out.utilizedMacUnits = std::min(n.utilized[L], arch.macUnits());
    out.computeCycles = n.computeCycles;
    out.paddedMacs = n.computeCycles * n.utilized[L];
    out.usefulMacs = p.macs();
    out.pipelineCycles = static_cast<double>(n.computeCycles);
    if (n.systolicLevel < 0) return;
    const SystolicTiming st = systolicTiming(arch, n.systolicLevel, n.foldsX, n.foldsY, n.loops, n.computeCycles);
    out.pipelineCycles = st.cycles;
    out.systolicFolds = st.folds;
    out.systolicStreamCycles = st.streamCycles;
    out.systolicFillDrainCycles = st.fillDrainCycles;
}

// ---- stage 4: tiles, loads and partitions of every kept tensor; capacity ----
struct Tiles {
    // Per instance: words loaded over the layer (the first tile and every later delta), and the
    // distinct words that pass through (the partition).
    // Written for every kept tensor before being read.
    std::array<std::array<std::int64_t, kNumTensors>, kMaxLevels> loads, partition;
};

bool tileLevels(const Architecture& arch, const ProblemShape& p, const Mapping& m, const Nest& n, Tiles& tiles,
                Evaluation& out) {
    Extents aboveTemporal;
    aboveTemporal.fill(1);
    for (int i = 0; i < n.levels; ++i) {
        LevelEvaluation& lv = out.levels[i];
        lv.utilizedInstances = n.utilized[i];
        const LoopsAbove loops = loopsAbove(n.loops, i);
        Extents whole;
        for (int d = 0; d < kNumDims; ++d) whole[d] = n.below[i][d] * aboveTemporal[d];
        std::int64_t used = 0;
        for (Tensor t : kAllTensors) {
            const int ti = tidx(t);
            lv.kept[ti] = m.levels[i].keep[ti];
            if (!lv.kept[ti]) continue;
            const std::int64_t tile = tileWords(t, n.below[i], p);
            lv.tensor[ti].tileWords = tile;
            lv.tensor[ti].partitionWords = tiles.partition[i][ti] = tileWords(t, whole, p);
            tiles.loads[i][ti] = tileLoads(t, n.below[i], tile, loops, p, arch.haloReuse);
            used += tile;
            const std::int64_t cap = arch.levels[i].partitionWords[ti];
            if (cap > 0 && tile > cap) return fail(out, Invalid::PartitionCapacity, i, ti, -1, tile, cap);
        }
        const std::int64_t cap = arch.levels[i].capacityWords;
        if (cap > 0 && used > cap) return fail(out, Invalid::Capacity, i, -1, -1, used, cap);
        for (Dim d : kAllDims) aboveTemporal[idx(d)] *= m.levels[i].temporal[idx(d)];
    }
    return true;
}

// ---- stage 5: accesses ----
// |{a*x + b*y : 0 <= x < X, 0 <= y < Y}| for a, b >= 1: the distinct window starts of X x Y children.
// Two children collide exactly when x differs by a multiple of b/g and y by the matching multiple of
// a/g (g = gcd(a, b)); every point whose x >= b/g and y + a/g < Y repeats another.
std::int64_t distinctStarts(std::int64_t X, std::int64_t Y, std::int64_t a, std::int64_t b) {
    if (X == 1 || Y == 1) return X * Y;
    const std::int64_t g = std::gcd(a, b), ap = a / g, bp = b / g;
    return X * Y - std::max<std::int64_t>(0, X - bp) * std::max<std::int64_t>(0, Y - ap);
}

// Distinct tiles among the children of one instance of level j, for tensor t (Timeloop's multicast
// and spatial reduction: children whose deltas are the same set share one access; children whose
// windows only overlap do not). The children's tiles have extents `child`.
double childGroups(const StorageLevel& level, const LevelMapping& lm, const Nest& n, int j, Tensor t,
                   const ProblemShape& p) {
    const bool share = t == Tensor::Outputs ? level.spatialReduction : level.multicast;
    if (!share) return static_cast<double>(n.fan[j]);
    const double repeats = foldRepeats(lm, n, j, t);
    const Extents& child = n.below[j + 1];
    std::int64_t groups = 1;
    switch (t) {
    case Tensor::Weights: groups = n.weightGroups[j]; break;
    case Tensor::Outputs: groups = n.outputGroups[j]; break;
    case Tensor::Inputs:
        groups = lm.spatial(Dim::N) * lm.spatial(Dim::G) * lm.spatial(Dim::C) *
                 distinctStarts(lm.spatial(Dim::P), lm.spatial(Dim::R), child[idx(Dim::P)] * p.strideH,
                                child[idx(Dim::R)] * p.dilationH) *
                 distinctStarts(lm.spatial(Dim::Q), lm.spatial(Dim::S), child[idx(Dim::Q)] * p.strideW,
                                child[idx(Dim::S)] * p.dilationW);
        break;
    }
    return static_cast<double>(groups) * repeats;
}

using PerLevelAccesses = std::array<std::array<TensorAccesses, kNumTensors>, kMaxLevels>;

// Loads of level j's tile of t per instance (j = L: the MAC units, which take every operand anew).
double levelLoads(const Architecture& arch, const ProblemShape& p, const Mapping& m, const Nest& n, const Tiles& tiles,
                  int j, Tensor t) {
    if (j == n.levels) return static_cast<double>(n.computeCycles);
    if (m.levels[j].keep[tidx(t)]) return static_cast<double>(tiles.loads[j][tidx(t)]);
    return static_cast<double>(
        tileLoads(t, n.below[j], tileWords(t, n.below[j], p), loopsAbove(n.loops, j), p, arch.haloReuse));
}

// Per instance of each keeper: reads, fills and updates. A keeper serves the next keeper below it
// (or the MACs); every level in between groups its children (childGroups), so a keeper's reads are
// the child keeper's loads times the groups of each fan-out on the way (Timeloop's multicast per
// level, telescoped through the levels that bypass the tensor), less what neighbour links spare.
void countAccesses(const Architecture& arch, const ProblemShape& p, const Mapping& m, const Nest& n, const Tiles& tiles,
                   PerLevelAccesses& per, Evaluation& out) {
    const int L = n.levels;
    for (int i = 0; i < L; ++i) per[i] = {};
    for (Tensor t : kAllTensors) {
        const int ti = tidx(t);
        int child = L;  // the next level below that keeps t; L = the MAC units
        for (int i = L - 1; i >= 0; --i) {
            if (!m.levels[i].keep[ti]) continue;
            double groups = 1, children = 1;
            for (int j = i; j < child; ++j) {
                double g = childGroups(arch.levels[j], m.levels[j], n, j, t, p);
                if (arch.levels[j].neighbourLinks && n.fan[j] > 1) {
                    const LinkTransfers links = linkTransfers(arch, p, m, n.below, loopsAbove(n.loops, j + 1), j, t);
                    if (links.savedReads > 0) g -= links.savedReads / levelLoads(arch, p, m, n, tiles, j + 1, t);
                    // Timeloop charges what the children pass on to the child keeper right below:
                    // reads to send, fills to receive (spread over all of its instances).
                    if (j + 1 == child && child < L && links.transferred > 0) {
                        const double peer = links.transferred / static_cast<double>(n.utilized[child]);
                        per[child][ti].reads += peer;
                        per[child][ti].fills += peer;
                    }
                }
                groups *= g;
                children *= static_cast<double>(n.fan[j]);
            }
            const double childLoads = child == L ? static_cast<double>(n.computeCycles)
                                                 : static_cast<double>(tiles.loads[child][ti]);
            TensorAccesses& a = per[i][ti];
            const double partition = static_cast<double>(tiles.partition[i][ti]);
            if (t == Tensor::Outputs) {
                // Updates: partial sums arriving; the first write of each output needs no read.
                a.updates = childLoads * groups;
                a.reads = std::max(0.0, a.updates - partition);
                a.fills = i == 0 ? 0.0 : std::max(0.0, static_cast<double>(tiles.loads[i][ti]) - partition);
            } else {
                a.reads = childLoads * groups;
                a.fills = i == 0 ? 0.0 : static_cast<double>(tiles.loads[i][ti]);
            }
            // Network: every child receives its own words; partial sums arrive before reduction.
            const double perChild = t == Tensor::Outputs ? childLoads + (child == L ? 0.0 : per[child][ti].fills)
                                                         : childLoads;
            out.levels[i].networkWords += perChild * children * static_cast<double>(n.utilized[i]);
            child = i;
        }
    }
}

// ---- stage 6: cycles ----
// The slowest of the MAC array's pipeline and every level's bandwidth, and the utilisation it gives.
void countCycles(const Architecture& arch, const Nest& n, const PerLevelAccesses& per, Evaluation& out) {
    double cycles = out.pipelineCycles;
    int boundLevel = -1;
    for (int i = 0; i < n.levels; ++i) {
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
        if (al.sharedBandwidth > 0) c = std::max(c, (reads + writes) / al.sharedBandwidth);
        out.levels[i].cycles = c;
        if (c > cycles) {
            cycles = c;
            boundLevel = i;
        }
    }
    out.cycles = cycles;
    out.roofline.boundLevel = boundLevel;
    out.utilization = static_cast<double>(out.usefulMacs) / (out.cycles * static_cast<double>(arch.macUnits()));
}

// ---- stage 7: energy ----
double vectorActions(double scalars, std::int64_t block) {
    return block <= 1 ? scalars : std::ceil(scalars / static_cast<double>(block));
}

void countEnergy(const Architecture& arch, const Nest& n, const PerLevelAccesses& per, Evaluation& out) {
    double total = 0;
    for (int i = 0; i < n.levels; ++i) {
        const StorageLevel& al = arch.levels[i];
        LevelEvaluation& lv = out.levels[i];
        const double inst = static_cast<double>(n.utilized[i]);
        // Instances that share accesses pay once per cluster (Timeloop: the utilised clusters are the
        // utilised instances, at most the level's instances over the cluster size).
        const std::int64_t cluster = al.energy.clusterInstances;
        const double accessing =
            cluster <= 1 ? inst : std::min(inst, static_cast<double>(arch.instances(i) / cluster));
        const std::int64_t block = al.energy.blockWords;
        for (int ti = 0; ti < kNumTensors; ++ti) {
            const TensorAccesses& a = per[i][ti];
            const double w = wordsPerElement(arch, i, static_cast<Tensor>(ti));
            // Timeloop: vector actions per instance, each op type rounded up on its own.
            lv.accessPj += accessing * (vectorActions(w * a.reads, block) * al.energy.readPj +
                                   vectorActions(w * a.fills, block) * al.energy.writePj +
                                   vectorActions(w * a.updates, block) * al.energy.updatePj);
            lv.tensor[ti].reads = a.reads * inst;
            lv.tensor[ti].fills = a.fills * inst;
            lv.tensor[ti].updates = a.updates * inst;
        }
        // Leakage: the physical instances at work (a systolic array's folds reuse the same PEs).
        lv.leakPj = al.leakPjPerCycle * out.cycles * std::min(inst, static_cast<double>(arch.instances(i)));
        lv.networkPj = lv.networkWords * al.networkPjPerWord;
        total += lv.energyPj();
    }
    out.macPj = static_cast<double>(out.paddedMacs) * arch.compute.macPj;
    out.macLeakPj = arch.compute.leakPjPerCycle * out.cycles *
                    static_cast<double>(std::min(n.utilized[n.levels], arch.macUnits()));
    out.energyPj = total + out.macPj + out.macLeakPj;
}

// ---- stage 8: roofline ----
void fillRoofline(const Architecture& arch, Evaluation& out) {
    Roofline& r = out.roofline;
    const double useful = static_cast<double>(out.usefulMacs);
    r.peakMacsPerCycle = static_cast<double>(arch.macUnits());
    r.attainableMacsPerCycle = r.peakMacsPerCycle;
    for (int i = 0; i < out.levelCount; ++i) {
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
    r.achievedMacsPerCycle = useful / out.cycles;
    r.bound = r.boundLevel < 0 ? Bound::Compute : Bound::Level;
}
}  // namespace

int elementBits(const Architecture& arch, int level, Tensor t) {
    if (const int own = arch.levels[static_cast<std::size_t>(level)].elementBits[static_cast<std::size_t>(t)]; own > 0)
        return own;
    return t == Tensor::Outputs && level == 0 ? arch.bits[static_cast<int>(Tensor::Inputs)]
                                              : arch.bits[static_cast<int>(t)];
}

double wordsPerElement(const Architecture& arch, int level, Tensor t) {
    const int bits = elementBits(arch, level, t), word = std::max(1, arch.levels[level].wordBits);
    return static_cast<double>((bits + word - 1) / word);
}

bool evaluate(const Architecture& arch, const ProblemShape& p, const Mapping& m, Evaluation& out) {
    out.resetFor(arch.levelCount());
    if (!validate(arch, m, out)) return false;
    out.levelCount = arch.levelCount();
    Nest nest;
    describeNest(arch, m, nest);
    if (!validateLevels(arch, p, m, nest.below[0], out)) return false;
    countCompute(arch, p, nest, out);
    Tiles tiles;
    if (!tileLevels(arch, p, m, nest, tiles, out)) return false;
    PerLevelAccesses per;
    countAccesses(arch, p, m, nest, tiles, per, out);
    countCycles(arch, nest, per, out);
    countEnergy(arch, nest, per, out);
    out.areaUm2 = architectureAreaUm2(arch);
    fillRoofline(arch, out);
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
