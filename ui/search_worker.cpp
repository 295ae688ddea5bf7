// The search in a QThread, its batches queued under a mutex and drained by a 100 ms timer.
#include "search_worker.h"

#include <QThread>

#include "util/run_control.h"
#include "util/thread_pool.h"

namespace accelscope::ui {

class SearchWorker::Observer : public SearchObserver {
public:
    explicit Observer(SearchWorker& w) : w_(w) {}
    void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress& progress) override {
        std::lock_guard<std::mutex> lock(w_.mutex_);
        w_.queue_.insert(w_.queue_.end(), batch.begin(), batch.end());
        w_.queuedProgress_ = progress;
    }

private:
    SearchWorker& w_;
};

SearchWorker::SearchWorker(QObject* parent) : QObject(parent) {
    timer_.setInterval(100);  // at most ten updates a second
    connect(&timer_, &QTimer::timeout, this, &SearchWorker::drain);
}

SearchWorker::~SearchWorker() {
    if (thread_) {
        if (control_) control_->cancel();
        thread_->wait();
        delete thread_;
    }
}

void SearchWorker::adopt(const SearchJob& job, const SearchRun& run) {
    job_ = job;
    designs_ = run.designs;
    progress_ = {};
    progress_.budget = job.settings.searcherSettings.budget;
    for (const DesignRecord& d : run.designs) progress_.done += d.valid ? 1 : 0;
    progress_.seconds = run.seconds;
    progress_.bestObjective = run.best >= 0 ? run.designs[static_cast<std::size_t>(run.best)].objective : 0;
    progress_.hypervolume = run.hypervolumeHistory.empty() ? 0 : run.hypervolumeHistory.back();
    progress_.finished = true;
    result_ = std::make_shared<const SearchRun>(run);
}

bool SearchWorker::start(const SearchJob& job, std::shared_ptr<const SearchRun> resumeFrom) {
    if (running_) return false;
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    job_ = job;
    designs_.clear();
    if (resumeFrom) designs_ = resumeFrom->designs;
    progress_ = {};
    progress_.budget = job.settings.searcherSettings.budget;
    result_.reset();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.clear();
        queuedProgress_ = {};
        queuedFinished_ = false;
        queuedRun_.reset();
        queuedError_.clear();
    }
    control_ = std::make_unique<RunControl>();
    pool_ = std::make_unique<ThreadPool>(static_cast<unsigned>(job.settings.threads));
    observer_ = std::make_unique<Observer>(*this);
    running_ = true;
    emit runningChanged(true);
    thread_ = QThread::create([this, resumeFrom] {
        std::shared_ptr<const SearchRun> run;
        QString error;
        try {
            run = std::make_shared<const SearchRun>(
                runSearch(job_, *pool_, control_.get(), observer_.get(), resumeFrom.get()));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        std::lock_guard<std::mutex> lock(mutex_);
        queuedFinished_ = true;
        queuedRun_ = std::move(run);
        queuedError_ = error;
    });
    thread_->start();
    timer_.start();
    return true;
}

void SearchWorker::pause() {
    if (control_) control_->pause();
}
void SearchWorker::resume() {
    if (control_) control_->resume();
}
void SearchWorker::stop() {
    if (control_) control_->cancel();
}
bool SearchWorker::isPaused() const { return control_ && control_->paused(); }
bool SearchWorker::isHeld() {
    // A held thread holds its batch, so the engine cannot report past it: what is queued now is all.
    if (!control_ || control_->heldThreads() == 0) return false;
    std::lock_guard lock(mutex_);
    return queue_.empty();
}

void SearchWorker::drain() {
    std::vector<DesignRecord> batch;
    SearchProgress progress;
    bool done = false;
    std::shared_ptr<const SearchRun> run;
    QString error;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(queue_);
        progress = queuedProgress_;
        done = queuedFinished_;
        run = queuedRun_;
        error = queuedError_;
    }
    if (!batch.empty() || progress.done != progress_.done) {
        designs_.insert(designs_.end(), batch.begin(), batch.end());
        progress_ = progress;
        emit designsAdded(batch, progress);
    }
    if (!done) return;
    timer_.stop();
    if (thread_) thread_->wait();
    running_ = false;
    result_ = run;
    emit runningChanged(false);
    if (!error.isEmpty())
        emit failed(error);
    else if (run)
        emit finished(run);
}

}  // namespace accelscope::ui
