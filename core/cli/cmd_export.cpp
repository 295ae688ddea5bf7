// accelscope-cli export: a session's run as CSV/JSON, a design as evaluate-ready files, a mapping as text.
#include "cli/command.h"
#include "cli/run_args.h"
#include "explore/session.h"
#include "explore/session_export.h"
#include "util/thread_pool.h"
#include "util/data_paths.h"

namespace accelscope::cli {

Command exportCommand() {
    Command c;
    c.name = "export";
    c.summary = "export a session's designs (CSV/JSON), a design (evaluate-ready files) or a mapping (text)";
    c.usage = "--session FILE --what designs-csv|pareto-csv|pareto-json|design|mapping [--run N] [--design I] "
              "[--layer L] --out PATH";
    c.description =
        "designs-csv: every evaluated design of the run (parameters, metrics, validity, Pareto flag).\n"
        "pareto-csv, pareto-json: the Pareto set only.\n"
        "design: writes PATH/arch.json and PATH/<workload>.mappings.json for the design (default the run's\n"
        "best); `evaluate --arch PATH/arch.json --workload W --layer L --mapping PATH/W.mappings.json`\n"
        "reproduces each layer.\n"
        "mapping: the loop nest of --layer's mapping in the design, as text.\n"
        "--run defaults to the session's last run.";
    c.options = {{"session", "FILE", "a session file (from search or the GUI)"},
                 {"what", "KIND", "designs-csv, pareto-csv, pareto-json, design or mapping"},
                 {"run", "N", "which run, from 0 (default the last)"},
                 {"design", "I", "which design (default the run's best)"},
                 {"layer", "L", "the layer, for --what mapping"},
                 {"threads", "T", threadsHelp()},
                 {"out", "PATH", "the file (a folder for --what design)"}};
    c.run = [](const Args& args, Context& ctx) {
        const std::string file = args.required("session");
        const std::string what = *args.choice("what", {"designs-csv", "pareto-csv", "pareto-json", "design", "mapping"});
        const std::string out = args.required("out");
        const Session session = loadSession(file).session;
        const int runArg = static_cast<int>(args.integer("run", 0, 1'000'000).value_or(-1));
        const int designArg = static_cast<int>(args.integer("design", 0, 100'000'000).value_or(-1));
        if (what == "designs-csv" || what == "pareto-csv" || what == "pareto-json") {
            const int run = resolveRunAndDesign(session, runArg, 0, file).first;
            writeTextFileAtomically(out, what == "pareto-json" ? paretoJson(session, run).dump(1) + "\n"
                                                               : designsCsv(session, run, what == "pareto-csv"));
            ctx.out << "wrote " << out << "\n";
            return 0;
        }
        const auto [run, design] = resolveRunAndDesign(session, runArg, designArg, file);
        ThreadPool pool(threadsFromArgs(args));
        if (what == "design") {
            for (const auto& p : writeDesignFiles(session, run, design, out, pool)) ctx.out << "wrote " << p.string() << "\n";
            return 0;
        }
        writeTextFileAtomically(out, designLayerLoopNest(session, run, design, args.required("layer"), pool));
        ctx.out << "wrote " << out << "\n";
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
