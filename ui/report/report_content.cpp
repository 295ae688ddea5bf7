// What the report says, section by section: the job, how the search converged, the Pareto designs,
// the chosen design with its schedule and where its time and energy go, and the baselines.
#include <QDateTime>
#include <QWidget>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "arch/arch_io.h"
#include "breakdown_plot.h"
#include "convergence_plot.h"
#include "design_evaluator.h"
#include "explore/design_details.h"
#include "explore/session_export.h"
#include "util/thread_pool.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "model/suite.h"
#include "pareto_plot.h"
#include "plot_style.h"
#include "report/report_document.h"
#include "report/report_format.h"
#include "roi/roi_study.h"
#include "roi_plot.h"
#include "roofline_plot.h"
#include "util/input_error.h"
#include "search/placed_point.h"

namespace accelscope::ui {

void ReportDocument::heading(const QString& text, int level) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Heading;
    b.text = text;
    b.level = level;
    blocks.push_back(std::move(b));
}

void ReportDocument::paragraph(const QString& text) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Paragraph;
    b.text = text;
    blocks.push_back(std::move(b));
}

void ReportDocument::facts(std::vector<std::pair<QString, QString>> rows) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Facts;
    b.facts = std::move(rows);
    blocks.push_back(std::move(b));
}

void ReportDocument::table(ReportTable t) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Table;
    b.table = std::move(t);
    blocks.push_back(std::move(b));
}

void ReportDocument::figure(QCustomPlot* plot, QSize size, const QString& caption) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Figure;
    b.figure = {plot, size, caption};
    blocks.push_back(std::move(b));
}

namespace {

// The width of an A4 page's text block (180 mm) in logical pixels, 96 per inch.
constexpr int kPageWidthPx = 680;
const char* const kBaselines[] = {"eyeriss_like", "nvdla_like"};

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString objectiveTitle(DesignObjective o) {
    switch (o) {
    case DesignObjective::Edp: return QStringLiteral("EDP (energy × delay), minimised");
    case DesignObjective::Delay: return QStringLiteral("latency, minimised");
    case DesignObjective::Energy: return QStringLiteral("energy, minimised");
    case DesignObjective::PerfPerTdp: return QStringLiteral("Perf/TDP, maximised");
    }
    return {};
}

QString objectiveValue(DesignObjective o, const DesignRecord& d) {
    switch (o) {
    case DesignObjective::Edp: return formatSi(d.edp, QStringLiteral("J·s"));
    case DesignObjective::Delay: return formatSi(d.latencyS, QStringLiteral("s"));
    case DesignObjective::Energy: return formatSi(d.energyJ, QStringLiteral("J"));
    case DesignObjective::PerfPerTdp: return formatNumber(d.perfPerTdp) + QStringLiteral(" inf/s/W");
    }
    return {};
}

QString searcherSettingsText(const RunSettings& s) {
    const SearcherSettings& ss = s.searcherSettings;
    QString text = QStringLiteral("%1 (batch %2)").arg(qs(s.searcher)).arg(ss.batch);
    if (s.searcher == "bo" || s.searcher == "dabo")
        text += QStringLiteral(": %1 kernel, %2 acquisition (κ %3), %4 warm-up samples, %5 candidates, %6 % random")
                    .arg(qs(ss.kernel), qs(ss.acquisition), formatNumber(ss.kappa))
                    .arg(ss.warmup)
                    .arg(ss.candidates)
                    .arg(formatNumber(100 * ss.exploration));
    else if (s.searcher == "ga")
        text += QStringLiteral(": population %1, crossover %2, mutation %3")
                    .arg(ss.population)
                    .arg(formatNumber(ss.crossover), formatNumber(ss.mutation));
    else if (s.searcher == "sa")
        text += QStringLiteral(": temperature %1 → %2").arg(formatNumber(ss.t0), formatNumber(ss.tEnd));
    else if (s.searcher == "confuciux")
        text += QStringLiteral(": REINFORCE policy for %1 % of the budget (learning rate %2), then a GA of population %3")
                    .arg(formatNumber(100 * ss.rlShare), formatNumber(ss.learningRate))
                    .arg(ss.population);
    return text;
}

// The parameters that vary in the space, as "name value" pairs: the key figures of a design.
QString keyParameters(const DesignSpace& space, const Point& point) {
    QStringList parts;
    for (std::size_t i = 0; i < space.space.params.size() && i < point.size(); ++i) {
        const Param& p = space.space.params[i];
        if (p.levels() > 1) parts << qs(p.name) + QLatin1Char(' ') + qs(p.label(point[i]));
    }
    return parts.join(QStringLiteral(", "));
}

QString levelText(const Architecture& arch, int i) {
    const StorageLevel& l = arch.levels[static_cast<std::size_t>(i)];
    QString text = qs(std::string(storageClassName(l.storageClass)));
    if (l.capacityWords > 0) text += QStringLiteral(", ") + formatBytes(static_cast<double>(l.capacityWords) * l.wordBits / 8);
    const std::int64_t n = arch.instances(i);
    if (n > 1) text += QStringLiteral(" × %1").arg(n);
    if (l.readBandwidth > 0) text += QStringLiteral(", %1 words/cycle").arg(formatNumber(l.readBandwidth));
    if (l.fanout() > 1) text += QStringLiteral("; fan-out %1×%2 below").arg(l.meshX).arg(l.meshY);
    return text;
}


void addJobSummary(ReportDocument& doc, const Session& session, const SessionRun& run) {
    doc.heading(QStringLiteral("1. Job summary"));
    QStringList workloads;
    for (std::size_t i = 0; i < session.workloads.size(); ++i) {
        const Workload& w = session.workloads[i];
        const double weight = i < session.weights.size() ? session.weights[i] : 1.0;
        workloads << QStringLiteral("%1 (weight %2; %3 ops, %4 GMACs at batch %5)")
                         .arg(qs(w.name), plainNumber(weight))
                         .arg(w.ops.size())
                         .arg(formatNumber(static_cast<double>(w.totalMacs()) / 1e9))
                         .arg(w.batch);
    }
    const DesignSpace& space = session.space;
    QStringList caps;
    if (space.areaCapMm2 > 0) caps << QStringLiteral("area ≤ %1 mm²").arg(formatNumber(space.areaCapMm2));
    if (space.powerCapW > 0) caps << QStringLiteral("TDP ≤ %1 W").arg(formatNumber(space.powerCapW));
    QStringList fixed;
    for (const auto& [name, value] : space.fixed) fixed << qs(name) + QStringLiteral(" = ") + plainNumber(value);
    const std::uint64_t points = space.space.pointCount();
    const SearchRun& r = run.result;
    const auto valid = std::count_if(r.designs.begin(), r.designs.end(), [](const DesignRecord& d) { return d.valid; });
    const RunSettings& s = run.settings;
    doc.facts({
        {QStringLiteral("Workloads"), workloads.join(QStringLiteral("; "))},
        {QStringLiteral("Design space"),
         QStringLiteral("%1 (template \"%2\", %3 points)")
             .arg(qs(space.name), qs(space.templateName),
                  points > 0 ? formatCount(static_cast<double>(points))
                             : QStringLiteral("10^%1").arg(formatNumber(space.space.log10Size())))},
        {QStringLiteral("Fixed values"), fixed.isEmpty() ? QStringLiteral("none") : fixed.join(QStringLiteral(", "))},
        {QStringLiteral("Objective"), objectiveTitle(s.objective) + QStringLiteral(" (suite: weighted geometric mean)")},
        {QStringLiteral("Constraints"), caps.isEmpty() ? QStringLiteral("none") : caps.join(QStringLiteral(", "))},
        {QStringLiteral("Hardware searcher"), searcherSettingsText(s)},
        {QStringLiteral("Software searcher"),
         QStringLiteral("%1, %2 mappings per distinct layer shape").arg(qs(s.swSearcher), formatCount(static_cast<double>(s.swBudget)))},
        {QStringLiteral("Budget"), QStringLiteral("%1 valid designs").arg(s.searcherSettings.budget)},
        {QStringLiteral("Seed"), QString::number(s.searcherSettings.seed)},
        {QStringLiteral("Run"),
         QStringLiteral("%1: %2, %3 designs evaluated (%4 valid, %5%, and %6 invalid) in %7")
             .arg(qs(run.label), qs(std::string(runStatusName(run.status))))
             .arg(r.designs.size())
             .arg(valid)
             .arg(r.designs.empty() ? 0 : qRound(100.0 * static_cast<double>(valid) / static_cast<double>(r.designs.size())))
             .arg(static_cast<qsizetype>(r.designs.size()) - valid)
             .arg(formatSi(r.seconds, QStringLiteral("s")))},
    });
    doc.heading(QStringLiteral("Parameters of the space"), 2);
    ReportTable t;
    t.header = {QStringLiteral("parameter"), QStringLiteral("values"), QStringLiteral("meaning")};
    t.numeric = {false, false, false};
    t.widths = {1.2, 2.0, 3.0};
    for (std::size_t i = 0; i < space.space.params.size(); ++i)
        t.rows.push_back({qs(space.space.params[i].name), parameterRange(space.space.params[i]),
                          i < space.help.size() ? qs(space.help[i]) : QString()});
    doc.table(std::move(t));
}

void addConvergence(ReportDocument& doc, const SessionRun& run) {
    doc.heading(QStringLiteral("2. Convergence"));
    auto* plot = new ConvergencePlot(doc.plotHost.get());
    const int series = plot->addRun(qs(run.label), seriesColor(0), run.settings.objective);
    plot->setResult(series, run.result);
    plot->refresh();
    const SearchRun& r = run.result;
    QString text = QStringLiteral("No valid design was found.");
    if (r.best >= 0) {
        const DesignRecord& best = r.designs[static_cast<std::size_t>(r.best)];
        int validBefore = 0;
        for (int i = 0; i <= r.best; ++i) validBefore += r.designs[static_cast<std::size_t>(i)].valid ? 1 : 0;
        text = QStringLiteral("The best objective, %1, was reached by design #%2, after %3 valid designs. "
                              "The hypervolume is that of the (latency, energy, area) front, in decades on log axes.")
                   .arg(objectiveValue(run.settings.objective, best))
                   .arg(best.index)
                   .arg(validBefore);
    }
    doc.paragraph(text);
    doc.figure(plot->plot(), QSize(kPageWidthPx, 380),
               QStringLiteral("Best objective (top) and hypervolume of the Pareto front (bottom) against valid designs evaluated."));
}

void addPareto(ReportDocument& doc, const Session& session, const SessionRun& run, const DesignRecord& chosen) {
    doc.heading(QStringLiteral("3. Pareto front"));
    auto* pareto = new ParetoPlot(doc.plotHost.get());
    pareto->setVectorScatters(true);
    const int series = pareto->addRun(qs(run.label), seriesColor(0));
    pareto->appendDesigns(series, run.result.designs);
    pareto->setAxes(ParetoPlot::Latency, ParetoPlot::Energy);
    pareto->refresh();
    pareto->selectDesign(series, chosen.index);
    doc.figure(pareto->plot(), QSize(kPageWidthPx, 400),
               QStringLiteral("Every valid design in latency and energy per inference; the step line is the front in "
                              "these two metrics, the ringed point the chosen design #%1.")
                   .arg(chosen.index));

    std::vector<int> front = run.result.pareto;
    std::sort(front.begin(), front.end(), [&](int a, int b) {
        return run.result.designs[static_cast<std::size_t>(a)].latencyS < run.result.designs[static_cast<std::size_t>(b)].latencyS;
    });
    doc.paragraph(QStringLiteral("The %1 designs no other design beats in latency, energy and area at once, by latency:")
                      .arg(front.size()));
    ReportTable t;
    t.header = {QStringLiteral("#"), QStringLiteral("key parameters"), QStringLiteral("latency"), QStringLiteral("energy"),
                QStringLiteral("EDP"), QStringLiteral("area"), QStringLiteral("TDP"), QStringLiteral("Perf/TDP (inf/s/W)")};
    t.numeric = {true, false, true, true, true, true, true, true};
    t.widths = {0.45, 3.2, 0.95, 0.95, 1.0, 0.95, 0.8, 1.05};
    for (int i : front) {
        const DesignRecord& d = run.result.designs[static_cast<std::size_t>(i)];
        if (d.index == chosen.index) t.highlightRow = static_cast<int>(t.rows.size());
        t.rows.push_back({QString::number(d.index), keyParameters(session.space, d.point), formatSi(d.latencyS, QStringLiteral("s")),
                          formatSi(d.energyJ, QStringLiteral("J")), formatSi(d.edp, QStringLiteral("J·s")),
                          formatNumber(d.areaMm2) + QStringLiteral(" mm²"), formatNumber(d.tdpW) + QStringLiteral(" W"),
                          formatNumber(d.perfPerTdp)});
    }
    doc.table(std::move(t));
}

void addChosenDesign(ReportDocument& doc, const Session& session, const DesignDetails& details,
                     bool isBest) {
    const DesignRecord& d = details.record;
    doc.heading(QStringLiteral("4. Chosen design #%1%2").arg(d.index).arg(isBest ? QStringLiteral(" (the run's best)") : QString()));
    std::vector<std::pair<QString, QString>> params;
    for (std::size_t i = 0; i < session.space.space.params.size() && i < d.point.size(); ++i)
        params.emplace_back(qs(session.space.space.params[i].name), qs(session.space.space.params[i].label(d.point[i])));
    doc.heading(QStringLiteral("Parameters"), 2);
    doc.facts(std::move(params));
    doc.heading(QStringLiteral("Metrics (per inference; suite: weighted geometric mean)"), 2);
    double throughput = 0;
    for (const NetworkResult& n : details.networks) throughput += n.throughput / static_cast<double>(details.networks.size());
    doc.facts({
        {QStringLiteral("Latency"), formatSi(d.latencyS, QStringLiteral("s"))},
        {QStringLiteral("Energy"), formatSi(d.energyJ, QStringLiteral("J"))},
        {QStringLiteral("EDP"), formatSi(d.edp, QStringLiteral("J·s"))},
        {QStringLiteral("Area"), formatNumber(d.areaMm2) + QStringLiteral(" mm²")},
        {QStringLiteral("TDP"), formatNumber(d.tdpW) + QStringLiteral(" W")},
        {QStringLiteral("Perf/TDP"), formatNumber(d.perfPerTdp) + QStringLiteral(" inf/s/W")},
        {QStringLiteral("Throughput"), formatNumber(throughput) + QStringLiteral(" inf/s") +
                                           (details.networks.size() > 1 ? QStringLiteral(" (mean over workloads)") : QString())},
    });
    const Architecture& arch = details.arch;
    doc.heading(QStringLiteral("Architecture"), 2);
    std::vector<std::pair<QString, QString>> archFacts{
        {QStringLiteral("MAC units"), QStringLiteral("%1 at %2 GHz, %3/%4/%5-bit weights/inputs/outputs")
                                          .arg(formatCount(static_cast<double>(arch.macUnits())), formatNumber(arch.clockGHz))
                                          .arg(arch.bits[0])
                                          .arg(arch.bits[1])
                                          .arg(arch.bits[2])},
        {QStringLiteral("Compiler"), QStringLiteral("batch %1, fusion %2, padding %3")
                                         .arg(details.compiler.batch)
                                         .arg(qs(std::string(fusionModeName(details.compiler.fusion))),
                                              details.compiler.padding ? QStringLiteral("on") : QStringLiteral("off"))},
    };
    for (int i = 0; i < arch.levelCount(); ++i)
        archFacts.emplace_back(qs(arch.levels[static_cast<std::size_t>(i)].name), levelText(arch, i));
    doc.facts(std::move(archFacts));
}

void addLayers(ReportDocument& doc, const DesignDetails& details, std::size_t w, int section) {
    const NetworkResult& n = details.networks[w];
    const QString name = qs(n.workload);
    doc.heading(QStringLiteral("%1. Per-layer results: %2").arg(section).arg(name));
    doc.paragraph(QStringLiteral("%1 at batch %2: %3 cycles, latency %4, energy %5 per batch, %6 DRAM traffic. "
                                 "Mapping: each storage level's temporal loops (outermost first, factors above 1) and, "
                                 "in brackets, the spatial unrolling over the fan-out below it.")
                      .arg(name)
                      .arg(n.batch)
                      .arg(formatCount(n.cycles), formatSi(n.latencyS, QStringLiteral("s")), formatSi(n.energyJ(), QStringLiteral("J")),
                           formatBytes(n.dramBytes)));
    ReportTable t;
    t.compact = true;
    t.header = {QStringLiteral("layer"), QStringLiteral("unit"), QStringLiteral("mapping"), QStringLiteral("cycles"),
                QStringLiteral("energy"), QStringLiteral("bound")};
    t.numeric = {false, false, false, true, true, false};
    t.widths = {135, 60, 300, 62, 58, 65};  // pixels of the 680 of a page
    for (const OpCost& op : n.ops) {
        if (op.unit == OpUnit::None) continue;  // views move no data
        QString mapping;
        if (op.unit == OpUnit::MacArray) mapping = op.mapped ? mappingSummary(op.mapping, details.arch) : QStringLiteral("no valid mapping");
        QString cycles = formatCount(op.cycles);
        if (op.overlapped) cycles += QStringLiteral(" (fused)");
        QString opName = qs(op.name);
        if (op.repeat > 1) opName += QStringLiteral(" ×%1").arg(op.repeat);
        t.rows.push_back({opName, qs(std::string(opUnitName(op.unit))), mapping, cycles, formatSi(op.energyPj * 1e-12, QStringLiteral("J")), qs(opBoundName(op.bound, details.arch))});
    }
    doc.table(std::move(t));

    auto design = std::make_shared<EvaluatedDesign>();
    design->arch = details.arch;
    design->workloadName = n.workload;
    design->batch = n.batch;
    design->fusion = details.compiler.fusion;
    design->result = n;
    auto* roofline = new RooflinePlot(doc.plotHost.get());
    roofline->setDesign(design);
    doc.figure(roofline->plot(), QSize(kPageWidthPx, 400),
               QStringLiteral("Roofline of %1: each MAC layer at its operational intensity and achieved MACs per cycle, "
                              "under the compute and bandwidth ceilings.")
                   .arg(name));
    auto* breakdown = new BreakdownPlot(doc.plotHost.get());
    breakdown->setDesign(design);
    doc.figure(breakdown->latencyPlot(), QSize(kPageWidthPx, 400),
               QStringLiteral("Latency of %1 per op: compute time and time bound by a memory level.").arg(name));
    doc.figure(breakdown->energyPlot(), QSize(kPageWidthPx, 430),
               QStringLiteral("Energy of %1 per MAC layer: MACs, each storage level and the on-chip networks.").arg(name));

    doc.heading(QStringLiteral("Bottlenecks of %1").arg(name), 2);
    ReportTable b;
    b.header = {QStringLiteral("category"), QStringLiteral("ops"), QStringLiteral("share of MACs"), QStringLiteral("share of cycles"),
                QStringLiteral("share of energy")};
    b.numeric = {false, true, true, true, true};
    b.widths = {2.0, 0.8, 1.0, 1.0, 1.0};
    for (const BottleneckRow& row : n.bottlenecks)
        b.rows.push_back({qs(row.category), QString::number(row.ops), formatPercent(row.macShare), formatPercent(row.cycleShare),
                          formatPercent(row.energyShare)});
    doc.table(std::move(b));
}

void addBaselines(ReportDocument& doc, const Session& session, const SessionRun& run, const DesignDetails& details,
                  ThreadPool& pool, int section) {
    doc.heading(QStringLiteral("%1. Baselines").arg(section));
    const NetworkSettings ns = designNetworkSettings(run.settings, details.compiler);
    doc.paragraph(QStringLiteral("The same workloads on the space's named points (each with its own fusion and padding, as the "
                                 "search costs a point) and on the shipped presets, scheduled by the run's software searcher (%1, "
                                 "%2 mappings per layer shape, seed %3) at the chosen design's batch (%4); the presets with its "
                                 "fusion (%5). Ratios are chosen design / baseline: below 1 the chosen design is better.")
                      .arg(qs(run.settings.swSearcher), formatCount(static_cast<double>(run.settings.swBudget)))
                      .arg(run.settings.searcherSettings.seed)
                      .arg(ns.batch)
                      .arg(qs(std::string(fusionModeName(ns.fusion)))));
    ReportTable t;
    t.header = {QStringLiteral("architecture"), QStringLiteral("workload"), QStringLiteral("latency"), QStringLiteral("energy"),
                QStringLiteral("EDP"), QStringLiteral("area"), QStringLiteral("TDP"), QStringLiteral("latency ratio"),
                QStringLiteral("energy ratio"), QStringLiteral("EDP ratio")};
    t.numeric = {false, false, true, true, true, true, true, true, true, true};
    t.widths = {112, 62, 58, 58, 64, 64, 50, 70, 70, 72};  // pixels of the 680 of a page
    const std::vector<double> weights =
        session.weights.empty() ? std::vector<double>(session.workloads.size(), 1.0) : session.weights;
    const bool suite = session.workloads.size() > 1;
    const QString suiteName = suite ? QStringLiteral("suite (geomean)") : qs(session.workloads.front().name);
    const DesignRecord& d = details.record;
    t.highlightRow = 0;
    t.rows.push_back({QStringLiteral("chosen #%1 (%2 nm, %3-bit)").arg(d.index).arg(details.arch.nodeNm).arg(details.arch.bits[1]), suiteName, formatSi(d.latencyS, QStringLiteral("s")),
                      formatSi(d.energyJ, QStringLiteral("J")), formatSi(d.edp, QStringLiteral("J·s")),
                      formatNumber(d.areaMm2) + QStringLiteral(" mm²"), formatNumber(d.tdpW) + QStringLiteral(" W"),
                      formatRatio(1), formatRatio(1), formatRatio(1)});
    QStringList verdicts;
    // The space's named points first (costed as the search costs a point, at the chosen design's batch
    // when the space searches batch), then the shipped presets with the design's compiler settings.
    struct Baseline {
        QString name;
        Architecture arch;
        NetworkSettings settings;
    };
    std::vector<Baseline> baselines;
    for (const NamedPoint& named : session.space.points) {
        const std::string spec = session.space.atBatch(named.name, details.compiler.batch);
        Baseline b;
        b.name = qs(named.name) + QStringLiteral(" point");  // apart from a preset of the same name
        CompilerSettings pcs;
        std::string why;
        try {
            const PlacedPoint placed = placePoint(session.space, spec);
            if (!placed.space.realize(placed.point, b.arch, pcs, why)) continue;
        } catch (const InputError&) {
            continue;  // the design's batch is not one the point may take
        }
        b.settings = designNetworkSettings(run.settings, pcs);
        baselines.push_back(std::move(b));
    }
    for (const char* presetName : kBaselines) baselines.push_back({QString::fromLatin1(presetName), loadArchitectureByNameOrPath(presetName), ns});
    for (const Baseline& baseline : baselines) {
        const Architecture& arch = baseline.arch;
        const QString presetName = baseline.name;
        // Each baseline keeps its own technology node and precision.
        const QString preset = QStringLiteral("%1 (%2 nm, %3-bit)").arg(presetName).arg(arch.nodeNm).arg(arch.bits[1]);
        const QString area = formatNumber(architectureAreaUm2(arch) / 1e6) + QStringLiteral(" mm²");
        const QString tdp = formatNumber(peakPowerW(arch)) + QStringLiteral(" W");
        std::vector<double> lat, energy, edp;
        bool complete = true;
        for (std::size_t w = 0; w < session.workloads.size(); ++w) {
            const DesignRecord f = networkRecord(evaluateNetwork(arch, session.workloads[w], baseline.settings, pool));
            complete = complete && f.valid;
            lat.push_back(f.latencyS);
            energy.push_back(f.energyJ);
            edp.push_back(f.edp);
            if (!suite) continue;
            const DesignRecord mine = w < details.networks.size() ? networkRecord(details.networks[w]) : DesignRecord{};
            if (!f.valid) {
                t.rows.push_back({preset, qs(session.workloads[w].name), QStringLiteral("no valid mapping"),
                                  {}, {}, area, tdp, {}, {}, {}});
                continue;
            }
            t.rows.push_back({preset, qs(session.workloads[w].name), formatSi(f.latencyS, QStringLiteral("s")),
                              formatSi(f.energyJ, QStringLiteral("J")), formatSi(f.edp, QStringLiteral("J·s")), area, tdp,
                              formatRatio(mine.latencyS / f.latencyS), formatRatio(mine.energyJ / f.energyJ),
                              formatRatio(mine.edp / f.edp)});
        }
        if (!complete) {
            if (!suite)
                t.rows.push_back({preset, suiteName, QStringLiteral("no valid mapping"), {}, {}, area, tdp, {}, {}, {}});
            continue;
        }
        const double l = weightedGeometricMean(lat, weights), e = weightedGeometricMean(energy, weights),
                     p = weightedGeometricMean(edp, weights);
        const double edpRatio = d.edp / p;
        verdicts << QStringLiteral("%1× %2 than %3's").arg(formatNumber(edpRatio < 1 ? 1 / edpRatio : edpRatio),
                                                          edpRatio < 1 ? QStringLiteral("lower") : QStringLiteral("higher"),
                                                          presetName);
        t.rows.push_back({preset, suiteName, formatSi(l, QStringLiteral("s")), formatSi(e, QStringLiteral("J")),
                          formatSi(p, QStringLiteral("J·s")), area, tdp, formatRatio(d.latencyS / l), formatRatio(d.energyJ / e),
                          formatRatio(d.edp / p)});
    }
    doc.table(std::move(t));
    if (!verdicts.isEmpty())
        doc.paragraph(QStringLiteral("The chosen design's EDP is %1.").arg(verdicts.join(QStringLiteral(" and "))));
}

void addReturnOnInvestment(ReportDocument& doc, const Session& session, int runIndex, const DesignRecord& chosen,
                           ThreadPool& pool, int section) {
    doc.heading(QStringLiteral("%1. Return on investment").arg(section));
    if (session.space.points.empty()) {
        doc.paragraph(QStringLiteral("The space %1 names no design point to compare with (a space file's \"points\"), so there "
                                     "is no baseline here; `accelscope-cli roi --baseline PRESET` compares with a preset.")
                          .arg(qs(session.space.name)));
        return;
    }
    RoiRequest request;
    request.run = runIndex;
    request.design = chosen.index;
    RoiStudy study;
    try {
        study = studyRoi(session, request, pool);
    } catch (const InputError& e) {
        doc.paragraph(QStringLiteral("No return on investment could be computed: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const RoiAssumptions& a = request.assumptions;
    const RoiResult& r = study.result;
    QString verdict = QStringLiteral("FAST's return-on-investment analysis against %1. A new chip costs its NRE once; each one deployed "
                                     "costs its die, package and memory, datacenter capacity for its TDP and electricity over its "
                                     "life. One chip of this design does the work of %2 %3 chips, ")
                          .arg(qs(study.baselineHow), formatNumber(r.replacedPerChip), qs(r.baseline.name));
    if (r.breakEvenChips)
        verdict += QStringLiteral("saving %1 each over its life: the NRE of %2 is paid back after %3 chips deployed.")
                       .arg(formatUsd(r.savingsPerChipUsd), formatUsd(a.nreUsd), formatCount(std::ceil(*r.breakEvenChips)));
    else
        verdict += QStringLiteral("costing %1 more over its life than they do: the NRE is never paid back.").arg(formatUsd(-r.savingsPerChipUsd));
    doc.paragraph(verdict);
    ReportTable t;
    t.header = {QStringLiteral("per chip"), qs(r.design.name), qs(r.baseline.name)};
    t.numeric = {false, true, true};
    t.widths = {2.2, 1, 1};
    auto row = [&](const QString& label, const QString& mine, const QString& theirs) { t.rows.push_back({label, mine, theirs}); };
    row(QStringLiteral("inferences/s"), formatNumber(r.design.throughputPerS), formatNumber(r.baseline.throughputPerS));
    row(QStringLiteral("TDP"), formatNumber(r.design.tdpW) + QStringLiteral(" W"), formatNumber(r.baseline.tdpW) + QStringLiteral(" W"));
    row(QStringLiteral("Perf/TDP (inferences/s/W)"), formatNumber(r.design.throughputPerS / r.design.tdpW),
        formatNumber(r.baseline.throughputPerS / r.baseline.tdpW));
    row(QStringLiteral("die area (model)"), formatNumber(r.design.areaMm2) + QStringLiteral(" mm²"),
        formatNumber(r.baseline.areaMm2) + QStringLiteral(" mm²"));
    row(QStringLiteral("dies per wafer, yield"),
        formatCount(r.designCost.diesPerWafer) + QStringLiteral(", ") + formatPercent(r.designCost.yield),
        formatCount(r.baselineCost.diesPerWafer) + QStringLiteral(", ") + formatPercent(r.baselineCost.yield));
    row(QStringLiteral("chip (die + package, memory)"), formatUsd(r.designCost.chipUsd), formatUsd(r.baselineCost.chipUsd));
    row(QStringLiteral("datacenter provisioning"), formatUsd(r.designCost.provisioningUsd), formatUsd(r.baselineCost.provisioningUsd));
    row(QStringLiteral("electricity over the life"), formatUsd(r.designCost.energyUsd), formatUsd(r.baselineCost.energyUsd));
    row(QStringLiteral("lifetime cost"), formatUsd(r.designCost.lifetimeUsd), formatUsd(r.baselineCost.lifetimeUsd));
    row(QStringLiteral("per inference/s of capacity"), formatUsd(r.designCost.usdPerThroughput),
        formatUsd(r.baselineCost.usdPerThroughput));
    doc.table(std::move(t));
    auto* plot = new RoiPlot(doc.plotHost.get());
    plot->setResult(r, a);
    doc.figure(plot->plot(), QSize(kPageWidthPx, 340),
               QStringLiteral("Net savings (N × s − NRE) against the number of chips deployed, log scale; the diamond marks "
                              "the break-even."));
    ReportTable at;
    at.header = {QStringLiteral("assumption"), QStringLiteral("value"), QStringLiteral("source")};
    at.numeric = {false, true, false};
    at.widths = {1.6, 1.1, 4};
    at.compact = true;
    for (const RoiAssumptionRow& row : roiAssumptionRows(a)) at.rows.push_back({qs(row.label), qs(row.value), qs(row.source)});
    doc.table(std::move(at));
    doc.paragraph(QStringLiteral("Die areas are the model's (MACs and memories only; a real die adds I/O, interconnect and control), "
                                 "so die costs are lower bounds. `accelscope-cli roi` changes any assumption (docs/roi.md)."));
}

}  // namespace

ReportDocument buildReport(const Session& session, const ReportOptions& options) {
    if (session.workloads.empty()) throw InputError("session", "", "holds no workload");
    // The same checks and messages as `accelscope-cli export` (session_export.h).
    const auto [runIndex, designIndex] = resolveRunAndDesign(session, options.run, options.design, "session");
    const SessionRun& run = session.runs[static_cast<std::size_t>(runIndex)];
    const SearchRun& r = run.result;
    const DesignRecord* chosen = &r.designs[static_cast<std::size_t>(designIndex)];
    const bool isBest = r.best >= 0 && chosen->index == r.designs[static_cast<std::size_t>(r.best)].index;

    ReportDocument doc;
    doc.plotHost = std::make_shared<QWidget>();
    QStringList workloads;
    for (const Workload& w : session.workloads) workloads << qs(w.name);
    doc.title = QStringLiteral("Accelerator design report: %1 on %2").arg(workloads.join(QStringLiteral(", ")), qs(session.space.name));
    doc.subtitle = QStringLiteral("Run %1 (%2 of %3 in the session) · design #%4 · AccelScope %5 · %6")
                       .arg(qs(run.label))
                       .arg(runIndex)
                       .arg(session.runs.size())
                       .arg(chosen->index)
                       .arg(QStringLiteral(ACCELSCOPE_VERSION), QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));

    ThreadPool pool(0);
    const SearchJob job = sessionJob(session, run.settings);
    DesignDetails details = detailDesign(job, *chosen, pool);
    if (!details.record.valid || details.networks.size() != session.workloads.size())
        throw InputError("--design", "", "design " + std::to_string(chosen->index) + " of run " + run.label +
                                             " could not be evaluated again: " + details.record.why);
    details.record = *chosen;  // the figures the run recorded (the same, the mapper being seeded), with its index

    addJobSummary(doc, session, run);
    addConvergence(doc, run);
    addPareto(doc, session, run, *chosen);
    addChosenDesign(doc, session, details, isBest);
    int section = 5;
    for (std::size_t w = 0; w < details.networks.size(); ++w) addLayers(doc, details, w, section++);
    addBaselines(doc, session, run, details, pool, section);
    addReturnOnInvestment(doc, session, runIndex, *chosen, pool, section + 1);
    return doc;
}

}  // namespace accelscope::ui
