#include "search_dock.h"

#include "dock_body.h"

#include <QAction>
#include <QComboBox>
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

#include "search/searcher.h"
#include "search_session.h"
#include "search_worker.h"

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
    spaceTree_->setSelectionMode(QAbstractItemView::NoSelection);
    spaceTree_->setFocusPolicy(Qt::NoFocus);
    spaceTree_->header()->setStretchLastSection(true);
    spaceTree_->setUniformRowHeights(true);
    layout->addWidget(spaceTree_);
    body->setMinimumWidth(330);

    auto* settings = new QFormLayout;
    settings->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    searcher_ = new QComboBox(body);
    searcher_->setObjectName(QStringLiteral("searcherCombo"));
    for (const std::string& name : searcherNames()) searcher_->addItem(q(name));
    searcher_->setCurrentText(QString::fromLatin1(kDefaultSearcher));
    swSearcher_ = new QComboBox(body);
    swSearcher_->setObjectName(QStringLiteral("softwareSearcherCombo"));
    swSearcher_->addItems({QStringLiteral("mapper"), QStringLiteral("random")});
    budget_ = new QSpinBox(body);
    budget_->setObjectName(QStringLiteral("budgetSpin"));
    budget_->setRange(1, 1000000);
    budget_->setValue(50);
    budget_->setSuffix(tr(" valid designs"));
    swBudget_ = new QSpinBox(body);
    swBudget_->setObjectName(QStringLiteral("softwareBudgetSpin"));
    swBudget_->setRange(1, 10000000);
    swBudget_->setValue(1000);
    swBudget_->setSuffix(tr(" per layer shape"));
    objective_ = new QComboBox(body);
    objective_->setObjectName(QStringLiteral("objectiveCombo"));
    objective_->addItems({QStringLiteral("edp"), QStringLiteral("delay"), QStringLiteral("energy"), QStringLiteral("perf-per-tdp")});
    seed_ = new QSpinBox(body);
    seed_->setObjectName(QStringLiteral("seedSpin"));
    seed_->setRange(0, 1000000000);
    seed_->setValue(1);
    threads_ = new QSpinBox(body);
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setRange(0, 256);
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
        item->setData(RunName, Qt::DecorationRole, session_->run(run).color);
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
    return true;
}

void SearchDock::fillSpaceTree() {
    spaceTree_->clear();
    for (std::size_t i = 0; i < space_.space.params.size(); ++i) {
        const Param& p = space_.space.params[i];
        auto* item = new QTreeWidgetItem(spaceTree_, {q(p.name), rangeText(p), q(p.unit)});
        if (i < space_.help.size()) {
            for (int c = 0; c < 3; ++c) item->setToolTip(c, q(space_.help[i]));
        }
    }
    QFont italic = spaceTree_->font();
    italic.setItalic(true);
    const auto info = [&](const QString& name, const QString& value, const QString& unit) {
        auto* item = new QTreeWidgetItem(spaceTree_, {name, value, unit});
        for (int c = 0; c < 3; ++c) item->setFont(c, italic);
    };
    info(tr("area cap"), space_.areaCapMm2 > 0 ? number(space_.areaCapMm2) : tr("none"),
         space_.areaCapMm2 > 0 ? QStringLiteral("mm\u00b2") : QString());
    info(tr("power cap (TDP)"), space_.powerCapW > 0 ? number(space_.powerCapW) : tr("none"),
         space_.powerCapW > 0 ? QStringLiteral("W") : QString());
    info(tr("points"), QStringLiteral("10^%1").arg(space_.space.log10Size(), 0, 'f', 1), QString());
    spaceTree_->setToolTip(q(space_.source));
    for (int c = 0; c < 2; ++c) spaceTree_->resizeColumnToContents(c);
    // Every row visible without scrolling (up to a dozen).
    const int rows = std::min(12, spaceTree_->topLevelItemCount());
    const int rowHeight = spaceTree_->sizeHintForRow(0) > 0 ? spaceTree_->sizeHintForRow(0) : spaceTree_->fontMetrics().height() + 4;
    spaceTree_->setMinimumHeight(spaceTree_->header()->sizeHint().height() + rows * rowHeight + 2 * spaceTree_->frameWidth());
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
    job.searcher = searcher_->currentText().toStdString();
    job.settings.seed = static_cast<std::uint64_t>(seed_->value());
    job.settings.budget = budget_->value();
    job.budget = budget_->value();
    job.swSearcher = swSearcher_->currentText().toStdString();
    job.swBudget = swBudget_->value();
    try {
        job.objective = designObjectiveFromName(objective_->currentText().toStdString());
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        emit errorShown(error_);
        return -1;
    }
    QString error;
    const int run = session_->start(job, static_cast<unsigned>(threads_->value()), &error);
    if (run < 0) {
        error_ = error;
        emit errorShown(error_);
    } else {
        error_.clear();
    }
    return run;
}

int SearchDock::currentRun() const {
    QTreeWidgetItem* item = runs_->currentItem();
    if (item) return runs_->indexOfTopLevelItem(item);
    return session_->runCount() - 1;
}

void SearchDock::togglePause() {
    const int run = currentRun();
    if (run < 0) return;
    if (session_->run(run).status == SearchSession::Status::Paused)
        session_->resume(run);
    else
        session_->pause(run);
    updateControls();
}

void SearchDock::updateRunRow(int run) {
    QTreeWidgetItem* item = runs_->topLevelItem(run);
    if (!item) return;
    const SearchSession::Run& r = session_->run(run);
    item->setText(RunName, r.name);
    item->setText(RunSeed, QString::number(r.job.settings.seed));
    item->setText(RunStatus, SearchSession::statusName(r.status));
    item->setToolTip(RunStatus, r.error);
    item->setText(RunDesigns, tr("%1/%2").arg(r.progress.done).arg(r.job.budget));
    item->setText(RunBest, objectiveText(r.bestObjective));
    item->setToolTip(RunBest, tr("best %1 (per inference)").arg(q(std::string(designObjectiveName(r.job.objective)))));
    item->setToolTip(RunName, tr("%1 on %2, %3 software search (%4 per layer shape), %5 threads")
                                  .arg(r.name, q(r.job.space.name), q(r.job.swSearcher))
                                  .arg(r.job.swBudget)
                                  .arg(r.threads));
}

void SearchDock::updateControls() {
    const int run = currentRun();
    const bool live = run >= 0 && (session_->run(run).status == SearchSession::Status::Running ||
                                   session_->run(run).status == SearchSession::Status::Paused);
    const bool paused = run >= 0 && session_->run(run).status == SearchSession::Status::Paused;
    start_->setEnabled(!workload_.ops.empty());
    pause_->setEnabled(live);
    stop_->setEnabled(live);
    const QSignalBlocker block(pause_);
    pause_->setChecked(paused);
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
}

void SearchDock::updateProgress() {
    const int run = currentRun();
    if (run < 0) return;
    const SearchSession::Run& r = session_->run(run);
    const SearchProgress& p = r.progress;
    const std::int64_t budget = std::max<std::int64_t>(1, r.job.budget);
    progress_->setRange(0, static_cast<int>(std::min<std::int64_t>(budget, 1 << 30)));
    progress_->setValue(static_cast<int>(std::min(p.done, budget)));
    QString text = tr("%1: %2/%3 designs").arg(r.name).arg(p.done).arg(budget);
    if (p.designsPerSecond > 0) text += tr(" \u00b7 %1/s").arg(p.designsPerSecond, 0, 'g', 3);
    if (r.status == SearchSession::Status::Running && p.designsPerSecond > 0 && p.done < budget)
        text += tr(" \u00b7 ~%1 s left").arg(std::ceil(static_cast<double>(budget - p.done) / p.designsPerSecond));
    else if (r.status != SearchSession::Status::Running)
        text += tr(" \u00b7 %1").arg(SearchSession::statusName(r.status));
    progress_->setFormat(text);
}

}  // namespace accelscope::ui
