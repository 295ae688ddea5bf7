#pragma once
// The look every AccelScope plot shares: fonts, grid, legend, a title row.
#include <QString>

class QCustomPlot;

namespace accelscope::ui {

void applyPlotStyle(QCustomPlot* plot);
// Sets (or adds, above the axis rect) the plot's title.
void setPlotTitle(QCustomPlot* plot, const QString& title);

}  // namespace accelscope::ui
