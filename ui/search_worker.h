#pragma once
// Runs a design search (core's engine) in a background thread and hands the GUI its results in
// batches: the engine reports every batch of designs; the worker collects them and emits at most
// ~10 updates a second (a timer in the GUI thread drains the queue), so a fast search never floods
// the event loop. Pause, resume and stop go to core's RunControl and act within one mapping step.
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <mutex>
#include <vector>

#include "explore/search_engine.h"

class QThread;

namespace accelscope {
class RunControl;
class ThreadPool;
}  // namespace accelscope

namespace accelscope::ui {

class SearchWorker : public QObject {
    Q_OBJECT
public:
    explicit SearchWorker(QObject* parent = nullptr);
    ~SearchWorker() override;  // stops a running search and waits for its thread

    // Starts `job` on job.settings.threads worker threads (0: one per core). Returns false if one is
    // running. With `resumeFrom` (a stopped run of the same job), continues it (runSearch's resume):
    // its designs stay, and only the new ones are reported.
    bool start(const SearchJob& job, std::shared_ptr<const SearchRun> resumeFrom = nullptr);
    // Takes a run from a session file as this worker's finished run (no thread is started).
    void adopt(const SearchJob& job, const SearchRun& run);
    void pause();
    void resume();
    void stop();
    bool isRunning() const { return running_; }
    bool isPaused() const;
    // Paused and at rest: the engine is held at a checkpoint and everything it reported before has
    // been emitted, so nothing more arrives until resume() (or stop()).
    bool isHeld();
    // The job of the current (or last) run and everything received so far.
    const SearchJob& job() const { return job_; }
    const std::vector<DesignRecord>& designs() const { return designs_; }
    const SearchProgress& progress() const { return progress_; }
    // The finished run (after finished()).
    std::shared_ptr<const SearchRun> result() const { return result_; }

signals:
    // New designs since the last update (GUI thread, at most ~10 per second), with the progress.
    void designsAdded(const std::vector<accelscope::DesignRecord>& designs, const accelscope::SearchProgress& progress);
    void finished(std::shared_ptr<const accelscope::SearchRun> run);
    void failed(const QString& message);
    void runningChanged(bool running);

private:
    class Observer;
    void drain();  // GUI thread: emit what the engine has queued

    SearchJob job_;
    QThread* thread_ = nullptr;
    std::unique_ptr<RunControl> control_;
    std::unique_ptr<ThreadPool> pool_;
    std::unique_ptr<Observer> observer_;
    QTimer timer_;
    std::mutex mutex_;  // guards the queue below (filled by the engine's thread)
    std::vector<DesignRecord> queue_;
    SearchProgress queuedProgress_;
    bool queuedFinished_ = false;
    std::shared_ptr<const SearchRun> queuedRun_;
    QString queuedError_;
    std::vector<DesignRecord> designs_;
    SearchProgress progress_;
    std::shared_ptr<const SearchRun> result_;
    bool running_ = false;
};

}  // namespace accelscope::ui
