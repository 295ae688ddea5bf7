// accelscope-cli workloads: the shipped networks with op count and total GMACs.
#include "cli/command.h"
#include "cli/text_table.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {
// "image 1x3x224x224": the graph inputs and their shapes.
std::string inputsText(const Workload& w) {
    std::string t;
    for (const auto& in : w.inputs) {
        if (!t.empty()) t += ", ";
        t += in.name + " ";
        for (std::size_t i = 0; i < in.shape.size(); ++i) t += (i ? "x" : "") + std::to_string(in.shape[i]);
    }
    return t;
}
}  // namespace

Command workloadsCommand() {
    Command c;
    c.name = "workloads";
    c.summary = "list the shipped networks with their op count and total GMACs";
    c.usage = "";
    c.description = "Reads every file in the workloads folder (set ACCELSCOPE_DATA_DIR to use another).";
    c.run = [](const Args&, Context& ctx) {
        const auto names = shippedWorkloadNames();
        if (names.empty()) {
            ctx.err << "accelscope-cli workloads: no workload files in " << workloadsDir().string() << '\n';
            return 2;
        }
        // GMACs to two decimals, as torchvision and workloads.md publish them; `info` has the exact count.
        TextTable table({"name", "ops", "MAC ops", "GMACs", "input"},
                        {TextTable::Align::Left, TextTable::Align::Right, TextTable::Align::Right,
                         TextTable::Align::Right, TextTable::Align::Left});
        for (const auto& name : names) {
            const Workload w = loadWorkloadByNameOrPath(name);
            table.addRow({w.name, std::to_string(w.ops.size()), std::to_string(w.macOpCount()),
                          fixed(static_cast<double>(w.totalMacs()) / 1e9, 2), inputsText(w)});
        }
        table.print(ctx.out);
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
