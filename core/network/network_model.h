#pragma once
// The full-stack model (FAST): every op of a network on an architecture, at a batch size, after the
// compiler passes.
// - MAC ops (conv, linear, matmul) on the MAC array with the mapper's best mapping; a grouped or
//   depthwise conv, whose array utilisation is low, runs on the vector unit instead when that is
//   faster.
// - Other ops on the vector unit (or, without one, on the MAC array at one op per MAC unit per cycle):
//   cycles = max(element ops / lanes, DRAM bytes / DRAM bandwidth); views (reshape, flatten) are free.
// - Activations go to DRAM as the fusion plan says (passes/fusion.h): a tensor that the plan keeps on
//   chip moves between the op and the global buffer (the outermost on-chip level that stores data,
//   activation_memory.h) instead, for the MAC ops too (their DRAM accesses of that tensor become
//   global-buffer accesses, and their DRAM time shrinks).
//   An op fused into its producer runs in the producer's kernel: its vector work overlaps the
//   producer's (the group takes the longer of the two); foldable batchnorms are folded into the
//   conv's weights whenever fusion is on.
// - Ops run one after another: network cycles add up (repeat counted); latency at the clock;
//   throughput = batch / latency; Perf/TDP = throughput / peak power.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "arch/architecture.h"
#include "mapping/map_constraints.h"
#include "mapper/mapper.h"
#include "model/evaluation.h"
#include "passes/fusion.h"
#include "workload/workload.h"

namespace accelscope {

class ThreadPool;
class RunControl;

struct NetworkSettings {
    std::int64_t batch = 1;
    FusionMode fusion = FusionMode::None;
    MapperSettings mapper;
    MapConstraints constraints;   // allowPadding here is the tensor-padding pass
    std::string dataflow;         // a named dataflow preset replacing `constraints` (padding kept); empty: none
    double residentShare = 0.5;   // share of the global buffer that may hold resident tensors
    // Mappings given for MAC ops, by op name (e.g. an imported Timeloop case's): costed as given
    // instead of the mapper's, where they are valid for the op at the batch size.
    std::map<std::string, Mapping> givenMappings;
};

// Where an op runs: the MAC array, the vector unit, or nowhere (a view, or a batchnorm folded into
// its producer).
enum class OpUnit : std::uint8_t { MacArray, Vector, None };
std::string_view opUnitName(OpUnit unit);  // "mac array", "vector", "none"

// What bounds an op's cycles: its unit's own work (the MAC array's pipeline, the vector lanes), a
// memory level's bandwidth, or nothing (views, folded batchnorms, ops without a valid mapping, ops
// whose fused consumers' vector work takes longer).
struct OpBound {
    enum class Kind : std::uint8_t { Compute, Vector, Memory, None, Folded, NoValidMapping, FusedVectorWork };
    Kind kind = Kind::Compute;
    int level = -1;  // the binding level, when kind == Memory
    static OpBound memory(int level) { return {Kind::Memory, level}; }
    bool isMemory() const { return kind == Kind::Memory; }
    friend bool operator==(const OpBound&, const OpBound&) = default;
};
// "compute", "vector", the binding level's name, "none", "folded", "no valid mapping", "fused vector work".
std::string opBoundName(const OpBound& bound, const Architecture& arch);

struct OpCost {
    std::string name;
    OpKind kind = OpKind::Conv;
    std::string category;          // bottleneck row: "conv", "depthwise conv", "linear", "relu", ...
    std::int64_t groups = 1;
    std::int64_t repeat = 1;
    std::int64_t macs = 0;         // per inference batch, repeat counted
    std::int64_t paddedMacs = 0;   // MACs run (padding included), repeat counted
    std::int64_t elementOps = 0;
    double cycles = 0;             // repeat counted
    double energyPj = 0;           // repeat counted
    double dramBytes = 0;          // repeat counted: weights, activations
    OpUnit unit = OpUnit::MacArray;
    OpBound bound;
    bool mapped = true;            // false: no valid mapping found (the op is left out of the totals)
    bool overlapped = false;       // fused into its producer: its cycles hide under the producer's
    bool givenMapping = false;     // costed with the mapping the settings gave for it
    double fusedCycles = 0;        // the vector work of the ops fused into this one
    Mapping mapping;               // MAC ops on the array
    Evaluation evaluation;         // MAC ops on the array: one instance, as the cost model gave it (before fusion)
};

struct BottleneckRow {
    std::string category;
    int ops = 0;
    double macShare = 0, cycleShare = 0, energyShare = 0;
};

struct NetworkResult {
    std::string workload;
    std::int64_t batch = 1;
    std::vector<OpCost> ops;
    std::vector<BottleneckRow> bottlenecks;  // by share of cycles, largest first
    double cycles = 0;
    double latencyS = 0;
    double throughput = 0;  // inferences per second
    double energyPj = 0;
    double energyJ() const { return energyPj * 1e-12; }
    double edp() const { return energyJ() * latencyS; }  // J x s
    double areaUm2 = 0;
    double tdpW = 0;
    double perfPerTdp = 0;  // inferences per second per watt of TDP
    double dramBytes = 0;
    double dramBytesUnfused = 0;          // the same network with fusion off
    std::int64_t activationBytesSaved = 0;  // by the fusion plan
    std::string fusionMethod;             // how residency was chosen (global mode)
    std::int64_t paddedMacs = 0, usefulMacs = 0;
    bool complete = true;  // every MAC op mapped
};

NetworkResult evaluateNetwork(const Architecture& arch, const Workload& workload, const NetworkSettings& settings,
                              ThreadPool& pool, RunControl* control = nullptr);

// The bottleneck category of an op: MAC ops by shape (conv, depthwise conv, grouped conv, linear,
// matmul), the others by kind.
std::string opCategory(const Op& op);

}  // namespace accelscope
