#include "roofline_plot.h"

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "design_evaluator.h"
#include "plot_style.h"

namespace accelscope::ui {
namespace {

constexpr double kHoverRadiusPx = 9;

QString si(double v, int digits = 3) { return QString::number(v, 'g', digits); }

// A ceiling: performance = min(peak, bandwidth x intensity) over [xLo, xHi].
void addCeiling(QCustomPlot* plot, const QString& name, double bytesPerCycle, double peak, double xLo, double xHi,
                const QPen& pen) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(pen);
    const double ridge = peak / bytesPerCycle;
    QVector<double> x, y;
    x << xLo << std::clamp(ridge, xLo, xHi) << xHi;
    for (double xi : x) y << std::min(peak, bytesPerCycle * xi);
    g->setData(x, y, true);
    g->setSelectable(QCP::stNone);
}

}  // namespace

RooflinePlot::RooflinePlot(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("rooflinePlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("rooflineCustomPlot"));
    plot_->setMouseTracking(true);
    layout->addWidget(plot_);
    connect(plot_, &QCustomPlot::mouseMove, this, &RooflinePlot::onMouseMove);
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        const int i = pointAt(event->position());
        if (i >= 0) emit opClicked(points_[static_cast<std::size_t>(i)].name);
    });
    rebuild();
}

QStringList RooflinePlot::pointNames() const {
    QStringList names;
    for (const Point& p : points_) names << p.name;
    return names;
}

QString RooflinePlot::pointDescription(const QString& name) const {
    for (const Point& p : points_)
        if (p.name == name) return p.description;
    return {};
}

void RooflinePlot::setDesign(std::shared_ptr<const EvaluatedDesign> design) {
    design_ = std::move(design);
    rebuild();
}

void RooflinePlot::rebuild() {
    plot_->clearGraphs();
    plot_->clearItems();
    highlightGraph_ = nullptr;
    points_.clear();
    applyPlotStyle(plot_);
    setPlotTitle(plot_, design_ ? tr("Per-layer roofline: %1 on %2")
                                       .arg(QString::fromStdString(design_->workloadName),
                                            QString::fromStdString(design_->arch.name))
                                : tr("Per-layer roofline (no design evaluated yet)"));
    plot_->xAxis->setLabel(tr("operational intensity (MACs/DRAM byte)"));
    plot_->yAxis->setLabel(tr("performance (MACs/cycle)"));
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        ticker->setSubTickCount(8);
        axis->setTicker(ticker);
        axis->setNumberFormat(QStringLiteral("g"));
        axis->setNumberPrecision(6);
    }
    if (!design_) {
        plot_->xAxis->setRange(0.1, 1000);
        plot_->yAxis->setRange(1, 1000);
        plot_->legend->setVisible(false);
        plot_->replot();
        return;
    }

    const Architecture& arch = design_->arch;
    const double peak = static_cast<double>(arch.macUnits());
    for (const OpCost& op : design_->result.ops) {
        if (op.unit != "mac array" || !op.mapped || !op.evaluation.valid()) continue;
        const Roofline& r = op.evaluation.roofline;
        if (!(r.operationalIntensity > 0) || !(r.achievedMacsPerCycle > 0)) continue;
        Point p;
        p.name = QString::fromStdString(op.name);
        p.intensity = r.operationalIntensity;
        p.macsPerCycle = r.achievedMacsPerCycle;
        p.memoryBound = r.bound == Bound::Level;
        QString text = tr("<b>%1</b> (%2)<br>intensity %3 MACs/DRAM byte<br>performance %4 MACs/cycle "
                          "(%5% of peak)<br>bound: %6")
                           .arg(p.name, QString::fromStdString(op.category), si(p.intensity), si(p.macsPerCycle))
                           .arg(100.0 * p.macsPerCycle / peak, 0, 'f', 1)
                           .arg(p.memoryBound && r.boundLevel >= 0
                                    ? QString::fromStdString(arch.levels[static_cast<std::size_t>(r.boundLevel)].name)
                                    : tr("compute"));
        for (int l = 1; l < op.evaluation.levelCount; ++l)
            if (r.levelCeiling[static_cast<std::size_t>(l)] > 0)
                text += tr("<br>%1: intensity %2, ceiling %3 MACs/cycle")
                            .arg(QString::fromStdString(arch.levels[static_cast<std::size_t>(l)].name),
                                 si(r.levelIntensity[static_cast<std::size_t>(l)]),
                                 si(r.levelCeiling[static_cast<std::size_t>(l)]));
        text += tr("<br>%1 cycles, utilisation %2%")
                    .arg(QString::number(op.evaluation.cycles, 'f', 0))
                    .arg(100.0 * op.evaluation.utilization, 0, 'f', 1);
        p.description = text;
        points_.push_back(p);
    }

    // Axis ranges: every point and the ridge points, with a margin of a factor 3 (log axes).
    double xLo = 1e300, xHi = 0, yLo = peak;
    for (const Point& p : points_) {
        xLo = std::min(xLo, p.intensity);
        xHi = std::max(xHi, p.intensity);
        yLo = std::min(yLo, p.macsPerCycle);
    }
    const StorageLevel& dram = arch.levels.front();
    const bool dramLimited = dram.readBandwidth > 0 && dram.writeBandwidth > 0;
    // Reads and writes can overlap, so the DRAM roof is their sum (an upper bound of what a layer moves).
    const double dramBytesPerCycle = (dram.readBandwidth + dram.writeBandwidth) * dram.wordBits / 8.0;
    if (dramLimited) {
        xLo = std::min(xLo, peak / dramBytesPerCycle);
        xHi = std::max(xHi, peak / dramBytesPerCycle);
    }
    if (points_.empty() && !dramLimited) xLo = 1, xHi = 100;
    xLo /= 3;
    xHi *= 3;
    yLo = std::max(yLo / 3, peak * 1e-6);
    if (dramLimited) yLo = std::min(yLo, dramBytesPerCycle * xLo);
    plot_->xAxis->setRange(xLo, xHi);
    plot_->yAxis->setRange(yLo, peak * 3);

    QCPGraph* computeRoof = plot_->addGraph();
    computeRoof->setName(tr("compute peak: %1 MACs/cycle").arg(arch.macUnits()));
    computeRoof->setPen(QPen(QColor(40, 40, 40), 2));
    computeRoof->setData({xLo, xHi}, {peak, peak}, true);
    if (dramLimited)
        addCeiling(plot_, tr("DRAM: %1 B/cycle (read + write, %2-bit words)").arg(si(dramBytesPerCycle)).arg(dram.wordBits), dramBytesPerCycle, peak, xLo,
                   xHi, QPen(QColor(200, 60, 40), 2));
    const QColor levelColours[] = {QColor(120, 60, 170), QColor(30, 130, 120), QColor(160, 110, 20), QColor(90, 90, 200)};
    int colour = 0;
    for (int l = 1; l < arch.levelCount(); ++l) {
        const StorageLevel& lv = arch.levels[static_cast<std::size_t>(l)];
        if (!(lv.readBandwidth > 0) || !(lv.writeBandwidth > 0)) continue;
        const double bytes = (lv.readBandwidth + lv.writeBandwidth) * lv.wordBits / 8.0 * static_cast<double>(arch.instances(l));
        QPen pen(levelColours[colour++ % 4], 1.5, Qt::DashLine);
        addCeiling(plot_, tr("%1: %2 B/cycle (vs its own intensity)").arg(QString::fromStdString(lv.name), si(bytes)),
                   bytes, peak, xLo, xHi, pen);
    }

    for (bool memory : {false, true}) {
        QVector<double> x, y;
        for (const Point& p : points_)
            if (p.memoryBound == memory) x << p.intensity, y << p.macsPerCycle;
        QCPGraph* g = plot_->addGraph();
        g->setName(memory ? tr("memory-bound layer") : tr("compute-bound layer"));
        g->setLineStyle(QCPGraph::lsNone);
        const QColor c = memory ? QColor(230, 120, 20) : QColor(30, 100, 200);
        g->setScatterStyle(QCPScatterStyle(memory ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc, c,
                                           memory ? QColor(230, 120, 20, 90) : c, 7));
        g->setPen(QPen(c));
        g->setData(x, y);
        if (x.isEmpty()) g->removeFromLegend();
    }

    highlightGraph_ = plot_->addGraph();
    highlightGraph_->setName(tr("selected layer"));
    highlightGraph_->setLineStyle(QCPGraph::lsNone);
    highlightGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 120), 2.5), Qt::NoBrush, 16));
    highlightGraph_->removeFromLegend();

    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    const QString keep = highlighted_;
    highlighted_.clear();
    highlightOp(keep);
}

void RooflinePlot::highlightOp(const QString& name) {
    highlighted_ = name;
    if (!highlightGraph_) return;
    QVector<double> x, y;
    for (const Point& p : points_)
        if (p.name == name) x << p.intensity, y << p.macsPerCycle;
    highlightGraph_->setData(x, y);
    if (!x.isEmpty()) highlightGraph_->addToLegend();
    else highlightGraph_->removeFromLegend();
    plot_->replot();
}

int RooflinePlot::pointAt(const QPointF& pixel) const {
    int best = -1;
    double bestDistance = kHoverRadiusPx * kHoverRadiusPx;
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const double px = plot_->xAxis->coordToPixel(points_[i].intensity);
        const double py = plot_->yAxis->coordToPixel(points_[i].macsPerCycle);
        const double d = (px - pixel.x()) * (px - pixel.x()) + (py - pixel.y()) * (py - pixel.y());
        if (d <= bestDistance) bestDistance = d, best = static_cast<int>(i);
    }
    return best;
}

void RooflinePlot::onMouseMove(QMouseEvent* event) {
    const int i = pointAt(event->position());
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), points_[static_cast<std::size_t>(i)].description, plot_);
}

}  // namespace accelscope::ui
