#include "search_session.h"

#include <algorithm>
#include <map>

#include "explore/resource_check.h"
#include "plot_style.h"
#include "search_worker.h"

namespace accelscope::ui {

SearchSession::SearchSession(QObject* parent) : QObject(parent) {}

void SearchSession::Run::count(const std::vector<DesignRecord>& designs) {
    for (const DesignRecord& d : designs) {
        if (!d.valid) continue;
        ++validCount;
        if (bestObjective <= 0 || d.objective < bestObjective) bestObjective = d.objective;
    }
}

SearchSession::~SearchSession() {
    // The workers are children of this object; their destructors stop and join the searches.
    stopAll();
}

int SearchSession::start(const SearchJob& job, QString* error) {
    if (job.workloads.empty()) {
        if (error) *error = tr("no workload to search for");
        return -1;
    }
    try {
        checkSearchMemory(job, static_cast<unsigned>(job.settings.threads), machineMemoryBytes());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return -1;
    }
    auto run = std::make_unique<Run>();
    const int number = runCount();
    int sameSearcher = 1;
    for (const auto& r : runs_) sameSearcher += r->job.settings.searcher == job.settings.searcher;
    run->name = QStringLiteral("%1 #%2").arg(QString::fromStdString(job.settings.searcher)).arg(sameSearcher);
    run->job = job;
    run->color = seriesColor(number);
    run->progress.budget = job.settings.searcherSettings.budget;
    run->worker = new SearchWorker(this);
    SearchWorker* worker = run->worker;
    runs_.push_back(std::move(run));

    connect(worker, &SearchWorker::designsAdded, this,
            [this, number](const std::vector<DesignRecord>& batch, const SearchProgress& progress) {
                Run& r = *runs_[static_cast<std::size_t>(number)];
                r.progress = progress;
                r.count(batch);
                emit designsAdded(number, batch, progress);
            });
    connect(worker, &SearchWorker::finished, this, [this, number](std::shared_ptr<const SearchRun> result) {
        Run& r = *runs_[static_cast<std::size_t>(number)];
        r.status = result && result->cancelled ? RunStatus::Stopped : RunStatus::Finished;
        r.progress.finished = true;
        emit runStatusChanged(number);
        emit runFinished(number);
    });
    connect(worker, &SearchWorker::failed, this, [this, number](const QString& message) {
        Run& r = *runs_[static_cast<std::size_t>(number)];
        r.status = RunStatus::Failed;
        r.error = message;
        emit runStatusChanged(number);
        emit runFinished(number);
    });
    emit runAdded(number);
    if (!worker->start(job)) {
        Run& r = *runs_.back();
        r.status = RunStatus::Failed;
        r.error = tr("the search could not start");
        if (error) *error = r.error;
        emit runStatusChanged(number);
        return -1;
    }
    emit runStatusChanged(number);
    return number;
}

int SearchSession::addRecordedRun(const QString& name, const SearchJob& job, const SearchRun& result, RunStatus status) {
    auto run = std::make_unique<Run>();
    const int number = runCount();
    run->name = name;
    run->job = job;
    run->color = seriesColor(number);
    run->status = status;
    run->worker = new SearchWorker(this);
    run->worker->adopt(job, result);
    run->progress = run->worker->progress();
    run->count(result.designs);
    runs_.push_back(std::move(run));
    emit runAdded(number);
    emit designsAdded(number, result.designs, runs_.back()->progress);
    emit runStatusChanged(number);
    emit runFinished(number);
    return number;
}

bool SearchSession::canContinue(int i) const {
    if (i < 0 || i >= runCount()) return false;
    const Run& r = *runs_[static_cast<std::size_t>(i)];
    return (r.status == RunStatus::Stopped || r.status == RunStatus::Interrupted) && r.worker->result() &&
           r.validCount < r.job.settings.searcherSettings.budget;
}

bool SearchSession::continueRun(int i) {
    if (!canContinue(i)) return false;
    Run& r = *runs_[static_cast<std::size_t>(i)];
    if (!r.worker->start(r.job, r.worker->result())) return false;
    r.status = RunStatus::Running;
    r.progress.finished = false;
    emit runStatusChanged(i);
    return true;
}

void SearchSession::pause(int i) {
    if (i < 0 || i >= runCount()) return;
    Run& r = *runs_[static_cast<std::size_t>(i)];
    if (r.status != RunStatus::Running) return;
    r.worker->pause();
    r.status = RunStatus::Paused;
    emit runStatusChanged(i);
}

bool SearchSession::isHeld(int i) const {
    if (i < 0 || i >= runCount()) return false;
    const Run& r = *runs_[static_cast<std::size_t>(i)];
    return r.status == RunStatus::Paused && r.worker && r.worker->isHeld();
}

void SearchSession::resume(int i) {
    if (i < 0 || i >= runCount()) return;
    Run& r = *runs_[static_cast<std::size_t>(i)];
    if (r.status != RunStatus::Paused) return;
    r.worker->resume();
    r.status = RunStatus::Running;
    emit runStatusChanged(i);
}

void SearchSession::stop(int i) {
    if (i < 0 || i >= runCount()) return;
    Run& r = *runs_[static_cast<std::size_t>(i)];
    if (!r.worker->isRunning()) return;
    r.worker->stop();  // also ends a pause; finished() reports the run as stopped
}

void SearchSession::stopAll() {
    for (int i = 0; i < runCount(); ++i) stop(i);
}

const std::vector<DesignRecord>& SearchSession::designs(int i) const { return run(i).worker->designs(); }

const DesignRecord* SearchSession::design(int i, int index) const {
    if (i < 0 || i >= runCount()) return nullptr;
    const auto& all = designs(i);
    if (index >= 0 && index < static_cast<int>(all.size()) && all[static_cast<std::size_t>(index)].index == index)
        return &all[static_cast<std::size_t>(index)];
    const auto it = std::find_if(all.begin(), all.end(), [index](const DesignRecord& d) { return d.index == index; });
    return it == all.end() ? nullptr : &*it;
}

std::shared_ptr<const SearchRun> SearchSession::result(int i) const { return run(i).worker->result(); }

bool SearchSession::anyRunning() const {
    return std::any_of(runs_.begin(), runs_.end(), [](const auto& r) { return r->worker->isRunning(); });
}

QString SearchSession::statusName(RunStatus s) { return QString::fromUtf8(runStatusName(s)); }

}  // namespace accelscope::ui
