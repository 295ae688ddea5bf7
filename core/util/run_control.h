#pragma once
// Pause, resume and cancel for long work (a mapping, a search), shared between the thread that
// runs the work and the one that steers it (the GUI, a signal handler). The work calls
// checkpoint() between small steps (one evaluation, one batch): it blocks while paused and reports
// cancellation, so both take effect within one step.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace accelscope {

class RunControl {
public:
    void cancel();
    void pause();
    void resume();

    bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
    bool paused() const { return paused_.load(std::memory_order_relaxed); }
    // How many threads are held in checkpoint() by a pause right now: once it is above 0, the work
    // holding them makes no step until resume() or cancel() (a handshake for "the pause took hold").
    int heldThreads() const { return held_.load(std::memory_order_acquire); }

    // Returns false when the work must stop. While paused, waits for resume() or cancel().
    bool checkpoint();

private:
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> paused_{false};
    std::atomic<int> held_{0};
    std::mutex mutex_;
    std::condition_variable changed_;
};

}  // namespace accelscope
