// search --layerwise (see search_layerwise.h).
#include "cli/search_layerwise.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/run_args.h"
#include "cli/text_table.h"
#include "confuciux/layerwise_search.h"
#include "util/input_error.h"
#include "util/run_control.h"
#include "util/thread_pool.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

std::string figure(double v, const char* format) {
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

}  // namespace

int runLayerwiseSearchCommand(const Args& args, Context& ctx) {
    for (const char* sessionOnly : {"session", "out", "resume", "run", "weights"})
        if (args.has(sessionOnly))
            throw UsageError(std::string("--") + sessionOnly +
                             " does not go with --layerwise: a layer-wise design (a sub-accelerator per layer) is "
                             "printed, not kept as a session (--json for a file)");
    LayerwiseJob job;
    const std::string workloads = args.required("workload");
    if (workloads.find(',') != std::string::npos)
        throw UsageError("--layerwise searches one network at a time (ConfuciuX's problem), got \"" + workloads + "\"");
    job.workload = loadWorkloadByNameOrPath(workloads);
    job.space = loadDesignSpaceByNameOrPath(args.required("space"));
    args.choice("objective", {"delay", "energy", "edp"});  // a sum over layers: perf-per-tdp has none
    job.settings = runSettingsFromArgs(args, layerwiseRunSettings());
    const std::string& searcher = job.settings.searcher;
    if (searcher == "dabo" || searcher == "grid")
        throw UsageError("--searcher " + searcher + " does not go with --layerwise (it needs " +
                         (searcher == "dabo" ? "domain features of a whole design" : "a space small enough to enumerate") +
                         "): use confuciux, random, ga, sa or bo");
    job.budgetShare = args.number("budget-share", 0, 1).value_or(0.5);
    ThreadPool pool(threadsFromArgs(args));
    RunControl control;
    const LayerwiseRun run = runLayerwiseSearch(job, pool, &control);
    std::int64_t valid = 0;
    for (const auto& d : run.designs) valid += d.valid ? 1 : 0;
    const LayerwiseDesign* best = run.best >= 0 ? &run.designs[static_cast<std::size_t>(run.best)] : nullptr;
    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["workload"] = job.workload.name;
        j["space"] = job.space.name;
        j["searcher"] = job.settings.searcher;
        j["objective"] = designObjectiveName(job.settings.objective);
        j["seed"] = job.settings.searcherSettings.seed;
        j["designs"] = run.designs.size();
        j["valid"] = valid;
        j["area_budget_mm2"] = run.areaBudgetMm2;
        j["area_range_mm2"] = {run.areaMinMm2, run.areaMaxMm2};
        j["layer_mappings"] = run.layerMappings;
        j["seconds"] = run.seconds;
        j["best_history"] = run.bestHistory;
        if (best) {
            j["best"] = {{"latency_s", best->latencyS}, {"energy_j", best->energyJ}, {"area_mm2", best->areaMm2},
                         {"objective", best->objective}};
            nlohmann::ordered_json layers = nlohmann::ordered_json::array();
            for (const LayerChoice& l : best->layers)
                layers.push_back({{"op", l.op}, {"repeat", l.repeat}, {"design", l.design}, {"latency_s", l.latencyS},
                                  {"energy_j", l.energyJ}, {"area_mm2", l.areaMm2}});
            j["best"]["layers"] = layers;
        }
        ctx.out << j.dump(2) << "\n";
        return best ? 0 : 1;
    }
    ctx.out << job.settings.searcher << " (layer-wise) on " << job.space.name << ", " << job.workload.name << ": "
            << run.designs.size() << " designs (" << valid << " valid) in " << figure(run.seconds, "%.1f")
            << " s; area budget " << figure(run.areaBudgetMm2, "%.3f") << " mm^2 (between "
            << figure(run.areaMinMm2, "%.3f") << " and " << figure(run.areaMaxMm2, "%.3f") << ")\n";
    if (!best) {
        ctx.out << "no valid design found\n";
        return 1;
    }
    ctx.out << "best: latency " << figure(best->latencyS * 1e3, "%.4g") << " ms, energy "
            << figure(best->energyJ * 1e3, "%.4g") << " mJ, area " << figure(best->areaMm2, "%.3f") << " mm^2\n\n";
    TextTable t({"layer", "x", "sub-accelerator", "latency (ms)", "energy (mJ)", "area (mm^2)"});
    for (const LayerChoice& l : best->layers)
        t.addRow({l.op, std::to_string(l.repeat), l.design, figure(l.latencyS * 1e3, "%.4g"), figure(l.energyJ * 1e3, "%.4g"),
               figure(l.areaMm2, "%.3f")});
    t.print(ctx.out);
    return 0;
}

}  // namespace accelscope::cli
