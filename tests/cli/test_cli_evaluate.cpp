// accelscope-cli evaluate: every preset with its hand-written mapping for a ResNet-50 layer
// (tests/model/mappings/), the JSON contract, and clear errors with exit status 2 for every kind of
// broken mapping file in tests/model/bad_mapping/ (each with its expected message).
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "cli/command.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
using Run = testsupport::CliRun;
using testsupport::runCli;
const std::string kModel = std::string(ACCELSCOPE_TESTS_DIR) + "/model/";
const char* kLayer = "layer3.1.conv2";  // K256 C256 P14 Q14 R3 S3
}  // namespace

class TestCliEvaluate : public QObject {
    Q_OBJECT
private slots:
    void everyPresetEvaluatesItsMapping_data() {
        QTest::addColumn<QString>("preset");
        for (const auto& p : presetArchitectureNames()) QTest::newRow(p.c_str()) << QString::fromStdString(p);
    }
    void everyPresetEvaluatesItsMapping() {
        QFETCH(QString, preset);
        const std::string name = preset.toStdString();
        const Run r = runCli({"evaluate", "--arch", name, "--workload", "resnet50", "--layer", kLayer, "--mapping",
                              kModel + "mappings/" + name + ".json", "--json"});
        QVERIFY2(r.status == 0, r.err.c_str());
        const auto j = nlohmann::json::parse(r.out);
        for (const char* key : {"cycles", "energy_pj", "area_um2", "utilization", "levels", "roofline"})
            QVERIFY2(j.contains(key), key);
        const Architecture arch = loadArchitectureByNameOrPath(name);
        const double macs = 256.0 * 256 * 14 * 14 * 9;
        QCOMPARE(j["useful_macs"].get<double>(), macs);
        // No schedule beats the MAC array's peak; the utilisation is what the cycles say.
        const double cycles = j["cycles"].get<double>();
        QVERIFY(cycles >= macs / static_cast<double>(arch.macUnits()));
        QCOMPARE(j["utilization"].get<double>(), macs / (cycles * static_cast<double>(arch.macUnits())));
        // Levels outermost first, named as the architecture names them.
        const auto& levels = j["levels"];
        QCOMPARE(static_cast<int>(levels.size()), arch.levelCount());
        for (int i = 0; i < arch.levelCount(); ++i)
            QCOMPARE(levels[i]["name"].get<std::string>(), arch.levels[i].name);
        // The outermost level keeps everything: every weight and input is read from it at least once,
        // every output written to it at least once.
        const auto& dram = levels[0];
        QVERIFY(dram["weights"]["reads"].get<double>() >= 256.0 * 256 * 9);
        QVERIFY(dram["inputs"]["reads"].get<double>() >= 256.0 * 16 * 16);
        QVERIFY(dram["outputs"]["updates"].get<double>() >= 256.0 * 14 * 14);
        // Energy: at least the MACs' own, and the parts add up to the total.
        QVERIFY(j["energy_pj"].get<double>() >= macs * arch.compute.macPj);
        double sum = j["energy_breakdown"]["mac_pj"].get<double>() + j["energy_breakdown"]["mac_leak_pj"].get<double>();
        for (const auto& l : levels) sum += l["energy_pj"].get<double>();
        QVERIFY(std::fabs(sum - j["energy_pj"].get<double>()) <= 1e-9 * sum);
        const auto& roof = j["roofline"];
        for (const char* key : {"operational_intensity", "attainable_macs_per_cycle", "bound"})
            QVERIFY2(roof.contains(key), key);
        QVERIFY(roof["achieved_macs_per_cycle"].get<double>() <= roof["attainable_macs_per_cycle"].get<double>() + 1e-9);
        QVERIFY(j["peak_power_w"].get<double>() >= j["power_w"].get<double>());
    }

    void textOutputShowsTheLoopNest() {
        const Run r = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", kLayer,
                              "--mapping", kModel + "mappings/eyeriss_like.json"});
        QCOMPARE(r.status, 0);
        for (const char* part : {"GlobalBuffer [ inputs:8192 outputs:6272 ]", "spatial_for P in [0:14) (X)",
                                 "<< compute >>", "roofline:", "bound by"})
            QVERIFY2(r.out.find(part) != std::string::npos, part);
    }

    void brokenMappingsExitTwoWithTheirMessage_data() {
        QVERIFY(testsupport::addCorpusRows(kModel + "bad_mapping") >= 12);
    }
    void brokenMappingsExitTwoWithTheirMessage() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string path = file.toStdString();
        QVERIFY(!expected.isEmpty());
        const Run r = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", kLayer,
                              "--mapping", path});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(path) != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find(expected.toStdString()) != std::string::npos, r.err.c_str());
    }

    void layerMustBeAMacOp() {
        const Run r = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "layer1.0.relu1",
                              "--mapping", kModel + "mappings/eyeriss_like.json"});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find("is a relu") != std::string::npos, r.err.c_str());
        const Run none = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet50", "--mapping",
                                 kModel + "mappings/eyeriss_like.json"});
        QCOMPARE(none.status, 2);
        QVERIFY2(none.err.find("--layer is required") != std::string::npos, none.err.c_str());
    }

    void singleOpWorkloadNeedsNoLayer() {
        const std::string dir = kModel + "timeloop_cases/ispass_timeloop_01_model_conv1d_2level_ref_ws/";
        const Run r = runCli({"evaluate", "--arch", dir + "arch.json", "--workload", dir + "layer.json", "--mapping",
                              dir + "mapping.json", "--json"});
        QVERIFY2(r.status == 0, r.err.c_str());
        QCOMPARE(nlohmann::json::parse(r.out)["cycles"].get<double>(), 48.0);  // Timeloop's ref.stats.txt
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "test_cli_evaluate.moc"
