#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
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
#include <QUrl>
#include <algorithm>
#include <exception>

#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"
#include "workload_dock.h"

namespace accelscope::ui {
namespace {

QSettings appSettings() { return QSettings(QStringLiteral("AccelScope"), QStringLiteral("AccelScope")); }

// The first local .json file among dragged URLs (empty if none).
QString droppedWorkloadFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            return url.toLocalFile();
    return {};
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    auto* placeholder = new QLabel(
        tr("<h3>AccelScope</h3><p>The search setup and result panels (hardware template, objective, budgets, "
           "live Pareto plots) appear here.</p><p>Browse the network's ops in the Workload panel; "
           "open your own network with File &gt; Open Workload... or drop a .json file on this window.</p>"),
        this);
    placeholder->setObjectName(QStringLiteral("centralPlaceholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setMargin(24);
    placeholder->setEnabled(false);  // drawn in the disabled (grey) text colour: it is a placeholder
    setCentralWidget(placeholder);

    dock_ = new WorkloadDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, dock_);
    connect(dock_, &WorkloadDock::workloadRequested, this, [this](const QString& source) {
        if (!loadWorkloadFrom(source)) dock_->revertSelection();
    });

    archLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(archLabel_);
    buildMenus();
    // 1280 x 800, or up to 1440 x 900 where the screen has room (restoreSettings overrides it).
    QSize size(1280, 800);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.expandedTo(QSize(1440, 900).boundedTo(screen->availableGeometry().size() * 0.9));
    resize(size);
    resizeDocks({dock_}, {860}, Qt::Horizontal);
    updateTitle();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    QAction* open = file->addAction(tr("&Open Workload..."), this, &MainWindow::openWorkloadDialog);
    open->setObjectName(QStringLiteral("actionOpenWorkload"));
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    QAction* toggleDock = dock_->toggleViewAction();
    toggleDock->setText(tr("&Workload Panel"));
    view->addAction(toggleDock);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction* about = help->addAction(tr("&About AccelScope"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

bool MainWindow::loadWorkloadFrom(const QString& nameOrPath) {
    Workload loaded;
    try {
        loaded = loadWorkloadByNameOrPath(nameOrPath.toStdString());
    } catch (const InputError& e) {
        showError(tr("Cannot load workload"), QString::fromStdString(e.what()));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot load workload"),
                  tr("%1: %2").arg(nameOrPath, QString::fromLocal8Bit(e.what())));
        return false;
    }
    workload_ = std::move(loaded);
    source_ = nameOrPath;
    lastError_.clear();
    dock_->setWorkload(workload_, nameOrPath);
    fitDockToTable();
    updateTitle();
    statusBar()->showMessage(tr("Loaded %1: %2 ops").arg(QString::fromStdString(workload_.name)).arg(workload_.ops.size()),
                             5000);
    return true;
}

void MainWindow::fitDockToTable() {
    // Widen the dock (never narrow it) so that the op table needs no horizontal scrolling, leaving
    // the central area some room.
    constexpr int kCentralMinimum = 260;
    const int wanted = std::min(dock_->preferredWidth(), width() - kCentralMinimum);
    if (!dock_->isHidden() && !dock_->isFloating() && dock_->width() < wanted)
        resizeDocks({dock_}, {wanted}, Qt::Horizontal);
}

void MainWindow::setArchitectureName(const QString& name) {
    architecture_ = name;
    archLabel_->setText(name.isEmpty() ? QString() : tr("architecture: %1").arg(name));
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    emit errorShown(message);
    if (errorsAsDialogs_) QMessageBox::critical(this, title, message);
}

void MainWindow::updateTitle() {
    setWindowTitle(workload_.name.empty() ? tr("AccelScope")
                                          : tr("AccelScope \u2014 %1").arg(QString::fromStdString(workload_.name)));
}

void MainWindow::openWorkloadDialog() {
    QString dir = QFileInfo(source_).isFile() ? QFileInfo(source_).absolutePath() : QString();
    if (dir.isEmpty()) dir = QString::fromStdString(workloadsDir().string());
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Workload"), dir,
                                                      tr("Workload files (*.json);;All files (*)"));
    if (!file.isEmpty()) loadWorkloadFrom(file);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About AccelScope"),
        tr("<h3>AccelScope %1</h3>"
           "<p>Design-space exploration for deep-learning accelerators: searches hardware, per-layer "
           "schedules and compiler passes with an analytical cost model.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QStringLiteral(ACCELSCOPE_VERSION), QString::fromLatin1(qVersion())));
}

QString MainWindow::lastWorkloadSetting() {
    return appSettings().value(QStringLiteral("lastWorkload")).toString();
}

void MainWindow::restoreSettings() {
    QSettings settings = appSettings();
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
}

void MainWindow::saveSettings() const {
    QSettings settings = appSettings();
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    if (!source_.isEmpty()) {
        // A file is remembered by its absolute path, so it loads again from any working directory.
        const QFileInfo file(source_);
        settings.setValue(QStringLiteral("lastWorkload"), file.isFile() ? file.absoluteFilePath() : source_);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedWorkloadFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString file = droppedWorkloadFile(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    loadWorkloadFrom(file);
}

}  // namespace accelscope::ui
