// The ThreadSanitizer gate's canary (built only in a -fsanitize=thread build, scripts/sanitize thread):
// a deliberate data race between a std::thread and the test slot, which TSan must report. ctest passes
// it only when the report appears, so suppressions (tests/tsan.supp) that hide races in our code, or a
// build that is not instrumented, fail the gate instead of passing it silently.
#include <QtTest>

#include <thread>

class TestTsanCanary : public QObject {
    Q_OBJECT
private slots:
    void unsynchronisedCounterIsReported() {
        int counter = 0;  // written by both threads without a lock: the race
        std::thread other([&counter] {
            for (int i = 0; i < 1000; ++i) counter = counter + 1;
        });
        for (int i = 0; i < 1000; ++i) counter = counter + 2;
        other.join();
        QVERIFY(counter > 0);
    }
};

QTEST_GUILESS_MAIN(TestTsanCanary)
#include "test_tsan_canary.moc"
