// The import as stages: read the model and infer its shapes (OnnxModel), translate node by node in the
// graph's order (Translation and the rules), then check the result as the workload loader would.
#include "onnx/onnx_import.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "onnx/import_monitor.h"
#include "onnx/onnx_model.h"
#include "onnx/onnx_translation.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope {
namespace {
using namespace onnximport;

bool carriesNoData(const onnx::NodeProto& node, const OnnxModel& model) {
    for (const auto& out : node.output())
        if (!out.empty() && !model.isConstant(out)) return false;
    return true;
}

std::string sourceText(const std::filesystem::path& file, const OnnxModel& model) {
    const auto& m = model.model();
    std::string producer = m.producer_name().empty() ? "" : ", from " + m.producer_name();
    if (!producer.empty() && !m.producer_version().empty()) producer += " " + m.producer_version();
    return "imported from " + file.filename().string() + " (ONNX opset " + std::to_string(model.opsetVersion()) +
           producer + ") by accelscope-cli import --onnx";
}

}  // namespace

OnnxImport importOnnxModel(const std::filesystem::path& file, const OnnxImportOptions& options) {
    const std::string source = file.string();
    if (options.batch < 1 || options.batch > kMaxDim)
        throw InputError(source, "", "batch must be in 1..2^24, got " + std::to_string(options.batch));
    const ImportMonitor monitor(source, options.progress, options.stop);
    const OnnxModel model(file, options.batch, options.dims, monitor);
    Translation t(model);
    ProblemList problems(source);
    OnnxImport result;
    std::vector<UnsupportedOperator> unsupported;

    const auto& nodes = model.graph().node();
    result.nodes = nodes.size();
    for (int i = 0; i < nodes.size(); ++i) {
        monitor.checkStop();
        monitor.report(kTranslating, static_cast<double>(i) / nodes.size());
        const auto& node = nodes[i];
        if (carriesNoData(node, model)) {
            ++result.foldedNodes;
            continue;
        }
        const std::size_t opsBefore = t.opCount();
        try {
            const Translator* rule = node.domain().empty() || node.domain() == "ai.onnx" || node.op_type() == "Gelu" ||
                                             node.op_type() == "FastGelu"
                                         ? findTranslator(node.op_type())
                                         : nullptr;
            if (rule && (*rule)(node, t) == Rule::Translated) {
                if (t.opCount() == opsBefore) ++result.foldedNodes;
                continue;
            }
            const std::string name = node.domain().empty() || node.domain() == "ai.onnx"
                                         ? node.op_type()
                                         : node.domain() + "." + node.op_type();
            auto it = std::find_if(unsupported.begin(), unsupported.end(),
                                   [&](const UnsupportedOperator& u) { return u.opType == name; });
            if (it == unsupported.end()) unsupported.push_back({name, 1});
            else ++it->count;
            t.markDropped(node);
        } catch (const NodeError& e) {
            problems.add(nodeLabel(node, i), e.what());
            t.markFailed(node);
        } catch (const CascadeFailure&) {
            t.markFailed(node);
        } catch (const std::exception& e) {  // a library error on a malformed node: reported, never fatal
            problems.add(nodeLabel(node, i), e.what());
            t.markFailed(node);
        }
    }
    if (!unsupported.empty() && !options.ignoreUnsupported) {
        std::string list;
        for (const auto& u : unsupported) list += (list.empty() ? "" : ", ") + u.opType + " x" + std::to_string(u.count);
        problems.add("", "unsupported operators: " + list + " (use --ignore-unsupported to drop them)");
    }
    problems.throwIfAny();
    monitor.report(kChecking, 0);
    monitor.checkStop();
    if (t.opCount() == 0)
        throw InputError(source, "", "no operation to import (every node is a constant, a view of one, or dropped)");

    std::string name = file.stem().string();
    if (name.empty()) name = "onnx_model";
    Workload w = t.finish(name, sourceText(file, model), model.batch());
    // What the loader would say about the file we are about to write: every check in one place.
    try {
        result.workload = parseWorkload(serializeWorkload(w), source);
    } catch (const nlohmann::json::type_error&) {  // JSON text must be UTF-8; ONNX strings need not be
        throw InputError(source, "", "a node or tensor name is not valid UTF-8");
    }
    result.dropped = std::move(unsupported);
    monitor.report(kChecking, 1);
    return result;
}

Workload importOnnx(const std::filesystem::path& file, const OnnxImportOptions& options) {
    return importOnnxModel(file, options).workload;
}

}  // namespace accelscope
