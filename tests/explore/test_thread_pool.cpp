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

    void cancelStopsAtTheNextCheckpoint() {
        RunControl control;
        std::atomic<long> steps{0};
        std::thread worker([&] {
            while (control.checkpoint()) {
                std::this_thread::sleep_for(1ms);  // one small step of work
                steps++;
            }
        });
        std::this_thread::sleep_for(30ms);
        const auto t0 = std::chrono::steady_clock::now();
        control.cancel();
        worker.join();
        const auto took = std::chrono::steady_clock::now() - t0;
        QVERIFY(steps.load() > 0);
        QVERIFY(control.cancelled());
        // One step is 1 ms; the 100 ms promise leaves room for a loaded machine.
        QVERIFY2(took < 100ms, "cancel took longer than 100 ms");
    }

    void pauseHoldsAndResumeContinues() {
        RunControl control;
        std::atomic<long> steps{0};
        std::thread worker([&] {
            while (control.checkpoint()) {
                std::this_thread::sleep_for(1ms);
                steps++;
            }
        });
        std::this_thread::sleep_for(20ms);
        control.pause();
        std::this_thread::sleep_for(20ms);  // let the current step finish
        const long held = steps.load();
        std::this_thread::sleep_for(50ms);
        QCOMPARE(steps.load(), held);  // no progress while paused
        control.resume();
        std::this_thread::sleep_for(30ms);
        QVERIFY(steps.load() > held);
        // Cancel while paused also ends the work.
        control.pause();
        std::this_thread::sleep_for(10ms);
        control.cancel();
        worker.join();
        QVERIFY(control.cancelled());
    }
};

QTEST_GUILESS_MAIN(TestThreadPool)
#include "test_thread_pool.moc"
