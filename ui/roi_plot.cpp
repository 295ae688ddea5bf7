#include "roi_plot.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "plot_style.h"

namespace accelscope::ui {

RoiPlot::RoiPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setObjectName(QStringLiteral("roiPlot"));
    applyPlotStyle(plot_);
    plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot_->xAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->xAxis->setNumberPrecision(0);
    plot_->xAxis->setLabel(tr("accelerators deployed"));
    plot_->yAxis->setLabel(tr("net savings (million USD)"));
    setMinimumSize(360, 240);
}

int RoiPlot::pointCount() const { return plot_->graphCount() > 0 ? plot_->graph(0)->dataCount() : 0; }

void RoiPlot::setResult(const RoiResult& r, const RoiAssumptions& a) {
    plot_->clearGraphs();
    plot_->clearItems();
    const std::vector<double> chips = roiDeploymentSizes(r);
    QVector<double> x, y;
    for (double n : chips) {
        x << n;
        y << netSavingsUsd(r, a, n) / 1e6;
    }
    QCPGraph* line = plot_->addGraph();
    line->setName(tr("%1 instead of %2").arg(QString::fromStdString(r.design.name), QString::fromStdString(r.baseline.name)));
    line->setData(x, y, true);
    line->setPen(QPen(seriesColor(0), 2));
    QCPGraph* zero = plot_->addGraph();
    zero->setName(tr("break-even"));
    zero->setData({x.front(), x.back()}, {0, 0}, true);
    zero->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    if (r.breakEvenChips) {
        QCPGraph* mark = plot_->addGraph();
        mark->removeFromLegend();
        mark->setData({*r.breakEvenChips}, {0});
        mark->setLineStyle(QCPGraph::lsNone);
        mark->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, seriesColor(1), seriesColor(1), 10));
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(*r.breakEvenChips, 0);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setText(tr("break-even: %L1 chips ").arg(std::ceil(*r.breakEvenChips), 0, 'f', 0));
        label->setColor(seriesColor(1));
    }
    plot_->xAxis->setRange(x.front(), x.back());
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    const double pad = 0.08 * std::max(1e-9, *hi - *lo);
    plot_->yAxis->setRange(std::min(*lo, 0.0) - pad, std::max(*hi, 0.0) + pad);
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    setPlotTitle(plot_, tr("Net savings against accelerators deployed (NRE $%L1 M)").arg(a.nreUsd / 1e6, 0, 'f', 1));
    plot_->replot();
}

}  // namespace accelscope::ui
