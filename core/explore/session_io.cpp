// Session files: canonical JSON, strict loading, journal recovery.
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "explore/run_options.h"
#include "explore/session.h"
#include "explore/session_json.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "util/json_reader.h"
#include "workload/workload_io.h"

namespace accelscope {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

std::string_view runStatusName(RunStatus s) {
    switch (s) {
    case RunStatus::Running: return "running";
    case RunStatus::Paused: return "paused";
    case RunStatus::Failed: return "failed";
    case RunStatus::Finished: return "finished";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Interrupted: return "interrupted";
    }
    return "finished";
}

SearchJob sessionJob(const Session& session, const RunSettings& r) {
    SearchJob job;
    job.workloads = session.workloads;
    job.weights = session.weights;
    job.space = session.space;
    job.settings = r;
    return job;
}

bool canResume(const SessionRun& run) {
    if (run.status != RunStatus::Stopped && run.status != RunStatus::Interrupted) return false;
    std::int64_t valid = 0;
    for (const auto& d : run.result.designs) valid += d.valid ? 1 : 0;
    return valid < run.settings.searcherSettings.budget;
}

// ---- writing ----

namespace {

// The statuses a session file records; a live run (running, paused) or a failed one is kept as stopped.
constexpr RunStatus kRecordedStatuses[] = {RunStatus::Finished, RunStatus::Stopped, RunStatus::Interrupted};

RunStatus recordedStatus(RunStatus s) {
    for (RunStatus recorded : kRecordedStatuses)
        if (s == recorded) return s;
    return RunStatus::Stopped;
}

}  // namespace

nlohmann::ordered_json designToJson(const DesignSpace& space, const DesignRecord& d) {
    ojson j;
    j["index"] = d.index;
    j["point"] = d.point;
    ojson params = ojson::object();
    for (std::size_t i = 0; i < space.space.params.size() && i < d.point.size(); ++i) {
        const Param& p = space.space.params[i];
        if (p.kind == ParamKind::Categorical)
            params[p.name] = p.choices[static_cast<std::size_t>(d.point[i])];
        else
            params[p.name] = p.numeric(d.point[i]);
    }
    j["parameters"] = params;
    j["valid"] = d.valid;
    if (!d.valid) j["why"] = d.why;
    j["latency_s"] = d.latencyS;
    j["energy_j"] = d.energyJ;
    j["edp"] = d.edp;
    j["area_mm2"] = d.areaMm2;
    j["tdp_w"] = d.tdpW;
    j["perf_per_tdp"] = d.perfPerTdp;
    j["objective"] = d.objective;
    return j;
}

nlohmann::ordered_json runSettingsToJson(const RunSettings& r) {
    const SearcherSettings& s = r.searcherSettings;
    ojson j;
    j["searcher"] = r.searcher;
    j["sw_searcher"] = r.swSearcher;
    j["budget"] = s.budget;
    j["sw_budget"] = r.swBudget;
    j["objective"] = std::string(designObjectiveName(r.objective));
    j["seed"] = s.seed;
    j["threads"] = r.threads;
    j["searcher_options"] = {{"batch", s.batch},         {"population", s.population}, {"crossover", s.crossover},
                             {"mutation", s.mutation},   {"t0", s.t0},                 {"t_end", s.tEnd},
                             {"kernel", s.kernel},       {"acquisition", s.acquisition}, {"kappa", s.kappa},
                             {"candidates", s.candidates}, {"warmup", s.warmup},       {"exploration", s.exploration},
                             {"log_target", s.logTarget},  {"rl_share", s.rlShare},     {"learning_rate", s.learningRate}};
    return j;
}

nlohmann::ordered_json sessionHeaderToJson(const Session& session) {
    ojson j;
    j["format"] = std::string(kSessionFormat);
    j["version"] = kSessionVersion;
    j["workloads"] = ojson::array();
    for (std::size_t i = 0; i < session.workloads.size(); ++i)
        j["workloads"].push_back({{"weight", session.weights.empty() ? 1.0 : session.weights[i]},
                                  {"workload", ojson::parse(serializeWorkload(session.workloads[i]))}});
    j["space"] = ojson::parse(session.space.text);
    j["runs"] = ojson::array();
    return j;
}

nlohmann::ordered_json runToJson(const DesignSpace& space, const SessionRun& run) {
    ojson j;
    j["label"] = run.label;
    j["status"] = std::string(runStatusName(recordedStatus(run.status)));
    j["settings"] = runSettingsToJson(run.settings);
    j["seconds"] = run.result.seconds;
    j["designs"] = ojson::array();
    for (const auto& d : run.result.designs) j["designs"].push_back(designToJson(space, d));
    j["pareto"] = run.result.pareto;
    j["best"] = run.result.best;
    j["convergence"] = {{"best_objective", run.result.bestHistory},
                        {"hypervolume", run.result.hypervolumeHistory},
                        {"hypervolume_reference_log10", run.result.hypervolumeReference}};
    if (!run.bestDesign.is_null()) j["best_design"] = run.bestDesign;
    return j;
}

std::string serializeSession(const Session& session) {
    ojson j = sessionHeaderToJson(session);
    for (const SessionRun& r : session.runs) j["runs"].push_back(runToJson(session.space, r));
    return j.dump(1) + "\n";
}

// ---- reading ----

namespace {

std::vector<double> numbers(const json* a, const std::string& where, ProblemList& problems) {
    std::vector<double> v;
    if (!a) return v;
    for (const auto& x : *a) {
        if (!x.is_number()) {
            problems.add(where, "must hold numbers, found " + describeJson(x));
            return {};
        }
        v.push_back(x.get<double>());
    }
    return v;
}

RunStatus statusFromName(const std::string& s, ObjectReader& r) {
    for (RunStatus st : kRecordedStatuses)
        if (s == runStatusName(st)) return st;
    r.problem("status must be finished, stopped or interrupted, got \"" + s + "\"");
    return RunStatus::Finished;
}

}  // namespace

RunSettings runSettingsFromJson(const json& value, const std::string& where, ProblemList& problems) {
    RunSettings r;
    ObjectReader o(value, where, problems);
    if (!o.valid()) return r;
    SearcherSettings& s = r.searcherSettings;
    r.searcher = o.string("searcher").value_or("");
    const std::vector<std::string>& searchers = hardwareSearcherNames();
    if (std::find(searchers.begin(), searchers.end(), r.searcher) == searchers.end())
        o.problem("searcher \"" + r.searcher + "\" is not one of " + namesText(searchers, ", "));
    // "mapper", the old name of anneal, in sessions written before the rename.
    const std::string swSearcher = o.string("sw_searcher").value_or("anneal");
    if (const auto known = softwareSearcherFromName(swSearcher)) r.swSearcher = *known;
    else o.problem("sw_searcher \"" + swSearcher + "\" is not one of " + namesText(softwareSearcherNames(), ", "));
    s.budget = o.positiveInt("budget", kBudgetMax).value_or(1);
    r.swBudget = o.positiveInt("sw_budget", kSwBudgetMax).value_or(1);
    const std::string objective = o.string("objective").value_or("edp");
    try {
        r.objective = designObjectiveFromName(objective);
    } catch (const InputError&) {
        o.problem("objective \"" + objective + "\" is not one of " + namesText(designObjectiveNames(), ", "));
    }
    // A recorded seed is read as it is: sessions written before kSeedMax hold seeds up to 2^62.
    s.seed = static_cast<std::uint64_t>(o.integer("seed", kSeedMin, std::numeric_limits<std::int64_t>::max()).value_or(1));
    r.threads = static_cast<int>(o.optionalInteger("threads", 0, kThreadsMin, kThreadsMax).value_or(0));
    if (const json* so = o.object("searcher_options")) {
        ObjectReader x(*so, where + " searcher_options", problems);
        s.batch = static_cast<int>(x.positiveInt("batch", kBatchMax).value_or(10));
        s.population = static_cast<int>(x.positiveInt("population", 100000).value_or(20));
        s.crossover = x.number("crossover", 0, 1).value_or(0.8);
        s.mutation = x.number("mutation", 0, 1).value_or(0.05);
        s.t0 = x.number("t0", 0, 1e9).value_or(1);
        s.tEnd = x.number("t_end", 0, 1e9).value_or(0.01);
        s.kernel = x.string("kernel").value_or("matern52");
        s.acquisition = x.string("acquisition").value_or("lcb");
        s.kappa = x.number("kappa", 0, 1e9).value_or(1);
        s.candidates = static_cast<int>(x.positiveInt("candidates", 100'000'000).value_or(1000));
        s.warmup = static_cast<int>(x.integer("warmup", 0, 1'000'000).value_or(10));
        s.exploration = x.number("exploration", 0, 1).value_or(0.1);
        s.logTarget = x.optionalBool("log_target", true).value_or(true);
        // ConfuciuX's settings; sessions written before it lack them.
        s.rlShare = x.optionalNumber("rl_share", 2.0 / 3.0, 0, 1).value_or(2.0 / 3.0);
        s.learningRate = x.optionalNumber("learning_rate", 0.05, 1e-9, 10).value_or(0.05);
        x.rejectUnknownKeys();
    }
    o.rejectUnknownKeys();
    return r;
}

DesignRecord designFromJson(const json& value, const DesignSpace& space, const std::string& where,
                            ProblemList& problems) {
    DesignRecord d;
    ObjectReader o(value, where, problems);
    if (!o.valid()) return d;
    d.index = static_cast<int>(o.integer("index", 0, std::numeric_limits<int>::max()).value_or(0));
    if (auto p = o.intArray("point", 0, 0, std::numeric_limits<int>::max())) d.point.assign(p->begin(), p->end());
    if (!space.space.contains(d.point))
        o.problem("point is not a point of the session's space (" + std::to_string(space.space.params.size()) +
                  " parameters)");
    else
        d.description = space.space.describe(d.point);
    o.allow({"parameters"});  // derived from the point
    d.valid = o.optionalBool("valid", false).value_or(false);
    d.why = o.optionalString("why", "").value_or("");
    const double inf = std::numeric_limits<double>::max();
    d.latencyS = o.number("latency_s", 0, inf).value_or(0);
    d.energyJ = o.number("energy_j", 0, inf).value_or(0);
    d.edp = o.number("edp", 0, inf).value_or(0);
    d.areaMm2 = o.number("area_mm2", 0, inf).value_or(0);
    d.tdpW = o.number("tdp_w", 0, inf).value_or(0);
    d.perfPerTdp = o.number("perf_per_tdp", 0, inf).value_or(0);
    d.objective = o.number("objective", 0, inf).value_or(0);
    o.rejectUnknownKeys();
    return d;
}

Session sessionHeaderFromJson(const json& root, const std::string& source, ProblemList& problems,
                              const std::string& spaceText) {
    Session s;
    ObjectReader top(root, "", problems);
    if (!top.valid()) return s;
    const std::string format = top.string("format").value_or("");
    if (format != kSessionFormat)
        throw InputError(source, "", "is not an AccelScope session (format \"" + format + "\", expected \"" +
                                         std::string(kSessionFormat) + "\")");
    const std::int64_t version = top.integer("version", 1, std::numeric_limits<int>::max()).value_or(0);
    if (version > kSessionVersion)
        throw InputError(source, "", "was written by a newer AccelScope (session version " + std::to_string(version) +
                                         "; this build reads up to " + std::to_string(kSessionVersion) + ")");
    problems.throwIfAny();
    if (const json* ws = top.array("workloads")) {
        for (std::size_t i = 0; i < ws->size(); ++i) {
            const std::string where = "workloads[" + std::to_string(i) + "]";
            ObjectReader w((*ws)[i], where, problems);
            if (!w.valid()) continue;
            s.weights.push_back(w.number("weight", 0, 1e9).value_or(1));
            if (const json* wj = w.object("workload")) {
                try {
                    s.workloads.push_back(parseWorkload(wj->dump(), source + " " + where));
                } catch (const InputError& e) {
                    problems.add(where, e.what());
                }
            }
            w.rejectUnknownKeys();
        }
        if (ws->empty()) top.problem("workloads must not be empty");
    }
    if (const json* sp = top.object("space")) {
        try {
            s.space = parseDesignSpace(spaceText.empty() ? sp->dump(1) : spaceText, source + " space");
        } catch (const InputError& e) {
            problems.add("space", e.what());
        }
    }
    top.allow({"runs"});
    top.rejectUnknownKeys();
    return s;
}

SessionRun runFromJson(const json& value, const DesignSpace& space, const std::string& where, ProblemList& problems) {
    SessionRun run;
    ObjectReader o(value, where, problems);
    if (!o.valid()) return run;
    run.label = o.string("label").value_or("");
    run.status = statusFromName(o.string("status").value_or("finished"), o);
    if (const json* st = o.object("settings")) run.settings = runSettingsFromJson(*st, where + " settings", problems);
    run.result.seconds = o.number("seconds", 0, 1e12).value_or(0);
    if (const json* ds = o.array("designs"))
        for (std::size_t i = 0; i < ds->size(); ++i)
            run.result.designs.push_back(designFromJson((*ds)[i], space, where + " designs[" + std::to_string(i) + "]",
                                                        problems));
    const int n = static_cast<int>(run.result.designs.size());
    if (auto p = o.intArray("pareto", 0, 0, std::max(n - 1, 0))) run.result.pareto.assign(p->begin(), p->end());
    else if (const json* pa = o.optionalArray("pareto"); pa && pa->empty()) run.result.pareto.clear();
    run.result.best = static_cast<int>(o.integer("best", -1, n - 1).value_or(-1));
    if (const json* c = o.object("convergence")) {
        ObjectReader cr(*c, where + " convergence", problems);
        run.result.bestHistory = numbers(cr.array("best_objective"), where + " convergence", problems);
        run.result.hypervolumeHistory = numbers(cr.array("hypervolume"), where + " convergence", problems);
        run.result.hypervolumeReference =
            numbers(cr.array("hypervolume_reference_log10"), where + " convergence", problems);
        cr.rejectUnknownKeys();
        if (run.result.bestHistory.size() != run.result.designs.size() ||
            run.result.hypervolumeHistory.size() != run.result.designs.size())
            cr.problem("histories must have one entry per design (" + std::to_string(n) + ")");
    }
    if (const json* b = o.optionalObject("best_design")) {
        if (!b->contains("index") || !(*b)["index"].is_number_integer() || (*b)["index"].get<int>() != run.result.best)
            o.problem("best_design.index must be the run's best design (" + std::to_string(run.result.best) + ")");
        else
            run.bestDesign = nlohmann::ordered_json::parse(b->dump());
    }
    for (int i = 0; i < n; ++i)
        if (run.result.designs[static_cast<std::size_t>(i)].index != i)
            o.problem("designs must be numbered 0, 1, 2, ... in order (design " + std::to_string(i) + " says " +
                      std::to_string(run.result.designs[static_cast<std::size_t>(i)].index) + ")");
    o.rejectUnknownKeys();
    return run;
}

Session parseSession(const std::string& text, const std::string& source) {
    ProblemList problems(source);
    const json root = parseJson(text, source);
    // The space again in its file's key order (json sorts keys), so that its text round-trips.
    std::string spaceText;
    if (root.is_object() && root.contains("space") && root["space"].is_object())
        spaceText = nlohmann::ordered_json::parse(text)["space"].dump(1);
    Session s = sessionHeaderFromJson(root, source, problems, spaceText);
    problems.throwIfAny();
    if (const json* runs = root.contains("runs") ? &root["runs"] : nullptr) {
        if (!runs->is_array())
            problems.add("runs", "must be an array, found " + describeJson(*runs));
        else
            for (std::size_t i = 0; i < runs->size(); ++i)
                s.runs.push_back(runFromJson((*runs)[i], s.space, "runs[" + std::to_string(i) + "]", problems));
    } else {
        problems.add("", "runs is missing");
    }
    problems.throwIfAny();
    return s;
}

std::filesystem::path journalPath(const std::filesystem::path& sessionPath) {
    std::filesystem::path p = sessionPath;
    p += ".journal";
    return p;
}

void saveSession(const Session& session, const std::filesystem::path& path) {
    writeTextFileAtomically(path, serializeSession(session));
    std::error_code ec;
    std::filesystem::remove(journalPath(path), ec);
}

}  // namespace accelscope
