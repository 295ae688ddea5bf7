#include "cli/suite_options.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "onnx/load_any_workload.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {
std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}
}  // namespace

SuiteOptions readSuiteOptions(const Args& args) {
    SuiteOptions s;
    for (const auto& name : splitList(args.required("workload"))) s.workloads.push_back(loadAnyWorkload(name));
    if (s.workloads.empty()) throw UsageError("--workload names no network");
    if (const auto w = args.value("weights")) {
        for (const auto& item : splitList(*w)) {
            char* end = nullptr;
            const double v = std::strtod(item.c_str(), &end);
            if (end == item.c_str() || *end != '\0' || !(v > 0) || !std::isfinite(v))
                throw UsageError("--weights: \"" + item + "\" is not a positive number");
            s.weights.push_back(v);
        }
        if (s.weights.size() != s.workloads.size())
            throw UsageError("--weights gives " + std::to_string(s.weights.size()) + " weights for " +
                             std::to_string(s.workloads.size()) + " workloads");
    } else {
        s.weights.assign(s.workloads.size(), 1.0);
    }
    return s;
}

const Op& macOpByName(const Workload& w, const std::string& name) {
    const Op* op = w.findOp(name);
    if (!op) throw InputError(w.name, "", "no op named \"" + name + "\"");
    if (!op->isMacOp())
        throw InputError(w.name, "op \"" + op->name + "\"",
                         "is a " + std::string(opKindName(op->kind)) +
                             "; only MAC ops (conv, linear, matmul) are mapped and evaluated layer by layer");
    return *op;
}

}  // namespace accelscope::cli
