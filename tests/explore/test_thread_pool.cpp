// The thread pool and run control: every index runs once, nesting works, errors propagate,
// results do not depend on the thread count, and pause/cancel take effect at the next checkpoint.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "util/run_control.h"
#include "util/thread_pool.h"

using namespace accelscope;
using namespace std::chrono_literals;

class TestThreadPool : public QObject {
    Q_OBJECT
private slots:
    void everyIndexRunsOnce_data() {
        QTest::addColumn<unsigned>("threads");
        QTest::newRow("1 thread") << 1u;
        QTest::newRow("2 threads") << 2u;
        QTest::newRow("4 threads") << 4u;
    }
    void everyIndexRunsOnce() {
        QFETCH(unsigned, threads);
        ThreadPool pool(threads);
        QCOMPARE(pool.threadCount(), threads);
        std::vector<std::atomic<int>> hits(10007);
        pool.parallelFor(hits.size(), [&](std::size_t i) { hits[i]++; });
        for (auto& h : hits) QCOMPARE(h.load(), 1);
    }

    void resultsIndependentOfThreadCount() {
        // Each slot holds a value that depends only on its index; the in-order reduction is the same.
        auto run = [](unsigned threads) {
            ThreadPool pool(threads);
            std::vector<double> slot(5000);
            pool.parallelFor(slot.size(), [&](std::size_t i) { slot[i] = 1.0 / double(i + 1); });
            return std::accumulate(slot.begin(), slot.end(), 0.0);
        };
        const double one = run(1);
        QCOMPARE(run(2), one);
        QCOMPARE(run(3), one);
    }

    void nestedCallsFinish() {
        ThreadPool pool(2);
        std::vector<std::vector<int>> grid(8, std::vector<int>(50, 0));
        pool.parallelFor(grid.size(), [&](std::size_t r) {
            pool.parallelFor(grid[r].size(), [&](std::size_t c) { grid[r][c] = int(r * 100 + c); });
        });
        for (std::size_t r = 0; r < grid.size(); ++r)
            for (std::size_t c = 0; c < grid[r].size(); ++c) QCOMPARE(grid[r][c], int(r * 100 + c));
    }

    void firstErrorIsRethrown() {
        ThreadPool pool(2);
        std::atomic<int> ran{0};
        bool thrown = false;
        try {
            pool.parallelFor(100, [&](std::size_t i) {
                ran++;
                if (i == 3) throw std::runtime_error("index 3 failed");
            });
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()) == "index 3 failed";
        }
        QVERIFY(thrown);
        QVERIFY(ran.load() >= 1);
        // The pool is still usable afterwards.
        std::atomic<int> after{0};
        pool.parallelFor(10, [&](std::size_t) { after++; });
        QCOMPARE(after.load(), 10);
    }

    // Handshakes, not the clock: cancel() ends the work at its next checkpoint, so at most the step
    // under way when it was called completes afterwards.
    void cancelStopsAtTheNextCheckpoint() {
        RunControl control;
        std::atomic<long> steps{0};
        std::thread worker([&] {
            while (control.checkpoint()) steps++;  // one small step of work
        });
        waitUntil([&] { return steps.load() >= 100; });
        control.cancel();
        const long atCancel = steps.load();  // the step under way, if any, may still finish
        worker.join();
        QVERIFY(control.cancelled());
        QVERIFY2(steps.load() - atCancel <= 1, qPrintable(QString("%1 steps after cancel").arg(steps.load() - atCancel)));
    }

    // pause() holds the work at its next checkpoint, resume() lets it go on, and cancel() ends it while
    // paused. Paused before the work starts, its first checkpoint holds: nothing runs until resume().
    void pauseHoldsAndResumeContinues() {
        RunControl control;
        control.pause();
        std::atomic<long> steps{0};
        std::thread worker([&] {
            while (control.checkpoint()) steps++;
        });
        waitUntil([&] { return control.heldThreads() == 1; });  // the worker is held at its first checkpoint
        QCOMPARE(steps.load(), 0L);  // no progress while paused
        control.resume();
        waitUntil([&] { return steps.load() >= 10; });
        // Cancel while paused also ends the work (join returns).
        control.pause();
        waitUntil([&] { return control.heldThreads() == 1; });
        const long atPause = steps.load();
        control.cancel();
        worker.join();
        QCOMPARE(steps.load(), atPause);  // held, then cancelled: not one more step
        QVERIFY(control.cancelled());
    }

private:
    // Spins (yielding) until `done` holds; fails the test after a very long wait rather than hang.
    template <typename F>
    static void waitUntil(F done) {
        for (long i = 0; i < 2'000'000'000L && !done(); ++i) std::this_thread::yield();
        QVERIFY(done());
    }
};

QTEST_GUILESS_MAIN(TestThreadPool)
#include "test_thread_pool.moc"
