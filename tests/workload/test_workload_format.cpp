// The workload format: derived figures, lowering to the canonical loop nest, exact round trips,
// and a clear error for every kind of malformed file in tests/workload/bad/.
#include <QtTest>

#include "support/files.h"

#include <filesystem>
#include <fstream>

#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {
const fs::path kTestsDir = ACCELSCOPE_TESTS_DIR;

using testsupport::slurp;
}  // namespace

class TestWorkloadFormat : public QObject {
    Q_OBJECT
private slots:
    void tinyFigures() {
        const Workload w = loadWorkload(kTestsDir / "workload/data_tiny.json");
        QCOMPARE(w.ops.size(), std::size_t(9));
        // conv1: N1 K4 P4 Q4 x C3 R3 S3 = 64 outputs x 27 = 1728 MACs; weights 4*3*3*3 = 108;
        // inputs 1*3*8*8 = 192; outputs 1*4*4*4 = 64.
        const OpFigures c = w.figures(*w.findOp("conv1"));
        QCOMPARE(c.macs, std::int64_t(1728));
        QCOMPARE(c.weightElements, std::int64_t(108));
        QCOMPARE(c.inputElements, std::int64_t(192));
        QCOMPARE(c.outputElements, std::int64_t(64));
        // Depthwise 3x3 over 4 channels of 4x4: 64 outputs x 9 taps = 576 MACs; weights 4*1*9 = 36.
        const OpFigures dw = w.figures(*w.findOp("dw"));
        QCOMPARE(dw.macs, std::int64_t(576));
        QCOMPARE(dw.weightElements, std::int64_t(36));
        // fc: M1 N10 K4 = 40 MACs; weights 4*10 + 10 bias = 50.
        const OpFigures fc = w.figures(*w.findOp("fc"));
        QCOMPARE(fc.macs, std::int64_t(40));
        QCOMPARE(fc.weightElements, std::int64_t(50));
        QCOMPARE(w.totalMacs(), std::int64_t(1728 + 576 + 40));
        QCOMPARE(w.macOpCount(), std::int64_t(3));
        // The residual add reads both operands (64 + 64) and does one add per output.
        const OpFigures add = w.figures(*w.findOp("add"));
        QCOMPARE(add.inputElements, std::int64_t(128));
        QCOMPARE(add.elementOps, std::int64_t(64));
        // Global pooling: 4 channels x 16 elements, one add each.
        QCOMPARE(w.figures(*w.findOp("pool")).elementOps, std::int64_t(64));
    }

    void loweringToProblem() {
        const Workload w = loadWorkload(kTestsDir / "workload/data_tiny.json");
        const ProblemShape conv = w.findOp("conv1")->problem();
        QCOMPARE(conv[Dim::K], std::int64_t(4));
        QCOMPARE(conv[Dim::C], std::int64_t(3));
        QCOMPARE(conv.strideH, 2);
        QCOMPARE(conv.macs(), std::int64_t(1728));
        // Sliding window: 4 output rows at stride 2 with a 3-row filter touch (4-1)*2 + 3 = 9 rows.
        QCOMPARE(conv.inputRows(), std::int64_t(9));
        // Depthwise: one group per channel, one input and one output channel per group.
        const ProblemShape dw = w.findOp("dw")->problem();
        QCOMPARE(dw[Dim::G], std::int64_t(4));
        QCOMPARE(dw[Dim::K], std::int64_t(1));
        QCOMPARE(dw[Dim::C], std::int64_t(1));
        QCOMPARE(dw.macs(), std::int64_t(576));
        // Linear: output features are K, input features C, rows P.
        const ProblemShape fc = w.findOp("fc")->problem();
        QCOMPARE(fc[Dim::K], std::int64_t(10));
        QCOMPARE(fc[Dim::C], std::int64_t(4));
        QCOMPARE(fc.macs(), std::int64_t(40));
    }

    void matmulLowersToGroups() {
        Op mm;
        mm.kind = OpKind::MatMul;
        mm.B = 12;
        mm.M = 128;
        mm.N = 128;
        mm.K = 64;
        const ProblemShape p = mm.problem();
        // Attention scores: 12 heads of [128x64] x [64x128] = 12*128*128*64 MACs; the keys differ per
        // head, so heads are groups (relevant to the "weights" operand).
        QCOMPARE(p[Dim::G], std::int64_t(12));
        QCOMPARE(p.macs(), std::int64_t(12) * 128 * 128 * 64);
        QCOMPARE(p.tensorSize(Tensor::Weights), std::int64_t(12) * 128 * 64);
    }

    void roundTripIsExact() {
        const auto path = kTestsDir / "workload/data_tiny.json";
        const std::string text = slurp(path);
        const Workload w = parseWorkload(text, path.string());
        QCOMPARE(serializeWorkload(w), text);
        QVERIFY(parseWorkload(serializeWorkload(w), "again") == w);
    }

    void saveWritesTheCanonicalText() {
        const Workload w = loadWorkload(kTestsDir / "workload/data_tiny.json");
        const fs::path out = fs::path(ACCELSCOPE_BINARY_DIR) / "tiny_saved.json";
        saveWorkload(w, out);
        QCOMPARE(slurp(out), slurp(kTestsDir / "workload/data_tiny.json"));
        QVERIFY(!fs::exists(out.string() + ".tmp"));
    }

    void everyBadFileGivesItsMessage_data() {
        const int count = testsupport::addCorpusRows(kTestsDir / "workload/bad");
        QVERIFY2(count >= 10, "the bad-input corpus must hold at least 10 kinds of mistake");
    }
    void everyBadFileGivesItsMessage() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        try {
            loadWorkload(file.toStdString());
            QFAIL("a malformed file was accepted");
        } catch (const InputError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(file + ": "), qPrintable("message does not name the file: " + message));
            QVERIFY2(message.contains(expected), qPrintable("got: " + message + "\nwanted: " + expected));
        }
    }

    void allProblemsAreReportedAtOnce() {
        std::string text = slurp(kTestsDir / "workload/data_tiny.json");
        text.replace(text.find("\"K\":4,\"H\":8"), 5, "\"K\":0");   // conv1 K
        text.replace(text.find("\"groups\":4"), 10, "\"groups\":3");  // dw groups
        try {
            parseWorkload(text, "two.json");
            QFAIL("accepted");
        } catch (const InputError& e) {
            // The bad groups breaks both channel counts: three problems in all.
            QCOMPARE(e.problems().size(), std::size_t(3));
            QVERIFY(std::string(e.what()).find("two.json: op \"dw\": K (4) must be divisible by groups (3)") !=
                    std::string::npos);
            QVERIFY(std::string(e.what()).find("two.json: op \"conv1\": K must be a positive integer, got 0") !=
                    std::string::npos);
            QVERIFY(std::string(e.what()).find("two.json: op \"dw\": C (4) must be divisible by groups (3)") !=
                    std::string::npos);
        }
    }

    void gatherCopiesAndExpandIsAView() {
        // x [2, 6, 4]; gather: rows 1 and 3 of axis 1 ([2, 2, 4], 16 elements read and written, no arithmetic);
        // expand: x broadcast to [3, 2, 6, 4] (a view: no data moved, no element operations).
        const Workload w = parseWorkload(R"({"format": "accelscope-workload", "version": 1, "name": "sel", "batch": 2,
            "inputs": [{"name": "x", "shape": [2, 6, 4]}],
            "ops": [{"name": "pick", "kind": "gather", "inputs": ["x"], "shape": [2, 2, 4]},
                    {"name": "bcast", "kind": "expand", "inputs": ["x"], "shape": [3, 2, 6, 4]}]})",
                                         "sel.json");
        const OpFigures pick = w.figures(*w.findOp("pick"));
        QCOMPARE(pick.inputElements, std::int64_t(16));
        QCOMPARE(pick.outputElements, std::int64_t(16));
        QCOMPARE(pick.elementOps + pick.macs, std::int64_t(0));
        QCOMPARE(opFamily(OpKind::Gather), OpFamily::DataMovement);
        const OpFigures bcast = w.figures(*w.findOp("bcast"));
        QCOMPARE(bcast.outputElements, std::int64_t(3 * 2 * 6 * 4));
        QCOMPARE(bcast.elementOps, std::int64_t(0));
        QCOMPARE(opFamily(OpKind::Expand), OpFamily::View);
        QCOMPARE(parseWorkload(serializeWorkload(w), "again.json"), w);
    }

    void unknownNameListsTheShippedNetworks() {
        try {
            loadWorkloadByNameOrPath("resnet51");
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("resnet51: no such workload file, and no shipped network") == 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkloadFormat)
#include "test_workload_format.moc"
