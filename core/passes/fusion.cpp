#include "passes/fusion.h"

namespace accelscope {

std::string_view fusionModeName(FusionMode mode) {
    switch (mode) {
    case FusionMode::None: return "none";
    case FusionMode::ProducerConsumer: return "producer";
    case FusionMode::GlobalMemory: return "global";
    }
    return "";
}

std::optional<FusionMode> fusionModeFromName(std::string_view name) {
    for (auto m : {FusionMode::None, FusionMode::ProducerConsumer, FusionMode::GlobalMemory})
        if (fusionModeName(m) == name) return m;
    return std::nullopt;
}

bool fusesIntoProducer(const Op& op) {
    switch (opFamily(op.kind)) {
    case OpFamily::Elementwise:
    case OpFamily::Activation: return true;
    case OpFamily::Normalization: return op.kind == OpKind::BatchNorm && op.foldable;
    default: return false;
    }
}

namespace {

// DRAM bytes a tensor costs when it is not kept on chip: written once per instance by its producer
// (graph inputs arrive in DRAM), read once per instance by each consumer.
std::int64_t writeBytes(const Workload& w, const ActivationTensor& t, std::int64_t bpe) {
    return t.producer < 0 ? 0 : t.elements * bpe * w.ops[t.producer].repeat;
}
std::int64_t readBytes(const Workload& w, const ActivationTensor& t, int consumer, std::int64_t bpe) {
    return t.elements * bpe * w.ops[consumer].repeat;
}

}  // namespace

FusionPlan planFusion(const Workload& w, const FusionSettings& settings) {
    FusionPlan plan;
    plan.mode = settings.mode;
    plan.graph = buildActivationGraph(w);
    const auto& tensors = plan.graph.tensors;
    const std::int64_t bpe = settings.bytesPerElement;
    plan.fusedAway.assign(tensors.size(), false);
    plan.resident.assign(tensors.size(), false);
    plan.ops.assign(w.ops.size(), {});

    if (settings.mode != FusionMode::None) {
        // A tensor whose only reader fuses into its producer never leaves the chip.
        for (std::size_t t = 0; t < tensors.size(); ++t) {
            const auto& x = tensors[t];
            if (x.producer < 0 || x.consumers.size() != 1) continue;
            const int c = x.consumers.front();
            if (!fusesIntoProducer(w.ops[c])) continue;
            plan.fusedAway[t] = true;
            const int root = plan.ops[x.producer].fusedInto >= 0 ? plan.ops[x.producer].fusedInto : x.producer;
            // Fuse along the tensor the op extends (its first operand); a residual add fuses into
            // the producer of the operand that ends there.
            if (plan.ops[c].fusedInto < 0) plan.ops[c].fusedInto = root;
        }
    }

    if (settings.mode == FusionMode::GlobalMemory) {
        std::vector<ResidencyCandidate> candidates;
        std::vector<int> tensorOf;
        for (std::size_t t = 0; t < tensors.size(); ++t) {
            const auto& x = tensors[t];
            if (x.producer < 0 || x.consumers.empty() || plan.fusedAway[t]) continue;  // inputs, outputs
            std::int64_t benefit = writeBytes(w, x, bpe);
            for (int c : x.consumers) benefit += readBytes(w, x, c, bpe);
            candidates.push_back({x.elements * bpe, benefit, x.producer, x.lastUse()});
            tensorOf.push_back(static_cast<int>(t));
        }
        plan.residency = chooseResidentTensors(candidates, settings.globalBufferBytes, settings.maxLiveForExact);
        for (std::size_t k = 0; k < candidates.size(); ++k)
            if (plan.residency.resident[k]) plan.resident[tensorOf[k]] = true;
    }

    for (std::size_t t = 0; t < tensors.size(); ++t) {
        const auto& x = tensors[t];
        std::int64_t unfused = writeBytes(w, x, bpe);
        for (int c : x.consumers) unfused += readBytes(w, x, c, bpe);
        if (x.consumers.empty() && x.producer < 0) unfused = 0;  // an unused graph input
        plan.dramBytesUnfused += unfused;
        if (plan.fusedAway[t] || plan.resident[t]) continue;
        if (x.producer >= 0) plan.ops[x.producer].dramWriteBytes += writeBytes(w, x, bpe);
        for (int c : x.consumers) plan.ops[c].dramReadBytes += readBytes(w, x, c, bpe);
    }
    for (const auto& op : plan.ops) plan.dramBytes += op.dramReadBytes + op.dramWriteBytes;
    return plan;
}

}  // namespace accelscope
