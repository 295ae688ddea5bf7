#include "util/thread_pool.h"

namespace accelscope {

struct ThreadPool::Job {
    std::size_t count = 0;
    const std::function<void(std::size_t)>* body = nullptr;
    std::atomic<std::size_t> next{0};      // next index to hand out
    std::atomic<std::size_t> finished{0};  // indices done (or skipped)
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex doneMutex;
    std::condition_variable done;
};

ThreadPool::ThreadPool(unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
}

void ThreadPool::runIndices(Job& job) {
    for (;;) {
        const std::size_t i = job.next.fetch_add(1);
        if (i >= job.count) return;
        if (!job.failed.load(std::memory_order_relaxed)) {
            try {
                (*job.body)(i);
            } catch (...) {
                std::lock_guard lock(job.doneMutex);
                if (!job.failed.exchange(true)) job.error = std::current_exception();
            }
        }
        if (job.finished.fetch_add(1) + 1 == job.count) {
            std::lock_guard lock(job.doneMutex);
            job.done.notify_all();
        }
    }
}

void ThreadPool::workerLoop() {
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_ && queue_.empty()) return;
            job = queue_.front();
            // Leave the job queued while indices remain, so that other idle workers join it too.
            if (job->next.load() >= job->count) {
                queue_.pop_front();
                continue;
            }
        }
        runIndices(*job);
        std::lock_guard lock(mutex_);
        if (!queue_.empty() && queue_.front() == job) queue_.pop_front();
    }
}

void ThreadPool::parallelFor(std::size_t n, const std::function<void(std::size_t)>& body) {
    if (n == 0) return;
    if (workers_.empty() || n == 1) {
        for (std::size_t i = 0; i < n; ++i) body(i);
        return;
    }
    auto job = std::make_shared<Job>();
    job->count = n;
    job->body = &body;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(job);
    }
    wake_.notify_all();
    runIndices(*job);
    {
        std::unique_lock lock(job->doneMutex);
        job->done.wait(lock, [&] { return job->finished.load() == job->count; });
    }
    {
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end(); ++it)
            if (*it == job) {
                queue_.erase(it);
                break;
            }
    }
    if (job->error) std::rethrow_exception(job->error);
}

}  // namespace accelscope
