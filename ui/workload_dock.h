#pragma once
// The "Workload" dock: choose a shipped network, filter its ops by name or kind, sort the op table by
// any column, read the network's totals, and choose the batch and the fusion pass it is evaluated with.
#include <QDockWidget>
#include <QString>

#include "passes/fusion.h"
#include "workload/workload.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace accelscope::ui {

class OpTableModel;

class WorkloadDock : public QDockWidget {
    Q_OBJECT
public:
    explicit WorkloadDock(QWidget* parent = nullptr);

    // Shows `workload`, loaded from `source` (a shipped name or a file path), and emits workloadChanged.
    void setWorkload(const Workload& workload, const QString& source);
    // Puts the combo box back on the workload shown (after a failed load of another choice).
    void revertSelection();
    // Re-reads the shipped networks' names into the combo box.
    void refreshShippedNames();
    // The dock width that shows every column of the op table without scrolling.
    int preferredWidth() const;

    QComboBox* workloadCombo() const { return combo_; }
    QLineEdit* filterEdit() const { return filter_; }
    QTableView* tableView() const { return table_; }
    QSortFilterProxyModel* proxyModel() const { return proxy_; }
    OpTableModel* opModel() const { return model_; }
    QLabel* summaryLabel() const { return summary_; }
    QSpinBox* batchSpin() const { return batch_; }
    QComboBox* fusionCombo() const { return fusion_; }
    // The evaluation settings chosen: inferences per batch and the fusion pass.
    std::int64_t batch() const;
    FusionMode fusion() const;
    // Sets the batch (rounded up to a multiple of the file's batch) and the fusion pass.
    void setEvaluationSettings(std::int64_t batch, FusionMode fusion);

signals:
    void workloadChanged(const accelscope::Workload& workload);
    // The user picked another network in the combo box (a shipped name or a file path).
    void workloadRequested(const QString& nameOrPath);
    // The batch or the fusion mode changed.
    void evaluationSettingsChanged();

private:
    void updateSummary();
    void selectSource(const QString& source);

    QComboBox* combo_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* summary_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QComboBox* fusion_ = nullptr;
    OpTableModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QString source_;
};

}  // namespace accelscope::ui
