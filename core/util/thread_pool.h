#pragma once
// A fixed pool of worker threads that runs index ranges in parallel.
//
// parallelFor(n, body) runs body(i) for every i in [0, n) and returns when all have finished. The
// calling thread takes part, so a body may itself call parallelFor (layers in parallel, and mappings
// within a layer): the caller can always finish its own range, so nesting never deadlocks.
// Results are deterministic whatever the thread count as long as body(i) writes only slot i and
// the caller reduces the slots in index order.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace accelscope {

class ThreadPool {
public:
    // threads = total threads that work on a parallelFor, the caller included (0: one per core).
    explicit ThreadPool(unsigned threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned threadCount() const { return static_cast<unsigned>(workers_.size()) + 1; }

    // The first exception thrown by a body is rethrown here after the others have finished;
    // indices not yet started when it was thrown are skipped.
    void parallelFor(std::size_t n, const std::function<void(std::size_t)>& body);

private:
    struct Job;
    void workerLoop();
    static void runIndices(Job& job);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Job>> queue_;
    bool stopping_ = false;
};

}  // namespace accelscope
