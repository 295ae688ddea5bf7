#pragma once
// The look every AccelScope plot shares: fonts, grid, legend, a title row.
#include <QColor>
#include <QString>

class QCustomPlot;

namespace accelscope::ui {

void applyPlotStyle(QCustomPlot* plot);
// Sets (or adds, above the axis rect) the plot's title.
void setPlotTitle(QCustomPlot* plot, const QString& title);
// The colour of series i (runs of a search): eight well-separated colours, then around again.
QColor seriesColor(int i);

}  // namespace accelscope::ui
