#pragma once
// Writing SCALE-Sim v2 inputs from an AccelScope design and network (docs/formats.md, "SCALE-Sim
// files"): a config and a topology CSV.
//   Config: the architecture's one systolic fan-out gives ArrayHeight / ArrayWidth (its rows and
//   columns) and the Dataflow; the level holding it gives the three SRAMs from its partitions
//   (weights = filter, inputs = ifmap, outputs = ofmap; a shared capacity is written as three buffers
//   of that size), in SCALE-Sim's kB of one-byte words counted in elements (1024 per kB); the DRAM's
//   shared (else read) bandwidth gives InterfaceBandwidth USER and Bandwidth in elements per cycle,
//   no bandwidth CALC. An architecture without exactly one systolic fan-out, or whose systolic level
//   is the DRAM, is refused.
//   Topology: one row per MAC op (conv, linear, matmul). All linear (and single-product matmul) ops: a
//   GEMM topology (Layer, M, N, K); otherwise a conv topology, a linear op as a 1x1 conv over M rows.
//   A conv's ifmap is its padded input (H + 2 x padding, so SCALE-Sim's ofmap is P x Q); a depthwise
//   conv (one input channel per group) is one "DP" row (the name gains "_DP" if it lacks it); other
//   grouped ops are one row per group ("<name>_g<i>"); a batch above 1 is written per image; a name
//   holding "DP" that is not depthwise has it written "Dp". Refused, all named at once: dilation, and
//   strides that differ across the axes (SCALE-Sim v2 has one stride). Ops without MACs are left out.
//   Each liberty is a note.
#include <string>
#include <vector>

#include "arch/architecture.h"
#include "scalesim/scalesim_config.h"
#include "scalesim/scalesim_topology.h"
#include "workload/workload.h"

namespace accelscope::scalesim {

struct ScalesimFiles {
    ScalesimConfig config;
    ScalesimTopology topology;
    std::string configName, topologyName;  // file names: <architecture name>.cfg, <workload name>.csv
    std::string configText, topologyText;
    std::vector<std::string> notes;
};

// Throws InputError naming the architecture or the workload, with every problem.
ScalesimFiles exportScalesim(const Architecture& arch, const Workload& workload);
ScalesimConfig exportScalesimConfig(const Architecture& arch, std::vector<std::string>& notes);
ScalesimTopology exportScalesimTopology(const Workload& workload, std::vector<std::string>& notes);

}  // namespace accelscope::scalesim
