// Controlling an ONNX import (onnx_import.h): its symbolic dims listed before it runs, without reading
// the weights; its progress (every phase in order, the fraction never going back, ending at 1); a stop
// request in each phase ending it with OnnxImportCancelled and no workload, also when made from
// another thread while it runs (this suite runs under ThreadSanitizer, label "threads").
#include <QtTest>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "onnx/onnx_attention.h"
#include "onnx/onnx_big_model.h"
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"
#include "util/input_error.h"

using namespace accelscope;
using onnxtest::OnnxBuilder;

namespace {
namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string listingError(const fs::path& file) {
    try {
        onnxSymbolicDims(file);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

// rchar of /proc/self/io: bytes this process has read through read() and the like.
std::int64_t bytesRead() {
    std::ifstream io("/proc/self/io");
    std::string key;
    std::int64_t value = -1;
    while (io >> key >> value)
        if (key == "rchar:") return value;
    return -1;
}

const std::vector<std::string> kPhases = {"reading", "parsing", "inferring shapes", "translating", "checking"};

// A one-shot gate between the import's thread and the test's.
class Gate {
public:
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    void wait() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return open_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = false;
};

}  // namespace

class TestOnnxImportControl : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path file(const std::string& name) const { return fs::path(dir_.path().toStdString()) / name; }
    // The big model's shape at a size a test runs quickly: 3 MatMuls of 256 x 512, 1.5 MB of weights.
    const onnxtest::BigModelShape small_{256, 512, 3};

private slots:
    void symbolicDimsOfTheInputs() {
        const auto attention = onnxSymbolicDims(onnxtest::attentionBlock().save(file("attention.onnx")));
        QCOMPARE(attention.size(), std::size_t(2));
        QCOMPARE(attention[0], (OnnxSymbolicDim{"batch", {"input \"x\", axis 0"}, true}));
        QCOMPARE(attention[1], (OnnxSymbolicDim{"seq", {"input \"x\", axis 1"}, false}));
        // Fixed in the file: nothing to ask.
        QVERIFY(onnxSymbolicDims(onnxtest::attentionBlock({2, 10, 64, 4}).save(file("fixed.onnx"))).empty());

        // A dim shared by two inputs is listed once, with both places; one off axis 0 is no batch. An
        // initializer listed among the inputs (IR < 4) is a weight, not asked for.
        OnnxBuilder b;
        b.input("a", {-1, 8}, "tokens");
        b.input("m", {4, -1}, "tokens");
        b.input("c", {-1, 8}, "N");
        b.weight("w", {8, 8});
        b.input("w", {-1, 8}, "rows");  // the initializer "w" as an input, with a symbolic dim
        b.node("MatMul", "mm", {"a", "w"});
        b.node("Add", "sum", {"mm", "c"});
        b.output("sum");
        const auto dims = onnxSymbolicDims(b.save(file("shared.onnx")));
        QCOMPARE(dims.size(), std::size_t(2));
        QCOMPARE(dims[0], (OnnxSymbolicDim{"tokens", {"input \"a\", axis 0", "input \"m\", axis 1"}, false}));
        QCOMPARE(dims[1], (OnnxSymbolicDim{"N", {"input \"c\", axis 0"}, true}));
    }

    // The weights are skipped, not read: of a model of 16 MB of weights, the listing reads (the kernel's
    // count of this process's bytes read, /proc/self/io) less than 1 MB.
    void symbolicDimsSkipTheWeights() {
        const fs::path big = onnxtest::bigMatMulModel({1024, 2048, 2}).save(file("big.onnx"));
        QVERIFY(fs::file_size(big) > 16'000'000);
        const std::int64_t before = bytesRead();
        const auto dims = onnxSymbolicDims(big);
        const std::int64_t read = bytesRead() - before;
        qInfo("symbolic dims of a %lld-byte model listed reading %lld bytes", static_cast<long long>(fs::file_size(big)),
              static_cast<long long>(read));
        QCOMPARE(dims.size(), std::size_t(2));
        QCOMPARE(dims[1].name, std::string("seq"));
        QVERIFY2(read >= 0 && read < 1'000'000, "the listing read the weights");
    }

    void symbolicDimsOfBadFiles() {
        QVERIFY(contains(listingError(file("missing.onnx")), "missing.onnx: cannot open the file"));
        { std::ofstream(file("empty.onnx")); }
        QVERIFY(contains(listingError(file("empty.onnx")), "empty.onnx: the file is empty, not an ONNX model"));
        { std::ofstream(file("text.onnx")) << "this is not a protobuf message\n"; }
        QVERIFY(contains(listingError(file("text.onnx")), "text.onnx: not an ONNX model"));
        // Cut inside a weight: the skip would pass the end of the file.
        const std::string bytes = onnxtest::bigMatMulModel(small_).bytes();
        { std::ofstream(file("cut.onnx"), std::ios::binary) << bytes.substr(0, bytes.size() / 2); }
        QVERIFY(contains(listingError(file("cut.onnx")), "cut.onnx: not an ONNX model"));
    }

    void progressGoesThroughEveryPhase() {
        const fs::path path = onnxtest::bigMatMulModel(small_).save(file("progress.onnx"));
        std::vector<std::pair<std::string, double>> reports;
        OnnxImportOptions options{.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", 2}, {"seq", 16}}};
        options.progress = [&](std::string_view phase, double fraction) { reports.emplace_back(phase, fraction); };
        const OnnxImport r = importOnnxModel(path, options);
        QCOMPARE(r.workload.totalMacs(), small_.macs(2, 16));
        std::vector<std::string> phases;
        for (std::size_t i = 0; i < reports.size(); ++i) {
            if (phases.empty() || phases.back() != reports[i].first) phases.push_back(reports[i].first);
            QVERIFY(reports[i].second >= 0 && reports[i].second <= 1);
            if (i > 0) QVERIFY2(reports[i].second >= reports[i - 1].second, reports[i].first.c_str());
        }
        QCOMPARE(phases, kPhases);
        QCOMPARE(reports.back().second, 1.0);
        // A stop that is never requested changes nothing.
        std::stop_source unused;
        options.stop = unused.get_token();
        QVERIFY(importOnnxModel(path, options).workload == r.workload);
    }

    // A stop requested as a phase begins ends the import in that phase (during shape inference, its
    // child process is killed).
    void stopInEachPhase_data() {
        QTest::addColumn<QString>("phase");
        for (const auto& p : kPhases) QTest::newRow(p.c_str()) << QString::fromStdString(p);
    }
    void stopInEachPhase() {
        QFETCH(QString, phase);
        const fs::path path = onnxtest::bigMatMulModel(small_).save(file("stop.onnx"));
        std::stop_source stop;
        std::string last;
        OnnxImportOptions options{.batch = 1, .ignoreUnsupported = false, .dims = {{"seq", 16}}};
        options.stop = stop.get_token();
        options.progress = [&](std::string_view p, double) {
            last = std::string(p);
            if (p == phase.toStdString()) stop.request_stop();
        };
        try {
            importOnnxModel(path, options);
            QFAIL("the import ended despite the stop");
        } catch (const OnnxImportCancelled& e) {
            QVERIFY2(contains(e.what(), "stop.onnx: the import was cancelled"), e.what());
        }
        QCOMPARE(QString::fromStdString(last), phase);  // no later phase began
    }

    // From another thread, as the GUI does: the import's thread is held in its progress report until the
    // stop has been requested, then stops at its next check.
    void stopFromAnotherThread_data() {
        QTest::addColumn<QString>("phase");
        QTest::newRow("reading") << QStringLiteral("reading");
        QTest::newRow("inferring shapes") << QStringLiteral("inferring shapes");
        QTest::newRow("translating") << QStringLiteral("translating");
    }
    void stopFromAnotherThread() {
        QFETCH(QString, phase);
        const fs::path path = onnxtest::bigMatMulModel(small_).save(file("thread.onnx"));
        std::stop_source stop;
        Gate reached, stopped;
        bool cancelled = false, finished = false;
        std::string error;
        std::thread importer([&] {
            OnnxImportOptions options{.batch = 1, .ignoreUnsupported = false, .dims = {{"seq", 16}}};
            options.stop = stop.get_token();
            bool held = false;
            options.progress = [&](std::string_view p, double) {
                if (held || p != phase.toStdString()) return;
                held = true;
                reached.open();
                stopped.wait();
            };
            try {
                importOnnxModel(path, options);
                finished = true;
            } catch (const OnnxImportCancelled&) {
                cancelled = true;
            } catch (const std::exception& e) {
                error = e.what();
            }
        });
        reached.wait();
        stop.request_stop();
        stopped.open();
        importer.join();
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(!finished);
        QVERIFY(cancelled);
    }
};

QTEST_GUILESS_MAIN(TestOnnxImportControl)
#include "test_onnx_import_control.moc"
