#pragma once
// Net savings of deploying a new accelerator against the number deployed (roi_model.h): the line
// N * s - NRE on a log axis of chips, the zero line, and the break-even marked. The GUI's ROI dialog
// and the report's "Return on investment" section draw the same widget.
#include <QWidget>

#include "roi/roi_model.h"

class QCustomPlot;

namespace accelscope::ui {

class RoiPlot : public QWidget {
    Q_OBJECT
public:
    explicit RoiPlot(QWidget* parent = nullptr);
    void setResult(const RoiResult& result, const RoiAssumptions& assumptions);
    QCustomPlot* plot() const { return plot_; }
    // Points of the savings line (chips, USD), for tests.
    int pointCount() const;

private:
    QCustomPlot* plot_ = nullptr;
};

}  // namespace accelscope::ui
