// accelscope-cli workloads: the shipped networks with op count and total GMACs.
#include "cli/command.h"
#include "cli/text_table.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"

namespace accelscope::cli {

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
        TextTable table({"name", "ops", "MAC ops", "GMACs", "source"},
                        {TextTable::Align::Left, TextTable::Align::Right, TextTable::Align::Right,
                         TextTable::Align::Right, TextTable::Align::Left});
        for (const auto& name : names) {
            const Workload w = loadWorkloadByNameOrPath(name);
            table.addRow({w.name, std::to_string(w.ops.size()), std::to_string(w.macOpCount()),
                          fixed(static_cast<double>(w.totalMacs()) / 1e9, 3), w.source});
        }
        table.print(ctx.out);
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
