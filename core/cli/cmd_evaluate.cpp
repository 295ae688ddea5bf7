// accelscope-cli evaluate: one layer, one mapping, one architecture through the cost model: the loop
// nest, per-level accesses, cycles, energy breakdown, area and roofline, as text or JSON.
#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "cli/command.h"
#include "cli/evaluate_network.h"
#include "cli/map_options.h"
#include "cli/suite_options.h"
#include "cli/text_table.h"
#include "mapper/loop_nest_printer.h"
#include "model/systolic_timing.h"
#include "onnx/load_any_workload.h"
#include "util/thread_pool.h"
#include "mapping/map_space.h"
#include "mapping/mapping_io.h"
#include "mapper/network_mapper.h"
#include "model/layer_cost.h"
#include "model/systolic_timing.h"
#include "model/power.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "util/json_reader.h"
#include "workload/workload_io.h"

namespace accelscope::cli {
namespace {

const Op& pickLayer(const Workload& w, const std::optional<std::string>& layer) {
    if (layer) return macOpByName(w, *layer);
    const Op* only = nullptr;
    for (const auto& op : w.ops)
        if (op.isMacOp()) {
            if (only) throw UsageError("--layer is required: " + w.name + " has more than one MAC op");
            only = &op;
        }
    if (!only) throw InputError(w.name, "", "has no MAC op to evaluate");
    return *only;
}

// A mapping file, or the output of `map --json` (its mapping of `layer`).
Mapping readMapping(const std::string& path, const Architecture& arch, const std::string& layer) {
    const std::string text = readTextFile(path);
    const nlohmann::json j = parseJson(text, path);
    if (!j.is_object() || !j.contains("layers")) return parseMapping(text, path, arch);
    for (const auto& l : j["layers"])
        if (l.is_object() && l.value("name", "") == layer && l.contains("mapping"))
            return parseMapping(l["mapping"].dump(), path + " (layer \"" + layer + "\")", arch);
    throw InputError(path, "", "holds no mapping for layer \"" + layer + "\"");
}

std::string boundName(const Evaluation& e, const Architecture& a) {
    return e.roofline.bound == Bound::Compute ? "compute" : a.levels[e.roofline.boundLevel].name;
}

nlohmann::ordered_json toJson(const Architecture& a, const Workload& w, const Op& op, const Evaluation& e,
                              const std::string& nest) {
    nlohmann::ordered_json j;
    j["architecture"] = a.name;
    j["workload"] = w.name;
    j["layer"] = op.name;
    j["valid"] = true;
    j["cycles"] = e.cycles;
    j["compute_cycles"] = e.pipelineCycles;
    j["temporal_iterations"] = e.computeCycles;
    if (e.systolicFolds > 0)
        j["systolic"] = {{"folds", e.systolicFolds},
                         {"stream_cycles_per_fold", e.systolicStreamCycles},
                         {"fill_drain_cycles_per_fold", e.systolicFillDrainCycles}};
    j["seconds"] = e.cycles / (a.clockGHz * 1e9);
    j["energy_pj"] = e.energyPj;
    j["area_um2"] = e.areaUm2;
    j["power_w"] = averagePowerW(a, e);
    j["peak_power_w"] = peakPowerW(a);
    j["utilization"] = e.utilization;
    j["useful_macs"] = e.usefulMacs;
    j["padded_macs"] = e.paddedMacs;
    j["utilized_mac_units"] = e.utilizedMacUnits;
    j["mac_units"] = a.macUnits();
    nlohmann::ordered_json energy;
    energy["mac_pj"] = e.macPj;
    energy["mac_leak_pj"] = e.macLeakPj;
    j["levels"] = nlohmann::ordered_json::array();
    for (int i = 0; i < e.levelCount; ++i) {
        const LevelEvaluation& lv = e.levels[i];
        nlohmann::ordered_json l;
        l["name"] = a.levels[i].name;
        l["instances"] = a.instances(i);
        l["utilized_instances"] = lv.utilizedInstances;
        l["cycles"] = lv.cycles;
        l["access_pj"] = lv.accessPj;
        l["leak_pj"] = lv.leakPj;
        l["network_pj"] = lv.networkPj;
        l["energy_pj"] = lv.energyPj();
        for (Tensor t : kAllTensors) {
            const int ti = static_cast<int>(t);
            if (!lv.kept[ti]) continue;
            const TensorAccesses& acc = lv.tensor[ti];
            l[std::string(tensorName(t))] = {{"reads", acc.reads},
                                             {"fills", acc.fills},
                                             {"updates", acc.updates},
                                             {"tile_words", acc.tileWords},
                                             {"partition_words", acc.partitionWords}};
        }
        j["levels"].push_back(l);
        energy[a.levels[i].name + "_pj"] = lv.energyPj();
    }
    j["energy_breakdown"] = energy;
    const Roofline& r = e.roofline;
    nlohmann::ordered_json roof;
    roof["peak_macs_per_cycle"] = r.peakMacsPerCycle;
    roof["dram_bytes"] = r.dramBytes;
    roof["operational_intensity"] = r.operationalIntensity;
    roof["attainable_macs_per_cycle"] = r.attainableMacsPerCycle;
    roof["achieved_macs_per_cycle"] = r.achievedMacsPerCycle;
    roof["bound"] = boundName(e, a);
    nlohmann::ordered_json levels = nlohmann::ordered_json::array();
    for (int i = 0; i < e.levelCount; ++i)
        levels.push_back({{"name", a.levels[i].name},
                          {"intensity_macs_per_byte", r.levelIntensity[i]},
                          {"ceiling_macs_per_cycle", r.levelCeiling[i]}});
    roof["levels"] = levels;
    j["roofline"] = roof;
    j["loop_nest"] = nest;
    return j;
}

void printText(std::ostream& out, const Architecture& a, const Op& op, const Evaluation& e, const std::string& nest) {
    out << "layer " << op.name << " on " << a.name << "\n\n" << nest << "\n";
    using A = TextTable::Align;
    TextTable t({"level", "tensor", "tile", "reads", "fills", "updates", "instances"},
                {A::Left, A::Left, A::Right, A::Right, A::Right, A::Right, A::Right});
    for (int i = 0; i < e.levelCount; ++i)
        for (Tensor tn : kAllTensors) {
            const int ti = static_cast<int>(tn);
            if (!e.levels[i].kept[ti]) continue;
            const TensorAccesses& acc = e.levels[i].tensor[ti];
            t.addRow({a.levels[i].name, std::string(tensorName(tn)), std::to_string(acc.tileWords), fixed(acc.reads, 0),
                      fixed(acc.fills, 0), fixed(acc.updates, 0), std::to_string(e.levels[i].utilizedInstances)});
        }
    t.print(out);
    out << "\ncycles " << fixed(e.cycles, 0) << " (compute " << fixed(e.pipelineCycles, 0);
    if (const std::string systolic = systolicSummary(a, e); !systolic.empty()) out << ": " << systolic;
    out << "), "
        << fixed(e.cycles / (a.clockGHz * 1e3), 3) << " us at " << a.clockGHz << " GHz; utilization "
        << fixed(100 * e.utilization, 2) << "%; MACs " << e.usefulMacs << " useful, " << e.paddedMacs << " run\n\n";
    TextTable en({"energy", "pJ", "share"}, {A::Left, A::Right, A::Right});
    const auto row = [&](const std::string& name, double pj) {
        en.addRow({name, fixed(pj, 1), fixed(100 * pj / e.energyPj, 1) + "%"});
    };
    row("MAC", e.macPj + e.macLeakPj);
    for (int i = 0; i < e.levelCount; ++i) {
        if (!a.levels[i].storesNothing()) row(a.levels[i].name, e.levels[i].accessPj + e.levels[i].leakPj);
        if (e.levels[i].networkPj > 0) row(a.levels[i].name + " network", e.levels[i].networkPj);
    }
    row("total", e.energyPj);
    en.print(out);
    const Roofline& r = e.roofline;
    out << "\narea " << fixed(e.areaUm2 / 1e6, 3) << " mm^2; power " << fixed(averagePowerW(a, e), 4)
        << " W average, " << fixed(peakPowerW(a), 4) << " W peak (TDP)\n"
        << "roofline: peak " << fixed(r.peakMacsPerCycle, 0) << " MACs/cycle, operational intensity "
        << fixed(r.operationalIntensity, 3) << " MACs/DRAM byte, attainable " << fixed(r.attainableMacsPerCycle, 2)
        << ", achieved " << fixed(r.achievedMacsPerCycle, 2) << " MACs/cycle, bound by " << boundName(e, a);
    // Compute-bound below the peak: the mapping leaves MAC units idle (spatial factors that do not
    // fill the fan-outs); say how many work.
    if (r.bound == Bound::Compute && e.utilizedMacUnits < a.macUnits())
        out << " (" << e.utilizedMacUnits << " of " << a.macUnits() << " MAC units used)";
    out << "\n";
}
}  // namespace

Command evaluateCommand() {
    Command c;
    c.name = "evaluate";
    c.summary = "cost one layer with a mapping, or whole networks after the compiler passes";
    c.usage = "--arch PRESET|FILE --workload W[,W2...] [--layer NAME] [--mapping FILE] [--batch B] "
              "[--fusion none|producer|global] [--padding on|off] [--baseline PRESET] [--json]\n"
              "  | --space SPACE --point NAME|K=V,... --workload W[,W2...] [--objective O] [--batch B] [--fusion F] [--padding on|off] [--json]";
    c.description =
        "Prints the mapping as a loop nest, per level and tensor the reads, fills and updates (summed over\n"
        "the level's utilised instances), cycles, the energy breakdown, area and the roofline figures.\n"
        "Layer mode (--layer or --mapping): one layer with one mapping: the loop nest, per level and tensor\n"
        "the reads, fills and updates (summed over the level's utilised instances), cycles, the energy\n"
        "breakdown, area and the roofline. Without --mapping the layer is mapped first (the options of\n"
        "`map`); FILE may also be the output of `map --json`, whose mapping for --layer is used.\n\n"
        "Network mode (neither): every op of each network after the compiler passes (fusion, padding),\n"
        "MAC ops mapped by the mapper, the others on the vector unit: latency, throughput, energy, EDP,\n"
        "area, TDP, Perf/TDP, DRAM traffic with and without fusion, and the bottleneck table (each op\n"
        "kind's share of MACs, time and energy). Several workloads form a suite (weighted geometric mean\n"
        "of Perf/TDP); --baseline maps a second design the same way and reports the ratios.\n\n"
        "Point mode (--space and --point): network mode on a point of a design space, costed exactly as a\n"
        "search costs it (the same realisation, compiler settings, software searcher, budget and seed;\n"
        "--sw-searcher, --sw-budget, --seed and --objective edp|delay|energy|perf-per-tdp as in `search`:\n"
        "the objective decides what each layer's schedule minimises); --batch, --fusion and --padding override the\n"
        "point's compiler settings. The point is a named one (e.g. fast_datacenter's tpu_v3), K=V for\n"
        "every parameter, or a name with overrides (tpu_v3,batch=8); it also says whether the point is\n"
        "within the space's area and TDP caps.";
    c.options = {{"arch", "PRESET|FILE", "the architecture (see `accelscope-cli arch --list`)"},
                 {"workload", "NAME|FILE", "the network"},
                 {"layer", "NAME", "the op to evaluate (a conv, linear or matmul)"},
                 {"mapping", "FILE", "the mapping JSON file, written for this architecture"},
                 {"json", "", "print one JSON object"}};
    for (const auto& o : mapOptionSpecs()) c.options.push_back(o);
    for (const auto& o : networkOptionSpecs()) c.options.push_back(o);
    c.run = [](const Args& args, Context& ctx) {
        if (!args.has("layer") && !args.has("mapping")) return runNetworkEvaluation(args, ctx);
        const Architecture arch = loadArchitectureByNameOrPath(args.required("arch"));
        const Workload w = loadAnyWorkload(args.required("workload"));
        const Op& op = pickLayer(w, args.value("layer"));
        Mapping mapping;
        Evaluation e;
        if (const auto path = args.value("mapping")) {
            mapping = readMapping(*path, arch, op.name);
            if (!evaluate(arch, op.problem(), mapping, e))
                throw InputError(*path, "", "invalid for layer \"" + op.name + "\": " + describeInvalid(e, arch));
        } else {
            const MapJob job = mapJobFromArgs(args, arch);
            const MapSpace space(arch, op.problem(), job.constraints);
            MapperSettings s = job.settings;
            s.seed = shapeSeed(job.settings.seed, op.problem());
            ThreadPool pool(job.threads);
            const LayerMapResult r = mapLayer(arch, space, s, nullptr, &pool);
            if (!r.found)
                throw InputError(arch.name, "", "no valid mapping of layer \"" + op.name + "\" found in " +
                                                    std::to_string(r.evaluated) + " tries");
            mapping = r.mapping;
            e = r.evaluation;
        }
        const std::string nest = printLoopNest(arch, mapping, &e);
        if (args.flag("json"))
            ctx.out << toJson(arch, w, op, e, nest).dump(2) << '\n';
        else
            printText(ctx.out, arch, op, e, nest);
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
