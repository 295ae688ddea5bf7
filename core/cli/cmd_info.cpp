// accelscope-cli info: a workload's per-op table (dims, MACs, tensor sizes), as text or JSON.
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/text_table.h"
#include "onnx/load_any_workload.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

std::string dimsText(const Op& op) {
    auto s = [](const char* k, std::int64_t v) { return std::string(k) + std::to_string(v); };
    auto pair = [](const std::array<std::int64_t, 2>& a) {
        return a[0] == a[1] ? std::to_string(a[0]) : std::to_string(a[0]) + "x" + std::to_string(a[1]);
    };
    switch (opLayout(op.kind)) {
    case OpLayout::Window: {
        std::string t = s("N", op.N) + " " + s("C", op.C) + (op.kind == OpKind::Conv ? " " + s("K", op.K) : "") +
                        " " + s("P", op.P) + " " + s("Q", op.Q) + " " + s("R", op.R) + " " + s("S", op.S);
        if (op.stride != std::array<std::int64_t, 2>{1, 1}) t += " stride " + pair(op.stride);
        if (op.dilation != std::array<std::int64_t, 2>{1, 1}) t += " dilation " + pair(op.dilation);
        if (op.groups != 1) t += " groups " + std::to_string(op.groups);
        return t;
    }
    case OpLayout::Global: return s("N", op.N) + " " + s("C", op.C) + " " + s("H", op.H) + " " + s("W", op.W);
    case OpLayout::Matrix:
        return (op.kind == OpKind::MatMul ? s("B", op.B) + " " : std::string()) + s("M", op.M) + " " + s("N", op.N) +
               " " + s("K", op.K);
    case OpLayout::Shaped: {
        std::string t = "[";
        for (std::size_t i = 0; i < op.shape.size(); ++i) t += (i ? "," : "") + std::to_string(op.shape[i]);
        return t + "]";
    }
    }
    return "";
}

nlohmann::ordered_json opJson(const Workload& w, const Op& op) {
    nlohmann::ordered_json j;
    j["name"] = op.name;
    j["kind"] = std::string(opKindName(op.kind));
    j["inputs"] = op.inputs;
    switch (opLayout(op.kind)) {
    case OpLayout::Window:
        for (auto [k, v] : {std::pair{"N", op.N}, {"C", op.C}, {"K", op.kind == OpKind::Conv ? op.K : op.C},
                            {"H", op.H}, {"W", op.W}, {"P", op.P}, {"Q", op.Q}, {"R", op.R}, {"S", op.S}})
            j[k] = v;
        break;
    case OpLayout::Global:
        for (auto [k, v] : {std::pair{"N", op.N}, {"C", op.C}, {"H", op.H}, {"W", op.W}}) j[k] = v;
        break;
    case OpLayout::Matrix:
        for (auto [k, v] : {std::pair{"B", op.B}, {"M", op.M}, {"N", op.N}, {"K", op.K}}) j[k] = v;
        break;
    case OpLayout::Shaped: j["shape"] = op.shape; break;
    }
    j["groups"] = op.groups;
    j["stride"] = op.stride;
    j["padding"] = op.padding;
    j["dilation"] = op.dilation;
    j["repeat"] = op.repeat;
    const OpFigures f = w.figures(op);
    j["macs"] = f.macs * op.repeat;
    j["element_ops"] = f.elementOps * op.repeat;
    j["input_elements"] = f.inputElements;
    j["weight_elements"] = f.weightElements;
    j["output_elements"] = f.outputElements;
    return j;
}

}  // namespace

Command infoCommand() {
    Command c;
    c.name = "info";
    c.summary = "show a workload's ops: kind, dims, MACs and tensor sizes";
    c.usage = "--workload NAME|FILE [--json]";
    c.description =
        "NAME is a shipped network (see `accelscope-cli workloads`), FILE a workload JSON file.\n"
        "MACs and element ops are per network (repeat counted); tensor sizes are per instance.";
    c.options = {{"workload", "NAME|FILE", "the network to show"},
                 {"json", "", "print one JSON object: name, total_macs, ops"}};
    c.run = [](const Args& args, Context& ctx) {
        const Workload w = loadAnyWorkload(args.required("workload"));
        if (args.flag("json")) {
            nlohmann::ordered_json j;
            j["name"] = w.name;
            j["source"] = w.source;
            j["batch"] = w.batch;
            j["total_macs"] = w.totalMacs();
            j["ops"] = nlohmann::ordered_json::array();
            for (const auto& op : w.ops) j["ops"].push_back(opJson(w, op));
            ctx.out << j.dump(2) << '\n';
            return 0;
        }
        using A = TextTable::Align;
        TextTable table({"op", "kind", "dims", "repeat", "MACs", "elem ops", "inputs", "weights", "outputs"},
                        {A::Left, A::Left, A::Left, A::Right, A::Right, A::Right, A::Right, A::Right, A::Right});
        for (const auto& op : w.ops) {
            const OpFigures f = w.figures(op);
            table.addRow({op.name, std::string(opKindName(op.kind)), dimsText(op), std::to_string(op.repeat),
                          std::to_string(f.macs * op.repeat), std::to_string(f.elementOps * op.repeat),
                          std::to_string(f.inputElements), std::to_string(f.weightElements),
                          std::to_string(f.outputElements)});
        }
        ctx.out << w.name << " (" << w.source << "), batch " << w.batch << "\n\n";
        table.print(ctx.out);
        ctx.out << "\ntotal: " << w.ops.size() << " ops, " << w.macOpCount() << " MAC ops, "
                << humanCount(static_cast<double>(w.totalMacs())) << "MACs\n";
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
