#pragma once
// Where the time and the energy of an evaluated design go.
// - Latency: a stacked bar per op (the 40 longest, in network order, the rest as "others"): compute
//   time (the MAC array's or the vector unit's own work) and memory-bound time (the rest, spent
//   waiting for the binding memory level, OpCost.bound).
// - Energy: a stacked bar per MAC layer on the array (the 40 most expensive, then "others"): MACs,
//   each storage level (accesses and leakage), and the on-chip networks, from the cost model's
//   evaluation of the layer (before fusion moved activations between DRAM and the global buffer).
#include <QStringList>
#include <QWidget>
#include <memory>

class QCustomPlot;

namespace accelscope::ui {

struct EvaluatedDesign;

class BreakdownPlot : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxBars = 40;

    explicit BreakdownPlot(QWidget* parent = nullptr);
    void setDesign(std::shared_ptr<const EvaluatedDesign> design);

    QCustomPlot* latencyPlot() const { return latency_; }
    QCustomPlot* energyPlot() const { return energy_; }
    QStringList latencyBars() const { return latencyBars_; }
    QStringList energyBars() const { return energyBars_; }

private:
    void rebuildLatency();
    void rebuildEnergy();

    QCustomPlot* latency_ = nullptr;
    QCustomPlot* energy_ = nullptr;
    std::shared_ptr<const EvaluatedDesign> design_;
    QStringList latencyBars_, energyBars_;
};

}  // namespace accelscope::ui
