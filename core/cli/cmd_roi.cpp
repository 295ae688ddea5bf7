// accelscope-cli roi: the return on investment of a session's design against a baseline (roi_study.h).
#include <cmath>
#include <cstdio>

#include "cli/command.h"
#include "cli/run_args.h"
#include "cli/text_table.h"
#include "explore/session.h"
#include "util/thread_pool.h"
#include "roi/roi_study.h"

namespace accelscope::cli {
namespace {

std::string usd(double v) {
    char text[64];
    const double a = std::fabs(v);
    if (a >= 1e9) std::snprintf(text, sizeof text, "$%.2f B", v / 1e9);
    else if (a >= 1e6) std::snprintf(text, sizeof text, "$%.2f M", v / 1e6);
    else if (a >= 1e4) std::snprintf(text, sizeof text, "$%.1f k", v / 1e3);
    else std::snprintf(text, sizeof text, "$%.2f", v);
    return text;
}

std::string count(double v) {
    char text[64];
    std::snprintf(text, sizeof text, v >= 100 ? "%.0f" : "%.3g", v);
    return text;
}

RoiAssumptions assumptionsFrom(const Args& args) {
    RoiAssumptions a;
    constexpr double kBig = 1e15;
    auto take = [&](const char* name, double& field, double lo, double hi) {
        if (auto v = args.number(name, lo, hi)) field = *v;
    };
    take("nre-usd", a.nreUsd, 0, kBig);
    take("wafer-usd", a.waferCostUsd, 1e-6, kBig);
    take("wafer-mm", a.waferDiameterMm, 1, 1000);
    take("defects-per-cm2", a.defectsPerCm2, 0, 100);
    take("chip-other-usd", a.chipOtherUsd, 0, kBig);
    take("provisioning-usd-per-w", a.provisioningUsdPerW, 0, kBig);
    take("electricity-usd-per-kwh", a.electricityUsdPerKWh, 0, 1000);
    take("pue", a.pue, 1, 10);
    take("mean-power-fraction", a.meanPowerFraction, 1e-6, 1);
    take("life-years", a.serviceLifeYears, 1e-3, 100);
    return a;
}

void printStudy(const RoiStudy& s, const RoiAssumptions& a, std::ostream& out) {
    const RoiResult& r = s.result;
    out << "Return on investment of design #" << s.design.index << " of run \"" << s.runLabel << "\" (" << s.designText
        << ")\nagainst " << s.baselineHow << ".\n\n";
    TextTable t({"per chip", r.design.name, r.baseline.name}, {TextTable::Align::Left, TextTable::Align::Right, TextTable::Align::Right});
    auto row = [&](const std::string& label, const std::string& mine, const std::string& theirs) { t.addRow({label, mine, theirs}); };
    row("inferences/s", fixed(r.design.throughputPerS, 1), fixed(r.baseline.throughputPerS, 1));
    row("TDP (W)", fixed(r.design.tdpW, 1), fixed(r.baseline.tdpW, 1));
    row("Perf/TDP (inferences/s/W)", fixed(r.design.throughputPerS / r.design.tdpW, 2),
        fixed(r.baseline.throughputPerS / r.baseline.tdpW, 2));
    row("die area, model (mm²)", fixed(r.design.areaMm2, 1), fixed(r.baseline.areaMm2, 1));
    row("dies per wafer", count(r.designCost.diesPerWafer), count(r.baselineCost.diesPerWafer));
    row("yield", fixed(100 * r.designCost.yield, 1) + " %", fixed(100 * r.baselineCost.yield, 1) + " %");
    row("die", usd(r.designCost.dieUsd), usd(r.baselineCost.dieUsd));
    row("chip (die + package, memory)", usd(r.designCost.chipUsd), usd(r.baselineCost.chipUsd));
    row("datacenter provisioning", usd(r.designCost.provisioningUsd), usd(r.baselineCost.provisioningUsd));
    row("electricity over the life", usd(r.designCost.energyUsd), usd(r.baselineCost.energyUsd));
    row("lifetime cost", usd(r.designCost.lifetimeUsd), usd(r.baselineCost.lifetimeUsd));
    row("per inference/s of capacity", usd(r.designCost.usdPerThroughput), usd(r.baselineCost.usdPerThroughput));
    t.print(out);
    out << "\nOne new chip does the work of " << fixed(r.replacedPerChip, 3) << " " << r.baseline.name << " chips and ";
    if (r.savingsPerChipUsd > 0) out << "saves " << usd(r.savingsPerChipUsd) << " over its life.\n";
    else out << "costs " << usd(-r.savingsPerChipUsd) << " more over its life than they do.\n";
    if (r.breakEvenChips) {
        out << "Break-even: the NRE of " << usd(a.nreUsd) << " is paid back after " << count(std::ceil(*r.breakEvenChips))
            << " chips deployed.\n";
        out << "Net savings:";
        for (double n : {1e3, 1e4, 1e5}) out << "  " << count(n) << " chips " << usd(netSavingsUsd(r, a, n)) << ";";
        out << "\n";
    } else {
        out << "Break-even: never; the new design costs more per inference/s than the baseline.\n";
    }
    out << "\nAssumptions (--help names the options that change them):\n";
    TextTable at({"assumption", "value", "source"});
    for (const RoiAssumptionRow& row : roiAssumptionRows(a)) at.addRow({row.label, row.value, row.source});
    at.print(out);
    out << "Die areas are the model's (MACs and memories only; a real die adds I/O, interconnect and control), so die\n"
           "costs are lower bounds; provisioning and electricity, which scale with TDP, dominate at these figures.\n";
}

}  // namespace

Command roiCommand() {
    Command c;
    c.name = "roi";
    c.summary = "return on investment of a searched design against a baseline (FAST's ROI analysis)";
    c.usage = "--session FILE [--run N] [--design I] [--baseline POINT|PRESET|FILE] [--nre-usd USD] [...] [--json]";
    c.description =
        "A new chip costs its NRE once; each deployed chip costs its die (wafer cost over good dies, from the\n"
        "model's die area and Poisson yield) and the rest of its package, datacenter provisioning per watt of\n"
        "TDP and electricity over its service life. A new chip replaces T_new / T_base baseline chips\n"
        "(throughput per chip), so each one deployed saves s = (T_new / T_base) C_base - C_new, and the NRE is\n"
        "paid back after NRE / s chips. The baseline defaults to the space's first named point (fast_datacenter:\n"
        "tpu_v3), costed as the search costs a point at the design's batch; a preset or architecture file is\n"
        "costed with the design's compiler settings. Every default and its source: docs/roi.md.";
    c.options = {{"session", "FILE", "a session file (from search or the GUI)"},
                 {"run", "N", "which run, from 0 (default the last)"},
                 {"design", "I", "which design (default the run's best)"},
                 {"baseline", "SPEC", "a point of the space (tpu_v3, tpu_v3,batch=8, K=V,...), a preset or a file"},
                 {"nre-usd", "USD", "engineering and masks of the new chip (default 50e6)"},
                 {"wafer-usd", "USD", "a processed wafer (default 3984, 16/12 nm)"},
                 {"wafer-mm", "MM", "wafer diameter (default 300)"},
                 {"defects-per-cm2", "D0", "defect density for Poisson yield (default 0.1)"},
                 {"chip-other-usd", "USD", "per chip beside the die: package, test, memory (default 500)"},
                 {"provisioning-usd-per-w", "USD", "datacenter capacity per W of TDP (default 10)"},
                 {"electricity-usd-per-kwh", "USD", "electricity price (default 0.07)"},
                 {"pue", "X", "power usage effectiveness (default 1.10)"},
                 {"mean-power-fraction", "F", "mean power over TDP in service (default 220/262, TPU-v3)"},
                 {"life-years", "Y", "service life (default 4)"},
                 {"threads", "T", threadsHelp()},
                 {"json", "", "print the study as JSON"}};
    c.run = [](const Args& args, Context& ctx) {
        const std::string file = args.required("session");
        RoiRequest request;
        request.run = static_cast<int>(args.integer("run", 0, 1'000'000).value_or(-1));
        request.design = static_cast<int>(args.integer("design", 0, 100'000'000).value_or(-1));
        request.baseline = args.value("baseline").value_or("");
        request.assumptions = assumptionsFrom(args);
        const Session session = loadSession(file).session;
        ThreadPool pool(threadsFromArgs(args));
        const RoiStudy study = studyRoi(session, request, pool);
        if (args.flag("json")) ctx.out << roiToJson(study, request.assumptions).dump(1) << "\n";
        else printStudy(study, request.assumptions, ctx.out);
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
