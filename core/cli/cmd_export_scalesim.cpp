// accelscope-cli export-scalesim: an architecture with a systolic array and a network as SCALE-Sim v2
// inputs (a config and a topology CSV).
#include <filesystem>

#include "arch/arch_io.h"
#include "cli/command.h"
#include "onnx/load_any_workload.h"
#include "scalesim/scalesim_export.h"
#include "util/data_paths.h"

namespace accelscope::cli {

Command exportScalesimCommand() {
    Command c;
    c.name = "export-scalesim";
    c.summary = "write an architecture with a systolic array and a network as SCALE-Sim v2 inputs";
    c.usage = "--arch PRESET|FILE --workload NAME|FILE --out DIR";
    c.description =
        "Writes DIR/<architecture name>.cfg (ArrayHeight/ArrayWidth and Dataflow from the design's systolic\n"
        "fan-out, the three SRAMs from the partitions of the level holding it, InterfaceBandwidth USER with\n"
        "the DRAM's bandwidth, or CALC without one) and DIR/<workload name>.csv (one row per conv, linear or\n"
        "matmul op; a GEMM topology when they are all linear), for `python3 scalesim/scale.py -c CFG -t CSV`\n"
        "(add `-i gemm` for a GEMM topology). The design must have exactly one systolic fan-out. Padded\n"
        "convs are written with their padded input, depthwise ones as SCALE-Sim's \"DP\" rows, grouped ones\n"
        "one row per group, each said in a note; dilated convs and unequal strides are refused.";
    c.options = {{"arch", "PRESET|FILE", "the architecture (with one systolic fan-out)"},
                 {"workload", "NAME|FILE", "the network"},
                 {"out", "DIR", "the output folder"}};
    c.run = [](const Args& args, Context& ctx) {
        const Architecture arch = loadArchitectureByNameOrPath(args.required("arch"));
        const Workload w = loadAnyWorkload(args.required("workload"));
        const std::filesystem::path out = args.required("out");
        const scalesim::ScalesimFiles files = scalesim::exportScalesim(arch, w);
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec) throw UsageError("export-scalesim: cannot create " + out.string() + ": " + ec.message());
        writeTextFileAtomically(out / files.configName, files.configText);
        writeTextFileAtomically(out / files.topologyName, files.topologyText);
        const bool gemm = files.topology.kind == scalesim::TopologyKind::Gemm;
        ctx.out << "wrote " << (out / files.configName).string() << " and " << (out / files.topologyName).string() << " ("
                << files.topology.layers.size() << (gemm ? " GEMM" : " conv") << " rows; run SCALE-Sim with -c and -t"
                << (gemm ? " and -i gemm" : "") << ")\n";
        for (const std::string& note : files.notes) ctx.err << "note: " << note << "\n";
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
