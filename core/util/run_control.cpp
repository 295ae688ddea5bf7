#include "util/run_control.h"

namespace accelscope {

void RunControl::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    changed_.notify_all();
}

void RunControl::pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
}

void RunControl::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
    }
    changed_.notify_all();
}

bool RunControl::checkpoint() {
    if (cancelled_.load(std::memory_order_relaxed)) return false;
    if (!paused_.load(std::memory_order_relaxed)) return true;
    std::unique_lock lock(mutex_);
    held_.fetch_add(1, std::memory_order_acq_rel);
    changed_.wait(lock, [&] { return cancelled_.load() || !paused_.load(); });
    held_.fetch_sub(1, std::memory_order_acq_rel);
    return !cancelled_.load();
}

}  // namespace accelscope
