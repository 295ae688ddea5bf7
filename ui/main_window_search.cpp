// MainWindow's search side: the Search dock and the Pareto and Convergence panels wired to the
// search session, selecting a run's design (costed as the run costed it), the space's named points
// (evaluated or applied to the editors), and the ROI dialog of a selected design.
#include <QAction>
#include <QDockWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "architecture_dock.h"
#include "convergence_plot.h"
#include "design_evaluator.h"
#include "design_inspector.h"
#include "main_window.h"
#include "pareto_plot.h"
#include "roi_dialog.h"
#include "search_dock.h"
#include "search_session.h"
#include "workload_dock.h"

namespace accelscope::ui {

void MainWindow::buildSearch() {
    session_ = new SearchSession(this);
    searchDock_ = new SearchDock(session_, this);
    addDockWidget(Qt::LeftDockWidgetArea, searchDock_);
    tabifyDockWidget(archDock_, searchDock_);
    dock_->raise();
    pareto_ = new ParetoPlot(tabs_);
    convergence_ = new ConvergencePlot(tabs_);
    addCentralPanel(pareto_, tr("Pareto"));
    addCentralPanel(convergence_, tr("Convergence"));

    connect(dock_, &WorkloadDock::workloadChanged, searchDock_, &SearchDock::setWorkload);
    connect(searchDock_, &SearchDock::errorShown, this, [this](const QString& message) {
        // Not only starting: choosing a space (a bad space file) and saving one report here too.
        showError(tr("Search"), message);
    });
    connect(session_, &SearchSession::runAdded, this, [this](int run) {
        const SearchSession::Run& r = session_->run(run);
        pareto_->addRun(r.name, r.color);
        convergence_->addRun(r.name, r.color, r.job.settings.objective);
        statusBar()->showMessage(tr("Search %1 started on %2").arg(r.name, QString::fromStdString(r.job.space.name)), 5000);
    });
    connect(session_, &SearchSession::designsAdded, this,
            [this](int run, const std::vector<DesignRecord>& batch, const SearchProgress& progress) {
                pareto_->appendDesigns(run, batch);
                convergence_->appendDesigns(run, batch, progress);
            });
    connect(session_, &SearchSession::runFinished, this, [this](int run) {
        const SearchSession::Run& r = session_->run(run);
        if (const auto result = session_->result(run)) convergence_->setResult(run, *result);
        if (r.status == RunStatus::Failed) {
            showError(tr("Search failed"), tr("%1: %2").arg(r.name, r.error));
            return;
        }
        statusBar()->showMessage(tr("Search %1 %2: %3 valid designs in %4 s")
                                     .arg(r.name, SearchSession::statusName(r.status))
                                     .arg(r.progress.done)
                                     .arg(r.progress.seconds, 0, 'f', 1),
                                 10000);
    });
    connect(searchDock_, &SearchDock::pointRequested, this, [this](const QString& name, bool apply) {
        apply ? applyNamedPoint(name) : evaluateNamedPoint(name);
    });
    // A named point's evaluation comes back as the main design: mark it on the Pareto plot.
    connect(evaluator_, &DesignEvaluator::designEvaluated, this, [this](std::shared_ptr<const EvaluatedDesign> design) {
        if (pendingPoint_.isEmpty() || design->arch.name != pendingPointArch_) return;
        const NetworkResult& r = design->result;
        DesignRecord d = networkRecord(r);
        d.description = design->arch.source;
        pareto_->setReferencePoint(pendingPoint_, d);
        statusBar()->showMessage(tr("%1: Perf/TDP %2 inferences/s/W, latency %3 ms, TDP %4 W (marked on the Pareto plot)")
                                     .arg(pendingPoint_)
                                     .arg(r.perfPerTdp, 0, 'g', 4)
                                     .arg(r.latencyS * 1e3, 0, 'g', 4)
                                     .arg(r.tdpW, 0, 'f', 1),
                                 10000);
        pendingPoint_.clear();
    });
    connect(pareto_, &ParetoPlot::designSelected, this, &MainWindow::selectSearchDesign);
    connect(pareto_, &ParetoPlot::applyRequested, this, [this](int run, int index) {
        if (run != selectedRun_ || index != selectedIndex_) selectSearchDesign(run, index);
        applySelectedDesign();
    });
}

bool MainWindow::selectSearchDesign(int run, int index) {
    const DesignRecord* d = session_ ? session_->design(run, index) : nullptr;
    if (!d) {
        lastError_ = tr("no design #%1 in run %2").arg(index).arg(run + 1);
        return false;
    }
    const SearchSession::Run& r = session_->run(run);
    Architecture arch;
    CompilerSettings settings;
    std::string why;
    bool ok = false;
    try {
        ok = r.job.space.realize(d->point, arch, settings, why);
    } catch (const std::exception& e) {
        why = e.what();
    }
    if (!ok) {
        showError(tr("Cannot show the design"), tr("design #%1 of %2: %3").arg(index).arg(r.name, QString::fromStdString(why)));
        return false;
    }
    selectedRun_ = run;
    selectedIndex_ = index;
    selectedArch_ = arch;
    applyAction_->setEnabled(true);
    roiAction_->setEnabled(d->valid);
    if (workload_.ops.empty()) return true;
    evaluateTimer_->stop();
    heading_ = tr("<b>design #%1 of run %2</b> (%3)<br>%4")
                   .arg(index)
                   .arg(r.name.toHtmlEscaped(), QString::fromStdString(r.job.space.name).toHtmlEscaped(),
                        QString::fromStdString(d->description).toHtmlEscaped());
    inspector_->setHeading(tr("<i>evaluating</i> ") + heading_);
    inspectorDock_->show();
    // Costed exactly as the run costed it: its software searcher, budget and seed schedule the layers.
    evaluator_->request(arch, workload_, designNetworkSettings(r.job.settings, settings));
    return true;
}

bool MainWindow::evaluateNamedPoint(const QString& name) {
    Architecture arch;
    CompilerSettings cs;
    NetworkSettings ns;
    if (!searchDock_->namedPoint(name, arch, cs, ns)) return false;
    if (workload_.ops.empty()) {
        showError(tr("Search"), tr("Load a workload first (Workload dock)."));
        return false;
    }
    const QString label = tr("%1 (%2)").arg(name, QString::fromStdString(searchDock_->space().name));
    pendingPoint_ = label;
    pendingPointArch_ = arch.name;
    evaluateTimer_->stop();
    heading_ = tr("<b>point %1</b> of %2 (batch %3, fusion %4)")
                   .arg(name.toHtmlEscaped(), QString::fromStdString(searchDock_->space().name).toHtmlEscaped())
                   .arg(cs.batch)
                   .arg(QString::fromLatin1(fusionModeName(cs.fusion).data()));
    inspector_->setHeading(tr("<i>evaluating</i> ") + heading_);
    inspectorDock_->show();
    // Costed as the search costs a design: the search's software searcher, budget and seed.
    evaluator_->request(arch, workload_, ns);
    return true;
}

bool MainWindow::applyNamedPoint(const QString& name) {
    Architecture arch;
    CompilerSettings cs;
    NetworkSettings ns;
    if (!searchDock_->namedPoint(name, arch, cs, ns)) return false;
    architecture_ = QString::fromStdString(arch.name);
    archDock_->setArchitecture(arch, QString());
    archDock_->show();
    archDock_->raise();
    dock_->setEvaluationSettings(cs.batch, cs.fusion);
    updateArchitectureLabel();
    updateTitle();
    scheduleEvaluation();
    statusBar()->showMessage(tr("Point %1 of %2 loaded into the editors (batch %3, fusion %4)")
                                 .arg(name, QString::fromStdString(searchDock_->space().name))
                                 .arg(cs.batch)
                                 .arg(QString::fromLatin1(fusionModeName(cs.fusion).data())),
                             5000);
    return true;
}

bool MainWindow::applySelectedDesign() {
    if (selectedRun_ < 0) return false;
    const SearchSession::Run& r = session_->run(selectedRun_);
    architecture_ = QString::fromStdString(selectedArch_.name);
    archDock_->setArchitecture(selectedArch_, QString());
    archDock_->show();
    archDock_->raise();
    updateArchitectureLabel();
    updateTitle();
    scheduleEvaluation();
    statusBar()->showMessage(tr("Design #%1 of %2 loaded into the editor").arg(selectedIndex_).arg(r.name), 5000);
    return true;
}

RoiDialog* MainWindow::showRoiDialog() {
    if (selectedRun_ < 0) return nullptr;
    // The session as it would be saved: finished and stopped runs only, so the run index may shift.
    QStringList skipped;
    const Session session = currentSession(&skipped);
    const QString label = session_->run(selectedRun_).name;
    int run = -1;
    for (std::size_t i = 0; i < session.runs.size(); ++i)
        if (QString::fromStdString(session.runs[i].label) == label) run = static_cast<int>(i);
    if (run < 0) {
        showError(tr("Return on Investment"), tr("Run %1 is still going: wait for it to finish or stop it.").arg(label));
        return nullptr;
    }
    auto* dialog = new RoiDialog(session, run, selectedIndex_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

}  // namespace accelscope::ui
