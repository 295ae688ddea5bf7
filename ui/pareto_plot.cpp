// Each run is three graphs: its valid designs (scatter, no line, adaptive sampling), its front (a step
// line) and, when asked for, its invalid designs (grey, at the axis floor). Batches only mark the
// plot dirty; a 100 ms timer rebuilds the graphs' data in bulk (sorted by key) and replots.
#include "pareto_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "plot_style.h"

namespace accelscope::ui {
namespace {

constexpr int kRedrawIntervalMs = 100;  // at most ten redraws a second
constexpr double kHoverRadiusPx = 8;

// A disc as a pixmap: blitting it is several times faster than drawing an ellipse per point, and it
// stays antialiased.
QPixmap discPixmap(const QColor& color) {
    constexpr int size = 6;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color.darker(140), 0.8));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    return pixmap;
}

QCPScatterStyle pointStyle(const QColor& color, bool vector) {
    if (vector) return QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(color.darker(140), 0.8), color, 6);
    return QCPScatterStyle(discPixmap(color));
}

bool usable(double v) { return std::isfinite(v) && v > 0; }

QString figure(double v, const QString& unit) { return QStringLiteral("%1 %2").arg(v, 0, 'g', 4).arg(unit); }

}  // namespace

QString ParetoPlot::metricLabel(Metric m) {
    switch (m) {
        case Latency: return tr("latency (s)");
        case Energy: return tr("energy (J)");
        case Edp: return tr("EDP (J\u00b7s)");
        case Area: return tr("area (mm\u00b2)");
        case PerfPerTdp: return tr("Perf/TDP (inf/s/W)");
        case MetricCount: break;
    }
    return {};
}

double ParetoPlot::metricValue(const DesignRecord& d, Metric m) {
    switch (m) {
        case Latency: return d.latencyS;
        case Energy: return d.energyJ;
        case Edp: return d.edp;
        case Area: return d.areaMm2;
        case PerfPerTdp: return d.perfPerTdp;
        case MetricCount: break;
    }
    return 0;
}

ParetoPlot::ParetoPlot(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("paretoPlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 0, 8, 0);
    xCombo_ = new QComboBox(this);
    xCombo_->setObjectName(QStringLiteral("paretoXCombo"));
    yCombo_ = new QComboBox(this);
    yCombo_->setObjectName(QStringLiteral("paretoYCombo"));
    for (int m = 0; m < MetricCount; ++m) {
        xCombo_->addItem(metricLabel(static_cast<Metric>(m)), m);
        yCombo_->addItem(metricLabel(static_cast<Metric>(m)), m);
    }
    xCombo_->setCurrentIndex(x_);
    yCombo_->setCurrentIndex(y_);
    invalid_ = new QCheckBox(tr("show invalid"), this);
    invalid_->setObjectName(QStringLiteral("paretoShowInvalid"));
    invalid_->setToolTip(tr("Draw designs over a cap or with an unmappable layer in grey at the axis floor"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("paretoStatus"));
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(xCombo_);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(yCombo_);
    bar->addSpacing(8);
    bar->addWidget(invalid_);
    bar->addStretch(1);
    bar->addWidget(status_);
    bar->addSpacing(8);
    apply_ = new QPushButton(tr("Apply to Editor"), this);
    apply_->setObjectName(QStringLiteral("paretoApplyButton"));
    apply_->setToolTip(tr("Load the selected design's architecture into the Architecture dock"));
    apply_->setEnabled(false);
    connect(apply_, &QPushButton::clicked, this, [this] {
        if (selRun_ >= 0) emit applyRequested(selRun_, selIndex_);
    });
    bar->addWidget(apply_);
    layout->addLayout(bar);

    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("paretoCustomPlot"));
    plot_->setMouseTracking(true);
    layout->addWidget(plot_, 1);
    applyPlotStyle(plot_);
    // Antialiasing 100,000 scatter points costs more than it shows.
    plot_->setNotAntialiasedElements(QCP::aeScatters | QCP::aePlottables);
    plot_->setAntialiasedElement(QCP::aeAxes);
    setPlotTitle(plot_, tr("Designs and Pareto fronts (lower is better; Perf/TDP: higher)"));
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        // Decades as 10^k, and plain numbers in between when the range is narrower than a decade.
        axis->setNumberFormat(QStringLiteral("gb"));
        axis->setNumberPrecision(3);
    }
    plot_->legend->setVisible(false);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    // The selection ring sits on its own layer, above every run's graphs.
    plot_->addLayer(QStringLiteral("fronts"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    plot_->addLayer(QStringLiteral("selection"), plot_->layer(QStringLiteral("fronts")), QCustomPlot::limAbove);
    selection_ = plot_->addGraph();
    selection_->setLayer(QStringLiteral("selection"));
    selection_->setLineStyle(QCPGraph::lsNone);
    selection_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
    selection_->removeFromLegend();
    selection_->setSelectable(QCP::stNone);
    updateAxes();

    connect(xCombo_, &QComboBox::currentIndexChanged, this,
            [this] { setAxes(static_cast<Metric>(xCombo_->currentData().toInt()), y_); });
    connect(yCombo_, &QComboBox::currentIndexChanged, this,
            [this] { setAxes(x_, static_cast<Metric>(yCombo_->currentData().toInt())); });
    connect(invalid_, &QCheckBox::toggled, this, &ParetoPlot::setShowInvalid);
    connect(plot_, &QCustomPlot::mouseMove, this, &ParetoPlot::onMouseMove);
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        int run = -1, position = -1;
        if (event->button() == Qt::LeftButton && findNearest(event->position(), run, position))
            selectDesign(run, series_[static_cast<std::size_t>(run)].designs[static_cast<std::size_t>(position)].index);
    });
    timer_.setSingleShot(true);
    timer_.setInterval(kRedrawIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &ParetoPlot::refresh);
}

int ParetoPlot::addRun(const QString& name, const QColor& color) {
    Series s;
    s.name = name;
    s.color = color;
    s.points = plot_->addGraph();
    s.points->setName(name);
    s.points->setLineStyle(QCPGraph::lsNone);
    s.points->setScatterStyle(pointStyle(color, vectorScatters_));
    s.points->setAdaptiveSampling(true);
    s.points->setSelectable(QCP::stNone);
    s.front = plot_->addGraph();
    s.front->setName(tr("%1 front").arg(name));
    s.front->setPen(QPen(color.darker(130), 1.6));
    s.front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color.darker(150), 1.2), QBrush(Qt::white), 6));
    s.front->removeFromLegend();
    s.front->setLayer(QStringLiteral("fronts"));  // every front above every run's points
    s.front->setSelectable(QCP::stNone);
    s.invalid = plot_->addGraph();
    s.invalid->setName(tr("%1 invalid").arg(name));
    s.invalid->setLineStyle(QCPGraph::lsNone);
    s.invalid->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QColor(170, 170, 170), 5));
    s.invalid->setAdaptiveSampling(true);
    s.invalid->removeFromLegend();
    s.invalid->setSelectable(QCP::stNone);
    s.invalid->setVisible(showInvalid_);
    series_.push_back(std::move(s));
    plot_->legend->setVisible(true);
    schedule();
    return static_cast<int>(series_.size()) - 1;
}

void ParetoPlot::appendDesigns(int run, const std::vector<DesignRecord>& designs) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || designs.empty()) return;
    Series& s = series_[static_cast<std::size_t>(run)];
    s.designs.insert(s.designs.end(), designs.begin(), designs.end());
    schedule();
}

void ParetoPlot::setReferencePoint(const QString& name, const DesignRecord& design) {
    auto it = std::find_if(references_.begin(), references_.end(), [&](const Reference& r) { return r.name == name; });
    if (it == references_.end()) {
        Reference r;
        r.name = name;
        r.star = plot_->addGraph();
        r.star->setName(name);
        r.star->setLineStyle(QCPGraph::lsNone);
        r.star->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(20, 20, 20), 2), Qt::NoBrush, 14));
        r.star->setSelectable(QCP::stNone);
        r.label = new QCPItemText(plot_);
        r.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        r.label->setPadding(QMargins(8, 0, 0, 4));
        r.label->setText(name);
        references_.push_back(r);
        it = references_.end() - 1;
    }
    it->design = design;
    plot_->legend->setVisible(true);
    placeReference(*it);
    refresh();
}

bool ParetoPlot::referenceAt(const QString& name, QPointF& coordinates) const {
    for (const Reference& r : references_)
        if (r.name == name && r.design.valid) {
            coordinates = QPointF(metricValue(r.design, x_), metricValue(r.design, y_));
            return true;
        }
    return false;
}

void ParetoPlot::placeReference(Reference& r) {
    const double x = metricValue(r.design, x_), y = metricValue(r.design, y_);
    if (!r.design.valid || !usable(x) || !usable(y)) {
        r.star->data()->clear();
        r.label->setVisible(false);
        return;
    }
    r.star->setData({x}, {y});
    r.label->position->setCoords(x, y);
    r.label->setVisible(true);
}

void ParetoPlot::clear() {
    for (Series& s : series_) {
        plot_->removeGraph(s.points);
        plot_->removeGraph(s.front);
        plot_->removeGraph(s.invalid);
    }
    series_.clear();
    selRun_ = selIndex_ = -1;
    apply_->setEnabled(false);
    selection_->data()->clear();
    plot_->legend->setVisible(false);
    schedule();
}

void ParetoPlot::setAxes(Metric x, Metric y) {
    if (x == x_ && y == y_) return;
    x_ = x;
    y_ = y;
    {
        const QSignalBlocker bx(xCombo_), by(yCombo_);
        xCombo_->setCurrentIndex(xCombo_->findData(static_cast<int>(x)));
        yCombo_->setCurrentIndex(yCombo_->findData(static_cast<int>(y)));
    }
    for (Series& s : series_) rebuildSeries(s);
    for (Reference& r : references_) placeReference(r);
    refresh();
}

void ParetoPlot::setShowInvalid(bool on) {
    showInvalid_ = on;
    {
        const QSignalBlocker block(invalid_);
        invalid_->setChecked(on);
    }
    refresh();
}

void ParetoPlot::setVectorScatters(bool on) {
    vectorScatters_ = on;
    for (Series& s : series_) s.points->setScatterStyle(pointStyle(s.color, on));
    schedule();
}

void ParetoPlot::schedule() {
    dirty_ = true;
    if (!timer_.isActive()) timer_.start();
}

void ParetoPlot::rebuildSeries(Series& s) {
    QVector<QCPGraphData> points;
    points.reserve(static_cast<qsizetype>(s.designs.size()));
    struct Candidate {
        double ox, oy;  // oriented: both minimised
        int position;
    };
    std::vector<Candidate> candidates;
    candidates.reserve(s.designs.size());
    s.validCount = 0;
    const double sx = maximised(x_) ? -1 : 1, sy = maximised(y_) ? -1 : 1;
    for (std::size_t i = 0; i < s.designs.size(); ++i) {
        const DesignRecord& d = s.designs[i];
        if (!d.valid) continue;
        ++s.validCount;
        const double x = metricValue(d, x_), y = metricValue(d, y_);
        points.push_back(QCPGraphData(x, y));
        if (usable(x) && usable(y)) candidates.push_back({sx * x, sy * y, static_cast<int>(i)});
    }
    std::sort(points.begin(), points.end(), [](const QCPGraphData& a, const QCPGraphData& b) { return a.key < b.key; });
    s.points->data()->set(points, true);

    // The front: sweep by the oriented x, keep each design that improves the oriented y.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.ox < b.ox || (a.ox == b.ox && a.oy < b.oy);
    });
    s.frontIndices.clear();
    double bestY = std::numeric_limits<double>::infinity();
    for (const Candidate& c : candidates)
        if (c.oy < bestY) {
            bestY = c.oy;
            s.frontIndices.push_back(c.position);
        }
    if (maximised(x_)) std::reverse(s.frontIndices.begin(), s.frontIndices.end());  // x ascending
    QVector<QCPGraphData> front;
    for (int p : s.frontIndices) {
        const DesignRecord& d = s.designs[static_cast<std::size_t>(p)];
        front.push_back(QCPGraphData(metricValue(d, x_), metricValue(d, y_)));
    }
    // The attainment staircase: from one front point to the next, first along the unfavoured side.
    s.front->setLineStyle(maximised(x_) ? QCPGraph::lsStepRight : QCPGraph::lsStepLeft);
    s.front->data()->set(front, true);
}

void ParetoPlot::updateAxes() {
    plot_->xAxis->setLabel(metricLabel(x_));
    plot_->yAxis->setLabel(metricLabel(y_));
    double lo[2] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    double hi[2] = {0, 0};
    const auto widen = [&](const DesignRecord& d) {
        if (!d.valid) return;
        const double v[2] = {metricValue(d, x_), metricValue(d, y_)};
        for (int a = 0; a < 2; ++a)
            if (usable(v[a])) {
                lo[a] = std::min(lo[a], v[a]);
                hi[a] = std::max(hi[a], v[a]);
            }
    };
    for (const Series& s : series_)
        for (const DesignRecord& d : s.designs) widen(d);
    for (const Reference& r : references_) widen(r.design);
    QCPAxis* axes[2] = {plot_->xAxis, plot_->yAxis};
    for (int a = 0; a < 2; ++a) {
        if (!(hi[a] > 0)) {
            axes[a]->setRange(1e-3, 1e3);
            continue;
        }
        // A margin of a quarter decade, at least half a decade in all.
        double l = lo[a] / 1.8, h = hi[a] * 1.8;
        if (h / l < 3.2) {
            const double mid = std::sqrt(l * h);
            l = mid / 1.8;
            h = mid * 1.8;
        }
        axes[a]->setRange(l, h);
    }
    // A star's label reads away from the nearer side, so that it is not cut at the plot's edge.
    const QCPRange xr = plot_->xAxis->range();
    for (Reference& r : references_) {
        const double x = metricValue(r.design, x_);
        const bool right = usable(x) && std::log(x / xr.lower) > 0.5 * std::log(xr.upper / xr.lower);
        r.label->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    }
    // Invalid designs sit at the floor of the axis where they have no usable value.
    for (Series& s : series_) {
        s.invalid->setVisible(showInvalid_);
        if (!showInvalid_) continue;
        QVector<QCPGraphData> invalid;
        const double fx = plot_->xAxis->range().lower * 1.05, fy = plot_->yAxis->range().lower * 1.05;
        for (const DesignRecord& d : s.designs) {
            if (d.valid) continue;
            const double x = metricValue(d, x_), y = metricValue(d, y_);
            invalid.push_back(QCPGraphData(usable(x) ? x : fx, usable(y) ? y : fy));
        }
        std::sort(invalid.begin(), invalid.end(), [](const QCPGraphData& a, const QCPGraphData& b) { return a.key < b.key; });
        s.invalid->data()->set(invalid, true);
    }
}

void ParetoPlot::refresh() {
    timer_.stop();
    if (dirty_)
        for (Series& s : series_) rebuildSeries(s);
    dirty_ = false;
    updateAxes();
    updateSelectionMarker();
    int valid = 0, total = 0;
    for (const Series& s : series_) {
        valid += s.validCount;
        total += static_cast<int>(s.designs.size());
    }
    status_->setText(series_.empty() ? tr("no search run yet (Search dock: Start)")
                                     : tr("%1 valid of %2 designs in %3 run(s)").arg(valid).arg(total).arg(series_.size()));
    // A hidden panel is redrawn when it is shown (showEvent), not while a search runs behind it.
    if (isVisible()) plot_->replot(QCustomPlot::rpRefreshHint);
}

void ParetoPlot::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

int ParetoPlot::pointCount(int run) const {
    if (run < 0 || run >= static_cast<int>(series_.size())) return 0;
    return series_[static_cast<std::size_t>(run)].points->dataCount();
}

std::vector<QPointF> ParetoPlot::frontPoints(int run) const {
    std::vector<QPointF> out;
    if (run < 0 || run >= static_cast<int>(series_.size())) return out;
    const auto data = series_[static_cast<std::size_t>(run)].front->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}

bool ParetoPlot::pixelOf(int run, int index, QPointF& pixel) const {
    if (run < 0 || run >= static_cast<int>(series_.size())) return false;
    for (const DesignRecord& d : series_[static_cast<std::size_t>(run)].designs)
        if (d.index == index) {
            if (!d.valid) return false;
            pixel = QPointF(plot_->xAxis->coordToPixel(metricValue(d, x_)), plot_->yAxis->coordToPixel(metricValue(d, y_)));
            return true;
        }
    return false;
}

bool ParetoPlot::findNearest(const QPointF& pixel, int& run, int& position) const {
    if (!plot_->axisRect()->rect().contains(pixel.toPoint())) return false;
    double best = kHoverRadiusPx * kHoverRadiusPx;
    bool found = false;
    // The latest run is drawn on top: search it first so that ties go to what is visible.
    for (int r = static_cast<int>(series_.size()) - 1; r >= 0; --r) {
        const Series& s = series_[static_cast<std::size_t>(r)];
        for (std::size_t i = 0; i < s.designs.size(); ++i) {
            const DesignRecord& d = s.designs[i];
            if (!d.valid) continue;
            const double px = plot_->xAxis->coordToPixel(metricValue(d, x_)) - pixel.x();
            if (std::abs(px) > kHoverRadiusPx) continue;
            const double py = plot_->yAxis->coordToPixel(metricValue(d, y_)) - pixel.y();
            const double d2 = px * px + py * py;
            if (d2 < best) {
                best = d2;
                run = r;
                position = static_cast<int>(i);
                found = true;
            }
        }
    }
    return found;
}

QString ParetoPlot::describe(int run, int index) const {
    if (run < 0 || run >= static_cast<int>(series_.size())) return {};
    const Series& s = series_[static_cast<std::size_t>(run)];
    for (const DesignRecord& d : s.designs) {
        if (d.index != index) continue;
        QString text = tr("<b>%1</b>, design #%2").arg(s.name.toHtmlEscaped()).arg(d.index);
        if (!d.valid) return text + tr("<br>invalid: %1").arg(QString::fromStdString(d.why).toHtmlEscaped());
        text += QStringLiteral("<table cellspacing='0'>");
        const auto row = [](const QString& name, const QString& value) {
            return QStringLiteral("<tr><td>%1</td><td>&nbsp;<b>%2</b></td></tr>").arg(name, value);
        };
        text += row(tr("latency"), figure(d.latencyS, QStringLiteral("s")));
        text += row(tr("energy"), figure(d.energyJ, QStringLiteral("J")));
        text += row(tr("EDP"), figure(d.edp, QStringLiteral("J\u00b7s")));
        text += row(tr("area"), figure(d.areaMm2, QStringLiteral("mm\u00b2")));
        text += row(tr("TDP"), figure(d.tdpW, QStringLiteral("W")));
        text += row(tr("Perf/TDP"), figure(d.perfPerTdp, QStringLiteral("inf/s/W")));
        text += QStringLiteral("</table>");
        QString params = QString::fromStdString(d.description).toHtmlEscaped();
        params.replace(QStringLiteral(", "), QStringLiteral("<br>"));
        return text + params;
    }
    return {};
}

bool ParetoPlot::selectDesign(int run, int index) {
    if (run < 0 || run >= static_cast<int>(series_.size())) return false;
    const auto& designs = series_[static_cast<std::size_t>(run)].designs;
    if (std::none_of(designs.begin(), designs.end(), [index](const DesignRecord& d) { return d.index == index && d.valid; }))
        return false;
    selRun_ = run;
    selIndex_ = index;
    apply_->setEnabled(true);
    updateSelectionMarker();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    emit designSelected(run, index);
    return true;
}

void ParetoPlot::updateSelectionMarker() {
    selection_->data()->clear();
    if (selRun_ < 0 || selRun_ >= static_cast<int>(series_.size())) return;
    for (const DesignRecord& d : series_[static_cast<std::size_t>(selRun_)].designs)
        if (d.index == selIndex_) {
            selection_->addData(metricValue(d, x_), metricValue(d, y_));
            return;
        }
}

void ParetoPlot::onMouseMove(QMouseEvent* event) {
    int run = -1, position = -1;
    if (!findNearest(event->position(), run, position)) {
        QToolTip::hideText();
        return;
    }
    const DesignRecord& d = series_[static_cast<std::size_t>(run)].designs[static_cast<std::size_t>(position)];
    QToolTip::showText(event->globalPosition().toPoint(), describe(run, d.index), plot_);
}

}  // namespace accelscope::ui
