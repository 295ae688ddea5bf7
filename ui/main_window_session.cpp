// MainWindow's session files and reports: saving and opening the search runs, exporting a report.
#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <algorithm>
#include <exception>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include "arch/arch_io.h"
#include "architecture_dock.h"
#include "breakdown_plot.h"
#include "convergence_plot.h"
#include "design_evaluator.h"
#include "design_inspector.h"
#include "onnx/load_any_workload.h"
#include "pareto_plot.h"
#include "report/report.h"
#include "theme.h"
#include "roofline_plot.h"
#include "search_dock.h"
#include "search_session.h"
#include "timeloop/timeloop_import.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"
#include "workload_dock.h"

namespace accelscope::ui {

Session MainWindow::currentSession(QStringList* skipped) const {
    Session session;
    bool first = true;
    for (int i = 0; i < session_->runCount(); ++i) {
        const SearchSession::Run& r = session_->run(i);
        const auto result = session_->result(i);
        if (!result) {  // still running (or failed): not saved
            if (skipped) skipped->append(tr("%1 (%2)").arg(r.name, SearchSession::statusName(r.status)));
            continue;
        }
        if (first) {
            session.workloads = r.job.workloads;
            session.weights = r.job.weights;
            session.space = r.job.space;
            first = false;
        } else if (!(r.job.workloads == session.workloads) || r.job.space.text != session.space.text) {
            if (skipped) skipped->append(tr("%1 (other workloads or space)").arg(r.name));
            continue;
        }
        SessionRun run;
        run.label = r.name.toStdString();
        run.settings = r.job.settings;
        run.status = r.status;  // finished, stopped or interrupted: a run with a result
        run.result = *result;
        session.runs.push_back(std::move(run));
    }
    return session;
}

bool MainWindow::saveSessionTo(const QString& path) {
    QStringList skipped;
    const Session session = currentSession(&skipped);
    if (session.runs.empty()) {
        showError(tr("Cannot save session"), skipped.isEmpty() ? tr("There is no finished or stopped search run to save.")
                                                               : tr("No run can be saved yet: %1").arg(skipped.join(tr(", "))));
        return false;
    }
    try {
        saveSession(session, path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot save session"), tr("%1: %2").arg(path, QString::fromLocal8Bit(e.what())));
        return false;
    }
    addRecentFile(path);
    QString message = tr("Saved %n run(s) to %1", nullptr, static_cast<int>(session.runs.size())).arg(QDir::toNativeSeparators(path));
    if (!skipped.isEmpty()) {
        message += tr("; not saved: %1").arg(skipped.join(tr(", ")));
        showError(tr("Some runs were not saved"),
                  tr("%1 holds the runs on the first run's workloads and space. Not saved: %2. Save those from a "
                     "session of their own.").arg(path, skipped.join(tr(", "))));
    }
    statusBar()->showMessage(message, 8000);
    return true;
}

bool MainWindow::openSessionFrom(const QString& path) {
    LoadedSession loaded;
    try {
        loaded = loadSession(path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot open session"), QString::fromLocal8Bit(e.what()));
        return false;
    }
    for (const SessionRun& run : loaded.session.runs)
        session_->addRecordedRun(QString::fromStdString(run.label), sessionJob(loaded.session, run.settings), run.result,
                                 run.status);
    addRecentFile(path);
    QString message = tr("Opened %1: %n run(s)", nullptr, static_cast<int>(loaded.session.runs.size())).arg(QDir::toNativeSeparators(path));
    if (loaded.recoveredDesigns > 0)
        message += tr("; recovered %1 designs from the autosave journal (resume with accelscope-cli search --resume)")
                       .arg(loaded.recoveredDesigns);
    statusBar()->showMessage(message, 10000);
    return true;
}

void MainWindow::saveSessionDialog() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Session As"), QDir::home().filePath(QStringLiteral("session.json")),
                                                      tr("Session files (*.json);;All files (*)"));
    if (!file.isEmpty()) saveSessionTo(file);
}

void MainWindow::openSessionDialog() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Session"), QDir::homePath(),
                                                      tr("Session files (*.json);;All files (*)"));
    if (!file.isEmpty()) openSessionFrom(file);
}

void MainWindow::exportReport() {
    const Session session = currentSession();
    if (session.runs.empty()) {
        showError(tr("Cannot export a report"), tr("There is no finished or stopped search run to report on."));
        return;
    }
    exportReportDialog(this, session);
}

}  // namespace accelscope::ui
