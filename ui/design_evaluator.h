#pragma once
// Evaluates a design (architecture, workload, batch, fusion) with the full-stack model in a background
// thread, so that the window never waits for the mapper. A new request cancels the one running (its
// result is dropped); only the latest request's result is reported.
#include <QObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>

#include "arch/architecture.h"
#include "network/network_model.h"
#include "passes/fusion.h"
#include "workload/workload.h"

class QThread;

namespace accelscope {
class RunControl;
}

namespace accelscope::ui {

// What the panels present: the result with the design it belongs to.
struct EvaluatedDesign {
    Architecture arch;
    std::string workloadName;
    std::int64_t batch = 1;
    FusionMode fusion = FusionMode::None;
    NetworkResult result;
    double seconds = 0;  // wall time of the evaluation
};

class DesignEvaluator : public QObject {
    Q_OBJECT
public:
    // Mapper evaluations per distinct layer shape for interactive use: a second or two for ResNet-50.
    static constexpr std::int64_t kInteractiveBudget = 5000;

    explicit DesignEvaluator(QObject* parent = nullptr);
    ~DesignEvaluator() override;

    void setMapperBudget(std::int64_t budget) { budget_ = budget; }
    std::int64_t mapperBudget() const { return budget_; }

    // Starts evaluating in the background; cancels the evaluation running, if any.
    void request(const Architecture& arch, const Workload& workload, std::int64_t batch, FusionMode fusion);
    // The same with every setting given (a search's design: its run's software searcher, budget, seed).
    void request(const Architecture& arch, const Workload& workload, const NetworkSettings& settings);
    void cancel();
    bool isBusy() const { return busy_; }
    // The last design evaluated (nullptr before the first).
    std::shared_ptr<const EvaluatedDesign> latest() const { return latest_; }
    int completedCount() const { return completed_; }

signals:
    void started(const QString& description);  // "evaluating resnet50 on eyeriss_like..."
    void evaluated(std::shared_ptr<const accelscope::NetworkResult> result);
    void designEvaluated(std::shared_ptr<const accelscope::ui::EvaluatedDesign> design);
    void failed(const QString& message);
    void busyChanged(bool busy);

private:
    struct Job;
    void finish(std::uint64_t generation, std::shared_ptr<const EvaluatedDesign> design, const QString& error);

    QThread* thread_ = nullptr;
    QObject* worker_ = nullptr;           // lives in thread_: queued jobs run there, one at a time
    std::shared_ptr<Job> current_;        // the latest request
    std::shared_ptr<std::atomic<std::uint64_t>> latestGeneration_;
    std::uint64_t generation_ = 0;
    std::int64_t budget_ = kInteractiveBudget;
    std::shared_ptr<const EvaluatedDesign> latest_;
    bool busy_ = false;
    int completed_ = 0;
};

}  // namespace accelscope::ui

Q_DECLARE_METATYPE(std::shared_ptr<const accelscope::NetworkResult>)
Q_DECLARE_METATYPE(std::shared_ptr<const accelscope::ui::EvaluatedDesign>)
