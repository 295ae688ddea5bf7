#pragma once
// Importing SCALE-Sim v2 inputs (docs/formats.md, "SCALE-Sim files"): a config and a topology become
// an AccelScope architecture, a workload and, per layer, the mapping SCALE-Sim would run.
//   Architecture: DRAM (keeps everything; with InterfaceBandwidth USER a shared port of Bandwidth
//   words per cycle, with CALC unlimited) -> SRAM (the three buffers as per-tensor partitions:
//   filter = weights, ifmap = inputs, ofmap = outputs; its fan-out the ArrayWidth x ArrayHeight
//   systolic array, rows on y, each axis restricted to the dims SCALE-Sim puts there) -> PE (one word
//   of the stationary operand). One-byte words and 8-bit operands (SCALE-Sim's word), one MAC per PE,
//   energies and areas from the horowitz45 table at 45 nm, a 1 GHz clock (SCALE-Sim counts cycles).
//   Workload: a conv row is a conv op (N = 1, no padding, P = (IFMAP Height - Filter Height) / stride
//   + 1 as SCALE-Sim sizes the ofmap); a "DP" row is one conv with Channels groups of one channel; a
//   GEMM row is a linear op out[M][N] = in[M][K] x W[K][N] (SCALE-Sim's M ofmap pixels, N filters,
//   K-deep window). Each op reads its own graph input "<name>.ifmap".
//   Mappings: scalesim_mapping.h.
#include <filesystem>
#include <string>
#include <vector>

#include "arch/architecture.h"
#include "scalesim/scalesim_config.h"
#include "scalesim/scalesim_mapping.h"
#include "scalesim/scalesim_topology.h"
#include "workload/workload.h"

namespace accelscope::scalesim {

struct ScalesimLayerResult {
    std::string name;
    ScalesimLayerMapping mapping;
};

struct ScalesimImport {
    Architecture arch;
    Workload workload;
    std::vector<ScalesimLayerResult> layers;  // one per op of the workload, in its order
    // What the import read differently from SCALE-Sim or left out (ignored keys, layers whose tiles do
    // not fit the SRAM), for the user to see.
    std::vector<std::string> notes;
};

// `configSource` and `topologySource` are the files' paths; the formats' "source" fields name the
// files (without their folders). Throws InputError naming the file for anything refused.
Architecture scalesimArchitecture(const ScalesimConfig& config, const std::string& configSource);
Workload scalesimWorkload(const ScalesimTopology& topology, const std::string& topologySource);
ScalesimImport importScalesim(const ScalesimConfig& config, const std::string& configSource,
                              const ScalesimTopology& topology, const std::string& topologySource);
ScalesimImport importScalesimFiles(const std::filesystem::path& config, const std::filesystem::path& topology);

// The mappings as `map --json` prints them (an object whose "layers" each have "name" and
// "mapping"), with SCALE-Sim's folds per layer: what `evaluate --mapping FILE --layer NAME` reads.
std::string serializeScalesimMappings(const ScalesimImport& imported);

}  // namespace accelscope::scalesim
