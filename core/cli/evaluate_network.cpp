// `accelscope-cli evaluate` without --layer/--mapping: the full-stack result of one or more networks
// (a suite), optionally against a baseline design mapped by the same mapper.
#include "cli/evaluate_network.h"

#include "cli/run_args.h"

#include <cmath>
#include <algorithm>
#include <limits>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "cli/map_options.h"
#include "cli/suite_options.h"
#include "cli/text_table.h"
#include "explore/search_engine.h"
#include "util/thread_pool.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "network/network_model.h"
#include "model/suite.h"
#include "util/input_error.h"
#include "workload/workload_io.h"
#include "search/placed_point.h"

namespace accelscope::cli {
namespace {
using ojson = nlohmann::ordered_json;

ojson resultJson(const Architecture& arch, const NetworkResult& r, const NetworkSettings& s) {
    ojson j;
    j["architecture"] = arch.name;
    j["workload"] = r.workload;
    j["batch"] = r.batch;
    j["fusion"] = std::string(fusionModeName(s.fusion));
    j["padding"] = s.constraints.allowPadding;
    j["dataflow"] = s.constraints.name;
    j["complete"] = r.complete;
    j["cycles"] = r.cycles;
    j["latency_s"] = r.latencyS;
    j["throughput"] = r.throughput;
    j["energy_j"] = r.energyJ();
    j["edp_js"] = r.edp();
    j["area_um2"] = r.areaUm2;
    j["tdp_w"] = r.tdpW;
    j["perf_per_tdp"] = r.perfPerTdp;
    j["dram_bytes"] = r.dramBytes;
    j["dram_bytes_unfused"] = r.dramBytesUnfused;
    j["activation_bytes_saved"] = r.activationBytesSaved;
    j["useful_macs"] = r.usefulMacs;
    j["padded_macs"] = r.paddedMacs;
    if (!r.fusionMethod.empty()) j["residency_method"] = r.fusionMethod;
    j["bottlenecks"] = ojson::array();
    for (const BottleneckRow& b : r.bottlenecks)
        j["bottlenecks"].push_back({{"category", b.category},
                                    {"ops", b.ops},
                                    {"mac_share", b.macShare},
                                    {"cycle_share", b.cycleShare},
                                    {"energy_share", b.energyShare}});
    j["ops"] = ojson::array();
    for (const OpCost& c : r.ops)
        j["ops"].push_back({{"name", c.name},
                            {"kind", std::string(opKindName(c.kind))},
                            {"category", c.category},
                            {"groups", c.groups},
                            {"repeat", c.repeat},
                            {"macs", c.macs},
                            {"padded_macs", c.paddedMacs},
                            {"element_ops", c.elementOps},
                            {"cycles", c.cycles},
                            {"energy_pj", c.energyPj},
                            {"dram_bytes", c.dramBytes},
                            {"unit", std::string(opUnitName(c.unit))},
                            {"bound", opBoundName(c.bound, arch)},
                            {"mapped", c.mapped}});
    return j;
}

void printResult(std::ostream& out, const Architecture& arch, const NetworkResult& r, const NetworkSettings& s) {
    out << r.workload << " on " << arch.name << ", batch " << r.batch << ", fusion " << fusionModeName(s.fusion)
        << ", padding " << (s.constraints.allowPadding ? "on" : "off") << (r.complete ? "" : " (INCOMPLETE: some layers have no valid mapping)")
        << "\n  latency " << fixed(r.latencyS * 1e3, 4) << " ms, throughput " << fixed(r.throughput, 1)
        << " inferences/s, energy " << fixed(r.energyJ() * 1e3, 4) << " mJ, EDP " << r.edp() << " J s\n  area "
        << fixed(r.areaUm2 / 1e6, 2) << " mm^2, TDP " << fixed(r.tdpW, 2) << " W, Perf/TDP " << fixed(r.perfPerTdp, 2)
        << " inferences/s/W\n  DRAM " << fixed(r.dramBytes / 1e6, 2) << " MB (" << fixed(r.dramBytesUnfused / 1e6, 2)
        << " MB without fusion), MACs " << r.usefulMacs << " useful, " << r.paddedMacs << " run\n\n";
    using A = TextTable::Align;
    TextTable t({"op kind", "ops", "MACs %", "time %", "energy %"}, {A::Left, A::Right, A::Right, A::Right, A::Right});
    for (const BottleneckRow& b : r.bottlenecks)
        t.addRow({b.category, std::to_string(b.ops), fixed(100 * b.macShare, 1), fixed(100 * b.cycleShare, 1),
                  fixed(100 * b.energyShare, 1)});
    t.print(out);
    out << '\n';
}
}  // namespace

std::vector<OptionSpec> networkOptionSpecs() {
    return {{"batch", "B", "network mode: the batch size (default: the files' batch, or the point's)"},
            {"fusion", "none|producer|global", "network mode: operation fusion (default none, or the point's)"},
            {"baseline", "PRESET|FILE", "network mode: also evaluate this design and report the ratios"},
            {"weights", "W1,W2,...", "network mode: the suite weights of the workloads (default all 1)"},
            {"space", "PRESET|FILE", "network mode: cost a point of this design space instead of --arch"},
            {"point", "NAME|K=V,...", "with --space: a named point, K=V for every parameter, or NAME,K=V,... (overrides)"},
            {"sw-searcher", "NAME", "with --space: how each layer is scheduled, as in `search` (default anneal)"},
            {"sw-budget", "M", "with --space: mappings per distinct layer shape, as in `search` (default 3000)"}};
}

namespace {

// What network mode costs: a design file, or a point of a space costed as a search costs it.
struct DesignUnderTest {
    Architecture arch;
    NetworkSettings settings;
    std::optional<std::int64_t> batch;  // the point's batch (space mode)
    unsigned threads = 0;
    std::string note;                   // space mode: the point, and where it stands against the caps
};

DesignUnderTest designFromArgs(const Args& args) {
    DesignUnderTest d;
    if (!args.has("space")) {
        if (args.has("point") || args.has("sw-searcher") || args.has("sw-budget"))
            throw UsageError("--point, --sw-searcher and --sw-budget go with --space");
        d.arch = loadArchitectureByNameOrPath(args.required("arch"));
        const MapJob job = mapJobFromArgs(args, d.arch);
        d.settings.mapper = job.settings;
        d.settings.constraints = job.constraints;
        d.threads = job.threads;
        if (const auto f = args.choice("fusion", {"none", "producer", "global"})) d.settings.fusion = *fusionModeFromName(*f);
        return d;
    }
    if (args.has("arch")) throw UsageError("give one of --arch and --space, not both");
    for (const char* mapperOnly : {"algorithm", "budget", "dataflow", "constraints"})
        if (args.has(mapperOnly))
            throw UsageError(std::string("--") + mapperOnly + " does not go with --space: a point is scheduled as a " +
                             "search schedules it (--sw-searcher, --sw-budget, --seed)");
    SearchJob job;
    job.space = loadDesignSpaceByNameOrPath(args.required("space"));
    // As a search schedules its designs; with --space, --objective is the search's objective: it decides
    // what each layer's schedule minimises.
    job.settings = runSettingsFromArgs(args);
    d.threads = static_cast<unsigned>(job.settings.threads);
    const PlacedPoint placed = placePoint(job.space, args.required("point"));
    CompilerSettings cs;
    std::string why;
    if (!placed.space.realize(placed.point, d.arch, cs, why))
        throw InputError(job.space.name, "--point", "the point cannot be built: " + why);
    if (const auto f = args.choice("fusion", {"none", "producer", "global"})) cs.fusion = *fusionModeFromName(*f);
    if (args.has("padding")) cs.padding = args.choice("padding", {"on", "off"}) == "on";
    if (auto b = args.integer("batch", 1, 1 << 20)) cs.batch = *b;
    d.settings = designNetworkSettings(job.settings, cs);
    d.batch = cs.batch;
    d.arch.name = job.space.name + " point";
    const double area = architectureAreaUm2(d.arch) / 1e6, tdp = peakPowerW(d.arch);
    d.note = job.space.name + " point " + placed.describe();
    if (job.space.areaCapMm2 > 0 && area > job.space.areaCapMm2)
        d.note += "\n  (area " + fixed(area, 1) + " mm^2 is over the space's cap of " + fixed(job.space.areaCapMm2, 0) +
                  " mm^2: a search would count it invalid)";
    if (job.space.powerCapW > 0 && tdp > job.space.powerCapW)
        d.note += "\n  (TDP " + fixed(tdp, 1) + " W is over the space's cap of " + fixed(job.space.powerCapW, 0) +
                  " W: a search would count it invalid)";
    return d;
}

}  // namespace

int runNetworkEvaluation(const Args& args, Context& ctx) {
    DesignUnderTest design = designFromArgs(args);
    const Architecture& arch = design.arch;
    NetworkSettings& settings = design.settings;
    const SuiteOptions suite = readSuiteOptions(args);
    std::optional<Architecture> baseline;
    if (const auto b = args.value("baseline")) baseline = loadArchitectureByNameOrPath(*b);
    ThreadPool pool(design.threads);
    if (!design.note.empty() && !args.flag("json")) ctx.out << design.note << "\n\n";
    ojson all = ojson::array();
    std::vector<double> perf, ratios;
    bool complete = true;
    for (const Workload& w : suite.workloads) {
        settings.batch = design.batch.value_or(args.integer("batch", 1, 1 << 20).value_or(w.batch));
        const NetworkResult r = evaluateNetwork(arch, w, settings, pool);
        complete = complete && r.complete;
        ojson j = resultJson(arch, r, settings);
        if (!design.note.empty()) j["point"] = design.note.substr(0, design.note.find('\n'));
        if (!args.flag("json")) printResult(ctx.out, arch, r, settings);
        perf.push_back(r.perfPerTdp);
        if (baseline) {
            NetworkSettings bs = settings;
            if (!args.has("space")) bs.constraints = mapJobFromArgs(args, *baseline).constraints;
            const NetworkResult b = evaluateNetwork(*baseline, w, bs, pool);
            complete = complete && b.complete;
            const double ratio = b.perfPerTdp > 0 ? r.perfPerTdp / b.perfPerTdp : 0;
            ratios.push_back(ratio);
            j["baseline"] = {{"architecture", baseline->name},
                             {"latency_s", b.latencyS},
                             {"energy_j", b.energyJ()},
                             {"tdp_w", b.tdpW},
                             {"perf_per_tdp", b.perfPerTdp},
                             {"perf_per_tdp_ratio", ratio},
                             {"speedup", r.latencyS > 0 ? b.latencyS / r.latencyS : 0},
                             {"energy_ratio", b.energyJ() > 0 ? r.energyJ() / b.energyJ() : 0},
                             {"edp_ratio", b.edp() > 0 ? r.edp() / b.edp() : 0}};
            if (!args.flag("json"))
                ctx.out << "  vs " << baseline->name << ": Perf/TDP x" << fixed(ratio, 3) << ", speed-up x"
                        << fixed(r.latencyS > 0 ? b.latencyS / r.latencyS : 0, 3) << ", energy x"
                        << fixed(b.energyJ() > 0 ? r.energyJ() / b.energyJ() : 0, 3) << "\n\n";
        }
        all.push_back(j);
    }
    if (!complete) throw InputError(arch.name, "", "some layers have no valid mapping; the totals would leave them out");
    const bool isSuite = suite.workloads.size() > 1;
    ojson suiteJson;
    if (isSuite && std::all_of(perf.begin(), perf.end(), [](double v) { return v > 0; })) {
        suiteJson["weights"] = suite.weights;
        suiteJson["geomean_perf_per_tdp"] = weightedGeometricMean(perf, suite.weights);
        if (baseline && std::all_of(ratios.begin(), ratios.end(), [](double v) { return v > 0; }))
            suiteJson["geomean_perf_per_tdp_ratio"] = weightedGeometricMean(ratios, suite.weights);
        if (!args.flag("json")) {
            ctx.out << "suite: weighted geometric mean Perf/TDP " << fixed(suiteJson["geomean_perf_per_tdp"].get<double>(), 3);
            if (suiteJson.contains("geomean_perf_per_tdp_ratio"))
                ctx.out << ", x" << fixed(suiteJson["geomean_perf_per_tdp_ratio"].get<double>(), 3) << " the baseline";
            ctx.out << "\n";
        }
    }
    if (args.flag("json")) {
        if (!isSuite)
            ctx.out << all[0].dump(2) << '\n';
        else
            ctx.out << ojson{{"workloads", all}, {"suite", suiteJson}}.dump(2) << '\n';
    }
    return 0;
}

}  // namespace accelscope::cli
