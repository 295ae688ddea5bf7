// The canonical workload text: top-level keys one per line, one graph input or op per line as
// compact JSON with keys in a fixed order (the same text scripts/gen_workloads.py writes).

#include <nlohmann/json.hpp>

#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope {
namespace {
using ojson = nlohmann::ordered_json;

std::string compact(const ojson& j) { return j.dump(-1, ' ', /*ensure_ascii=*/true); }

ojson opJson(const Op& op) {
    ojson j;
    j["name"] = op.name;
    j["kind"] = std::string(opKindName(op.kind));
    j["inputs"] = op.inputs;
    switch (opLayout(op.kind)) {
    case OpLayout::Window:
        j["N"] = op.N;
        j["C"] = op.C;
        if (op.kind == OpKind::Conv) j["K"] = op.K;
        j["H"] = op.H;
        j["W"] = op.W;
        j["P"] = op.P;
        j["Q"] = op.Q;
        j["R"] = op.R;
        j["S"] = op.S;
        j["stride"] = op.stride;
        j["padding"] = op.padding;
        if (op.kind == OpKind::Conv) {
            j["dilation"] = op.dilation;
            j["groups"] = op.groups;
        }
        break;
    case OpLayout::Global:
        j["N"] = op.N;
        j["C"] = op.C;
        j["H"] = op.H;
        j["W"] = op.W;
        break;
    case OpLayout::Matrix:
        if (op.kind == OpKind::MatMul) j["B"] = op.B;
        j["M"] = op.M;
        j["N"] = op.N;
        j["K"] = op.K;
        if (op.kind == OpKind::Linear) j["bias"] = op.bias;
        break;
    case OpLayout::Shaped:
        j["shape"] = op.shape;
        if (op.kind == OpKind::Softmax || op.kind == OpKind::LayerNorm) j["axis"] = op.axis;
        if (op.kind == OpKind::BatchNorm) j["foldable"] = op.foldable;
        break;
    }
    if (op.repeat != 1) j["repeat"] = op.repeat;
    return j;
}
}  // namespace

std::string serializeWorkload(const Workload& w) {
    std::string t = "{\n";
    t += "  \"format\": " + compact(std::string(kWorkloadFormat)) + ",\n";
    t += "  \"version\": " + std::to_string(kWorkloadVersion) + ",\n";
    t += "  \"name\": " + compact(w.name) + ",\n";
    t += "  \"source\": " + compact(w.source) + ",\n";
    t += "  \"batch\": " + std::to_string(w.batch) + ",\n";
    t += "  \"inputs\": [\n";
    for (std::size_t i = 0; i < w.inputs.size(); ++i) {
        ojson in;
        in["name"] = w.inputs[i].name;
        in["shape"] = w.inputs[i].shape;
        t += "    " + compact(in) + (i + 1 < w.inputs.size() ? ",\n" : "\n");
    }
    t += "  ],\n";
    t += "  \"ops\": [\n";
    for (std::size_t i = 0; i < w.ops.size(); ++i)
        t += "    " + compact(opJson(w.ops[i])) + (i + 1 < w.ops.size() ? ",\n" : "\n");
    t += "  ]\n}\n";
    return t;
}

void saveWorkload(const Workload& workload, const std::filesystem::path& path) {
    writeTextFileAtomically(path, serializeWorkload(workload));
}

}  // namespace accelscope
