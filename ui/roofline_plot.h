#pragma once
// The per-layer roofline of an evaluated design (Williams, Waterman, Patterson, CACM 2009): each MAC
// layer on the array is a point at (useful MACs per DRAM byte, useful MACs per cycle), under the
// compute ceiling (every MAC unit busy) and the DRAM bandwidth ceiling. On-chip levels with a finite
// bandwidth get their own ceiling, hierarchical-roofline style: against that level's intensity, which
// the tooltip of each point gives. Hovering a point names the layer and its figures.
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QMouseEvent;

namespace accelscope::ui {

struct EvaluatedDesign;

class RooflinePlot : public QWidget {
    Q_OBJECT
public:
    explicit RooflinePlot(QWidget* parent = nullptr);

    void setDesign(std::shared_ptr<const EvaluatedDesign> design);
    // Rings the point of the op named `name` (no ring if it has none).
    void highlightOp(const QString& name);
    QString highlightedOp() const { return highlighted_; }

    int pointCount() const { return static_cast<int>(points_.size()); }
    QStringList pointNames() const;
    // The text the tooltip of the op's point shows (empty if it has no point).
    QString pointDescription(const QString& name) const;
    QCustomPlot* plot() const { return plot_; }

signals:
    void opClicked(const QString& name);

private:
    struct Point {
        QString name;
        double intensity = 0;    // useful MACs per DRAM byte
        double macsPerCycle = 0; // achieved
        bool memoryBound = false;
        QString description;
    };
    void rebuild();
    int pointAt(const QPointF& pixel) const;
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* plot_ = nullptr;
    QCPGraph* highlightGraph_ = nullptr;
    std::shared_ptr<const EvaluatedDesign> design_;
    std::vector<Point> points_;
    QString highlighted_;
};

}  // namespace accelscope::ui
