// accelscope-cli import, the onnx half: import the model (core/onnx), write the workload, and say in
// one line what came out.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "cli/import_jobs.h"
#include "onnx/onnx_import.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

// --dim batch=1,seq=128: sizes of the model's symbolic dims by name. Whether the names exist is the
// import's check (it knows the model); the syntax and the sizes are checked here.
std::map<std::string, std::int64_t> parseDims(const std::string& text) {
    std::map<std::string, std::int64_t> dims;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        const std::string item = text.substr(at, comma - at);
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("--dim takes NAME=SIZE[,NAME=SIZE...] (e.g. --dim batch=1,seq=128), got \"" + item + "\"");
        const std::string name = item.substr(0, eq), value = item.substr(eq + 1);
        errno = 0;
        char* end = nullptr;
        const long long size = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno == ERANGE || size < 1 || size > (1LL << 24))
            throw UsageError("--dim " + name + ": the size must be an integer from 1 to 16777216, got \"" + value + "\"");
        if (!dims.emplace(name, size).second) throw UsageError("--dim names " + name + " twice");
        at = comma + 1;
    }
    return dims;
}

}  // namespace

int importOnnx(const Args& args, Context& ctx) {
    const std::string model = args.required("onnx");
    const std::string out = args.required("out");
    OnnxImportOptions options;
    options.batch = args.integer("batch", 1, std::int64_t{1} << 24).value_or(1);
    options.ignoreUnsupported = args.flag("ignore-unsupported");
    if (auto dims = args.value("dim")) options.dims = parseDims(*dims);
    const OnnxImport result = importOnnxModel(model, options);
    saveWorkload(result.workload, out);

    const Workload& w = result.workload;
    char gmacs[32];
    std::snprintf(gmacs, sizeof gmacs, "%.2f", static_cast<double>(w.totalMacs()) / 1e9);
    std::int64_t dropped = 0;
    std::string droppedList;
    for (const auto& d : result.dropped) {
        dropped += d.count;
        droppedList += (droppedList.empty() ? "" : ", ") + d.opType + " x" + std::to_string(d.count);
    }
    ctx.out << out << ": " << w.ops.size() << " ops, " << w.macOpCount() << " MAC ops, " << gmacs << " GMACs at batch "
            << w.batch << "; " << result.foldedNodes << " of " << result.nodes
            << " nodes skipped (no compute: constants, shapes, identities, fused bias/swish)";
    if (dropped > 0) ctx.out << "; dropped unsupported: " << droppedList;
    ctx.out << '\n';
    return 0;
}

}  // namespace accelscope::cli
