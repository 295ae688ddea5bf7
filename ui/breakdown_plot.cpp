#include "breakdown_plot.h"

#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <numeric>
#include <qcustomplot.h>

#include "design_evaluator.h"
#include "plot_style.h"

namespace accelscope::ui {
namespace {

// Bars to draw: the indices of the `limit` largest totals, in their original order.
std::vector<std::size_t> largest(const std::vector<double>& totals, int limit) {
    std::vector<std::size_t> order(totals.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (static_cast<int>(order.size()) > limit) {
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return totals[a] > totals[b]; });
        order.resize(static_cast<std::size_t>(limit));
        std::sort(order.begin(), order.end());
    }
    return order;
}

QColor seriesColour(int i) {
    static const QColor colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                     QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75),
                                     QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                     QColor(23, 190, 207)};
    return colours[i % 10];
}

// Stacked bars: one QCPBars per series (values[s][bar]), bar labels on the x axis.
void drawStacked(QCustomPlot* plot, const QStringList& labels, const QStringList& series,
                 const std::vector<std::vector<double>>& values) {
    QVector<double> keys;
    for (int i = 0; i < labels.size(); ++i) keys << i + 1;
    QCPBars* below = nullptr;
    for (int s = 0; s < series.size(); ++s) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(series[s]);
        bars->setWidth(0.72);
        bars->setStackingGap(0);
        const QColor c = seriesColour(s);
        bars->setPen(QPen(c.darker(130), 0.5));
        bars->setBrush(c);
        bars->setData(keys, QVector<double>(values[static_cast<std::size_t>(s)].begin(), values[static_cast<std::size_t>(s)].end()), true);
        if (below) bars->moveAbove(below);
        below = bars;
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i) ticker->addTick(keys[i], labels[i]);
    plot->xAxis->setTicker(ticker);
    // Vertical labels: a slanted one at the right end would stick out of the widget, and QCustomPlot
    // then leaves it out.
    plot->xAxis->setTickLabelRotation(90);
    QFont small = plot->xAxis->tickLabelFont();
    small.setPointSizeF(labels.size() > 25 ? 7 : 8);
    plot->xAxis->setTickLabelFont(small);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setRange(0.3, labels.size() + 0.7);
    double top = 0;
    for (int i = 0; i < labels.size(); ++i) {
        double sum = 0;
        for (const auto& v : values) sum += v[static_cast<std::size_t>(i)];
        top = std::max(top, sum);
    }
    plot->yAxis->setRange(0, top > 0 ? top * 1.08 : 1);
    plot->legend->setVisible(!series.isEmpty());
}

// The legend in a column right of the axis rect (inside, it would hide the tallest bars), at the top.
void legendOnTheRight(QCustomPlot* plot) {
    QCPLayoutGrid* layout = plot->plotLayout();
    const int row = layout->rowCount() - 1;  // the axis rect's row (a title row may be above it)
    auto* side = new QCPLayoutGrid;
    layout->addElement(row, 1, side);
    plot->axisRect()->insetLayout()->take(plot->legend);
    side->addElement(0, 0, plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(plot));  // takes the rest of the height
    side->setRowStretchFactor(0, 0.01);
    layout->setColumnStretchFactor(1, 0.01);
    side->setMargins(QMargins(0, 10, 8, 0));
}

void resetPlot(QCustomPlot* plot) {
    plot->clearPlottables();
    plot->clearItems();
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    applyPlotStyle(plot);
}

// Time in the unit that suits the largest value: (divisor from seconds, unit name).
std::pair<double, QString> timeUnit(double maxSeconds) {
    if (maxSeconds >= 0.1) return {1.0, QStringLiteral("s")};
    if (maxSeconds >= 1e-4) return {1e-3, QStringLiteral("ms")};
    return {1e-6, QStringLiteral("\u00b5s")};
}

}  // namespace

BreakdownPlot::BreakdownPlot(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("breakdownPlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    latency_ = new QCustomPlot(split);
    latency_->setObjectName(QStringLiteral("latencyBreakdownPlot"));
    energy_ = new QCustomPlot(split);
    energy_->setObjectName(QStringLiteral("energyBreakdownPlot"));
    split->addWidget(latency_);
    split->addWidget(energy_);
    for (QCustomPlot* plot : {latency_, energy_}) {
        setPlotTitle(plot, QString());
        legendOnTheRight(plot);
    }
    layout->addWidget(split);
    rebuildLatency();
    rebuildEnergy();
}

void BreakdownPlot::setDesign(std::shared_ptr<const EvaluatedDesign> design) {
    design_ = std::move(design);
    rebuildLatency();
    rebuildEnergy();
}

void BreakdownPlot::rebuildLatency() {
    resetPlot(latency_);
    latencyBars_.clear();
    if (!design_) {
        setPlotTitle(latency_, tr("Latency per op (no design evaluated yet)"));
        latency_->legend->setVisible(false);
        latency_->replot();
        return;
    }
    const Architecture& arch = design_->arch;
    const double secondsPerCycle = 1.0 / (arch.clockGHz * 1e9);
    const double vectorLanes = arch.vector.lanes > 0 ? arch.vector.lanes : static_cast<double>(arch.macUnits());
    std::vector<const OpCost*> ops;
    std::vector<double> compute, memory, totals;
    for (const OpCost& op : design_->result.ops) {
        const double cycles = op.overlapped || !op.mapped ? 0.0 : op.cycles;
        if (!(cycles > 0)) continue;
        double busy = cycles;  // the unit's own work; the rest waits for memory
        if (op.bound.isMemory()) {  // the unit waits for a memory level
            if (op.unit == OpUnit::MacArray)
                busy = op.evaluation.pipelineCycles * static_cast<double>(op.repeat);
            else if (op.unit == OpUnit::Vector)
                busy = static_cast<double>(op.macs > 0 ? op.macs : op.elementOps) / vectorLanes;
        }
        busy = std::min(busy, cycles);
        ops.push_back(&op);
        compute.push_back(busy * secondsPerCycle);
        memory.push_back((cycles - busy) * secondsPerCycle);
        totals.push_back(cycles);
    }
    const auto keep = largest(totals, kMaxBars);
    std::vector<std::vector<double>> values(2);
    double restCompute = std::accumulate(compute.begin(), compute.end(), 0.0);
    double restMemory = std::accumulate(memory.begin(), memory.end(), 0.0);
    for (std::size_t i : keep) {
        latencyBars_ << QString::fromStdString(ops[i]->name);
        values[0].push_back(compute[i]);
        values[1].push_back(memory[i]);
        restCompute -= compute[i];
        restMemory -= memory[i];
    }
    if (keep.size() < ops.size()) {
        latencyBars_ << tr("others (%1 ops)").arg(ops.size() - keep.size());
        values[0].push_back(std::max(0.0, restCompute));
        values[1].push_back(std::max(0.0, restMemory));
    }
    double maxBar = 0;
    for (std::size_t i = 0; i < values[0].size(); ++i) maxBar = std::max(maxBar, values[0][i] + values[1][i]);
    const auto [scale, unit] = timeUnit(maxBar);
    for (auto& v : values)
        for (double& x : v) x /= scale;
    setPlotTitle(latency_, keep.size() < ops.size()
                               ? tr("Latency per op: the %1 longest of %2 (total %3 ms)")
                                     .arg(keep.size()).arg(ops.size()).arg(design_->result.latencyS * 1e3, 0, 'g', 4)
                               : tr("Latency per op (total %1 ms)").arg(design_->result.latencyS * 1e3, 0, 'g', 4));
    latency_->yAxis->setLabel(tr("latency (%1)").arg(unit));
    drawStacked(latency_, latencyBars_, {tr("compute"), tr("memory-bound")}, values);
    latency_->replot();
}

void BreakdownPlot::rebuildEnergy() {
    resetPlot(energy_);
    energyBars_.clear();
    if (!design_) {
        setPlotTitle(energy_, tr("Energy per MAC layer (no design evaluated yet)"));
        energy_->legend->setVisible(false);
        energy_->replot();
        return;
    }
    const Architecture& arch = design_->arch;
    QStringList series{tr("MAC")};
    for (const StorageLevel& l : arch.levels) series << QString::fromStdString(l.name);
    series << tr("network");
    const std::size_t levels = arch.levels.size();
    std::vector<const OpCost*> layers;
    std::vector<std::vector<double>> perLayer;  // [layer][series], µJ
    std::vector<double> totals;
    for (const OpCost& op : design_->result.ops) {
        if (op.unit != OpUnit::MacArray || !op.mapped || !op.evaluation.valid()) continue;
        const Evaluation& e = op.evaluation;
        const double rep = static_cast<double>(op.repeat) * 1e-6;  // pJ -> µJ, repeat counted
        std::vector<double> v(levels + 2, 0.0);
        v[0] = (e.macPj + e.macLeakPj) * rep;
        for (std::size_t l = 0; l < levels && static_cast<int>(l) < e.levelCount; ++l) {
            v[l + 1] = (e.levels[l].accessPj + e.levels[l].leakPj) * rep;
            v[levels + 1] += e.levels[l].networkPj * rep;
        }
        layers.push_back(&op);
        totals.push_back(std::accumulate(v.begin(), v.end(), 0.0));
        perLayer.push_back(std::move(v));
    }
    const auto keep = largest(totals, kMaxBars);
    std::vector<std::vector<double>> values(series.size());
    std::vector<double> rest(series.size(), 0.0);
    for (const auto& v : perLayer)
        for (std::size_t s = 0; s < v.size(); ++s) rest[s] += v[s];
    for (std::size_t i : keep) {
        energyBars_ << QString::fromStdString(layers[i]->name);
        for (std::size_t s = 0; s < rest.size(); ++s) {
            values[s].push_back(perLayer[i][s]);
            rest[s] -= perLayer[i][s];
        }
    }
    if (keep.size() < layers.size()) {
        energyBars_ << tr("others (%1 layers)").arg(layers.size() - keep.size());
        for (std::size_t s = 0; s < rest.size(); ++s) values[s].push_back(std::max(0.0, rest[s]));
    }
    // A series that is zero everywhere (a level no layer touches, no network) stays out of the legend.
    QStringList shownSeries;
    std::vector<std::vector<double>> shownValues;
    for (std::size_t s = 0; s < values.size(); ++s)
        if (std::any_of(values[s].begin(), values[s].end(), [](double x) { return x > 0; })) {
            shownSeries << series[static_cast<int>(s)];
            shownValues.push_back(values[s]);
        }
    setPlotTitle(energy_, tr("Energy per MAC layer (before fusion)"));
    energy_->yAxis->setLabel(tr("energy (\u00b5J)"));
    drawStacked(energy_, energyBars_, shownSeries, shownValues);
    energy_->replot();
}

}  // namespace accelscope::ui
