// Every op of a network through the mapper, the vector unit and the fusion plan; see network_model.h.
#include "network/network_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "util/thread_pool.h"
#include "mapper/network_mapper.h"
#include "model/evaluator.h"
#include "model/power.h"
#include "workload/batch.h"

namespace accelscope {
namespace {

// Per-word energies and bandwidths of the two levels activations move between.
struct MemoryCosts {
    double dramReadPj = 0, dramWritePj = 0;  // per word
    double bufReadPj = 0, bufWritePj = 0;    // the global buffer (the level below DRAM), per word
    double dramWordBytes = 2;
    double dramReadBytesPerCycle = 0, dramWriteBytesPerCycle = 0;  // 0: unlimited
    std::string dramName;

    static MemoryCosts of(const Architecture& a) {
        MemoryCosts m;
        const StorageLevel& d = a.levels.front();
        const StorageLevel& b = a.levels.size() > 1 ? a.levels[1] : d;
        const auto perWord = [](const StorageLevel& l, double pj) {
            return pj / static_cast<double>(std::max<std::int64_t>(l.energy.blockWords, 1));
        };
        m.dramReadPj = perWord(d, d.energy.readPj);
        m.dramWritePj = perWord(d, d.energy.writePj);
        m.bufReadPj = perWord(b, b.energy.readPj);
        m.bufWritePj = perWord(b, b.energy.writePj);
        m.dramWordBytes = d.wordBits / 8.0;
        m.dramReadBytesPerCycle = d.readBandwidth * m.dramWordBytes;
        m.dramWriteBytesPerCycle = d.writeBandwidth * m.dramWordBytes;
        m.dramName = d.name;
        return m;
    }
    double readCycles(double bytes) const { return dramReadBytesPerCycle > 0 ? bytes / dramReadBytesPerCycle : 0; }
    double writeCycles(double bytes) const { return dramWriteBytesPerCycle > 0 ? bytes / dramWriteBytesPerCycle : 0; }
};

struct VectorCosts {
    double lanes = 1, opPj = 0;
    static VectorCosts of(const Architecture& a) {
        if (a.vector.lanes > 0) return {static_cast<double>(a.vector.lanes), a.vector.opPj};
        return {static_cast<double>(a.macUnits()), a.compute.macPj};  // no vector unit: the MAC array
    }
};

// An op on the vector unit, per instance: `ops` operations, activations moved as the plan says
// (the rest through the global buffer), `weightBytes` read from DRAM.
void onVector(const MemoryCosts& mem, const VectorCosts& vec, double ops, double elementsIn, double elementsOut,
              double dramReadBytes, double dramWriteBytes, double bytesPerElement, OpCost& c) {
    const double compute = std::ceil(ops / vec.lanes);
    const double dram = std::max(mem.readCycles(dramReadBytes), mem.writeCycles(dramWriteBytes));
    c.cycles = std::max(compute, dram);
    c.bound = dram > compute ? mem.dramName : "vector";
    c.unit = "vector";
    const double dramReadWords = dramReadBytes / mem.dramWordBytes, dramWriteWords = dramWriteBytes / mem.dramWordBytes;
    const double bufReads = std::max(0.0, elementsIn - dramReadBytes / bytesPerElement);
    const double bufWrites = std::max(0.0, elementsOut - dramWriteBytes / bytesPerElement);
    c.energyPj = ops * vec.opPj + dramReadWords * mem.dramReadPj + dramWriteWords * mem.dramWritePj +
                 bufReads * mem.bufReadPj + bufWrites * mem.bufWritePj;
    c.dramBytes = dramReadBytes + dramWriteBytes;
}

bool isDepthwise(const Op& op) { return op.kind == OpKind::Conv && op.groups > 1 && op.groups == op.C && op.groups == op.K; }
}  // namespace

std::string opCategory(const Op& op) {
    if (op.kind == OpKind::Conv) return isDepthwise(op) ? "depthwise conv" : op.groups > 1 ? "grouped conv" : "conv";
    return std::string(opKindName(op.kind));
}

NetworkResult evaluateNetwork(const Architecture& arch, const Workload& original, const NetworkSettings& s,
                              ThreadPool& pool, RunControl* control) {
    const Workload w = withBatch(original, s.batch);
    NetworkResult r;
    r.workload = w.name;
    r.batch = s.batch;
    NetworkMapResult maps = mapWorkload(arch, w, withDataflow(s.constraints, s.dataflow, arch), s.mapper, pool, control);
    std::vector<bool> given(maps.layers.size(), false);
    for (std::size_t k = 0; k < maps.layers.size(); ++k) {  // given mappings replace the mapper's where valid
        LayerMapping& lm = maps.layers[k];
        const auto found = s.givenMappings.find(lm.op);
        if (found == s.givenMappings.end()) continue;
        Evaluation e;
        if (!evaluate(arch, lm.problem, found->second, e)) continue;
        given[k] = true;
        lm.result.found = true;
        lm.result.mapping = found->second;
        lm.result.evaluation = e;
        lm.result.objective = objectiveValue(s.mapper.objective, e);
    }
    maps.complete = !maps.cancelled &&
                    std::all_of(maps.layers.begin(), maps.layers.end(), [](const LayerMapping& l) { return l.result.found; });
    r.complete = maps.complete;

    const double bpe = std::max(1, arch.bits[static_cast<int>(Tensor::Inputs)] / 8);
    FusionSettings fs;
    fs.mode = s.fusion;
    fs.bytesPerElement = static_cast<std::int64_t>(bpe);
    if (arch.levelCount() > 1) {
        const StorageLevel& b = arch.levels[1];
        fs.globalBufferBytes = static_cast<std::int64_t>(static_cast<double>(b.capacityWords) * b.wordBits / 8.0 *
                                                         static_cast<double>(arch.instances(1)) * s.residentShare);
    }
    const FusionPlan plan = planFusion(w, fs);
    FusionSettings noneSettings = fs;
    noneSettings.mode = FusionMode::None;
    const FusionPlan unfused = planFusion(w, noneSettings);
    r.activationBytesSaved = plan.dramBytesUnfused - plan.dramBytes;
    r.fusionMethod = s.fusion == FusionMode::GlobalMemory ? plan.residency.method : "";

    const MemoryCosts mem = MemoryCosts::of(arch);
    const VectorCosts vec = VectorCosts::of(arch);
    // Bytes of one element in DRAM, as the cost model counts them (outputs leave requantised).
    const double bitsW = elementBits(arch, 0, Tensor::Weights) / 8.0, bitsI = elementBits(arch, 0, Tensor::Inputs) / 8.0,
                 bitsO = elementBits(arch, 0, Tensor::Outputs) / 8.0;
    std::size_t layer = 0;
    for (std::size_t i = 0; i < w.ops.size(); ++i) {
        const Op& op = w.ops[i];
        const OpFigures f = w.figures(op);
        OpCost c;
        c.name = op.name;
        c.kind = op.kind;
        c.category = opCategory(op);
        c.groups = op.groups;
        c.repeat = op.repeat;
        const double rep = static_cast<double>(op.repeat);
        c.macs = f.macs * op.repeat;
        c.paddedMacs = c.macs;
        c.elementOps = f.elementOps * op.repeat;
        // Activation traffic of one instance, as planned and without fusion.
        const double readB = static_cast<double>(plan.ops[i].dramReadBytes) / rep;
        const double writeB = static_cast<double>(plan.ops[i].dramWriteBytes) / rep;
        const double readU = static_cast<double>(unfused.ops[i].dramReadBytes) / rep;
        const double writeU = static_cast<double>(unfused.ops[i].dramWriteBytes) / rep;
        if (opFamily(op.kind) == OpFamily::View) {
            c.unit = "none";
            c.bound = "none";
        } else if (s.fusion != FusionMode::None && op.kind == OpKind::BatchNorm && op.foldable) {
            c.unit = "none";  // folded into the producing conv's weights and bias by the compiler
            c.bound = "folded";
            c.elementOps = 0;
        } else if (op.isMacOp()) {
            const LayerMapping& lm = maps.layers[layer++];
            if (!lm.result.found) {
                c.mapped = false;
                c.unit = "mac array";
                c.bound = "no valid mapping";
                r.ops.push_back(c);
                continue;
            }
            const Evaluation& e = lm.result.evaluation;
            c.givenMapping = given[layer - 1];
            c.mapping = lm.result.mapping;
            c.evaluation = e;
            c.paddedMacs = e.paddedMacs * op.repeat;
            // The DRAM accesses of activations the plan keeps on chip go to the global buffer instead.
            const double keepIn = readU > 0 ? 1.0 - readB / readU : 0.0;
            const double keepOut = writeU > 0 ? 1.0 - writeB / writeU : 0.0;
            const auto& d = e.levels[0].tensor;
            const double inR = d[1].reads, outR = d[2].reads, outU = d[2].updates, wR = d[0].reads;
            // In DRAM words, as the cost model counts them (a wide element takes several).
            const double wW = wordsPerElement(arch, 0, Tensor::Weights), wI = wordsPerElement(arch, 0, Tensor::Inputs),
                         wO = wordsPerElement(arch, 0, Tensor::Outputs);
            const double savedR = keepIn * inR * wI + keepOut * outR * wO, savedW = keepOut * outU * wO;
            const double energy = e.energyPj - savedR * (mem.dramReadPj - mem.bufReadPj) -
                                  savedW * (mem.dramWritePj - mem.bufWritePj);
            const double dramR = wR * wW + inR * wI + outR * wO - savedR, dramW = outU * wO - savedW;
            const double dramCycles = std::max(arch.levels[0].readBandwidth > 0 ? dramR / arch.levels[0].readBandwidth : 0.0,
                                               arch.levels[0].writeBandwidth > 0 ? dramW / arch.levels[0].writeBandwidth : 0.0);
            double other = e.pipelineCycles;
            int otherLevel = -1;
            for (int l = 1; l < e.levelCount; ++l)
                if (e.levels[l].cycles > other) other = e.levels[l].cycles, otherLevel = l;
            c.cycles = std::max(other, dramCycles);
            c.bound = dramCycles > other ? arch.levels[0].name : otherLevel >= 0 ? arch.levels[otherLevel].name : "compute";
            c.energyPj = energy;
            c.dramBytes = wR * bitsW + inR * (1 - keepIn) * bitsI + (outR + outU) * (1 - keepOut) * bitsO;
            c.unit = "mac array";
            // A grouped or depthwise conv barely fills the array: the vector unit may do better.
            if (op.kind == OpKind::Conv && op.groups > 1 && arch.vector.lanes > 0) {
                OpCost v = c;
                onVector(mem, vec, static_cast<double>(f.macs), static_cast<double>(f.inputElements),
                         static_cast<double>(f.outputElements), readB + static_cast<double>(f.weightElements) * bitsW,
                         writeB, bpe, v);
                if (v.cycles < c.cycles) {
                    c = v;
                    c.paddedMacs = c.macs;
                }
            }
        } else {
            onVector(mem, vec, static_cast<double>(f.elementOps), static_cast<double>(f.inputElements),
                     static_cast<double>(f.outputElements), readB + static_cast<double>(f.weightElements) * bpe, writeB,
                     bpe, c);
        }
        c.cycles *= rep;
        c.energyPj *= rep;
        c.dramBytes *= rep;
        r.ops.push_back(c);
    }

    // A fused op runs in its producer's kernel: its vector work overlaps the producer's (pipelined),
    // so the fused group takes the longest of them; energies still add up.
    for (std::size_t i = 0; i < r.ops.size(); ++i) {
        const int root = plan.ops[i].fusedInto;
        if (root < 0 || r.ops[i].unit == "none" || !r.ops[root].mapped) continue;
        OpCost& rootCost = r.ops[static_cast<std::size_t>(root)];
        rootCost.fusedCycles += r.ops[i].cycles;
        r.ops[i].overlapped = true;
    }
    for (OpCost& c : r.ops)
        if (c.fusedCycles > c.cycles) {
            c.cycles = c.fusedCycles;
            c.bound = "fused vector work";
        }
    for (const OpCost& c : r.ops) {
        if (!c.mapped) continue;
        r.cycles += c.overlapped ? 0.0 : c.cycles;
        r.energyPj += c.energyPj;
        r.dramBytes += c.dramBytes;
        r.paddedMacs += c.paddedMacs;
        r.usefulMacs += c.macs;
    }
    r.dramBytesUnfused = r.dramBytes + static_cast<double>(r.activationBytesSaved);
    r.latencyS = r.cycles / (arch.clockGHz * 1e9);
    r.throughput = r.latencyS > 0 ? static_cast<double>(s.batch) / r.latencyS : 0;
    r.areaUm2 = architectureAreaUm2(arch);
    r.tdpW = peakPowerW(arch);
    r.perfPerTdp = r.tdpW > 0 ? r.throughput / r.tdpW : 0;

    std::map<std::string, BottleneckRow> rows;
    for (const OpCost& c : r.ops) {
        if (c.unit == "none") continue;
        BottleneckRow& row = rows[c.category];
        row.category = c.category;
        ++row.ops;
        row.macShare += r.usefulMacs > 0 ? static_cast<double>(c.macs) / static_cast<double>(r.usefulMacs) : 0;
        row.cycleShare += r.cycles > 0 && !c.overlapped ? c.cycles / r.cycles : 0;
        row.energyShare += r.energyPj > 0 ? c.energyPj / r.energyPj : 0;
    }
    for (auto& [name, row] : rows) r.bottlenecks.push_back(row);
    std::sort(r.bottlenecks.begin(), r.bottlenecks.end(), [](const BottleneckRow& a, const BottleneckRow& b) {
        return a.cycleShare != b.cycleShare ? a.cycleShare > b.cycleShare : a.category < b.category;
    });
    return r;
}

}  // namespace accelscope
