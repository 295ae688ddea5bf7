#include "search_dock.h"

#include "dock_body.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <exception>

#include "explore/run_options.h"
#include "explore/session.h"
#include "search/space_edit.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "search_session.h"
#include "search_worker.h"
#include "search/placed_point.h"

namespace accelscope::ui {
namespace {

constexpr const char* kDefaultSpace = "spotlight_edge";
constexpr const char* kDefaultSearcher = "dabo";

QString q(const std::string& s) { return QString::fromStdString(s); }

QString number(double v) { return QString::number(v, 'g', 6); }

// "32..256 step 8", "8, 16, 32", "hbm | gddr6", "false | true".
QString rangeText(const Param& p) {
    switch (p.kind) {
        case ParamKind::Integer:
            return p.step == 1 ? QStringLiteral("%1..%2").arg(p.lo).arg(p.hi)
                               : QObject::tr("%1..%2 step %3").arg(p.lo).arg(p.hi).arg(p.step);
        case ParamKind::Ordinal: {
            QStringList values;
            if (p.values.size() <= 6) {
                for (double v : p.values) values << number(v);
                return values.join(QStringLiteral(", "));
            }
            return QObject::tr("%1, %2 .. %3 (%4 values)")
                .arg(number(p.values[0]), number(p.values[1]), number(p.values.back()))
                .arg(p.values.size());
        }
        case ParamKind::Categorical: {
            QStringList choices;
            for (const std::string& c : p.choices) choices << q(c);
            return choices.join(QStringLiteral(" | "));
        }
        case ParamKind::Boolean: return QStringLiteral("false | true");
    }
    return {};
}

QString objectiveText(double objective) {
    if (!(objective > 0)) return QStringLiteral("\u2013");
    return QString::number(objective, 'g', 3);
}

}  // namespace

SearchDock::SearchDock(SearchSession* session, QWidget* parent)
    : QDockWidget(tr("Search"), parent), session_(session) {
    const auto [body, layout, form] = makeDockBody(this, QStringLiteral("searchDock"));
    spaceCombo_ = new QComboBox(body);
    spaceCombo_->setObjectName(QStringLiteral("searchSpaceCombo"));
    for (const std::string& name : presetDesignSpaceNames()) spaceCombo_->addItem(q(name));
    form->addRow(tr("Space:"), spaceCombo_);

    spaceTree_ = new QTreeWidget(body);
    spaceTree_->setObjectName(QStringLiteral("searchSpaceTree"));
    spaceTree_->setColumnCount(3);
    spaceTree_->setHeaderLabels({tr("Parameter"), tr("Range"), tr("Unit")});
    spaceTree_->setRootIsDecorated(false);
    spaceTree_->setAlternatingRowColors(true);
    spaceTree_->setSelectionMode(QAbstractItemView::SingleSelection);
    spaceTree_->header()->setStretchLastSection(true);
    spaceTree_->setUniformRowHeights(true);
    spaceTree_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::SelectedClicked);
    spaceTree_->setToolTip(tr("Double-click a range to edit it: 32..256, 32..256 step 8, a list 8, 16, 32, or one value"));
    layout->addWidget(spaceTree_);
    auto* spaceRow = new QHBoxLayout;
    spaceMessage_ = new QLabel(body);
    spaceMessage_->setObjectName(QStringLiteral("searchSpaceMessage"));
    spaceMessage_->setWordWrap(true);
    auto* saveSpace = new QPushButton(tr("Save Space As..."), body);
    saveSpace->setObjectName(QStringLiteral("searchSaveSpaceButton"));
    spaceRow->addWidget(spaceMessage_, 1);
    spaceRow->addWidget(saveSpace);
    layout->addLayout(spaceRow);
    connect(saveSpace, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save Space As"),
                                                          QDir::home().filePath(q(space_.name) + QStringLiteral(".json")),
                                                          tr("Space files (*.json);;All files (*)"));
        if (!file.isEmpty()) saveSpaceTo(file);
    });
    connect(spaceTree_, &QTreeWidget::itemChanged, this, &SearchDock::spaceCellEdited);
    // The space's named points: cost one as the search would, or load it into the editors.
    pointRow_ = new QWidget(body);
    auto* pointLayout = new QHBoxLayout(pointRow_);
    pointLayout->setContentsMargins(0, 0, 0, 0);
    pointCombo_ = new QComboBox(pointRow_);
    pointCombo_->setObjectName(QStringLiteral("searchPointCombo"));
    evaluatePoint_ = new QPushButton(tr("Evaluate"), pointRow_);
    evaluatePoint_->setObjectName(QStringLiteral("searchEvaluatePointButton"));
    evaluatePoint_->setToolTip(tr("Cost this point as the search would (software searcher, budget and seed below); "
                                  "it is shown in the inspector and marked on the Pareto plot"));
    applyPoint_ = new QPushButton(tr("Apply"), pointRow_);
    applyPoint_->setObjectName(QStringLiteral("searchApplyPointButton"));
    applyPoint_->setToolTip(tr("Load this point's architecture, batch and fusion into the editors"));
    pointLayout->addWidget(new QLabel(tr("Point:"), pointRow_));
    pointLayout->addWidget(pointCombo_, 1);
    pointLayout->addWidget(evaluatePoint_);
    pointLayout->addWidget(applyPoint_);
    layout->addWidget(pointRow_);
    connect(evaluatePoint_, &QPushButton::clicked, this, [this] { emit pointRequested(pointCombo_->currentText(), false); });
    connect(applyPoint_, &QPushButton::clicked, this, [this] { emit pointRequested(pointCombo_->currentText(), true); });
    body->setMinimumWidth(330);

    auto* settings = new QFormLayout;
    settings->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Every list and range below is the CLI's too (explore/run_options.h).
    searcher_ = new QComboBox(body);
    searcher_->setObjectName(QStringLiteral("searcherCombo"));
    for (const std::string& name : hardwareSearcherNames()) searcher_->addItem(q(name));
    searcher_->setCurrentText(QString::fromLatin1(kDefaultSearcher));
    swSearcher_ = new QComboBox(body);
    swSearcher_->setObjectName(QStringLiteral("softwareSearcherCombo"));
    for (const std::string& name : softwareSearcherNames()) swSearcher_->addItem(q(name));
    swSearcher_->setItemData(0, tr("The annealing mapper (map --algorithm anneal)"), Qt::ToolTipRole);
    budget_ = new QSpinBox(body);
    budget_->setObjectName(QStringLiteral("budgetSpin"));
    budget_->setRange(static_cast<int>(kBudgetMin), static_cast<int>(kBudgetMax));
    budget_->setValue(50);
    budget_->setSuffix(tr(" valid designs"));
    swBudget_ = new QSpinBox(body);
    swBudget_->setObjectName(QStringLiteral("softwareBudgetSpin"));
    swBudget_->setRange(static_cast<int>(kSwBudgetMin), static_cast<int>(kSwBudgetMax));
    swBudget_->setValue(1000);
    swBudget_->setSuffix(tr(" per layer shape"));
    objective_ = new QComboBox(body);
    objective_->setObjectName(QStringLiteral("objectiveCombo"));
    for (const std::string& name : designObjectiveNames()) objective_->addItem(q(name));
    seed_ = new QSpinBox(body);
    seed_->setObjectName(QStringLiteral("seedSpin"));
    seed_->setRange(static_cast<int>(kSeedMin), static_cast<int>(kSeedMax));
    seed_->setValue(1);
    threads_ = new QSpinBox(body);
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setRange(static_cast<int>(kThreadsMin), static_cast<int>(kThreadsMax));
    threads_->setValue(0);
    threads_->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    settings->addRow(tr("Searcher:"), searcher_);
    settings->addRow(tr("Software:"), swSearcher_);
    settings->addRow(tr("Budget:"), budget_);
    settings->addRow(tr("SW budget:"), swBudget_);
    settings->addRow(tr("Objective:"), objective_);
    settings->addRow(tr("Seed:"), seed_);
    settings->addRow(tr("Threads:"), threads_);
    layout->addLayout(settings);

    workloadLabel_ = new QLabel(tr("workload: (none)"), body);
    workloadLabel_->setObjectName(QStringLiteral("searchWorkloadLabel"));
    layout->addWidget(workloadLabel_);

    auto* buttons = new QHBoxLayout;
    start_ = new QPushButton(tr("Start"), body);
    start_->setObjectName(QStringLiteral("searchStartButton"));
    start_->setToolTip(tr("Start a new run (Ctrl+R)"));
    pause_ = new QPushButton(tr("Pause"), body);
    pause_->setObjectName(QStringLiteral("searchPauseButton"));
    pause_->setCheckable(true);
    stop_ = new QPushButton(tr("Stop"), body);
    stop_->setObjectName(QStringLiteral("searchStopButton"));
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    layout->addLayout(buttons);
    startAction_ = new QAction(tr("&Start Search"), this);
    startAction_->setObjectName(QStringLiteral("actionStartSearch"));
    startAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(startAction_, &QAction::triggered, this, [this] { startRun(); });

    progress_ = new QProgressBar(body);
    progress_->setObjectName(QStringLiteral("searchProgress"));
    progress_->setTextVisible(true);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(tr("no run yet"));
    layout->addWidget(progress_);

    runs_ = new QTreeWidget(body);
    runs_->setObjectName(QStringLiteral("searchRunList"));
    runs_->setColumnCount(RunColumnCount);
    runs_->setHeaderLabels({tr("Run"), tr("Seed"), tr("Status"), tr("Designs"), tr("Best")});
    runs_->setRootIsDecorated(false);
    runs_->setSelectionMode(QAbstractItemView::SingleSelection);
    runs_->setUniformRowHeights(true);
    runs_->header()->setStretchLastSection(true);
    runs_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runs_->setMinimumHeight(runs_->fontMetrics().height() * 6);
    layout->addWidget(runs_, 1);
    setWidget(body);

    connect(spaceCombo_, &QComboBox::currentTextChanged, this, [this](const QString& name) { selectSpace(name); });
    connect(start_, &QPushButton::clicked, this, [this] { startRun(); });
    connect(pause_, &QPushButton::clicked, this, &SearchDock::togglePause);
    connect(stop_, &QPushButton::clicked, this, [this] { session_->stop(currentRun()); });
    connect(runs_, &QTreeWidget::currentItemChanged, this, [this] {
        updateControls();
        updateProgress();
    });
    connect(session_, &SearchSession::runAdded, this, [this](int run) {
        auto* item = new QTreeWidgetItem(runs_);
        item->setData(RunNameColumn, Qt::DecorationRole, session_->run(run).color);
        updateRunRow(run);
        runs_->setCurrentItem(item);
    });
    connect(session_, &SearchSession::designsAdded, this, [this](int run) {
        updateRunRow(run);
        if (run == currentRun()) updateProgress();
    });
    connect(session_, &SearchSession::runStatusChanged, this, [this](int run) {
        updateRunRow(run);
        updateControls();
        updateProgress();
    });

    const int preset = spaceCombo_->findText(QString::fromLatin1(kDefaultSpace));
    if (preset >= 0) spaceCombo_->setCurrentIndex(preset);
    if (space_.name.empty() && spaceCombo_->count() > 0) selectSpace(spaceCombo_->currentText());
    updateControls();
}

void SearchDock::setWorkload(const Workload& workload) {
    workload_ = workload;
    workloadLabel_->setText(tr("workload: <b>%1</b> (from the Workload dock)").arg(q(workload.name).toHtmlEscaped()));
    updateControls();
}

bool SearchDock::selectSpace(const QString& nameOrPath) {
    try {
        space_ = loadDesignSpaceByNameOrPath(nameOrPath.toStdString());
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        emit errorShown(error_);
        return false;
    }
    error_.clear();
    fillSpaceTree();
    if (spaceMessage_) spaceMessage_->clear();
    return true;
}

void SearchDock::fillPoints() {
    pointCombo_->clear();
    for (const NamedPoint& p : space_.points) {
        pointCombo_->addItem(q(p.name));
        pointCombo_->setItemData(pointCombo_->count() - 1, q(p.source + "\n" + placePoint(space_, p.name).describe()), Qt::ToolTipRole);
    }
    pointRow_->setVisible(!space_.points.empty());
}

bool SearchDock::namedPoint(const QString& name, Architecture& arch, CompilerSettings& settings, NetworkSettings& network) {
    try {
        const PlacedPoint placed = placePoint(space_, name.toStdString());
        std::string why;
        if (!placed.space.realize(placed.point, arch, settings, why)) throw InputError(space_.name, "point " + name.toStdString(), why);
        // The software searcher, budget, seed and objective (what the layers minimise) of the next run.
        network = designNetworkSettings(runSettings(), settings);
        arch.name = space_.name + " " + name.toStdString();
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        emit errorShown(error_);
        return false;
    }
    error_.clear();
    return true;
}

void SearchDock::fillSpaceTree() {
    fillPoints();
    const QSignalBlocker block(spaceTree_);  // filling is not editing
    spaceTree_->clear();
    for (std::size_t i = 0; i < space_.space.params.size(); ++i) {
        const Param& p = space_.space.params[i];
        const bool editable = parameterEditable(p);
        auto* item = new QTreeWidgetItem(spaceTree_, {q(p.name), editable ? q(parameterValuesText(p)) : rangeText(p), q(p.unit)});
        item->setData(0, Qt::UserRole, q(p.name));
        if (editable) item->setFlags(item->flags() | Qt::ItemIsEditable);
        const QString help = i < space_.help.size() ? q(space_.help[i]) : QString();
        for (int c = 0; c < 3; ++c)
            item->setToolTip(c, editable ? tr("%1\nDouble-click the range to edit it.").arg(help) : help);
    }
    QFont italic = spaceTree_->font();
    italic.setItalic(true);
    const auto info = [&](const QString& name, const QString& value, const QString& unit, const QString& key) {
        auto* item = new QTreeWidgetItem(spaceTree_, {name, value, unit});
        for (int c = 0; c < 3; ++c) item->setFont(c, italic);
        if (!key.isEmpty()) {
            item->setData(0, Qt::UserRole, key);
            item->setFlags(item->flags() | Qt::ItemIsEditable);
            item->setToolTip(1, tr("Double-click to edit; 0 or \"none\" removes the cap"));
        }
    };
    info(tr("area cap"), space_.areaCapMm2 > 0 ? number(space_.areaCapMm2) : tr("none"), QStringLiteral("mm\u00b2"),
         QStringLiteral("cap:area_mm2"));
    info(tr("power cap (TDP)"), space_.powerCapW > 0 ? number(space_.powerCapW) : tr("none"), QStringLiteral("W"),
         QStringLiteral("cap:power_w"));
    info(tr("points"), QStringLiteral("10^%1").arg(space_.space.log10Size(), 0, 'f', 1), QString(), QString());
    spaceTree_->setToolTip(q(space_.source));
    for (int c = 0; c < 2; ++c) spaceTree_->resizeColumnToContents(c);
    // Every row visible without scrolling (up to a dozen).
    const int rows = std::min(12, spaceTree_->topLevelItemCount());
    const int rowHeight = spaceTree_->sizeHintForRow(0) > 0 ? spaceTree_->sizeHintForRow(0) : spaceTree_->fontMetrics().height() + 4;
    spaceTree_->setMinimumHeight(spaceTree_->header()->sizeHint().height() + rows * rowHeight + 2 * spaceTree_->frameWidth());
}

void SearchDock::spaceCellEdited(QTreeWidgetItem* item, int column) {
    if (column != 1) return;
    const QString key = item->data(0, Qt::UserRole).toString();
    if (key.isEmpty()) return;
    const QString text = item->text(1);
    // Rebuilding the tree deletes `item`: defer past this signal.
    QMetaObject::invokeMethod(this, [this, key, text] {
        if (key.startsWith(QStringLiteral("cap:")))
            editCap(key.mid(4), text);
        else
            editParameter(key, text);
    }, Qt::QueuedConnection);
}

void SearchDock::markSpaceError(const QString& key, const QString& message) {
    error_ = message;
    spaceMessage_->setText(message);
    spaceMessage_->setStyleSheet(QStringLiteral("color: #c62828;"));
    const QSignalBlocker block(spaceTree_);
    for (int i = 0; i < spaceTree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = spaceTree_->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() != key) continue;
        item->setForeground(1, QColor(0xc6, 0x28, 0x28));
        item->setToolTip(1, message);
    }
}

bool SearchDock::editParameter(const QString& name, const QString& text) {
    QStringList dropped;  // named points the new values leave out
    try {
        const DesignSpace edited = withParameterValues(space_, name.toStdString(), text.trimmed().toStdString());
        for (const NamedPoint& p : space_.points)
            if (std::none_of(edited.points.begin(), edited.points.end(), [&](const NamedPoint& e) { return e.name == p.name; }))
                dropped << q(p.name);
        space_ = edited;
    } catch (const std::exception& e) {
        markSpaceError(name, tr("Not applied: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    error_.clear();
    fillSpaceTree();
    spaceMessage_->setStyleSheet(QString());
    spaceMessage_->setText(tr("%1 = %2 (edited; 10^%3 points)")
                               .arg(name, text.trimmed())
                               .arg(space_.space.log10Size(), 0, 'f', 1));
    if (!dropped.isEmpty())
        spaceMessage_->setText(spaceMessage_->text() +
                               tr("; no longer in the space: %1").arg(dropped.join(QStringLiteral(", "))));
    return true;
}

bool SearchDock::editCap(const QString& cap, const QString& text) {
    const QString t = text.trimmed();
    bool ok = false;
    const double value = t.compare(tr("none"), Qt::CaseInsensitive) == 0 || t.isEmpty() ? 0.0 : t.toDouble(&ok);
    const QString key = QStringLiteral("cap:") + cap;
    if (!ok && value == 0 && !(t.isEmpty() || t.compare(tr("none"), Qt::CaseInsensitive) == 0)) {
        markSpaceError(key, tr("Not applied: the %1 cap must be a number (or none), got \"%2\"").arg(cap, t));
        return false;
    }
    try {
        space_ = withCap(space_, cap.toStdString(), value);
    } catch (const std::exception& e) {
        markSpaceError(key, tr("Not applied: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    error_.clear();
    fillSpaceTree();
    spaceMessage_->setStyleSheet(QString());
    spaceMessage_->setText(value > 0 ? tr("%1 cap = %2 (edited)").arg(cap, number(value)) : tr("%1 cap removed").arg(cap));
    return true;
}

bool SearchDock::saveSpaceTo(const QString& path) {
    try {
        writeTextFileAtomically(path.toStdString(), space_.text + "\n");
    } catch (const std::exception& e) {
        error_ = tr("Cannot save the space: %1").arg(QString::fromStdString(e.what()));
        emit errorShown(error_);
        return false;
    }
    spaceMessage_->setStyleSheet(QString());
    spaceMessage_->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

int SearchDock::startRun() {
    if (workload_.ops.empty()) {
        error_ = tr("Load a workload first (Workload dock).");
        emit errorShown(error_);
        return -1;
    }
    if (space_.space.params.empty()) {
        error_ = tr("No design space selected.");
        emit errorShown(error_);
        return -1;
    }
    SearchJob job;
    job.workloads = {workload_};
    job.space = space_;
    try {
        job.settings = runSettings();
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        emit errorShown(error_);
        return -1;
    }
    QString error;
    const int run = session_->start(job, &error);
    if (run < 0) {
        error_ = error;
        emit errorShown(error_);
    } else {
        error_.clear();
    }
    return run;
}

RunSettings SearchDock::runSettings() const {
    RunSettings s;
    s.searcher = searcher_->currentText().toStdString();
    s.searcherSettings.seed = static_cast<std::uint64_t>(seed_->value());
    s.searcherSettings.budget = budget_->value();
    s.swSearcher = swSearcher_->currentText().toStdString();
    s.swBudget = swBudget_->value();
    s.objective = designObjectiveFromName(objective_->currentText().toStdString());
    s.threads = threads_->value();
    return s;
}

int SearchDock::currentRun() const {
    QTreeWidgetItem* item = runs_->currentItem();
    if (item) return runs_->indexOfTopLevelItem(item);
    return session_->runCount() - 1;
}

void SearchDock::togglePause() {
    const int run = currentRun();
    if (run < 0) return;
    if (session_->canContinue(run))
        session_->continueRun(run);
    else if (session_->run(run).status == RunStatus::Paused)
        session_->resume(run);
    else
        session_->pause(run);
    updateControls();
}

void SearchDock::updateRunRow(int run) {
    QTreeWidgetItem* item = runs_->topLevelItem(run);
    if (!item) return;
    const SearchSession::Run& r = session_->run(run);
    item->setText(RunNameColumn, r.name);
    item->setText(RunSeedColumn, QString::number(r.job.settings.searcherSettings.seed));
    item->setText(RunStatusColumn, SearchSession::statusName(r.status));
    item->setToolTip(RunStatusColumn, r.error);
    item->setText(RunDesignsColumn, tr("%1/%2").arg(r.progress.done).arg(r.job.settings.searcherSettings.budget));
    item->setText(RunBestColumn, objectiveText(r.bestObjective));
    item->setToolTip(RunBestColumn, tr("best %1 (per inference)").arg(q(std::string(designObjectiveName(r.job.settings.objective)))));
    item->setToolTip(RunNameColumn, tr("%1 on %2, %3 software search (%4 per layer shape), %5 threads")
                                  .arg(r.name, q(r.job.space.name), q(r.job.settings.swSearcher))
                                  .arg(r.job.settings.swBudget)
                                  .arg(r.job.settings.threads));
}

void SearchDock::updateControls() {
    const int run = currentRun();
    const bool live = run >= 0 && (session_->run(run).status == RunStatus::Running ||
                                   session_->run(run).status == RunStatus::Paused);
    const bool paused = run >= 0 && session_->run(run).status == RunStatus::Paused;
    start_->setEnabled(!workload_.ops.empty());
    const bool continuable = session_->canContinue(run);
    pause_->setEnabled(live || continuable);
    stop_->setEnabled(live);
    const QSignalBlocker block(pause_);
    pause_->setChecked(paused);
    pause_->setText(continuable ? tr("Continue") : paused ? tr("Resume") : tr("Pause"));
    pause_->setToolTip(continuable ? tr("Continue this stopped run from where it stopped (same seed stream)")
                                   : tr("Pause or resume the selected run"));
}

void SearchDock::updateProgress() {
    const int run = currentRun();
    if (run < 0) return;
    const SearchSession::Run& r = session_->run(run);
    const SearchProgress& p = r.progress;
    const std::int64_t budget = std::max<std::int64_t>(1, r.job.settings.searcherSettings.budget);
    progress_->setRange(0, static_cast<int>(std::min<std::int64_t>(budget, 1 << 30)));
    progress_->setValue(static_cast<int>(std::min(p.done, budget)));
    QString text = tr("%1: %2/%3 designs").arg(r.name).arg(p.done).arg(budget);
    if (p.proposed > 0) text += tr(" \u00b7 %1% valid").arg(qRound(100.0 * static_cast<double>(p.done) / static_cast<double>(p.proposed)));
    if (p.designsPerSecond > 0) text += tr(" \u00b7 %1/s").arg(p.designsPerSecond, 0, 'g', 3);
    if (r.status == RunStatus::Running && p.designsPerSecond > 0 && p.done < budget)
        text += tr(" \u00b7 ~%1 s left").arg(std::ceil(static_cast<double>(budget - p.done) / p.designsPerSecond));
    else if (r.status != RunStatus::Running)
        text += tr(" \u00b7 %1").arg(SearchSession::statusName(r.status));
    progress_->setFormat(text);
}

}  // namespace accelscope::ui
