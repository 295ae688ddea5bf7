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

// A storage level's peak bandwidth in bytes per cycle over all its instances (0: unlimited). A shared
// port serves reads and writes; separate ports can overlap, so their sum bounds what the level moves.
double levelBytesPerCycle(const Architecture& arch, int level) {
    const StorageLevel& l = arch.levels[static_cast<std::size_t>(level)];
    if (l.storesNothing()) return 0;
    double words = 0;
    if (l.sharedBandwidth > 0) words = l.sharedBandwidth;
    else if (l.readBandwidth > 0 && l.writeBandwidth > 0) words = l.readBandwidth + l.writeBandwidth;
    return words * l.wordBits / 8.0 * static_cast<double>(arch.instances(level));
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
    levelCeilings_.clear();
    points_.clear();
    applyPlotStyle(plot_);
    setPlotTitle(plot_, design_ ? tr("Per-layer roofline: %1 on %2")
                                       .arg(QString::fromStdString(design_->workloadName),
                                            QString::fromStdString(design_->arch.name))
                                : tr("Per-layer roofline (no design evaluated yet)"));
    plot_->xAxis->setLabel(tr("operational intensity (MACs/DRAM byte; per level: MACs/byte moved there)"));
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
        if (op.unit != OpUnit::MacArray || !op.mapped || !op.evaluation.valid()) continue;
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
        for (int l = 1; l < op.evaluation.levelCount; ++l)
            if (levelBytesPerCycle(arch, l) > 0 && r.levelIntensity[static_cast<std::size_t>(l)] > 0)
                p.levelIntensity.emplace_back(l, r.levelIntensity[static_cast<std::size_t>(l)]);
        points_.push_back(p);
    }

    // Axis ranges: every point and the ridge points, with a margin of a factor 3 (log axes).
    double xLo = 1e300, xHi = 0, yLo = peak;
    for (const Point& p : points_) {
        xLo = std::min(xLo, p.intensity);
        xHi = std::max(xHi, p.intensity);
        yLo = std::min(yLo, p.macsPerCycle);
        for (const auto& [level, intensity] : p.levelIntensity) {
            xLo = std::min(xLo, intensity);
            xHi = std::max(xHi, intensity);
        }
    }
    // Every level's ceiling, its ridge point (where it meets the compute peak) in range.
    std::vector<int> limited;
    QStringList unlimited;
    for (int l = 0; l < arch.levelCount(); ++l) {
        const StorageLevel& lv = arch.levels[static_cast<std::size_t>(l)];
        if (lv.storesNothing()) continue;
        if (levelBytesPerCycle(arch, l) > 0) {
            limited.push_back(l);
            xLo = std::min(xLo, peak / levelBytesPerCycle(arch, l));
            xHi = std::max(xHi, peak / levelBytesPerCycle(arch, l));
        } else {
            unlimited << QString::fromStdString(lv.name);
        }
    }
    if (xHi <= 0) xLo = 1, xHi = 100;
    xLo /= 3;
    xHi *= 3;
    yLo = std::max(yLo / 3, peak * 1e-6);
    for (int l : limited) yLo = std::min(yLo, std::max(levelBytesPerCycle(arch, l) * xLo, peak * 1e-6));
    plot_->xAxis->setRange(xLo, xHi);
    plot_->yAxis->setRange(yLo, peak * 3);

    QCPGraph* computeRoof = plot_->addGraph();
    computeRoof->setName(tr("compute peak: %1 MACs/cycle").arg(arch.macUnits()));
    computeRoof->setPen(QPen(QColor(40, 40, 40), 2));
    computeRoof->setData({xLo, xHi}, {peak, peak}, true);
    const QColor levelColours[] = {QColor(120, 60, 170), QColor(30, 130, 120), QColor(160, 110, 20), QColor(90, 90, 200),
                                   QColor(170, 60, 110), QColor(60, 130, 40)};
    int colour = 0;
    for (int l : limited) {
        const StorageLevel& lv = arch.levels[static_cast<std::size_t>(l)];
        const double bytes = levelBytesPerCycle(arch, l);
        const QString name = QString::fromStdString(lv.name);
        if (l == 0) {
            addCeiling(plot_, tr("%1: %2 B/cycle (%3, %4-bit words)")
                                  .arg(name, si(bytes), lv.sharedBandwidth > 0 ? tr("shared port") : tr("read + write"))
                                  .arg(lv.wordBits),
                       bytes, peak, xLo, xHi, QPen(QColor(200, 60, 40), 2));
            continue;
        }
        const QColor c = levelColours[colour++ % 6];
        addCeiling(plot_, tr("%1: %2 B/cycle over %3 instance(s)").arg(name, si(bytes)).arg(arch.instances(l)), bytes,
                   peak, xLo, xHi, QPen(c, 1.5, Qt::DashLine));
        LevelCeiling ceiling;
        ceiling.level = l;
        ceiling.points = plot_->addGraph();
        ceiling.points->setLineStyle(QCPGraph::lsNone);
        ceiling.points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, c, c, 8));
        ceiling.points->removeFromLegend();
        levelCeilings_.push_back(ceiling);
    }
    // Legend lines only: the levels without a ceiling, a few names per line.
    for (qsizetype first = 0; first < unlimited.size();) {
        QStringList line;
        int chars = 0;
        while (first < unlimited.size() && (line.isEmpty() || chars + unlimited[first].size() <= 36))
            chars += static_cast<int>(unlimited[first].size()) + 2, line << unlimited[first++];
        QCPGraph* note = plot_->addGraph();
        const bool firstLine = first == line.size();
        note->setName((firstLine ? tr("no bandwidth limit: %1") : tr("    %1")).arg(line.join(QStringLiteral(", "))));
        note->setPen(Qt::NoPen);
    }
    if (!levelCeilings_.empty()) {
        QCPGraph* key = plot_->addGraph();  // a legend line only: the diamonds' meaning
        key->setName(tr("selected layer at each level's intensity"));
        key->setLineStyle(QCPGraph::lsNone);
        key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(110, 110, 110), QColor(110, 110, 110), 8));
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
    showLevelPoints();
    plot_->replot();
}

// The selected layer (or the only one) at each limited level's own intensity.
void RooflinePlot::showLevelPoints() {
    const Point* shown = points_.size() == 1 ? &points_.front() : nullptr;
    for (const Point& p : points_)
        if (p.name == highlighted_) shown = &p;
    for (LevelCeiling& ceiling : levelCeilings_) {
        QVector<double> x, y;
        if (shown)
            for (const auto& [level, intensity] : shown->levelIntensity)
                if (level == ceiling.level) x << intensity, y << shown->macsPerCycle;
        ceiling.points->setData(x, y);
    }
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
