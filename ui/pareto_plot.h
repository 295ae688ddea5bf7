#pragma once
// The "Pareto" panel: every evaluated design of every search run as a point in two metrics chosen
// among latency, energy, EDP, area and Perf/TDP (log axes), one colour per run, and each run's Pareto
// front in the two plotted metrics (both minimised, Perf/TDP maximised) as a step line. Hovering a
// point shows the design's figures and parameters; clicking it selects the design (designSelected).
// Designs arrive in batches; the plot takes them in at once but redraws at most ten times a second,
// and draws each run as one scatter graph with adaptive sampling, so 100,000 points redraw quickly.
#include <QColor>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "explore/search_engine.h"

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace accelscope::ui {

class ParetoPlot : public QWidget {
    Q_OBJECT
public:
    enum Metric { Latency, Energy, Edp, Area, PerfPerTdp, MetricCount };
    static QString metricLabel(Metric m);  // "latency (s)"
    static double metricValue(const DesignRecord& d, Metric m);
    static bool maximised(Metric m) { return m == PerfPerTdp; }

    explicit ParetoPlot(QWidget* parent = nullptr);

    // A run's series; runs are numbered from 0 in the order they are added.
    int addRun(const QString& name, const QColor& color);
    void appendDesigns(int run, const std::vector<DesignRecord>& designs);
    // A reference design (a named point of a space, e.g. TPU-v3) drawn as a labelled star, so that a
    // run's designs can be seen against it; a second one of the same name replaces the first.
    void setReferencePoint(const QString& name, const DesignRecord& design);
    int referenceCount() const { return static_cast<int>(references_.size()); }
    // Where the reference of that name is drawn, in plot coordinates (false if there is none).
    bool referenceAt(const QString& name, QPointF& coordinates) const;
    void clear();

    void setAxes(Metric x, Metric y);
    Metric xMetric() const { return x_; }
    Metric yMetric() const { return y_; }
    void setShowInvalid(bool on);
    // Draws the designs as vector discs instead of the fast pixmap ones (for printing: reports, PDF).
    void setVectorScatters(bool on);

    // Applies what arrived since the last redraw and redraws now (the timer does it otherwise).
    void refresh();
    // Points drawn for the run's valid designs, and the run's plotted front (x ascending).
    int pointCount(int run) const;
    std::vector<QPointF> frontPoints(int run) const;
    // The pixel at which a design is drawn (for tests and keyboard use); false if it is not drawn.
    bool pixelOf(int run, int index, QPointF& pixel) const;
    // Selects a design as a click does (rings it, emits designSelected); false if there is none.
    bool selectDesign(int run, int index);
    int selectedRun() const { return selRun_; }
    int selectedIndex() const { return selIndex_; }
    // The tooltip text of a design.
    QString describe(int run, int index) const;

    QCustomPlot* plot() const { return plot_; }
    QComboBox* xCombo() const { return xCombo_; }
    QComboBox* yCombo() const { return yCombo_; }
    QCheckBox* invalidCheck() const { return invalid_; }
    QPushButton* applyButton() const { return apply_; }

protected:
    void showEvent(QShowEvent* event) override;

signals:
    void designSelected(int run, int index);
    // "Apply to editor" was pressed for the selected design.
    void applyRequested(int run, int index);

private:
    struct Series {
        QString name;
        QColor color;
        std::vector<DesignRecord> designs;
        QCPGraph* points = nullptr;
        QCPGraph* front = nullptr;
        QCPGraph* invalid = nullptr;
        std::vector<int> frontIndices;  // positions in designs, x ascending
        int validCount = 0;
    };
    struct Reference {
        QString name;
        DesignRecord design;
        QCPGraph* star = nullptr;
        QCPItemText* label = nullptr;
    };
    void schedule();
    void rebuildSeries(Series& s);
    void placeReference(Reference& r);
    void updateAxes();
    void updateSelectionMarker();
    bool findNearest(const QPointF& pixel, int& run, int& position) const;
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* plot_ = nullptr;
    QComboBox* xCombo_ = nullptr;
    QComboBox* yCombo_ = nullptr;
    QCheckBox* invalid_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* apply_ = nullptr;
    QCPGraph* selection_ = nullptr;
    std::vector<Series> series_;
    std::vector<Reference> references_;
    Metric x_ = Latency, y_ = Energy;
    bool showInvalid_ = false;
    bool vectorScatters_ = false;
    bool dirty_ = false;
    int selRun_ = -1, selIndex_ = -1;
    QTimer timer_;
};

}  // namespace accelscope::ui
