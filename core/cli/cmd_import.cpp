// accelscope-cli import: bring an ONNX model, Timeloop specs or SCALE-Sim files into AccelScope's formats.
#include "cli/command.h"
#include "cli/import_jobs.h"

namespace accelscope::cli {

Command importCommand() {
    Command c;
    c.name = "import";
    c.summary = "convert an ONNX model, Timeloop specs or SCALE-Sim files into AccelScope files";
    c.usage = "--onnx MODEL.onnx [--batch B] [--dim NAME=SIZE,...] [--ignore-unsupported] --out WORKLOAD.json\n"
              "  | --timeloop-problem P.yaml [--timeloop-arch A.yaml] [--timeloop-mapping M.yaml|map.txt] [--halo-reuse R] --out DIR\n"
              "  | --scalesim-config CONFIG.cfg --scalesim-topology TOPOLOGY.csv --out DIR";
    c.description =
        "With --onnx: loads the model, runs ONNX shape inference and writes an AccelScope workload.\n"
        "Unsupported operators are listed by name and count; --ignore-unsupported drops them instead of\n"
        "failing. Symbolic dims of the inputs take their sizes by name from --dim (e.g. --dim batch=1,seq=128);\n"
        "a free batch axis not named there takes --batch (default 1). Shapes computed inside the graph\n"
        "(Shape/Gather/Concat/Reshape chains) are folded once the dims are fixed.\n"
        "\n"
        "With --timeloop-problem: reads Timeloop v0.4 YAML (separate files or one merged input given as\n"
        "the problem) and writes workload.json, and arch.json / mapping.json when those specs are present,\n"
        "into DIR, ready for `evaluate --arch DIR/arch.json --workload DIR/workload.json --mapping\n"
        "DIR/mapping.json`. --timeloop-mapping may also be the map Timeloop's mapper printed\n"
        "(timeloop-mapper.map.txt). A mapper case (no mapping, or `mapping: []`) writes constraints.json\n"
        "instead: the map space Timeloop's mapper searched, for `map --constraints DIR/constraints.json`.\n"
        "Dummy (fan-out only) levels become levels of class fanout; every element a level keeps is one word\n"
        "of that level, as in Timeloop. Sparse features are refused.\n"
        "\n"
        "With --scalesim-config: reads a SCALE-Sim v2 config and topology (conv or GEMM CSV) and writes into DIR\n"
        "arch.json (DRAM, an SRAM with the three buffers as partitions and the systolic array as its fan-out,\n"
        "one-word PEs), workload.json (one op per row) and mappings.json (each layer as SCALE-Sim maps it: the\n"
        "operand matrices' rows and columns on the array, folded where they exceed it), ready for `evaluate\n"
        "--arch DIR/arch.json --workload DIR/workload.json --mapping DIR/mappings.json --layer NAME`. Keys\n"
        "SCALE-Sim ignores are ignored with a note; sparsity is refused.";
    c.options = {{"onnx", "FILE", "an ONNX model"},
                 {"batch", "B", "batch size for dynamic batch dims (ONNX)"},
                 {"dim", "NAME=SIZE,...", "sizes of the model's symbolic input dims by name, e.g. batch=1,seq=128 (ONNX)"},
                 {"ignore-unsupported", "", "drop unsupported ONNX operators instead of failing"},
                 {"timeloop-problem", "FILE", "a Timeloop problem (or merged input) YAML"},
                 {"timeloop-arch", "FILE", "a Timeloop architecture YAML"},
                 {"timeloop-mapping", "FILE", "a Timeloop mapping YAML, or the map.txt its mapper printed"},
                 {"halo-reuse", "timeloop|timeloop_legacy|exact",
                  "the reuse the imported design follows: current Timeloop's (default), Timeloop's before its December 2024 fix, "
                  "or AccelScope's exact reuse"},
                 {"scalesim-config", "FILE", "a SCALE-Sim v2 config (.cfg)"},
                 {"scalesim-topology", "FILE", "a SCALE-Sim v2 topology (conv or GEMM .csv), with --scalesim-config"},
                 {"out", "PATH", "workload file (ONNX) or output folder (Timeloop, SCALE-Sim)"}};
    c.run = [](const Args& args, Context& ctx) {
        const bool onnx = args.has("onnx");
        const bool timeloop = args.has("timeloop-problem");
        const bool scalesim = args.has("scalesim-config");
        if (int(onnx) + int(timeloop) + int(scalesim) != 1)
            throw UsageError("import: give exactly one of --onnx, --timeloop-problem or --scalesim-config");
        if (args.has("scalesim-topology") && !scalesim)
            throw UsageError("import: --scalesim-topology goes with --scalesim-config");
        if (scalesim) return importScalesim(args, ctx);
        return onnx ? importOnnx(args, ctx) : importTimeloop(args, ctx);
    };
    return c;
}

}  // namespace accelscope::cli
