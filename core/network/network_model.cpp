// Every op of a network through the mapper, the vector unit and the fusion plan; see network_model.h.
// evaluateNetwork() runs in stages: map the MAC layers (the given mappings where valid) -> plan the
// fusion (and the unfused plan it is compared with) -> cost every op on its unit -> overlap fused ops
// with their producers -> add up the network -> rank the bottleneck categories.
#include "network/network_model.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "util/thread_pool.h"
#include "mapper/network_mapper.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "network/activation_memory.h"
#include "workload/batch.h"

namespace accelscope {
namespace {

// ---- stage 1: the MAC layers' mappings ----
struct LayerMappings {
    NetworkMapResult maps;
    std::vector<bool> given;  // per MAC layer: costed with the mapping the settings gave
};

// The mapper's mappings, replaced by the settings' given mappings where those are valid.
LayerMappings mapLayers(const Architecture& arch, const Workload& w, const NetworkSettings& s, ThreadPool& pool,
                        RunControl* control) {
    LayerMappings m{mapWorkload(arch, w, withDataflow(s.constraints, s.dataflow, arch), s.mapper, pool, control), {}};
    m.given.assign(m.maps.layers.size(), false);
    for (std::size_t k = 0; k < m.maps.layers.size(); ++k) {
        LayerMapping& lm = m.maps.layers[k];
        const auto found = s.givenMappings.find(lm.op);
        if (found == s.givenMappings.end()) continue;
        Evaluation e;
        if (!evaluate(arch, lm.problem, found->second, e)) continue;
        m.given[k] = true;
        lm.result.found = true;
        lm.result.mapping = found->second;
        lm.result.evaluation = e;
        lm.result.objective = objectiveValue(s.mapper.objective, e);
    }
    m.maps.complete = !m.maps.cancelled && std::all_of(m.maps.layers.begin(), m.maps.layers.end(),
                                                       [](const LayerMapping& l) { return l.result.found; });
    return m;
}

// ---- stage 2: the fusion plan ----
struct FusionPlans {
    FusionPlan planned;  // as the settings ask
    FusionPlan unfused;  // fusion off: what the plan's savings are measured against
};

FusionPlans planFusions(const Architecture& arch, const Workload& w, const NetworkSettings& s,
                        double bytesPerElement) {
    FusionSettings fs;
    fs.mode = s.fusion;
    fs.bytesPerElement = static_cast<std::int64_t>(bytesPerElement);
    fs.globalBufferBytes = globalBufferBytes(arch, s.residentShare);
    FusionSettings unfused = fs;
    unfused.mode = FusionMode::None;
    return {planFusion(w, fs), planFusion(w, unfused)};
}

// Activation bytes one instance of op i moves to and from DRAM, as planned and without fusion.
struct ActivationTraffic {
    double readBytes = 0, writeBytes = 0;
    double unfusedReadBytes = 0, unfusedWriteBytes = 0;
};

ActivationTraffic activationTraffic(const FusionPlans& plans, std::size_t i, double repeat) {
    return {static_cast<double>(plans.planned.ops[i].dramReadBytes) / repeat,
            static_cast<double>(plans.planned.ops[i].dramWriteBytes) / repeat,
            static_cast<double>(plans.unfused.ops[i].dramReadBytes) / repeat,
            static_cast<double>(plans.unfused.ops[i].dramWriteBytes) / repeat};
}

// ---- stage 3: every op on its unit ----
struct VectorCosts {
    double lanes = 1, opPj = 0;
    static VectorCosts of(const Architecture& a) {
        if (a.vector.lanes > 0) return {static_cast<double>(a.vector.lanes), a.vector.opPj};
        return {static_cast<double>(a.macUnits()), a.compute.macPj};  // no vector unit: the MAC array
    }
};

// What costing any op needs, fixed for the network.
struct OpCosting {
    const Architecture& arch;
    const NetworkSettings& settings;
    ActivationMemory mem;
    VectorCosts vec;
    double activationElementBytes;  // an activation element, at least one byte
    // Bytes of one element of each tensor in DRAM, as the cost model counts them (outputs leave requantised).
    double dramWeightBytes, dramInputBytes, dramOutputBytes;

    OpCosting(const Architecture& a, const NetworkSettings& s, double elementBytes)
        : arch(a), settings(s), mem(ActivationMemory::of(a)), vec(VectorCosts::of(a)),
          activationElementBytes(elementBytes), dramWeightBytes(elementBits(a, 0, Tensor::Weights) / 8.0),
          dramInputBytes(elementBits(a, 0, Tensor::Inputs) / 8.0),
          dramOutputBytes(elementBits(a, 0, Tensor::Outputs) / 8.0) {}
};

// An op on the vector unit, per instance: `ops` operations, activations moved as the plan says
// (the rest through the global buffer), `dramReadBytes` including any weights.
void costOnVector(const OpCosting& k, double ops, double elementsIn, double elementsOut, double dramReadBytes,
                  double dramWriteBytes, OpCost& c) {
    const ActivationMemory& mem = k.mem;
    const double compute = std::ceil(ops / k.vec.lanes);
    const double dram = std::max(mem.readCycles(dramReadBytes), mem.writeCycles(dramWriteBytes));
    c.cycles = std::max(compute, dram);
    c.bound = dram > compute ? OpBound::memory(mem.dramLevel) : OpBound{OpBound::Kind::Vector};
    c.unit = OpUnit::Vector;
    const double dramReadWords = dramReadBytes / mem.dramWordBytes, dramWriteWords = dramWriteBytes / mem.dramWordBytes;
    const double bufReads = std::max(0.0, elementsIn - dramReadBytes / k.activationElementBytes);
    const double bufWrites = std::max(0.0, elementsOut - dramWriteBytes / k.activationElementBytes);
    c.energyPj = ops * k.vec.opPj + dramReadWords * mem.dramReadPj + dramWriteWords * mem.dramWritePj +
                 bufReads * mem.bufReadPj + bufWrites * mem.bufWritePj;
    c.dramBytes = dramReadBytes + dramWriteBytes;
}

// The MAC array's time for one instance when DRAM does not bind: the pipeline or the slowest on-chip
// level's bandwidth, and which of them binds.
double onChipCycles(const Evaluation& e, OpBound& bound) {
    double cycles = e.pipelineCycles;
    bound = {OpBound::Kind::Compute};
    for (int l = 1; l < e.levelCount; ++l)
        if (e.levels[l].cycles > cycles) cycles = e.levels[l].cycles, bound = OpBound::memory(l);
    return cycles;
}

// A mapped MAC op on the array, per instance, as the cost model costed it except that the DRAM
// accesses of activations the plan keeps on chip go to the global buffer instead.
void costOnArray(const OpCosting& k, const Evaluation& e, const ActivationTraffic& t, OpCost& c) {
    const Architecture& arch = k.arch;
    const ActivationMemory& mem = k.mem;
    const double keepIn = t.unfusedReadBytes > 0 ? 1.0 - t.readBytes / t.unfusedReadBytes : 0.0;
    const double keepOut = t.unfusedWriteBytes > 0 ? 1.0 - t.writeBytes / t.unfusedWriteBytes : 0.0;
    const auto& d = e.levels[0].tensor;
    const double inR = d[1].reads, outR = d[2].reads, outU = d[2].updates, wR = d[0].reads;
    // In DRAM words, as the cost model counts them (a wide element takes several).
    const double wW = wordsPerElement(arch, 0, Tensor::Weights), wI = wordsPerElement(arch, 0, Tensor::Inputs),
                 wO = wordsPerElement(arch, 0, Tensor::Outputs);
    const double savedR = keepIn * inR * wI + keepOut * outR * wO, savedW = keepOut * outU * wO;
    const double energy = e.energyPj - savedR * (mem.dramReadPj - mem.bufReadPj) - savedW * (mem.dramWritePj - mem.bufWritePj);
    const double dramR = wR * wW + inR * wI + outR * wO - savedR, dramW = outU * wO - savedW;
    const StorageLevel& dram = arch.levels[0];
    const double dramCycles = std::max(dram.readBandwidth > 0 ? dramR / dram.readBandwidth : 0.0,
                                       dram.writeBandwidth > 0 ? dramW / dram.writeBandwidth : 0.0);
    OpBound onChip;
    const double other = onChipCycles(e, onChip);
    c.cycles = std::max(other, dramCycles);
    c.bound = dramCycles > other ? OpBound::memory(0) : onChip;
    c.energyPj = energy;
    c.dramBytes = wR * k.dramWeightBytes + inR * (1 - keepIn) * k.dramInputBytes +
                  (outR + outU) * (1 - keepOut) * k.dramOutputBytes;
    c.unit = OpUnit::MacArray;
}

// A MAC op: on the array with its layer's mapping, or on the vector unit when that is faster for a
// grouped or depthwise conv (which barely fills the array).
void costMacOp(const OpCosting& k, const Op& op, const OpFigures& f, const ActivationTraffic& t,
               const LayerMapping& lm, bool given, OpCost& c) {
    if (!lm.result.found) {
        c.mapped = false;
        c.unit = OpUnit::MacArray;
        c.bound = {OpBound::Kind::NoValidMapping};
        return;
    }
    const Evaluation& e = lm.result.evaluation;
    c.givenMapping = given;
    c.mapping = lm.result.mapping;
    c.evaluation = e;
    c.paddedMacs = e.paddedMacs * op.repeat;
    costOnArray(k, e, t, c);
    if (op.kind == OpKind::Conv && op.groups > 1 && k.arch.vector.lanes > 0) {
        OpCost v = c;
        costOnVector(k, static_cast<double>(f.macs), static_cast<double>(f.inputElements),
                     static_cast<double>(f.outputElements),
                     t.readBytes + static_cast<double>(f.weightElements) * k.dramWeightBytes, t.writeBytes, v);
        if (v.cycles < c.cycles) {
            c = v;
            c.paddedMacs = c.macs;
        }
    }
}

// The op as it is, before it is costed: its name and counts, repeat counted.
OpCost describeOp(const Op& op, const OpFigures& f) {
    OpCost c;
    c.name = op.name;
    c.kind = op.kind;
    c.category = opCategory(op);
    c.groups = op.groups;
    c.repeat = op.repeat;
    c.macs = f.macs * op.repeat;
    c.paddedMacs = c.macs;
    c.elementOps = f.elementOps * op.repeat;
    return c;
}

// Op i of the network, repeat counted; `layer` is the next MAC layer's index in `mapped`, advanced
// past this op's.
OpCost costOp(const OpCosting& k, const Workload& w, std::size_t i, const FusionPlans& plans,
              const LayerMappings& mapped, std::size_t& layer) {
    const Op& op = w.ops[i];
    const OpFigures f = w.figures(op);
    OpCost c = describeOp(op, f);
    const double rep = static_cast<double>(op.repeat);
    const ActivationTraffic t = activationTraffic(plans, i, rep);
    if (opFamily(op.kind) == OpFamily::View) {
        c.unit = OpUnit::None;
        c.bound = {OpBound::Kind::None};
    } else if (k.settings.fusion != FusionMode::None && op.kind == OpKind::BatchNorm && op.foldable) {
        c.unit = OpUnit::None;  // folded into the producing conv's weights and bias by the compiler
        c.bound = {OpBound::Kind::Folded};
        c.elementOps = 0;
    } else if (op.isMacOp()) {
        costMacOp(k, op, f, t, mapped.maps.layers[layer], mapped.given[layer], c);
        ++layer;
        if (!c.mapped) return c;
    } else {
        costOnVector(k, static_cast<double>(f.elementOps), static_cast<double>(f.inputElements),
                     static_cast<double>(f.outputElements),
                     t.readBytes + static_cast<double>(f.weightElements) * k.activationElementBytes, t.writeBytes, c);
    }
    c.cycles *= rep;
    c.energyPj *= rep;
    c.dramBytes *= rep;
    return c;
}

// ---- stage 4: fused ops ----
// A fused op runs in its producer's kernel: its vector work overlaps the producer's (pipelined),
// so the fused group takes the longest of them; energies still add up.
void overlapFusedOps(const FusionPlan& plan, std::vector<OpCost>& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const int root = plan.ops[i].fusedInto;
        if (root < 0 || ops[i].unit == OpUnit::None || !ops[root].mapped) continue;
        OpCost& rootCost = ops[static_cast<std::size_t>(root)];
        rootCost.fusedCycles += ops[i].cycles;
        ops[i].overlapped = true;
    }
    for (OpCost& c : ops)
        if (c.fusedCycles > c.cycles) {
            c.cycles = c.fusedCycles;
            c.bound = {OpBound::Kind::FusedVectorWork};
        }
}

// ---- stage 5: the network's totals ----
void addUpNetwork(const Architecture& arch, const NetworkSettings& s, NetworkResult& r) {
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
}

// ---- stage 6: bottlenecks ----
// Shares of MACs, cycles and energy per op category, by share of cycles, largest first.
std::vector<BottleneckRow> bottleneckRows(const NetworkResult& r) {
    std::map<std::string, BottleneckRow> rows;
    for (const OpCost& c : r.ops) {
        if (c.unit == OpUnit::None) continue;
        BottleneckRow& row = rows[c.category];
        row.category = c.category;
        ++row.ops;
        row.macShare += r.usefulMacs > 0 ? static_cast<double>(c.macs) / static_cast<double>(r.usefulMacs) : 0;
        row.cycleShare += r.cycles > 0 && !c.overlapped ? c.cycles / r.cycles : 0;
        row.energyShare += r.energyPj > 0 ? c.energyPj / r.energyPj : 0;
    }
    std::vector<BottleneckRow> ranked;
    for (auto& [name, row] : rows) ranked.push_back(row);
    std::sort(ranked.begin(), ranked.end(), [](const BottleneckRow& a, const BottleneckRow& b) {
        return a.cycleShare != b.cycleShare ? a.cycleShare > b.cycleShare : a.category < b.category;
    });
    return ranked;
}

bool isDepthwise(const Op& op) { return op.kind == OpKind::Conv && op.groups > 1 && op.groups == op.C && op.groups == op.K; }
}  // namespace

std::string_view opUnitName(OpUnit unit) {
    switch (unit) {
    case OpUnit::MacArray: return "mac array";
    case OpUnit::Vector: return "vector";
    case OpUnit::None: return "none";
    }
    return "none";
}

std::string opBoundName(const OpBound& bound, const Architecture& arch) {
    switch (bound.kind) {
    case OpBound::Kind::Compute: return "compute";
    case OpBound::Kind::Vector: return "vector";
    case OpBound::Kind::Memory: return arch.levels[static_cast<std::size_t>(bound.level)].name;
    case OpBound::Kind::None: return "none";
    case OpBound::Kind::Folded: return "folded";
    case OpBound::Kind::NoValidMapping: return "no valid mapping";
    case OpBound::Kind::FusedVectorWork: return "fused vector work";
    }
    return "none";
}

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
    const LayerMappings mapped = mapLayers(arch, w, s, pool, control);
    r.complete = mapped.maps.complete;

    const double activationElementBytes = std::max(1, arch.bits[static_cast<int>(Tensor::Inputs)] / 8);
    const FusionPlans plans = planFusions(arch, w, s, activationElementBytes);
    r.activationBytesSaved = plans.planned.dramBytesUnfused - plans.planned.dramBytes;
    r.fusionMethod = s.fusion == FusionMode::GlobalMemory ? plans.planned.residency.method : "";

    const OpCosting costing(arch, s, activationElementBytes);
    std::size_t layer = 0;
    for (std::size_t i = 0; i < w.ops.size(); ++i) r.ops.push_back(costOp(costing, w, i, plans, mapped, layer));
    overlapFusedOps(plans.planned, r.ops);
    addUpNetwork(arch, s, r);
    r.bottlenecks = bottleneckRows(r);
    return r;
}

}  // namespace accelscope
