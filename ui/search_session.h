#pragma once
// The design searches of this session: every run (its job, its worker, what it found so far) stays
// for the whole session, so several runs can be compared side by side. The Search dock starts and
// controls runs; the Pareto and Convergence panels and the main window listen to the signals.
#include <QColor>
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "explore/search_engine.h"
#include "explore/session.h"

namespace accelscope::ui {

class SearchWorker;

class SearchSession : public QObject {
    Q_OBJECT
public:
    struct Run {
        QString name;          // "dabo #1"
        SearchJob job;         // the job as started (space, workloads, the run's settings with its threads)
        QColor color;
        RunStatus status = RunStatus::Running;
        QString error;         // why it failed
        SearchWorker* worker = nullptr;
        SearchProgress progress;
        double bestObjective = 0;  // 0 while no valid design
        int validCount = 0;
        void count(const std::vector<DesignRecord>& designs);  // adds designs to the two above
    };

    explicit SearchSession(QObject* parent = nullptr);
    ~SearchSession() override;

    // Starts `job` on job.settings.threads threads (0: one per core) as a new run and returns its number
    // (or -1 with `error` set when it cannot start).
    int start(const SearchJob& job, QString* error = nullptr);
    // Adds a run read from a session file (finished, stopped or interrupted) as it was recorded; the
    // panels show it like a run of this session. Returns its number.
    int addRecordedRun(const QString& name, const SearchJob& job, const SearchRun& run, RunStatus status);
    // Continues a stopped or interrupted run that did not reach its budget (a recorded one too) from where it stopped:
    // the same designs as if it had never stopped. False if the run cannot continue.
    bool continueRun(int run);
    bool canContinue(int run) const;
    void pause(int run);
    // The run is paused and at rest: its designs so far have all arrived, and no more arrive until it
    // is resumed (the pause has taken hold in the engine, not just been asked for).
    bool isHeld(int run) const;
    void resume(int run);
    void stop(int run);
    void stopAll();

    int runCount() const { return static_cast<int>(runs_.size()); }
    const Run& run(int i) const { return *runs_.at(static_cast<std::size_t>(i)); }
    // Every design the run has reported so far, in sample order.
    const std::vector<DesignRecord>& designs(int run) const;
    // The design with sample number `index` (nullptr if none).
    const DesignRecord* design(int run, int index) const;
    // The finished run's result (nullptr while it runs or if it failed).
    std::shared_ptr<const SearchRun> result(int run) const;
    bool anyRunning() const;

    static QString statusName(RunStatus s);  // runStatusName's

signals:
    void runAdded(int run);
    void designsAdded(int run, const std::vector<accelscope::DesignRecord>& designs,
                      const accelscope::SearchProgress& progress);
    void runStatusChanged(int run);
    void runFinished(int run);

private:
    std::vector<std::unique_ptr<Run>> runs_;
};

}  // namespace accelscope::ui
