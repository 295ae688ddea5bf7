#pragma once
// The per-layer roofline of an evaluated design (Williams, Waterman, Patterson, CACM 2009): each MAC
// layer on the array is a point at (useful MACs per DRAM byte, useful MACs per cycle), under the
// compute ceiling (every MAC unit busy) and the DRAM bandwidth ceiling. Every storage level with a
// finite bandwidth gets its own ceiling, hierarchical-roofline style (Yang et al., 2020): the layer
// selected (or the only one) is also drawn at each such level's own intensity (useful MACs per byte
// moved at that level), in the level's colour, so that its distance to each ceiling shows. Fan-out
// levels store nothing and have no ceiling; levels without a bandwidth limit are named in the legend.
// Hovering a point names the layer and its figures.
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
        std::vector<std::pair<int, double>> levelIntensity;  // (level, MACs per byte there) for the ceilings' levels
    };
    struct LevelCeiling {
        int level = 0;
        QCPGraph* points = nullptr;  // the shown layer at this level's intensity
    };
    void rebuild();
    void showLevelPoints();
    int pointAt(const QPointF& pixel) const;
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* plot_ = nullptr;
    QCPGraph* highlightGraph_ = nullptr;
    std::vector<LevelCeiling> levelCeilings_;
    std::shared_ptr<const EvaluatedDesign> design_;
    std::vector<Point> points_;
    QString highlighted_;
};

}  // namespace accelscope::ui
