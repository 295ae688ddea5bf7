// Reading a run's settings from the command line (see run_args.h).
#include "cli/run_args.h"

#include <algorithm>
#include <cstdlib>

#include "explore/run_options.h"

namespace accelscope::cli {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& n : names) text += (text.empty() ? "" : "|") + n;
    return text;
}

std::string range(std::int64_t lo, std::int64_t hi) { return std::to_string(lo) + " to " + std::to_string(hi); }

}  // namespace

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
        if (key == "batch") s.batch = static_cast<int>(number(kBatchMin, kBatchMax));
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

unsigned threadsFromArgs(const Args& args) {
    return static_cast<unsigned>(args.integer("threads", kThreadsMin, kThreadsMax).value_or(0));
}

RunSettings runSettingsFromArgs(const Args& args, RunSettings s) {
    SearcherSettings& hw = s.searcherSettings;
    if (const auto o = args.choice("searcher", hardwareSearcherNames())) s.searcher = *o;
    if (const auto o = args.value("searcher-options")) applySearcherOptions(*o, hw);
    if (const auto o = args.value("sw-searcher")) {
        const auto known = softwareSearcherFromName(*o);
        if (!known)
            throw UsageError("--sw-searcher must be one of " + namesText(softwareSearcherNames(), ", ") + " (or " +
                             std::string(kOldAnnealName) + ", the old name of anneal), got \"" + *o + "\"");
        s.swSearcher = *known;
    }
    hw.budget = args.integer("budget", kBudgetMin, kBudgetMax).value_or(hw.budget);
    s.swBudget = args.integer("sw-budget", kSwBudgetMin, kSwBudgetMax).value_or(s.swBudget);
    if (const auto o = args.choice("objective", designObjectiveNames())) s.objective = designObjectiveFromName(*o);
    hw.seed = static_cast<std::uint64_t>(args.integer("seed", kSeedMin, kSeedMax).value_or(static_cast<long long>(hw.seed)));
    s.threads = static_cast<int>(threadsFromArgs(args));
    return s;
}

std::string_view searcherChoices() {
    static const std::string text = joined(hardwareSearcherNames());
    return text;
}

std::string_view softwareSearcherChoices() {
    static const std::string text = joined(softwareSearcherNames());
    return text;
}

std::string_view objectiveChoices() {
    static const std::string text = joined(designObjectiveNames());
    return text;
}

std::string_view searcherHelp() {
    static const std::string text =
        "hardware searcher: " + namesText(hardwareSearcherNames(), ", ") + " (default " + RunSettings{}.searcher + ")";
    return text;
}

std::string_view softwareSearcherHelp() {
    static const std::string text =
        "how each layer is scheduled: anneal (the annealing mapper, `map --algorithm anneal`; default; " +
        std::string(kOldAnnealName) + ", its old name, is still accepted), greedy, random, dabo (Spotlight's " +
        "software daBO) or bo (raw-encoding BO)";
    return text;
}

std::string_view budgetHelp() {
    static const std::string text = "valid hardware samples, " + range(kBudgetMin, kBudgetMax) + " (default " +
                                    std::to_string(RunSettings{}.searcherSettings.budget) +
                                    "; invalid ones are kept but not counted)";
    return text;
}

std::string_view swBudgetHelp() {
    static const std::string text = "mappings per distinct layer shape per design, " + range(kSwBudgetMin, kSwBudgetMax) +
                                    " (default " + std::to_string(RunSettings{}.swBudget) +
                                    "; valid ones for dabo/bo, whose Spotlight budget is 100)";
    return text;
}

std::string_view objectiveHelp() {
    static const std::string text = "what the search minimises (default " +
                                    std::string(designObjectiveName(RunSettings{}.objective)) + ")";
    return text;
}

std::string_view seedHelp() {
    static const std::string text = "random seed, " + range(kSeedMin, kSeedMax) + " (default " +
                                    std::to_string(RunSettings{}.searcherSettings.seed) + ")";
    return text;
}

std::string_view threadsHelp() {
    static const std::string text = "worker threads, " + range(kThreadsMin, kThreadsMax) + " (default 0: one per core)";
    return text;
}

}  // namespace accelscope::cli
