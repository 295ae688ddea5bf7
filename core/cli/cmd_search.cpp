// accelscope-cli search: a design search over a space, headless, with a progress bar, an autosave
// journal and a session file; --resume continues a stopped or killed run.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/run_args.h"
#include "cli/search_layerwise.h"
#include "cli/suite_options.h"
#include "explore/resource_check.h"
#include "util/run_control.h"
#include "explore/design_details.h"
#include "explore/search_engine.h"
#include "explore/session.h"
#include "explore/session_journal.h"
#include "util/thread_pool.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

// The minimised objective in the user's terms: Perf/TDP is searched as its inverse but shown as is.
std::string objectiveText(DesignObjective o, double minimised) {
    char text[96];
    switch (o) {
    case DesignObjective::Edp: std::snprintf(text, sizeof text, "EDP %.4g J s", minimised); break;
    case DesignObjective::Delay: std::snprintf(text, sizeof text, "latency %.4g s", minimised); break;
    case DesignObjective::Energy: std::snprintf(text, sizeof text, "energy %.4g J per inference", minimised); break;
    case DesignObjective::PerfPerTdp:
        std::snprintf(text, sizeof text, "Perf/TDP %.4g inferences/s/W", minimised > 0 ? 1 / minimised : 0.0);
        break;
    }
    return text;
}

class ProgressBar : public SearchObserver {
public:
    ProgressBar(std::ostream& err, bool on, DesignObjective objective) : err_(err), on_(on), objective_(objective) {}
    void batchEvaluated(const std::vector<DesignRecord>&, const SearchProgress& p) override {
        if (!on_) return;
        const int width = 30;
        const int filled = p.budget > 0 ? static_cast<int>(width * p.done / p.budget) : width;
        const double left = p.designsPerSecond > 0 ? static_cast<double>(p.budget - p.done) / p.designsPerSecond : 0;
        char line[200];
        std::snprintf(line, sizeof line, "\r[%s%s] %lld/%lld designs, %.2f/s, best %s, %.0f s left  ",
                      std::string(static_cast<std::size_t>(filled), '#').c_str(),
                      std::string(static_cast<std::size_t>(width - filled), '.').c_str(), static_cast<long long>(p.done),
                      static_cast<long long>(p.budget), p.designsPerSecond,
                      p.bestObjective > 0 ? objectiveText(objective_, p.bestObjective).c_str() : "-", left);
        err_ << line << (p.finished ? "\n" : "") << std::flush;
    }

private:
    std::ostream& err_;
    bool on_;
    DesignObjective objective_;
};

class ObserverList : public SearchObserver {
public:
    explicit ObserverList(std::vector<SearchObserver*> all) : all_(std::move(all)) {}
    void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress& p) override {
        for (SearchObserver* o : all_) o->batchEvaluated(batch, p);
    }

private:
    std::vector<SearchObserver*> all_;
};

}  // namespace

Command searchCommand() {
    Command c;
    c.name = "search";
    c.summary = "search the joint hardware/software space for the best accelerator";
    static const std::string usage =
        "--workload W[,W2] --space PRESET|FILE --searcher " + std::string(searcherChoices()) +
        " [--searcher-options K=V,...] [--sw-searcher " + std::string(softwareSearcherChoices()) +
        "] --budget N [--sw-budget M] --objective " + std::string(objectiveChoices()) +
        " [--seed S] [--threads T] --session run.json [--quiet]\n"
        "  | --resume run.json [--run N] [--session FILE] [--threads T] [--quiet]\n"
        "  | --layerwise --workload W --space confuciux_edge [--searcher confuciux] [--budget N] [--budget-share S] "
        "[--objective delay|energy|edp] [--seed S] [--json]";
    c.usage = usage;
    c.description =
        "The hardware searcher proposes designs in batches of 10; each design's layers are mapped by the\n"
        "software searcher (--sw-budget mappings per distinct layer shape) and the networks costed by the\n"
        "full-stack model. Designs over the space's area or power cap, or with a layer that has no valid\n"
        "mapping, are kept as invalid. The output is a session file (docs/sessions.md): the\n"
        "workloads and space, the run's settings, every design (parameters, metrics, validity, sample\n"
        "index), the Pareto set over (latency, energy, area), the best design with its architecture and\n"
        "per-layer mappings, and the best objective and hypervolume after every sample. While the search\n"
        "runs, every batch is appended to FILE.journal; after a crash or kill, --resume FILE recovers the\n"
        "journal and continues the run with the points an uninterrupted run would have evaluated. The\n"
        "same seed gives the same run whatever --threads. Space presets: spotlight_edge,\n"
        "spotlight_cloud, fast_datacenter, confuciux_edge (one sub-accelerator; with --layerwise, one\n"
        "per layer as ConfuciuX searches it). Named points of a space (Spotlight's hand designs,\n"
        "TPU-v3) are costed with `evaluate --space S --point NAME`.";
    c.options = {{"workload", "W[,W2...]", "the networks (a suite when several)"},
                 {"weights", "W1,W2,...", "suite weights (default all 1)"},
                 {"space", "PRESET|FILE", "the design space"},
                 {"searcher", "NAME", searcherHelp()},
                 {"searcher-options", "K=V,...", "the searcher's settings, e.g. population=30,mutation=0.1 (GA), "
                                                 "kernel=linear,kappa=2 (BO/daBO), t0=0.5 (SA), batch=10 (all)"},
                 {"sw-searcher", "NAME", softwareSearcherHelp()},
                 {"budget", "N", budgetHelp()},
                 {"sw-budget", "M", swBudgetHelp()},
                 {"objective", objectiveChoices(), objectiveHelp()},
                 {"seed", "S", seedHelp()},
                 {"threads", "T", threadsHelp()},
                 {"session", "FILE", "the session file the run goes to (journal beside it: FILE.journal)"},
                 {"out", "FILE", "old name of --session, still accepted"},
                 {"resume", "FILE", "continue the last (or --run N) unfinished run of a session, recovering its journal"},
                 {"run", "N", "with --resume: which run (from 0)"},
                 {"quiet", "", "no progress bar"},
                 {"layerwise", "", "ConfuciuX's problem: a sub-accelerator per layer of one network, from a space of "
                                   "template confuciux (confuciux_edge), under one area budget; prints the design "
                                   "(default searcher confuciux, budget 500, sw-budget 300, objective delay)"},
                 {"budget-share", "S", "with --layerwise: the area budget between the all-smallest and the all-largest "
                                       "designs (default 0.5, ConfuciuX's)"},
                 {"json", "", "with --layerwise: the result as JSON"}};
    c.run = [](const Args& args, Context& ctx) {
        if (args.flag("layerwise")) return runLayerwiseSearchCommand(args, ctx);
        for (const char* layerwiseOnly : {"budget-share", "json"})
            if (args.has(layerwiseOnly))
                throw UsageError(std::string("--") + layerwiseOnly + " goes with --layerwise only");
        if (args.has("session") && args.has("out"))
            throw UsageError("give one of --session and --out (its old name), not both");
        const std::optional<std::string> sessionArg = args.has("session") ? args.value("session") : args.value("out");
        ThreadPool pool(threadsFromArgs(args));
        Session session;
        int runIndex = 0;
        std::string out;
        SearchRun earlier;  // the designs a resumed run already holds
        if (const auto resume = args.value("resume")) {
            for (const char* fixed : {"workload", "weights", "space", "searcher", "searcher-options", "sw-searcher",
                                      "budget", "sw-budget", "objective", "seed"})
                if (args.has(fixed))
                    throw UsageError(std::string("--resume continues a run with its recorded settings; --") + fixed +
                                     " cannot change them");
            LoadedSession loaded = loadSession(*resume);
            session = std::move(loaded.session);
            if (loaded.recoveredDesigns > 0)
                ctx.err << "recovered " << loaded.recoveredDesigns << " designs of run "
                        << session.runs[static_cast<std::size_t>(loaded.recoveredRun)].label << " from the journal\n";
            runIndex = static_cast<int>(args.integer("run", 0, 1'000'000).value_or(static_cast<long long>(session.runs.size()) - 1));
            if (runIndex < 0 || runIndex >= static_cast<int>(session.runs.size()))
                throw InputError(*resume, "runs", "has no run " + std::to_string(runIndex));
            SessionRun& run = session.runs[static_cast<std::size_t>(runIndex)];
            if (!canResume(run))
                throw InputError(*resume, "runs[" + std::to_string(runIndex) + "]",
                                 "run " + run.label + " is finished: nothing to resume");
            earlier = run.result;
            out = sessionArg.value_or(*resume);
        } else {
            SuiteOptions suite = readSuiteOptions(args);
            session.workloads = std::move(suite.workloads);
            session.weights = std::move(suite.weights);
            session.space = loadDesignSpaceByNameOrPath(args.required("space"));
            SessionRun run;
            run.settings = runSettingsFromArgs(args);
            run.label = run.settings.searcher + " #1";
            run.status = RunStatus::Stopped;
            session.runs.push_back(std::move(run));
            if (!sessionArg || sessionArg->empty()) throw UsageError("--session is required");
            out = *sessionArg;
        }
        SessionRun& record = session.runs[static_cast<std::size_t>(runIndex)];
        record.settings.threads = static_cast<int>(pool.threadCount());
        const SearchJob job = sessionJob(session, record.settings);
        checkSearchMemory(job, pool.threadCount(), machineMemoryBytes());  // before the journal is created

        // Autosave: every batch goes to the journal beside the output before the next one starts.
        SessionJournal journal(out, session, runIndex);
        ProgressBar bar(ctx.err, ctx.errIsTerminal && !args.flag("quiet"), job.settings.objective);
        ObserverList observers({&journal, &bar});
        RunControl control;
        SearchRun run = runSearch(job, pool, &control, &observers, earlier.designs.empty() ? nullptr : &earlier);

        record.result = run;
        record.status = run.cancelled ? RunStatus::Stopped : RunStatus::Finished;
        if (run.best >= 0)
            record.bestDesign = designDetailsToJson(detailDesign(job, run.designs[static_cast<std::size_t>(run.best)], pool));
        saveSession(session, out);
        int valid = 0;
        for (const auto& d : run.designs) valid += d.valid ? 1 : 0;
        const int validPercent = run.designs.empty() ? 0 : static_cast<int>(std::lround(100.0 * valid / static_cast<double>(run.designs.size())));
        ctx.out << job.settings.searcher << " on " << job.space.name << ": " << run.designs.size() << " designs (" << valid
                << " valid, " << validPercent << "%) in " << run.seconds << " s; " << run.pareto.size() << " on the Pareto front";
        if (run.best >= 0) {
            const DesignRecord& best = run.designs[static_cast<std::size_t>(run.best)];
            ctx.out << "; best " << objectiveText(job.settings.objective, best.objective) << ": " << best.description;
        } else {
            ctx.out << "; no valid design found";
        }
        ctx.out << "\nwrote " << out << "\n";
        return run.best >= 0 ? 0 : 1;
    };
    return c;
}

}  // namespace accelscope::cli
