// accelscope-cli import: bring an ONNX model or Timeloop specs into AccelScope's formats.
#include "cli/command.h"
#include "cli/import_jobs.h"

namespace accelscope::cli {

Command importCommand() {
    Command c;
    c.name = "import";
    c.summary = "convert an ONNX model or Timeloop specs into AccelScope files";
    c.usage = "--onnx MODEL.onnx [--batch B] [--ignore-unsupported] --out WORKLOAD.json\n"
              "  | --timeloop-problem P.yaml [--timeloop-arch A.yaml] [--timeloop-mapping M.yaml|map.txt] [--halo-reuse R] --out DIR";
    c.description =
        "With --onnx: loads the model, runs ONNX shape inference and writes an AccelScope workload.\n"
        "Unsupported operators are listed by name and count; --ignore-unsupported drops them instead of\n"
        "failing. Dynamic batch dims take --batch (default 1).\n"
        "\n"
        "With --timeloop-problem: reads Timeloop v0.4 YAML (separate files or one merged input given as\n"
        "the problem) and writes workload.json, and arch.json / mapping.json when those specs are present,\n"
        "into DIR, ready for `evaluate --arch DIR/arch.json --workload DIR/workload.json --mapping\n"
        "DIR/mapping.json`. --timeloop-mapping may also be the map Timeloop's mapper printed\n"
        "(timeloop-mapper.map.txt). A mapper case (no mapping, or `mapping: []`) writes constraints.json\n"
        "instead: the map space Timeloop's mapper searched, for `map --constraints DIR/constraints.json`.\n"
        "Dummy (fan-out only) levels become levels of class fanout; every element a level keeps is one word\n"
        "of that level, as in Timeloop. Sparse features are refused.";
    c.options = {{"onnx", "FILE", "an ONNX model"},
                 {"batch", "B", "batch size for dynamic batch dims (ONNX)"},
                 {"ignore-unsupported", "", "drop unsupported ONNX operators instead of failing"},
                 {"timeloop-problem", "FILE", "a Timeloop problem (or merged input) YAML"},
                 {"timeloop-arch", "FILE", "a Timeloop architecture YAML"},
                 {"timeloop-mapping", "FILE", "a Timeloop mapping YAML, or the map.txt its mapper printed"},
                 {"halo-reuse", "timeloop|timeloop_legacy|exact",
                  "the reuse the imported design follows: current Timeloop's (default), Timeloop's before its December 2024 fix, "
                  "or AccelScope's exact reuse"},
                 {"out", "PATH", "workload file (ONNX) or output folder (Timeloop)"}};
    c.run = [](const Args& args, Context& ctx) {
        const bool onnx = args.has("onnx");
        const bool timeloop = args.has("timeloop-problem");
        if (onnx == timeloop) throw UsageError("import: give exactly one of --onnx or --timeloop-problem");
        return onnx ? importOnnx(args, ctx) : importTimeloop(args, ctx);
    };
    return c;
}

}  // namespace accelscope::cli
