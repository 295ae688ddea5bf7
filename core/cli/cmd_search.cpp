// accelscope-cli search: a design search over a space, headless, with a progress bar, an autosave
// journal and a session file; --resume continues a stopped or killed run.
#include <cmath>
#include <cstdio>
#include <cstdlib>


#include "cli/command.h"
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

// --searcher-options key=value,...: the searcher's own settings (see docs/search.md).
void applySearcherOptions(const std::string& text, SearcherSettings& s) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        start = end + 1;
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos) throw UsageError("--searcher-options: \"" + item + "\" is not key=value");
        const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        const auto number = [&](double lo, double hi) {
            char* stop = nullptr;
            const double v = std::strtod(value.c_str(), &stop);
            if (stop == value.c_str() || *stop != '\0' || !(v >= lo && v <= hi))
                throw UsageError("--searcher-options: " + key + " must be a number in [" + std::to_string(lo) + ", " +
                                 std::to_string(hi) + "], got \"" + value + "\"");
            return v;
        };
        if (key == "batch") s.batch = static_cast<int>(number(1, 1000));
        else if (key == "population") s.population = static_cast<int>(number(2, 10000));
        else if (key == "crossover") s.crossover = number(0, 1);
        else if (key == "mutation") s.mutation = number(0, 1);
        else if (key == "t0") s.t0 = number(1e-9, 1e9);
        else if (key == "t_end") s.tEnd = number(1e-12, 1e9);
        else if (key == "kappa") s.kappa = number(0, 100);
        else if (key == "candidates") s.candidates = static_cast<int>(number(1, 1e7));
        else if (key == "warmup") s.warmup = static_cast<int>(number(1, 1e6));
        else if (key == "exploration") s.exploration = number(0, 1);
        else if (key == "kernel" && (value == "matern52" || value == "rbf" || value == "linear")) s.kernel = value;
        else if (key == "acquisition" && (value == "lcb" || value == "ei")) s.acquisition = value;
        else if (key == "kernel" || key == "acquisition")
            throw UsageError("--searcher-options: " + key + " must be " +
                             (key == "kernel" ? "matern52, rbf or linear" : "lcb or ei") + ", got \"" + value + "\"");
        else if (key == "log_target") s.logTarget = value == "true" || value == "1";
        else if (key == "rl_share") s.rlShare = number(0, 1);
        else if (key == "learning_rate") s.learningRate = number(1e-9, 10);
        else
            throw UsageError("--searcher-options: unknown setting \"" + key +
                             "\" (known: batch, population, crossover, mutation, t0, t_end, kernel, acquisition, "
                             "kappa, candidates, warmup, exploration, log_target, rl_share, learning_rate)");
    }
}
}  // namespace

Command searchCommand() {
    Command c;
    c.name = "search";
    c.summary = "search the joint hardware/software space for the best accelerator";
    c.usage = "--workload W[,W2] --space PRESET|FILE --searcher random|grid|ga|sa|bo|dabo|confuciux [--searcher-options K=V,...] [--sw-searcher mapper|greedy|random|dabo|bo] "
              "--budget N [--sw-budget M] --objective edp|delay|energy|perf-per-tdp [--seed S] [--threads T] "
              "--out run.json [--quiet]\n  | --resume run.json [--run N] [--out FILE] [--threads T] [--quiet]\n"
              "  | --layerwise --workload W --space confuciux_edge [--searcher confuciux] [--budget N] [--budget-share S] "
              "[--objective delay|energy|edp] [--seed S] [--json]";
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
                 {"searcher", "NAME", "hardware searcher: random, grid, ga, sa, bo, dabo, confuciux (default dabo)"},
                 {"searcher-options", "K=V,...", "the searcher's settings, e.g. population=30,mutation=0.1 (GA), "
                                                 "kernel=linear,kappa=2 (BO/daBO), t0=0.5 (SA)"},
                 {"sw-searcher", "NAME", "how each layer is scheduled: mapper (annealing, default), greedy, random, "
                                        "dabo (Spotlight's software daBO) or bo (raw-encoding BO)"},
                 {"budget", "N", "valid hardware samples (default 100; invalid ones are kept but not counted)"},
                 {"sw-budget", "M", "mappings per distinct layer shape per design (default 3000; valid ones for "
                                   "dabo/bo, whose Spotlight budget is 100)"},
                 {"objective", "edp|delay|energy|perf-per-tdp", "what the search minimises (default edp)"},
                 {"seed", "S", "random seed (default 1)"},
                 {"threads", "T", "worker threads (default: one per core)"},
                 {"out", "FILE", "the session file the run goes to (journal beside it: FILE.journal)"},
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
        if (args.flag("layerwise")) {
            SearcherSettings options;
            if (const auto o = args.value("searcher-options")) applySearcherOptions(*o, options);
            return runLayerwiseSearchCommand(args, ctx, options);
        }
        for (const char* layerwiseOnly : {"budget-share", "json"})
            if (args.has(layerwiseOnly))
                throw UsageError(std::string("--") + layerwiseOnly + " goes with --layerwise only");
        ThreadPool pool(static_cast<unsigned>(args.integer("threads", 1, 1024).value_or(0)));
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
            out = args.value("out").value_or(*resume);
        } else {
            SuiteOptions suite = readSuiteOptions(args);
            session.workloads = std::move(suite.workloads);
            session.weights = std::move(suite.weights);
            session.space = loadDesignSpaceByNameOrPath(args.required("space"));
            SearchJob job;
            job.searcher = args.choice("searcher", searcherNames()).value_or("dabo");
            job.swSearcher = args.choice("sw-searcher", {"mapper", "greedy", "random", "dabo", "bo"}).value_or("mapper");
            job.budget = args.integer("budget", 1, 1'000'000).value_or(100);
            job.swBudget = args.integer("sw-budget", 1, 1'000'000'000).value_or(3000);
            if (const auto o = args.value("objective")) job.objective = designObjectiveFromName(*o);
            job.settings.seed = static_cast<std::uint64_t>(args.integer("seed", 0, std::int64_t{1} << 62).value_or(1));
            if (const auto o = args.value("searcher-options")) applySearcherOptions(*o, job.settings);
            SessionRun run;
            run.label = job.searcher + " #1";
            run.settings = runSettingsOf(job, static_cast<int>(pool.threadCount()));
            run.status = RunStatus::Stopped;
            session.runs.push_back(std::move(run));
            out = args.required("out");
        }
        SessionRun& record = session.runs[static_cast<std::size_t>(runIndex)];
        record.settings.threads = static_cast<int>(pool.threadCount());
        const SearchJob job = sessionJob(session, record.settings);
        checkSearchMemory(job, pool.threadCount(), machineMemoryBytes());  // before the journal is created

        // Autosave: every batch goes to the journal beside the output before the next one starts.
        SessionJournal journal(out, session, runIndex);
        ProgressBar bar(ctx.err, ctx.errIsTerminal && !args.flag("quiet"), job.objective);
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
        ctx.out << job.searcher << " on " << job.space.name << ": " << run.designs.size() << " designs (" << valid
                << " valid, " << validPercent << "%) in " << run.seconds << " s; " << run.pareto.size() << " on the Pareto front";
        if (run.best >= 0) {
            const DesignRecord& best = run.designs[static_cast<std::size_t>(run.best)];
            ctx.out << "; best " << objectiveText(job.objective, best.objective) << ": " << best.description;
        } else {
            ctx.out << "; no valid design found";
        }
        ctx.out << "\nwrote " << out << "\n";
        return run.best >= 0 ? 0 : 1;
    };
    return c;
}

}  // namespace accelscope::cli
