#include "design_evaluator.h"

#include <QElapsedTimer>
#include <QThread>
#include <exception>

#include "util/run_control.h"
#include "util/thread_pool.h"
#include "util/input_error.h"

namespace accelscope::ui {

struct DesignEvaluator::Job {
    std::uint64_t generation = 0;
    Architecture arch;
    Workload workload;
    NetworkSettings settings;
    RunControl control;
};

namespace {

// The worker's pool: two threads (the worker's own and one more), made on first use, in the worker thread.
ThreadPool& workerPool() {
    thread_local ThreadPool pool(2);
    return pool;
}

}  // namespace

DesignEvaluator::DesignEvaluator(QObject* parent)
    : QObject(parent), latestGeneration_(std::make_shared<std::atomic<std::uint64_t>>(0)) {
    qRegisterMetaType<std::shared_ptr<const NetworkResult>>();
    qRegisterMetaType<std::shared_ptr<const EvaluatedDesign>>();
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("DesignEvaluator"));
    worker_ = new QObject;
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_->start();
}

DesignEvaluator::~DesignEvaluator() {
    cancel();
    thread_->quit();
    thread_->wait();
}

void DesignEvaluator::cancel() {
    if (current_) current_->control.cancel();
    latestGeneration_->store(++generation_);
    if (busy_) {
        busy_ = false;
        emit busyChanged(false);
    }
}

void DesignEvaluator::request(const Architecture& arch, const Workload& workload, std::int64_t batch,
                              FusionMode fusion) {
    NetworkSettings settings;
    settings.batch = batch;
    settings.fusion = fusion;
    settings.mapper.budget = budget_;
    request(arch, workload, settings);
}

void DesignEvaluator::request(const Architecture& arch, const Workload& workload, const NetworkSettings& settings) {
    if (current_) current_->control.cancel();
    auto job = std::make_shared<Job>();
    job->generation = ++generation_;
    latestGeneration_->store(job->generation);
    job->arch = arch;
    job->workload = workload;
    job->settings = settings;
    current_ = job;

    emit started(tr("evaluating %1 on %2...")
                     .arg(QString::fromStdString(workload.name), QString::fromStdString(arch.name)));
    if (!busy_) {
        busy_ = true;
        emit busyChanged(true);
    }

    // Runs in the worker thread; a job superseded while it waited in the queue is skipped.
    QMetaObject::invokeMethod(worker_, [this, job, latest = latestGeneration_] {
        if (job->generation != latest->load()) return;
        QElapsedTimer clock;
        clock.start();
        auto design = std::make_shared<EvaluatedDesign>();
        QString error;
        try {
            design->result = evaluateNetwork(job->arch, job->workload, job->settings, workerPool(), &job->control);
        } catch (const InputError& e) {
            error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            error = QString::fromLocal8Bit(e.what());
        }
        if (job->control.cancelled() || job->generation != latest->load()) return;
        design->arch = job->arch;
        design->workloadName = job->workload.name;
        design->batch = job->settings.batch;
        design->fusion = job->settings.fusion;
        design->seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        // Back to the GUI thread; the event is dropped if the evaluator is gone by then.
        QMetaObject::invokeMethod(
            this, [this, generation = job->generation, design, error] { finish(generation, design, error); },
            Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void DesignEvaluator::finish(std::uint64_t generation, std::shared_ptr<const EvaluatedDesign> design,
                             const QString& error) {
    if (generation != generation_) return;  // superseded after it finished
    current_.reset();
    busy_ = false;
    emit busyChanged(false);
    if (!error.isEmpty()) {
        emit failed(error);
        return;
    }
    latest_ = design;
    ++completed_;
    emit designEvaluated(design);
    emit evaluated(std::shared_ptr<const NetworkResult>(design, &design->result));
}

}  // namespace accelscope::ui
