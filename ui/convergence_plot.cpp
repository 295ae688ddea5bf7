// Two axis rects in one QCustomPlot: the best objective (log y) above, the hypervolume below, with
// their x axes (valid designs) kept in step and their left margins aligned.
#include "convergence_plot.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "plot_style.h"

namespace accelscope::ui {
namespace {

constexpr int kRedrawIntervalMs = 100;

QString objectiveLabel(DesignObjective o) {
    switch (o) {
        case DesignObjective::Edp: return QObject::tr("best EDP (J\u00b7s)");
        case DesignObjective::Delay: return QObject::tr("best latency (s)");
        case DesignObjective::Energy: return QObject::tr("best energy (J)");
        case DesignObjective::PerfPerTdp: return QObject::tr("best 1/(Perf/TDP) (W\u00b7s/inf)");
    }
    return {};
}

}  // namespace

ConvergencePlot::ConvergencePlot(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("convergencePlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("convergenceCustomPlot"));
    layout->addWidget(plot_);
    applyPlotStyle(plot_);
    setPlotTitle(plot_, tr("Convergence: best objective and hypervolume vs valid designs"));

    bestRect_ = plot_->axisRect();
    hvRect_ = new QCPAxisRect(plot_);
    plot_->plotLayout()->addElement(2, 0, hvRect_);
    plot_->plotLayout()->setRowStretchFactor(1, 3);
    plot_->plotLayout()->setRowStretchFactor(2, 2);
    plot_->plotLayout()->setRowSpacing(4);
    // Same left margin in both rects, so that their x axes line up.
    auto* margins = new QCPMarginGroup(plot_);
    bestRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    hvRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    for (QCPAxis* axis : hvRect_->axes()) {
        axis->setLayer(QStringLiteral("axes"));
        axis->grid()->setLayer(QStringLiteral("grid"));
    }
    for (QCPAxis* axis : {bestRect_->axis(QCPAxis::atBottom), bestRect_->axis(QCPAxis::atLeft),
                          hvRect_->axis(QCPAxis::atBottom), hvRect_->axis(QCPAxis::atLeft)}) {
        axis->setTickLabelFont(plot_->xAxis->tickLabelFont());
        axis->setLabelFont(plot_->xAxis->labelFont());
        axis->grid()->setPen(QPen(QColor(200, 200, 200), 0, Qt::DotLine));
    }
    QCPAxis* bestY = bestRect_->axis(QCPAxis::atLeft);
    bestY->setScaleType(QCPAxis::stLogarithmic);
    bestY->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    bestY->setNumberFormat(QStringLiteral("gb"));
    bestY->setNumberPrecision(3);
    bestY->setLabel(tr("best objective"));
    bestRect_->axis(QCPAxis::atBottom)->setLabel(tr("valid designs"));
    hvRect_->axis(QCPAxis::atBottom)->setLabel(tr("valid designs"));
    hvRect_->axis(QCPAxis::atLeft)->setLabel(tr("hypervolume (decades\u00b3)"));
    connect(bestRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            hvRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    plot_->legend->setVisible(false);
    bestRect_->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    updateAxes();

    timer_.setSingleShot(true);
    timer_.setInterval(kRedrawIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &ConvergencePlot::refresh);
}

int ConvergencePlot::addRun(const QString& name, const QColor& color, DesignObjective objective) {
    Series s;
    s.name = name;
    s.objective = objective;
    s.best = plot_->addGraph(bestRect_->axis(QCPAxis::atBottom), bestRect_->axis(QCPAxis::atLeft));
    s.best->setName(name);
    s.best->setPen(QPen(color, 2));
    s.best->setLineStyle(QCPGraph::lsStepLeft);
    s.hypervolume = plot_->addGraph(hvRect_->axis(QCPAxis::atBottom), hvRect_->axis(QCPAxis::atLeft));
    s.hypervolume->setName(tr("%1 hypervolume").arg(name));
    s.hypervolume->setPen(QPen(color, 2));
    s.hypervolume->setLineStyle(QCPGraph::lsStepLeft);
    s.hypervolume->removeFromLegend();
    series_.push_back(std::move(s));
    plot_->legend->setVisible(true);
    schedule();
    return static_cast<int>(series_.size()) - 1;
}

void ConvergencePlot::appendDesigns(int run, const std::vector<DesignRecord>& designs, const SearchProgress& progress) {
    if (run < 0 || run >= static_cast<int>(series_.size())) return;
    Series& s = series_[static_cast<std::size_t>(run)];
    for (const DesignRecord& d : designs) {
        if (!d.valid) continue;
        ++s.valid;
        if (s.bestObjective <= 0 || d.objective < s.bestObjective) s.bestObjective = d.objective;
        if (s.bestObjective > 0) s.best->addData(s.valid, s.bestObjective);
    }
    if (s.valid > 0) s.hypervolume->addData(s.valid, progress.hypervolume);
    schedule();
}

void ConvergencePlot::setResult(int run, const SearchRun& result) {
    if (run < 0 || run >= static_cast<int>(series_.size())) return;
    Series& s = series_[static_cast<std::size_t>(run)];
    QVector<double> x, best, hv;
    int valid = 0;
    const bool exact = result.bestHistory.size() == result.designs.size() &&
                       result.hypervolumeHistory.size() == result.designs.size();
    for (std::size_t i = 0; i < result.designs.size() && exact; ++i) {
        if (!result.designs[i].valid) continue;
        ++valid;
        x << valid;
        best << result.bestHistory[i];
        hv << result.hypervolumeHistory[i];
    }
    if (exact) {
        s.best->setData(x, best, true);
        s.hypervolume->setData(x, hv, true);
        s.valid = valid;
    }
    schedule();
}

void ConvergencePlot::schedule() {
    if (!timer_.isActive()) timer_.start();
}

void ConvergencePlot::updateAxes() {
    int maxX = 1;
    double lo = 0, hi = 0, hvHi = 0;
    for (const Series& s : series_) {
        maxX = std::max(maxX, s.valid);
        for (const QCPGraphData& p : *s.best->data()) {
            if (!(p.value > 0)) continue;
            lo = lo > 0 ? std::min(lo, p.value) : p.value;
            hi = std::max(hi, p.value);
        }
        for (const QCPGraphData& p : *s.hypervolume->data()) hvHi = std::max(hvHi, p.value);
    }
    bestRect_->axis(QCPAxis::atBottom)->setRange(0, maxX * 1.03 + 0.5);
    if (hi > 0) {
        double l = lo / 1.25, h = hi * 1.25;
        if (h / l < 3.2) {
            const double mid = std::sqrt(l * h);
            l = mid / 1.8;
            h = mid * 1.8;
        }
        bestRect_->axis(QCPAxis::atLeft)->setRange(l, h);
    } else {
        bestRect_->axis(QCPAxis::atLeft)->setRange(1e-6, 1e-3);
    }
    hvRect_->axis(QCPAxis::atLeft)->setRange(0, hvHi > 0 ? hvHi * 1.1 : 1.0);
    // One objective for every run: name it; a mix: say so.
    bool same = !series_.empty();
    for (const Series& s : series_) same = same && s.objective == series_.front().objective;
    bestRect_->axis(QCPAxis::atLeft)->setLabel(same ? objectiveLabel(series_.front().objective)
                                                    : tr("best objective (each run's own)"));
}

void ConvergencePlot::refresh() {
    timer_.stop();
    updateAxes();
    if (isVisible()) plot_->replot(QCustomPlot::rpRefreshHint);
}

void ConvergencePlot::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

int ConvergencePlot::bestPointCount(int run) const {
    return run >= 0 && run < static_cast<int>(series_.size()) ? series_[static_cast<std::size_t>(run)].best->dataCount() : 0;
}

int ConvergencePlot::hypervolumePointCount(int run) const {
    return run >= 0 && run < static_cast<int>(series_.size())
               ? series_[static_cast<std::size_t>(run)].hypervolume->dataCount()
               : 0;
}

}  // namespace accelscope::ui
