// accelscope-cli and SCALE-Sim v2: `import --scalesim-config --scalesim-topology` writes files that
// `evaluate --mapping DIR/mappings.json --layer NAME --json` costs (every layer of every test config;
// the cycle figures themselves are checked against SCALE-Sim by test_systolic_timing), `export-scalesim`
// then `import` again writes the same files byte for byte, and bad files, bad designs and bad
// option combinations exit 2 naming the file, the line and the field.
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/cli_run.h"
#include "support/files.h"

namespace fs = std::filesystem;

namespace {
using Run = testsupport::CliRun;
using testsupport::runCli;
const fs::path kScalesim = fs::path(ACCELSCOPE_TESTS_DIR) / "scalesim";

std::string cfg(const std::string& name) { return (kScalesim / "configs" / (name + ".cfg")).string(); }
std::string csv(const std::string& name) { return (kScalesim / "topologies" / (name + ".csv")).string(); }

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::path(ACCELSCOPE_BINARY_DIR) / "test_cli_scalesim" / name;
    fs::remove_all(dir);
    return dir;
}

Run import(const std::string& config, const std::string& topology, const fs::path& out) {
    return runCli({"import", "--scalesim-config", config, "--scalesim-topology", topology, "--out", out.string()});
}
}  // namespace

class TestCliScalesim : public QObject {
    Q_OBJECT
private slots:
    void importedLayersEvaluate_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("topology");
        for (const char* c : {"sa32_os", "sa32_ws", "sa128_os", "sa128_ws"}) {
            QTest::newRow((std::string(c) + " records").c_str()) << c << "records";
            QTest::newRow((std::string(c) + " depthwise").c_str()) << c << "depthwise";
        }
        QTest::newRow("sa32_ws gemm") << "sa32_ws" << "gemm";
    }
    void importedLayersEvaluate() {
        QFETCH(QString, config);
        QFETCH(QString, topology);
        const fs::path out = scratch((config + "_" + topology).toStdString());
        const Run r = import(cfg(config.toStdString()), csv(topology.toStdString()), out);
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY2(r.err.empty(), r.err.c_str());
        for (const char* f : {"arch.json", "workload.json", "mappings.json"}) {
            QVERIFY(fs::exists(out / f));
            QVERIFY2(r.out.find("wrote " + (out / f).string()) != std::string::npos, r.out.c_str());
        }
        const nlohmann::json mappings = nlohmann::json::parse(testsupport::slurp(out / "mappings.json"));
        QVERIFY(mappings["layers"].size() >= 3);
        for (const auto& layer : mappings["layers"]) {
            const std::string name = layer["name"];
            const Run e = runCli({"evaluate", "--arch", (out / "arch.json").string(), "--workload",
                                  (out / "workload.json").string(), "--mapping", (out / "mappings.json").string(), "--layer",
                                  name, "--json"});
            QVERIFY2(e.status == 0, (name + ": " + e.err).c_str());
            const nlohmann::json j = nlohmann::json::parse(e.out);
            QCOMPARE(j["layer"].get<std::string>(), name);
            QVERIFY(j.contains("cycles") && j["cycles"].is_number());
            QVERIFY(j["valid"].get<bool>());
        }
    }

    void exportThenImportWritesTheSameFiles_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("topology");
        QTest::newRow("os records") << "sa32_os" << "records";
        QTest::newRow("ws depthwise") << "sa128_ws" << "depthwise";
        QTest::newRow("os gemm") << "sa128_os" << "gemm";
    }
    void exportThenImportWritesTheSameFiles() {
        QFETCH(QString, config);
        QFETCH(QString, topology);
        const std::string c = config.toStdString(), t = topology.toStdString();
        const fs::path first = scratch(c + "_" + t + "_first"), exported = scratch(c + "_" + t + "_exported"),
                       second = scratch(c + "_" + t + "_second");
        QCOMPARE(import(cfg(c), csv(t), first).status, 0);
        const Run x = runCli({"export-scalesim", "--arch", (first / "arch.json").string(), "--workload",
                              (first / "workload.json").string(), "--out", exported.string()});
        QVERIFY2(x.status == 0, x.err.c_str());
        QVERIFY2(x.err.empty(), x.err.c_str());
        const std::string exportedCfg = (exported / (c + ".cfg")).string(), exportedCsv = (exported / (t + ".csv")).string();
        QVERIFY2(x.out.find("wrote " + exportedCfg + " and " + exportedCsv) != std::string::npos, x.out.c_str());
        const Run again = import(exportedCfg, exportedCsv, second);
        QVERIFY2(again.status == 0, again.err.c_str());
        for (const char* f : {"arch.json", "workload.json", "mappings.json"})
            QCOMPARE(testsupport::slurp(second / f), testsupport::slurp(first / f));
    }

    void badInputExitsTwoNamingTheFileLineAndField() {
        const std::string badCfg = (kScalesim / "bad_config" / "zero_dimension.cfg").string();
        const fs::path nothing = scratch("bad_cfg");
        const Run c = import(badCfg, csv("records"), nothing);
        QCOMPARE(c.status, 2);
        QVERIFY2(c.err.find(badCfg + ": line 6: ArrayWidth must be a positive integer") != std::string::npos, c.err.c_str());
        QVERIFY(!fs::exists(nothing));  // nothing written
        const std::string badCsv = (kScalesim / "bad_topology" / "ragged_row.csv").string();
        const Run t = import(cfg("sa32_os"), badCsv, scratch("bad_csv"));
        QCOMPARE(t.status, 2);
        QVERIFY2(t.err.find(badCsv + ": line 3: has 6 fields; a conv row has 8") != std::string::npos, t.err.c_str());

        const Run both = runCli({"import", "--onnx", "m.onnx", "--scalesim-config", cfg("sa32_os"), "--out", "x"});
        QCOMPARE(both.status, 2);
        QVERIFY2(both.err.find("exactly one of --onnx, --timeloop-problem or --scalesim-config") != std::string::npos,
                 both.err.c_str());
        const Run noTopology = runCli({"import", "--scalesim-config", cfg("sa32_os"), "--out", "x"});
        QCOMPARE(noTopology.status, 2);
        QVERIFY2(noTopology.err.find("--scalesim-topology") != std::string::npos, noTopology.err.c_str());
        const Run stray = runCli({"import", "--onnx", "m.onnx", "--scalesim-topology", csv("records"), "--out", "x"});
        QCOMPARE(stray.status, 2);
        QVERIFY2(stray.err.find("--scalesim-topology goes with --scalesim-config") != std::string::npos, stray.err.c_str());

        const Run noArray = runCli({"export-scalesim", "--arch", "eyeriss_like", "--workload", "resnet18", "--out",
                                    scratch("no_array").string()});
        QCOMPARE(noArray.status, 2);
        QVERIFY2(noArray.err.find("eyeriss_like: has no systolic fan-out") != std::string::npos, noArray.err.c_str());
    }

    // A shipped network on an imported array: padded convs and left-out ops are said in notes.
    void exportOfAShippedNetworkSaysWhatItChanged() {
        const fs::path design = scratch("resnet_design"), out = scratch("resnet_export");
        QCOMPARE(import(cfg("sa128_ws"), csv("records"), design).status, 0);
        const Run x = runCli({"export-scalesim", "--arch", (design / "arch.json").string(), "--workload", "resnet18",
                              "--out", out.string()});
        QVERIFY2(x.status == 0, x.err.c_str());
        QVERIFY2(x.err.find("note: resnet18: SCALE-Sim has no padding") != std::string::npos, x.err.c_str());
        QVERIFY2(x.err.find("are left out") != std::string::npos, x.err.c_str());
        const std::string rows = testsupport::slurp(out / "resnet18.csv");
        QVERIFY2(rows.find("\nconv1, 230, 230, 7, 7, 3, 64, 2,\n") != std::string::npos, rows.c_str());
        QVERIFY(fs::exists(out / "sa128_ws.cfg"));
    }
};

QTEST_MAIN(TestCliScalesim)
#include "test_cli_scalesim.moc"
