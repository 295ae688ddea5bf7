#pragma once
// The AccelScope main window: menus, the Workload dock, and the central area where the search and
// result panels will live. Loading a workload never loses the current one: a bad file is reported
// (file, op and field) and the window keeps what it showed.
#include <QMainWindow>
#include <QString>

#include "workload/workload.h"

class QLabel;

namespace accelscope::ui {

class WorkloadDock;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Loads a shipped network by name or a workload file by path. On failure reports the error
    // (a dialog, unless errorsAsDialogs is off), emits errorShown and returns false; the current
    // workload stays.
    bool loadWorkloadFrom(const QString& nameOrPath);

    // The architecture preset the explorer works on (shown in the status bar).
    void setArchitectureName(const QString& name);
    QString architectureName() const { return architecture_; }

    // Off: errors are not shown as modal dialogs (tests); they still reach lastError and errorShown.
    void setErrorsAsDialogs(bool on) { errorsAsDialogs_ = on; }
    QString lastError() const { return lastError_; }

    // Window geometry, dock layout and the last workload, in QSettings("AccelScope", "AccelScope").
    void restoreSettings();
    void saveSettings() const;
    // The workload saved by the last session (empty if none).
    static QString lastWorkloadSetting();

    WorkloadDock* workloadDock() const { return dock_; }
    const Workload& currentWorkload() const { return workload_; }
    QString currentSource() const { return source_; }

signals:
    void errorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void openWorkloadDialog();
    void showAbout();
    void showError(const QString& title, const QString& message);
    void updateTitle();
    void fitDockToTable();

    WorkloadDock* dock_ = nullptr;
    QLabel* archLabel_ = nullptr;
    Workload workload_;
    QString source_;
    QString architecture_;
    QString lastError_;
    bool errorsAsDialogs_ = true;
};

}  // namespace accelscope::ui
