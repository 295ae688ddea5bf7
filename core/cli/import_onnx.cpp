// accelscope-cli import, the onnx half: import the model (core/onnx), write the workload, and say in
// one line what came out.
#include <cstdio>

#include "cli/import_jobs.h"
#include "onnx/onnx_import.h"
#include "workload/workload_io.h"

namespace accelscope::cli {

int importOnnx(const Args& args, Context& ctx) {
    const std::string model = args.required("onnx");
    const std::string out = args.required("out");
    OnnxImportOptions options;
    options.batch = args.integer("batch", 1, std::int64_t{1} << 24).value_or(1);
    options.ignoreUnsupported = args.flag("ignore-unsupported");
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
