#pragma once
// The "Search" dock: choose a design space (its parameters, ranges, units and caps are shown), the
// hardware searcher, the software searcher, the budgets, the objective, the seed and the threads, then
// Start (Ctrl+R) a run on the workload selected in the Workload dock. Pause/Resume and Stop act on the
// run selected in the list of this session's runs (each with its searcher, seed, status and best
// objective); a progress bar tells "N/M designs · X% valid · X/s · ~T s left". A space's named
// points (e.g. fast_datacenter's tpu_v3) are listed under its parameters: Evaluate costs one as the
// search would (the main window shows it and marks it on the Pareto plot), Apply loads it into the
// editors.
#include <QDockWidget>
#include <QString>

#include "explore/run_settings.h"
#include "network/network_model.h"
#include "search/design_space.h"
#include "workload/workload.h"

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace accelscope::ui {

class SearchSession;

class SearchDock : public QDockWidget {
    Q_OBJECT
public:
    enum RunColumn { RunNameColumn, RunSeedColumn, RunStatusColumn, RunDesignsColumn, RunBestColumn, RunColumnCount };

    SearchDock(SearchSession* session, QWidget* parent = nullptr);

    // The workload the next run searches for (the Workload dock's).
    void setWorkload(const Workload& workload);
    // Loads the space preset (or file) into the summary; false (with lastError) if it cannot be read.
    bool selectSpace(const QString& nameOrPath);
    const DesignSpace& space() const { return space_; }
    // Edits the space as the Range column does: a parameter's values as text ("32..256 step 8",
    // "8, 16", "64") or a cap ("area_mm2"/"power_w", 0 for none). False (with lastError, the cell
    // marked) when the edit is invalid; the space is unchanged then.
    bool editParameter(const QString& name, const QString& text);
    bool editCap(const QString& cap, const QString& text);
    // Writes the (edited) space as a space file.
    bool saveSpaceTo(const QString& path);
    QLabel* spaceMessage() const { return spaceMessage_; }
    // The next run's settings as the controls hold them.
    RunSettings runSettings() const;
    // Builds the job from the controls and starts it; the new run's number or -1 (see lastError).
    int startRun();
    QString lastError() const { return error_; }
    // The run Pause and Stop act on (the one selected in the list; the latest by default).
    int currentRun() const;
    // A named point of the space as the next run would cost it: its architecture, compiler settings
    // and the network settings (software searcher, budget, seed from the controls). False (with
    // lastError) if the space has no such point or it cannot be built.
    bool namedPoint(const QString& name, Architecture& arch, CompilerSettings& settings, NetworkSettings& network);
    QComboBox* pointCombo() const { return pointCombo_; }
    QPushButton* evaluatePointButton() const { return evaluatePoint_; }
    QPushButton* applyPointButton() const { return applyPoint_; }

    QComboBox* spaceCombo() const { return spaceCombo_; }
    QTreeWidget* spaceTree() const { return spaceTree_; }
    QComboBox* searcherCombo() const { return searcher_; }
    QComboBox* softwareSearcherCombo() const { return swSearcher_; }
    QSpinBox* budgetSpin() const { return budget_; }
    QSpinBox* softwareBudgetSpin() const { return swBudget_; }
    QComboBox* objectiveCombo() const { return objective_; }
    QSpinBox* seedSpin() const { return seed_; }
    QSpinBox* threadsSpin() const { return threads_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QProgressBar* progressBar() const { return progress_; }
    QTreeWidget* runList() const { return runs_; }
    QAction* startAction() const { return startAction_; }
    QLabel* workloadLabel() const { return workloadLabel_; }

signals:
    void errorShown(const QString& message);
    // Evaluate (apply false) or Apply (apply true) was pressed for the named point.
    void pointRequested(const QString& name, bool apply);

private:
    void fillSpaceTree();
    void fillPoints();
    void spaceCellEdited(QTreeWidgetItem* item, int column);
    void markSpaceError(const QString& key, const QString& message);
    void updateRunRow(int run);
    void updateControls();
    void updateProgress();
    void togglePause();

    SearchSession* session_ = nullptr;
    Workload workload_;
    DesignSpace space_;
    QString error_;
    QComboBox* spaceCombo_ = nullptr;
    QTreeWidget* spaceTree_ = nullptr;
    QLabel* spaceMessage_ = nullptr;
    QWidget* pointRow_ = nullptr;
    QComboBox* pointCombo_ = nullptr;
    QPushButton* evaluatePoint_ = nullptr;
    QPushButton* applyPoint_ = nullptr;
    QComboBox* searcher_ = nullptr;
    QComboBox* swSearcher_ = nullptr;
    QSpinBox* budget_ = nullptr;
    QSpinBox* swBudget_ = nullptr;
    QComboBox* objective_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* workloadLabel_ = nullptr;
    QTreeWidget* runs_ = nullptr;
    QAction* startAction_ = nullptr;
};

}  // namespace accelscope::ui
