#pragma once
// The AccelScope main window: the Workload, Architecture and Inspector docks around a central tab
// widget (Roofline, Breakdown; the search panels join it later), and a DesignEvaluator that costs the
// current design in the background whenever the workload, the architecture, the batch or the fusion
// mode changes. Loading never loses what is shown: a bad file is reported (file, op or level, field)
// and the window keeps the current workload and architecture.
#include <QMainWindow>
#include <QString>
#include <memory>
#include <map>
#include <optional>
#include <vector>

#include "arch/architecture.h"
#include "explore/session.h"
#include "search/design_space.h"
#include "timeloop/timeloop_import.h"
#include "workload/workload.h"

class QLabel;
class QMenu;
class QTabWidget;
class QTimer;

namespace accelscope::ui {

class ArchitectureDock;
class BreakdownPlot;
class ConvergencePlot;
class ParetoPlot;
class SearchDock;
class SearchSession;
class DesignEvaluator;
class DesignInspector;
class RooflinePlot;
class WorkloadDock;
struct EvaluatedDesign;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The layout version of saveState/restoreState (a layout saved by an older window is ignored).
    static constexpr int kStateVersion = 3;
    static constexpr int kMaxRecentFiles = 8;

    explicit MainWindow(QWidget* parent = nullptr);
    // Disconnects the children's signals first: ~QWidget deletes the children after this part of the
    // window is gone, and an undo stack that is not clean says so as it dies (UBSan: a member call on a
    // MainWindow that was only a QWidget any more).
    ~MainWindow() override;

    // Loads a shipped network by name, a workload file or an ONNX model (.onnx, imported at batch 1 with
    // the symbolic dim sizes of its last import through the dialog, kept in the settings) by path. On failure reports the error (a
    // dialog, unless errorsAsDialogs is off), emits errorShown and returns false; the current workload
    // stays. It blocks: the window's own ways of opening a model (File > Open, a drop, a recent file,
    // the Workload dock's entry) go through importOnnxFrom instead; this is for start-up and scripts.
    bool loadWorkloadFrom(const QString& nameOrPath);
    // Opening an ONNX model: lists its symbolic dims and opens the import dialog (window-modal, deleted
    // on close), which asks their sizes and imports in the background; the workload is loaded when the
    // import ends (a failure is reported as loadWorkloadFrom's are, a cancel changes nothing). Returns
    // the dialog, or null after reporting a file whose dims cannot be listed (not a readable model).
    class OnnxImportDialog* importOnnxFrom(const QString& path);
    // Loads an architecture preset by name or an architecture file by path; the same error handling.
    bool loadArchitectureFrom(const QString& nameOrPath);
    // Imports a Timeloop v0.4 YAML file holding a problem and optionally an architecture and a mapping
    // (docs/timeloop.md): the problem's conv op becomes the workload and the
    // architecture, if any, replaces the current one; a mapping is checked but not used (the evaluator
    // maps every layer). The same error handling: on failure nothing changes.
    bool importTimeloopFrom(const QString& path);
    // Imports a SCALE-Sim v2 config and topology (docs/formats.md, "SCALE-Sim files"): the array
    // becomes the architecture, the rows the workload, each layer costed as SCALE-Sim maps it (while
    // that mapping fits the design; else by the mapper). The same error handling: on failure nothing
    // changes.
    bool importScalesimFrom(const QString& config, const QString& topology);
    // Loads a dropped or recent file: .onnx through the import dialog (importOnnxFrom; true once it is
    // open), .yaml/.yml as a Timeloop import, .json as a session, an architecture or a workload by its
    // "format" field. (A SCALE-Sim .cfg comes with its .csv: dropped together, see dropEvent.)
    bool loadFile(const QString& path);
    bool saveArchitectureTo(const QString& path);
    // Saves the search runs as a session file (docs/sessions.md). Runs on other workloads or
    // another space than the first run's cannot share its file: they are named in the error and kept.
    bool saveSessionTo(const QString& path);
    // Opens a session file (recovering its autosave journal) and adds its runs to the search panels.
    bool openSessionFrom(const QString& path);
    // The session the runs make (the first run's workloads and space; `skipped` names the others).
    Session currentSession(QStringList* skipped = nullptr) const;

    // Loads the architecture preset `name` (kept for the app's --arch and older callers).
    void setArchitectureName(const QString& name) { loadArchitectureFrom(name); }
    QString architectureName() const { return architecture_; }
    const Architecture& currentArchitecture() const;

    // Off: errors are not shown as modal dialogs (tests); they still reach lastError and errorShown.
    void setErrorsAsDialogs(bool on) { errorsAsDialogs_ = on; }
    QString lastError() const { return lastError_; }

    // Window geometry, dock layout, the last workload and the recent files, in
    // QSettings("AccelScope", "AccelScope").
    void restoreSettings();
    void saveSettings() const;
    // The workload saved by the last session (empty if none).
    static QString lastWorkloadSetting();
    static QStringList recentFilesSetting();

    // Evaluates the current design again (in the background), e.g. after the mapper budget changed.
    void evaluateNow();
    // A central panel (the search and Pareto panels): a tab beside Roofline and Breakdown.
    int addCentralPanel(QWidget* panel, const QString& title);

    // Shows design `index` of search run `run`: realizes its point, evaluates the architecture on the
    // current workload with the design's batch and fusion, and heads the inspector with its origin.
    // False (with lastError) if there is no such design or it cannot be realized.
    bool selectSearchDesign(int run, int index);
    // Loads the selected search design's architecture into the Architecture dock (false: none selected).
    bool applySelectedDesign();
    // Search > Return on Investment: FAST's ROI analysis of the selected design against the space's
    // first named point (or a preset); the dialog is returned (null when no design is selected).
    class RoiDialog* showRoiDialog();
    // A named point of the Search dock's space: evaluated as the search would cost it (shown in the
    // inspector, marked on the Pareto plot), or loaded into the editors (architecture, batch, fusion).
    bool evaluateNamedPoint(const QString& name);
    bool applyNamedPoint(const QString& name);
    int selectedSearchRun() const { return selectedRun_; }
    int selectedSearchDesign() const { return selectedIndex_; }

    WorkloadDock* workloadDock() const { return dock_; }
    ArchitectureDock* architectureDock() const { return archDock_; }
    QDockWidget* inspectorDock() const { return inspectorDock_; }
    DesignInspector* inspector() const { return inspector_; }
    RooflinePlot* rooflinePlot() const { return roofline_; }
    BreakdownPlot* breakdownPlot() const { return breakdown_; }
    SearchDock* searchDock() const { return searchDock_; }
    SearchSession* searchSession() const { return session_; }
    ParetoPlot* paretoPlot() const { return pareto_; }
    ConvergencePlot* convergencePlot() const { return convergence_; }
    QAction* applyDesignAction() const { return applyAction_; }
    QAction* roiAction() const { return roiAction_; }
    QTabWidget* centralTabs() const { return tabs_; }
    DesignEvaluator* evaluator() const { return evaluator_; }
    QMenu* recentFilesMenu() const { return recentMenu_; }
    const Workload& currentWorkload() const { return workload_; }
    QString currentSource() const { return source_; }

signals:
    void errorShown(const QString& message);
    // A workload was loaded or imported (synchronously or when a background import ended).
    void workloadLoaded(const QString& source);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildSearch();
    void openWorkloadDialog();
    void openArchitectureDialog();
    void importTimeloopDialog();
    void importScalesimDialog();
    void saveArchitectureDialog();
    void saveSessionDialog();
    void openSessionDialog();
    void exportReport();
    void showAbout();
    void showError(const QString& title, const QString& message);
    // Shows `workload`, read from `source`, as the current workload (the dock, the title, the recent files).
    void setLoadedWorkload(Workload workload, const QString& source);
    // Shows `arch`, read from `source`, in the Architecture dock, the status bar and the title.
    void setArchitecture(const Architecture& arch, const QString& source);
    // The Timeloop import of `path`, or nullopt after reporting the error.
    std::optional<timeloop::TimeloopImport> readTimeloopFile(const QString& path);
    // Re-reads only the architecture of a Timeloop file (its entry chosen again in the Architecture dock).
    bool importTimeloopArchitectureFrom(const QString& path);
    // Re-reads only the architecture of a SCALE-Sim config (its entry chosen again in the Architecture dock).
    bool importScalesimArchitectureFrom(const QString& config);
    void updateTitle();
    void updateArchitectureLabel();
    void fitDockToTable();
    void scheduleEvaluation();
    void showDesign(std::shared_ptr<const EvaluatedDesign> design);
    QString timeloopNote(const EvaluatedDesign& design) const;
    QString scalesimNote(const EvaluatedDesign& design) const;
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    WorkloadDock* dock_ = nullptr;
    ArchitectureDock* archDock_ = nullptr;
    QDockWidget* inspectorDock_ = nullptr;
    DesignInspector* inspector_ = nullptr;
    RooflinePlot* roofline_ = nullptr;
    BreakdownPlot* breakdown_ = nullptr;
    SearchSession* session_ = nullptr;
    SearchDock* searchDock_ = nullptr;
    ParetoPlot* pareto_ = nullptr;
    ConvergencePlot* convergence_ = nullptr;
    QAction* applyAction_ = nullptr;
    QAction* roiAction_ = nullptr;
    int selectedRun_ = -1, selectedIndex_ = -1;
    Architecture selectedArch_;
    QString heading_;  // the inspector's heading for the design being evaluated
    QTabWidget* tabs_ = nullptr;
    DesignEvaluator* evaluator_ = nullptr;
    QTimer* evaluateTimer_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* archLabel_ = nullptr;
    Workload workload_;
    QString source_;
    // What an imported Timeloop case brings for its layer: its mapping (costed as given while it fits
    // the design) or, for a mapper case, the map space constraints its mapper searched.
    struct TimeloopCase {
        QString file;
        std::map<std::string, Mapping> mappings;
        std::optional<MapConstraints> constraints;
        std::vector<std::string> levelNames;  // the constraints' levels, by position
    };
    std::optional<TimeloopCase> timeloopCase_;
    // What an imported SCALE-Sim pair brings: every layer's mapping as SCALE-Sim maps it.
    struct ScalesimCase {
        QString config, topology;
        std::map<std::string, Mapping> mappings;
    };
    std::optional<ScalesimCase> scalesimCase_;
    QString pendingPoint_;          // the named point being evaluated ("tpu_v3 (fast_datacenter)")
    std::string pendingPointArch_;  // its architecture's name, to recognise its evaluation
    QString architecture_;
    QString lastError_;
    bool errorsAsDialogs_ = true;
};

}  // namespace accelscope::ui
