#pragma once
// The "Convergence" panel: for every search run, the best objective found against the number of valid
// designs evaluated (log scale, a step line), and below it, on a second axis rect sharing the x axis,
// the hypervolume of the run's front (latency, energy, area) against the same count.
#include <QColor>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "explore/search_engine.h"

class QCPAxisRect;
class QCPGraph;
class QCPLegend;
class QCustomPlot;

namespace accelscope::ui {

class ConvergencePlot : public QWidget {
    Q_OBJECT
public:
    explicit ConvergencePlot(QWidget* parent = nullptr);

    int addRun(const QString& name, const QColor& color, DesignObjective objective);
    // Designs of a run as they arrive, with the engine's progress (its hypervolume so far).
    void appendDesigns(int run, const std::vector<DesignRecord>& designs, const SearchProgress& progress);
    // The finished run: the histories are replaced by the engine's exact per-sample ones.
    void setResult(int run, const SearchRun& result);
    // Applies what arrived and redraws now (a 100 ms timer does it otherwise).
    void refresh();

    int bestPointCount(int run) const;
    int hypervolumePointCount(int run) const;
    QCustomPlot* plot() const { return plot_; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Series {
        QString name;
        DesignObjective objective = DesignObjective::Edp;
        QCPGraph* best = nullptr;
        QCPGraph* hypervolume = nullptr;
        int valid = 0;
        double bestObjective = 0;
    };
    void schedule();
    void updateAxes();

    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* bestRect_ = nullptr;
    QCPAxisRect* hvRect_ = nullptr;
    std::vector<Series> series_;
    QTimer timer_;
};

}  // namespace accelscope::ui
