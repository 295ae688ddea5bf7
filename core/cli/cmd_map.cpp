// accelscope-cli map: the best mapping of every layer (or one) of a network on an architecture.
#include <chrono>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "cli/command.h"
#include "cli/map_options.h"
#include "cli/suite_options.h"
#include "cli/text_table.h"
#include "util/thread_pool.h"
#include "onnx/load_any_workload.h"
#include "mapper/loop_nest_printer.h"
#include "mapping/mapping_io.h"
#include "mapper/network_mapper.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

Workload onlyLayer(const Workload& w, const std::string& layer) {
    Workload one = w;
    one.ops = {macOpByName(w, layer)};
    return one;
}

// How far above the proven lower bound the mapping may be: objective / bound - 1 (0 when proven).
double optimalGap(const LayerMapResult& r) {
    if (r.proven) return 0;
    return r.lowerBound > 0 ? r.objective / r.lowerBound - 1 : std::numeric_limits<double>::infinity();
}

std::string optimalNote(const LayerMapResult& r) {
    if (r.proven) return "optimal (proven)";
    const double gap = optimalGap(r);
    return std::isfinite(gap) ? "gap " + fixed(100 * gap, 1) + "%" : "gap unbounded";
}

nlohmann::ordered_json toJson(const Architecture& arch, const Workload& w, const NetworkMapResult& r,
                              const MapConstraints& c, const MapperSettings& s, double seconds) {
    nlohmann::ordered_json j;
    j["architecture"] = arch.name;
    j["workload"] = w.name;
    j["objective"] = std::string(objectiveName(s.objective));
    j["dataflow"] = c.name;
    j["algorithm"] = s.algorithm;
    j["budget"] = s.budget;
    j["seed"] = s.seed;
    j["layers"] = nlohmann::ordered_json::array();
    for (const LayerMapping& l : r.layers) {
        nlohmann::ordered_json lj;
        lj["name"] = l.op;
        lj["repeat"] = l.repeat;
        lj["log10_space"] = l.log10Space;
        lj["found"] = l.result.found;
        if (l.result.found) {
            const Evaluation& e = l.result.evaluation;
            lj["mapping"] = nlohmann::ordered_json::parse(serializeMapping(l.result.mapping, arch));
            lj["cycles"] = e.cycles;
            lj["energy_pj"] = e.energyPj;
            lj["edp"] = e.cycles * e.energyPj;
            lj["utilization"] = e.utilization;
            if (s.algorithm == "optimal") {
                lj["proven_optimal"] = l.result.proven;
                lj["lower_bound"] = l.result.lowerBound;
                lj["gap"] = optimalGap(l.result);
            }
        }
        lj["evaluated"] = l.result.evaluated;
        lj["valid"] = l.result.valid;
        j["layers"].push_back(lj);
    }
    j["total"] = {{"cycles", r.cycles},
                  {"energy_pj", r.energyPj},
                  {"edp", r.edp()},
                  {"seconds_at_clock", r.cycles / (arch.clockGHz * 1e9)},
                  {"distinct_shapes", r.distinctShapes},
                  {"evaluated", r.evaluated},
                  {"complete", r.complete},
                  {"wall_seconds", seconds}};
    return j;
}

void printText(std::ostream& out, const Architecture& arch, const NetworkMapResult& r, bool nests, double seconds,
               bool optimal) {
    using A = TextTable::Align;
    std::vector<std::string> head{"layer", "x", "log10 space", "cycles", "energy uJ", "EDP (uJ x ms)", "util %"};
    std::vector<A> align{A::Left, A::Right, A::Right, A::Right, A::Right, A::Right, A::Right};
    if (optimal) head.push_back("optimality"), align.push_back(A::Left);
    TextTable t(head, align);
    for (const LayerMapping& l : r.layers) {
        if (!l.result.found) {
            std::vector<std::string> row{l.op, std::to_string(l.repeat), fixed(l.log10Space, 1), "no valid mapping", "", "", ""};
            if (optimal) row.push_back(l.result.proven ? "proven: none exists" : "");
            t.addRow(row);
            continue;
        }
        const Evaluation& e = l.result.evaluation;
        const double ms = e.cycles / (arch.clockGHz * 1e6);
        std::vector<std::string> row{l.op, std::to_string(l.repeat), fixed(l.log10Space, 1), fixed(e.cycles, 0),
                                     fixed(e.energyPj / 1e6, 3), fixed(e.energyPj / 1e6 * ms, 4), fixed(100 * e.utilization, 1)};
        if (optimal) row.push_back(optimalNote(l.result));
        t.addRow(row);
    }
    if (nests)
        for (const LayerMapping& l : r.layers)
            if (l.result.found)
                out << l.op << "\n" << printLoopNest(arch, l.result.mapping, &l.result.evaluation) << "\n";
    t.print(out);
    const double ms = r.cycles / (arch.clockGHz * 1e6);
    out << "\ntotal: " << fixed(r.cycles, 0) << " cycles (" << fixed(ms, 3) << " ms), " << fixed(r.energyPj / 1e6, 3)
        << " uJ, EDP " << fixed(r.energyPj / 1e6 * ms, 4) << " uJ x ms; " << r.distinctShapes << " distinct shapes, "
        << r.evaluated << " mappings evaluated in " << fixed(seconds, 2) << " s"
        << (r.complete ? "" : r.cancelled ? " (cancelled)" : " (some layers have no valid mapping)") << "\n";
}
}  // namespace

Command mapCommand() {
    Command c;
    c.name = "map";
    c.summary = "find the best mapping of every layer of a network on an architecture";
    c.usage = "--arch PRESET|FILE --workload NAME|FILE [--layer NAME] [--objective edp|energy|delay] "
              "[--dataflow PRESET | --constraints FILE] [--algorithm anneal|greedy|random|exhaustive|optimal|dabo|bo] [--time-limit-s S] [--budget N] [--padding on|off] [--seed S] "
              "[--threads T] [--json]";
    c.description = mapOptionsHelp();
    c.options = mapOptionSpecs();
    c.options.insert(c.options.begin(), {{"arch", "PRESET|FILE", "the architecture"},
                                         {"workload", "NAME|FILE", "the network"},
                                         {"layer", "NAME", "map only this op"}});
    c.options.push_back({"json", "", "print one JSON object: layers (name, mapping, cycles, energy_pj) and total"});
    c.run = [](const Args& args, Context& ctx) {
        const Architecture arch = loadArchitectureByNameOrPath(args.required("arch"));
        Workload w = loadAnyWorkload(args.required("workload"));
        const bool one = args.has("layer");
        if (one) w = onlyLayer(w, args.required("layer"));
        const MapJob job = mapJobFromArgs(args, arch);
        ThreadPool pool(job.threads);
        const auto start = std::chrono::steady_clock::now();
        const NetworkMapResult r = mapWorkload(arch, w, job.constraints, job.settings, pool);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (args.flag("json"))
            ctx.out << toJson(arch, w, r, job.constraints, job.settings, seconds).dump(2) << '\n';
        else
            printText(ctx.out, arch, r, one, seconds, job.settings.algorithm == "optimal");
        return r.complete ? 0 : 1;
    };
    return c;
}

}  // namespace accelscope::cli
