#pragma once
// The evaluated design at a glance: its metrics (latency, throughput, energy, EDP, area, TDP,
// Perf/TDP, DRAM traffic), the bottleneck table (each op category's share of MACs, time, energy), and
// every op with its unit, cycles, energy and what bounds it. Selecting a MAC op on the array shows
// its mapping as a loop nest.
#include <QString>
#include <QWidget>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace accelscope::ui {

struct EvaluatedDesign;

class DesignInspector : public QWidget {
    Q_OBJECT
public:
    enum OpColumn { OpName, OpCycles, OpEnergy, OpBound, OpUnit, OpKind, OpColumnCount };

    explicit DesignInspector(QWidget* parent = nullptr);

    void setDesign(std::shared_ptr<const EvaluatedDesign> design);
    // A line above the metrics saying where the design comes from ("design #12 of run dabo #1");
    // empty: hidden.
    void setHeading(const QString& heading);
    QString heading() const;
    QLabel* headingLabel() const { return heading_; }
    std::shared_ptr<const EvaluatedDesign> design() const { return design_; }
    // Selects the op's row (and shows its loop nest); false if there is no such op.
    bool selectOp(const QString& name);
    QString selectedOp() const;

    QLabel* metricsLabel() const { return metrics_; }
    QTableWidget* bottleneckTable() const { return bottlenecks_; }
    QTableWidget* opTable() const { return ops_; }
    QPlainTextEdit* loopNestView() const { return loopNest_; }

signals:
    void opSelected(const QString& name);

private:
    void fillMetrics();
    void fillBottlenecks();
    void fillOps();
    void showOp(int opIndex);

    QLabel* heading_ = nullptr;
    QLabel* metrics_ = nullptr;
    QTableWidget* bottlenecks_ = nullptr;
    QTableWidget* ops_ = nullptr;
    QPlainTextEdit* loopNest_ = nullptr;
    std::shared_ptr<const EvaluatedDesign> design_;
};

}  // namespace accelscope::ui
