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
#include "onnx/onnx_import.h"
#include "onnx_import_dialog.h"
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
namespace {

constexpr const char* kDefaultArchitecture = "eyeriss_like";

QSettings appSettings() { return QSettings(QStringLiteral("AccelScope"), QStringLiteral("AccelScope")); }

bool hasExtension(const QString& path, std::initializer_list<QLatin1String> extensions) {
    return std::any_of(extensions.begin(), extensions.end(),
                       [&](QLatin1String e) { return path.endsWith(e, Qt::CaseInsensitive); });
}

bool isOnnxFile(const QString& path) { return hasExtension(path, {QLatin1String(".onnx")}); }

// Timeloop inputs are recognised by their extension: YAML has no "format" field to dispatch on.
bool isTimeloopFile(const QString& path) { return hasExtension(path, {QLatin1String(".yaml"), QLatin1String(".yml")}); }

// SCALE-Sim's two inputs, recognised by their extensions; they are opened together.
bool isScalesimConfig(const QString& path) { return hasExtension(path, {QLatin1String(".cfg")}); }
bool isScalesimTopology(const QString& path) { return hasExtension(path, {QLatin1String(".csv")}); }

// The first local file among dragged URLs with one of these extensions (empty if none).
QString droppedFile(const QMimeData* mime, bool (*wanted)(const QString&)) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && wanted(url.toLocalFile())) return url.toLocalFile();
    return {};
}

// The first local file among dragged URLs that the window opens on its own (.json, .onnx, Timeloop
// .yaml/.yml; empty if none).
QString droppedFile(const QMimeData* mime) {
    return droppedFile(mime, [](const QString& path) {
        return hasExtension(path, {QLatin1String(".json")}) || isOnnxFile(path) || isTimeloopFile(path);
    });
}

// The "format" field of a JSON file ("accelscope-arch", "accelscope-workload"; empty if unreadable).
QString fileFormat(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = file.readAll();
    const auto json = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("format") || !json["format"].is_string()) return {};
    return QString::fromStdString(json["format"].get<std::string>());
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockOptions(dockOptions() | QMainWindow::AllowTabbedDocks);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("centralTabs"));
    tabs_->setDocumentMode(true);
    roofline_ = new RooflinePlot(tabs_);
    breakdown_ = new BreakdownPlot(tabs_);
    tabs_->addTab(roofline_, tr("Roofline"));
    tabs_->addTab(breakdown_, tr("Breakdown"));
    setCentralWidget(tabs_);

    dock_ = new WorkloadDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, dock_);
    archDock_ = new ArchitectureDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, archDock_);
    tabifyDockWidget(dock_, archDock_);
    inspector_ = new DesignInspector(this);
    inspectorDock_ = new QDockWidget(tr("Inspector"), this);
    inspectorDock_->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock_->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock_);
    dock_->raise();

    evaluator_ = new DesignEvaluator(this);
    evaluateTimer_ = new QTimer(this);
    evaluateTimer_->setSingleShot(true);
    evaluateTimer_->setInterval(0);
    connect(evaluateTimer_, &QTimer::timeout, this, &MainWindow::evaluateNow);

    connect(dock_, &WorkloadDock::workloadRequested, this, [this](const QString& source) {
        if (!isOnnxFile(source)) {
            if (!loadWorkloadFrom(source)) dock_->revertSelection();
            return;
        }
        // A model's entry chosen again: the import dialog, and the entry back if nothing is imported.
        OnnxImportDialog* dialog = importOnnxFrom(source);
        if (!dialog) dock_->revertSelection();
        else
            connect(dialog, &QDialog::finished, this, [this](int result) {
                if (result != QDialog::Accepted) dock_->revertSelection();
            });
    });
    connect(dock_, &WorkloadDock::evaluationSettingsChanged, this, &MainWindow::scheduleEvaluation);
    connect(archDock_, &ArchitectureDock::presetRequested, this, [this](const QString& name) {
        // Choosing the entry of an imported Timeloop file again (to drop edits) re-reads only its architecture.
        const bool ok = isTimeloopFile(name)     ? importTimeloopArchitectureFrom(name)
                        : isScalesimConfig(name) ? importScalesimArchitectureFrom(name)
                                                 : loadArchitectureFrom(name);
        if (!ok)
            archDock_->revertSelection();
    });
    connect(archDock_, &ArchitectureDock::architectureChanged, this, [this] {
        updateArchitectureLabel();
        updateTitle();
        scheduleEvaluation();
    });
    connect(archDock_->undoStack(), &QUndoStack::cleanChanged, this, [this] {
        updateArchitectureLabel();
        updateTitle();
    });
    connect(evaluator_, &DesignEvaluator::started, this, [this](const QString& what) { statusBar()->showMessage(what); });
    connect(evaluator_, &DesignEvaluator::designEvaluated, this, &MainWindow::showDesign);
    connect(evaluator_, &DesignEvaluator::failed, this, [this](const QString& message) {
        lastError_ = message;
        statusBar()->showMessage(tr("Evaluation failed: %1").arg(message));
        emit errorShown(message);
    });
    connect(inspector_, &DesignInspector::opSelected, roofline_, &RooflinePlot::highlightOp);
    connect(roofline_, &RooflinePlot::opClicked, this, [this](const QString& name) {
        inspectorDock_->show();
        inspector_->selectOp(name);
    });

    buildSearch();

    archLabel_ = new QLabel(this);
    archLabel_->setObjectName(QStringLiteral("architectureStatusLabel"));
    statusBar()->addPermanentWidget(archLabel_);
    buildMenus();
    // 1280 x 800, or up to 1440 x 900 where the screen has room (restoreSettings overrides it).
    QSize size(1280, 800);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.expandedTo(QSize(1440, 900).boundedTo(screen->availableGeometry().size() * 0.9));
    resize(size);
    resizeDocks({dock_, inspectorDock_}, {420, 400}, Qt::Horizontal);

    // The default design; the app's --arch replaces it. A missing preset only leaves the editor empty.
    if (presetArchitectureNames().size() > 0) {
        const bool dialogs = errorsAsDialogs_;
        errorsAsDialogs_ = false;
        loadArchitectureFrom(QString::fromLatin1(kDefaultArchitecture));
        errorsAsDialogs_ = dialogs;
        lastError_.clear();
    }
    updateTitle();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    QAction* open = file->addAction(tr("&Open Workload..."), this, &MainWindow::openWorkloadDialog);
    open->setObjectName(QStringLiteral("actionOpenWorkload"));
    open->setShortcut(QKeySequence::Open);
    QAction* openArch = file->addAction(tr("Open &Architecture..."), this, &MainWindow::openArchitectureDialog);
    openArch->setObjectName(QStringLiteral("actionOpenArchitecture"));
    openArch->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* importTimeloop = file->addAction(tr("&Import Timeloop..."), this, &MainWindow::importTimeloopDialog);
    importTimeloop->setObjectName(QStringLiteral("actionImportTimeloop"));
    importTimeloop->setStatusTip(tr("A Timeloop v0.4 problem, with the architecture and mapping the file holds"));
    QAction* importScalesim = file->addAction(tr("Import SCALE-&Sim..."), this, &MainWindow::importScalesimDialog);
    importScalesim->setObjectName(QStringLiteral("actionImportScalesim"));
    importScalesim->setStatusTip(tr("A SCALE-Sim v2 config and topology: the systolic array and its layers"));
    QAction* saveArch = file->addAction(tr("&Save Architecture As..."), this, &MainWindow::saveArchitectureDialog);
    saveArch->setObjectName(QStringLiteral("actionSaveArchitectureAs"));
    saveArch->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* openSession = file->addAction(tr("Open Se&ssion..."), this, &MainWindow::openSessionDialog);
    openSession->setObjectName(QStringLiteral("actionOpenSession"));
    openSession->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    QAction* saveSession = file->addAction(tr("Save Sess&ion As..."), this, &MainWindow::saveSessionDialog);
    saveSession->setObjectName(QStringLiteral("actionSaveSession"));
    saveSession->setShortcut(QKeySequence::Save);
    QAction* report = file->addAction(tr("&Export Report..."), this, &MainWindow::exportReport);
    report->setObjectName(QStringLiteral("actionExportReport"));
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("menuRecentFiles"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    QAction* undo = archDock_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction* redo = archDock_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    QAction* toggleDock = dock_->toggleViewAction();
    toggleDock->setText(tr("&Workload Panel"));
    view->addAction(toggleDock);
    QAction* toggleArch = archDock_->toggleViewAction();
    toggleArch->setText(tr("&Architecture Panel"));
    view->addAction(toggleArch);
    QAction* toggleInspector = inspectorDock_->toggleViewAction();
    toggleInspector->setText(tr("&Inspector Panel"));
    view->addAction(toggleInspector);
    view->addSeparator();
    QMenu* themes = view->addMenu(tr("&Theme"));
    themes->setObjectName(QStringLiteral("menuTheme"));
    auto* themeGroup = new QActionGroup(this);
    for (const QString& name : themeNames()) {
        QAction* a = themes->addAction(name == QStringLiteral("system") ? tr("&System") : name == QStringLiteral("light") ? tr("&Light") : tr("&Dark"));
        a->setObjectName(QStringLiteral("actionTheme_") + name);
        a->setCheckable(true);
        a->setChecked(name == currentTheme());
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [name] {
            applyTheme(name);
            appSettings().setValue(QStringLiteral("theme"), name);
        });
    }
    QAction* evaluate = view->addAction(tr("&Evaluate Again"), this, &MainWindow::evaluateNow);
    evaluate->setObjectName(QStringLiteral("actionEvaluate"));
    evaluate->setShortcut(QKeySequence::Refresh);

    QAction* toggleSearch = searchDock_->toggleViewAction();
    toggleSearch->setText(tr("&Search Panel"));
    view->insertAction(view->actions().at(3), toggleSearch);

    QMenu* search = menuBar()->addMenu(tr("&Search"));
    search->setObjectName(QStringLiteral("menuSearch"));
    search->addAction(searchDock_->startAction());
    applyAction_ = search->addAction(tr("&Apply Selected Design to Editor"), this, &MainWindow::applySelectedDesign);
    applyAction_->setObjectName(QStringLiteral("actionApplyDesign"));
    applyAction_->setEnabled(false);
    roiAction_ = search->addAction(tr("Return on &Investment of Selected Design..."), this, &MainWindow::showRoiDialog);
    roiAction_->setObjectName(QStringLiteral("actionRoi"));
    roiAction_->setEnabled(false);

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
        if (isOnnxFile(nameOrPath)) {
            // An ONNX model is imported at batch 1: the Workload dock's batch scales the evaluation, so
            // importing at that batch would count it twice.
            OnnxImportOptions options;
            options.batch = 1;
            options.dims = OnnxImportDialog::rememberedSizes(nameOrPath);
            loaded = importOnnx(nameOrPath.toStdString(), options);
        } else {
            loaded = loadAnyWorkload(nameOrPath.toStdString(), 1);
        }
    } catch (const InputError& e) {
        showError(tr("Cannot load workload"), QString::fromStdString(e.what()));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot load workload"), tr("%1: %2").arg(nameOrPath, QString::fromLocal8Bit(e.what())));
        return false;
    }
    setLoadedWorkload(std::move(loaded), nameOrPath);
    return true;
}

void MainWindow::setLoadedWorkload(Workload workload, const QString& source) {
    workload_ = std::move(workload);
    source_ = source;
    timeloopCase_.reset();
    scalesimCase_.reset();
    lastError_.clear();
    dock_->setWorkload(workload_, source);
    fitDockToTable();
    updateTitle();
    if (QFileInfo(source).isFile()) addRecentFile(source);
    statusBar()->showMessage(tr("Loaded %1: %2 ops").arg(QString::fromStdString(workload_.name)).arg(workload_.ops.size()),
                             5000);
    scheduleEvaluation();
    emit workloadLoaded(source);
}

bool MainWindow::loadArchitectureFrom(const QString& nameOrPath) {
    Architecture loaded;
    try {
        loaded = loadArchitectureByNameOrPath(nameOrPath.toStdString());
    } catch (const InputError& e) {
        showError(tr("Cannot load architecture"), QString::fromStdString(e.what()));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot load architecture"), tr("%1: %2").arg(nameOrPath, QString::fromLocal8Bit(e.what())));
        return false;
    }
    lastError_.clear();
    setArchitecture(loaded, nameOrPath);
    if (QFileInfo(nameOrPath).isFile()) addRecentFile(nameOrPath);
    return true;
}

void MainWindow::setArchitecture(const Architecture& arch, const QString& source) {
    architecture_ = QString::fromStdString(arch.name);
    archDock_->setArchitecture(arch, source);
    updateArchitectureLabel();
    updateTitle();
}

std::optional<timeloop::TimeloopImport> MainWindow::readTimeloopFile(const QString& path) {
    try {
        return timeloop::importTimeloopFiles(path.toStdString(), std::nullopt, std::nullopt);
    } catch (const InputError& e) {
        showError(tr("Cannot import Timeloop files"), QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        showError(tr("Cannot import Timeloop files"), tr("%1: %2").arg(path, QString::fromLocal8Bit(e.what())));
    }
    return std::nullopt;
}

bool MainWindow::importTimeloopFrom(const QString& path) {
    std::optional<timeloop::TimeloopImport> imported = readTimeloopFile(path);
    if (!imported) return false;
    lastError_.clear();
    workload_ = std::move(imported->workload);
    source_ = path;
    // The case's layer is costed with its own mapping (as Timeloop costed it), or, for a mapper case,
    // mapped within its constraints; said with every evaluation's figures (showDesign).
    timeloopCase_ = TimeloopCase{path, {}, imported->constraints, {}};
    scalesimCase_.reset();
    if (imported->mapping) timeloopCase_->mappings[workload_.ops.front().name] = *imported->mapping;
    if (imported->arch)
        for (const StorageLevel& l : imported->arch->levels) timeloopCase_->levelNames.push_back(l.name);
    dock_->setWorkload(workload_, path);
    fitDockToTable();
    if (imported->arch) setArchitecture(*imported->arch, path);
    updateTitle();
    addRecentFile(path);
    QString message = imported->arch ? tr("Imported %1 from %2 with architecture %3")
                                           .arg(QString::fromStdString(workload_.name), QDir::toNativeSeparators(path),
                                                QString::fromStdString(imported->arch->name))
                                     : tr("Imported %1 from %2 (no architecture in the file; the current one stays)")
                                           .arg(QString::fromStdString(workload_.name), QDir::toNativeSeparators(path));
    if (timeloopCase_->constraints) message += tr("; a mapper case: mapped within its constraints");
    statusBar()->showMessage(message, 10000);
    scheduleEvaluation();
    return true;
}

bool MainWindow::importTimeloopArchitectureFrom(const QString& path) {
    std::optional<timeloop::TimeloopImport> imported = readTimeloopFile(path);
    if (!imported) return false;
    if (!imported->arch) {
        showError(tr("Cannot import Timeloop files"), tr("%1: has no architecture: section").arg(path));
        return false;
    }
    lastError_.clear();
    setArchitecture(*imported->arch, path);
    return true;
}

bool MainWindow::loadFile(const QString& path) {
    if (isOnnxFile(path)) return importOnnxFrom(path) != nullptr;
    if (isTimeloopFile(path)) return importTimeloopFrom(path);
    if (fileFormat(path) == QString::fromUtf8(kSessionFormat.data(), static_cast<qsizetype>(kSessionFormat.size())))
        return openSessionFrom(path);
    if (fileFormat(path) == QString::fromUtf8(kArchFormat.data(), static_cast<qsizetype>(kArchFormat.size())))
        return loadArchitectureFrom(path);
    return loadWorkloadFrom(path);
}

bool MainWindow::saveArchitectureTo(const QString& path) {
    try {
        saveArchitecture(archDock_->architecture(), path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot save architecture"), tr("%1: %2").arg(path, QString::fromLocal8Bit(e.what())));
        return false;
    }
    archDock_->undoStack()->setClean();
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

const Architecture& MainWindow::currentArchitecture() const { return archDock_->architecture(); }

void MainWindow::scheduleEvaluation() { evaluateTimer_->start(); }

void MainWindow::evaluateNow() {
    evaluateTimer_->stop();
    heading_.clear();
    const Architecture& arch = archDock_->architecture();
    if (arch.levels.empty() || workload_.ops.empty()) return;
    NetworkSettings settings;
    settings.batch = dock_->batch();
    settings.fusion = dock_->fusion();
    settings.mapper.budget = evaluator_->mapperBudget();
    if (timeloopCase_) {
        settings.givenMappings = timeloopCase_->mappings;
        // The constraints name levels by position: they hold while the design keeps its levels.
        std::vector<std::string> names;
        for (const StorageLevel& l : arch.levels) names.push_back(l.name);
        if (timeloopCase_->constraints && names == timeloopCase_->levelNames) settings.constraints = *timeloopCase_->constraints;
    }
    if (scalesimCase_) settings.givenMappings = scalesimCase_->mappings;
    evaluator_->request(arch, workload_, settings);
}

void MainWindow::showDesign(std::shared_ptr<const EvaluatedDesign> design) {
    roofline_->setDesign(design);
    breakdown_->setDesign(design);
    inspector_->setDesign(design);
    inspector_->setHeading(heading_);
    const NetworkResult& r = design->result;
    QString message = tr("%1 on %2: %3 ms, %4 mJ per batch of %5 (evaluated in %6 s)")
                          .arg(QString::fromStdString(design->workloadName), QString::fromStdString(design->arch.name))
                          .arg(r.latencyS * 1e3, 0, 'g', 4)
                          .arg(r.energyJ() * 1e3, 0, 'g', 4)
                          .arg(design->batch)
                          .arg(design->seconds, 0, 'f', 2);
    if (timeloopCase_) message += tr("; ") + timeloopNote(*design);
    if (scalesimCase_) message += tr("; ") + scalesimNote(*design);
    statusBar()->showMessage(message);
}

// How the imported Timeloop case's layer was costed in `design`.
QString MainWindow::timeloopNote(const EvaluatedDesign& design) const {
    const QString file = QFileInfo(timeloopCase_->file).fileName();
    for (const OpCost& c : design.result.ops) {
        if (!timeloopCase_->mappings.count(c.name)) continue;
        return c.givenMapping ? tr("costed with the mapping of %1").arg(file)
                              : tr("the mapping of %1 does not fit this design: mapped by the mapper").arg(file);
    }
    return timeloopCase_->constraints ? tr("mapped within the constraints of %1").arg(file) : QString();
}

int MainWindow::addCentralPanel(QWidget* panel, const QString& title) { return tabs_->addTab(panel, title); }

void MainWindow::fitDockToTable() {
    // Widen the dock (never narrow it) towards showing every column of the op table, leaving the
    // central plots most of the room.
    const int wanted = std::min(dock_->preferredWidth(), std::max(420, width() / 3));
    if (!dock_->isHidden() && !dock_->isFloating() && dock_->width() < wanted)
        resizeDocks({dock_}, {wanted}, Qt::Horizontal);
}

void MainWindow::updateArchitectureLabel() {
    if (architecture_.isEmpty()) {
        archLabel_->clear();
        return;
    }
    archLabel_->setText(archDock_->isModified() ? tr("architecture: %1 (modified)").arg(architecture_)
                                                : tr("architecture: %1").arg(architecture_));
}

MainWindow::~MainWindow() {
    for (QObject* child : findChildren<QObject*>()) child->disconnect(this);
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    emit errorShown(message);
    if (!errorsAsDialogs_) return;
    // Plain text: a message quotes the user's file (names, values, paths), which must not render as HTML.
    QMessageBox box(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MainWindow::updateTitle() {
    QString title = tr("AccelScope");
    if (!workload_.name.empty()) title += tr(" \u2014 %1").arg(QString::fromStdString(workload_.name));
    if (!architecture_.isEmpty()) title += tr(" on %1%2").arg(architecture_, archDock_->isModified() ? tr(" (modified)") : QString());
    setWindowTitle(title);
}

void MainWindow::openWorkloadDialog() {
    QString dir = QFileInfo(source_).isFile() ? QFileInfo(source_).absolutePath() : QString();
    if (dir.isEmpty()) dir = QString::fromStdString(workloadsDir().string());
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open Workload"), dir,
        tr("Workloads and ONNX models (*.json *.onnx);;Workload files (*.json);;ONNX models (*.onnx);;All files (*)"));
    if (file.isEmpty()) return;
    if (isOnnxFile(file)) importOnnxFrom(file);
    else loadWorkloadFrom(file);
}

void MainWindow::importTimeloopDialog() {
    const QString dir = QFileInfo(source_).isFile() ? QFileInfo(source_).absolutePath() : QDir::homePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Timeloop"), dir,
                                                      tr("Timeloop v0.4 YAML (*.yaml *.yml);;All files (*)"));
    if (!file.isEmpty()) importTimeloopFrom(file);
}

void MainWindow::openArchitectureDialog() {
    QString dir = QFileInfo(archDock_->source()).isFile() ? QFileInfo(archDock_->source()).absolutePath() : QString();
    if (dir.isEmpty()) dir = QString::fromStdString(presetArchitecturesDir().string());
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Architecture"), dir,
                                                      tr("Architecture files (*.json);;All files (*)"));
    if (!file.isEmpty()) loadArchitectureFrom(file);
}

void MainWindow::saveArchitectureDialog() {
    const QString suggested = QDir::home().filePath(architecture_.isEmpty() ? QStringLiteral("architecture.json")
                                                                             : architecture_ + QStringLiteral(".json"));
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Architecture As"), suggested,
                                                      tr("Architecture files (*.json);;All files (*)"));
    if (!file.isEmpty()) saveArchitectureTo(file);
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

QStringList MainWindow::recentFilesSetting() {
    return appSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecentFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFilesSetting();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    appSettings().setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList files = recentFilesSetting();
    int n = 0;
    for (const QString& file : files) {
        QAction* a = recentMenu_->addAction(tr("&%1 %2").arg(++n).arg(QFileInfo(file).fileName()));
        a->setToolTip(file);
        a->setStatusTip(file);
        connect(a, &QAction::triggered, this, [this, file] { loadFile(file); });
    }
    if (files.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
    recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("&Clear List"), this, [this] {
        appSettings().remove(QStringLiteral("recentFiles"));
        rebuildRecentMenu();
    });
    clear->setEnabled(!files.isEmpty());
}

void MainWindow::restoreSettings() {
    QSettings settings = appSettings();
    const QString theme = settings.value(QStringLiteral("theme"), QStringLiteral("system")).toString();
    if (applyTheme(theme))
        for (QAction* a : findChildren<QAction*>(QStringLiteral("actionTheme_") + theme)) a->setChecked(true);
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray(), kStateVersion);
}

void MainWindow::saveSettings() const {
    QSettings settings = appSettings();
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState(kStateVersion));
    // A Timeloop or SCALE-Sim import is not remembered: the next start loads the workload with
    // loadWorkloadFrom, which reads workload files and ONNX models, not Timeloop YAML or SCALE-Sim CSV.
    if (!source_.isEmpty() && !isTimeloopFile(source_) && !scalesimCase_) {
        // A file is remembered by its absolute path, so it loads again from any working directory.
        const QFileInfo file(source_);
        settings.setValue(QStringLiteral("lastWorkload"), file.isFile() ? file.absoluteFilePath() : source_);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    evaluator_->cancel();
    session_->stopAll();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!droppedFile(mime).isEmpty() || !droppedFile(mime, isScalesimConfig).isEmpty() ||
        !droppedFile(mime, isScalesimTopology).isEmpty())
        event->acceptProposedAction();
}

// A SCALE-Sim config dropped with its topology imports the pair; either alone is explained.
void MainWindow::dropEvent(QDropEvent* event) {
    const QString config = droppedFile(event->mimeData(), isScalesimConfig);
    const QString topology = droppedFile(event->mimeData(), isScalesimTopology);
    if (!config.isEmpty() || !topology.isEmpty()) {
        event->acceptProposedAction();
        if (!config.isEmpty() && !topology.isEmpty()) importScalesimFrom(config, topology);
        else
            showError(tr("Cannot import SCALE-Sim files"),
                      tr("%1: drop a SCALE-Sim config (.cfg) together with its topology (.csv), or use File > Import "
                         "SCALE-Sim...").arg(config.isEmpty() ? topology : config));
        return;
    }
    const QString file = droppedFile(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    loadFile(file);
}

}  // namespace accelscope::ui
