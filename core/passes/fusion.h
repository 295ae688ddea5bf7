#pragma once
// Operation fusion and the DRAM traffic of activations (FAST, ASPLOS 2022, section on fusion).
//
//  none              every op reads its inputs from DRAM and writes its output to DRAM
//  producer          element-wise ops, activations and foldable batchnorms are fused into their
//                    producer (XLA-style): a tensor read only by such an op never goes to DRAM
//  global            producer fusion, then FAST's global-memory fusion: the intermediate tensors that
//                    stay resident in the on-chip global buffer (under its capacity, chosen to save the
//                    most DRAM traffic) never go to DRAM either
// Weights are outside this pass: they are read from DRAM by their op whatever the fusion mode.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "passes/activation_graph.h"
#include "passes/residency.h"
#include "workload/workload.h"

namespace accelscope {

enum class FusionMode { None, ProducerConsumer, GlobalMemory };
std::string_view fusionModeName(FusionMode mode);  // "none", "producer", "global"
std::optional<FusionMode> fusionModeFromName(std::string_view name);

struct FusionSettings {
    FusionMode mode = FusionMode::None;
    std::int64_t bytesPerElement = 1;    // activation precision
    std::int64_t globalBufferBytes = 0;  // capacity that may hold resident tensors (global mode)
    int maxLiveForExact = 20;            // residency is chosen exactly up to this many live tensors
};

struct OpActivationTraffic {  // per inference, repeat counted
    std::int64_t dramReadBytes = 0;
    std::int64_t dramWriteBytes = 0;
    int fusedInto = -1;  // op index this op was fused into (producer mode), else -1
};

struct FusionPlan {
    FusionMode mode = FusionMode::None;
    ActivationGraph graph;
    std::vector<bool> fusedAway;  // per tensor: kept on chip by producer-consumer fusion
    std::vector<bool> resident;   // per tensor: kept in the global buffer
    std::vector<OpActivationTraffic> ops;
    std::int64_t dramBytes = 0;          // activations, this plan
    std::int64_t dramBytesUnfused = 0;   // activations, with no fusion
    ResidencyChoice residency;           // how the global-memory choice was made (global mode)
};

FusionPlan planFusion(const Workload& workload, const FusionSettings& settings);

// Kinds that fuse into their producer in producer-consumer mode.
bool fusesIntoProducer(const Op& op);

}  // namespace accelscope
