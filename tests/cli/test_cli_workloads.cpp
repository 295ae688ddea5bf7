// accelscope-cli's workload commands: in-process through runCli, and the real binary's exit status.
#include <QtTest>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "support/cli_run.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
using Run = testsupport::CliRun;
using testsupport::runCli;
const std::string kTests = ACCELSCOPE_TESTS_DIR;
}  // namespace

class TestCliWorkloads : public QObject {
    Q_OBJECT
private slots:
    void workloadsListsEveryShippedNetwork() {
        const Run r = runCli({"workloads"});
        QCOMPARE(r.status, 0);
        const auto names = shippedWorkloadNames();
        QVERIFY(names.size() >= 17);
        for (const auto& n : names) QVERIFY2(r.out.find("\n" + n + " ") != std::string::npos, n.c_str());
        // ResNet-50's line shows its total: 4.09 GMACs (workloads.md), to the two decimals published.
        QVERIFY(r.out.find("4.09") != std::string::npos);
    }

    void infoJsonTotalsMatchTheOps() {
        const Run r = runCli({"info", "--workload", "resnet50", "--json"});
        QCOMPARE(r.status, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["name"].get<std::string>(), std::string("resnet50"));
        std::int64_t sum = 0;
        for (const auto& op : j["ops"]) {
            for (const char* key : {"name", "kind", "groups", "stride", "repeat", "macs"})
                QVERIFY2(op.contains(key), key);
            sum += op["macs"].get<std::int64_t>();
        }
        QCOMPARE(j["total_macs"].get<std::int64_t>(), sum);
        QCOMPARE(j["total_macs"].get<std::int64_t>(), loadWorkloadByNameOrPath("resnet50").totalMacs());
        // The stem conv carries its dims under their letters.
        const auto& stem = j["ops"][0];
        QCOMPARE(stem["kind"].get<std::string>(), std::string("conv"));
        for (const char* d : {"N", "C", "K", "P", "Q", "R", "S"}) QVERIFY2(stem.contains(d), d);
        QCOMPARE(stem["K"].get<int>(), 64);
        QCOMPARE(stem["stride"][0].get<int>(), 2);
    }

    void infoOnAFileWorks() {
        const Run r = runCli({"info", "--workload", kTests + "/workload/data_tiny.json"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.find("conv1") != std::string::npos);
        QVERIFY(r.out.find("3 MAC ops") != std::string::npos);
    }

    void badInputExitsTwoWithTheMessage() {
        const Run r = runCli({"info", "--workload", kTests + "/workload/bad/zero_dim.json"});
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.empty());
        QVERIFY(r.err.find("zero_dim.json: op \"conv1\": K must be a positive integer, got 0") != std::string::npos);
    }

    void badUsageExitsTwo() {
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"info"},                                        // missing --workload
                 {"info", "--workload"},                          // missing value
                 {"info", "--workload", "resnet50", "--frobnicate"},
                 {"nosuchcommand"},
                 {}}) {
            const Run r = runCli(args);
            QCOMPARE(r.status, 2);
            QVERIFY(!r.err.empty());
        }
    }

    void helpForEveryCommand() {
        for (const auto& c : cli::commands()) {
            const Run r = runCli({std::string(c.name), "--help"});
            QCOMPARE(r.status, 0);
            QVERIFY(r.out.find("usage: accelscope-cli " + std::string(c.name)) == 0);
        }
    }

    void theRealBinaryKeepsTheExitContract() {
        QProcess p;
        p.start(ACCELSCOPE_CLI_PATH, {"info", "--workload", QString::fromStdString(kTests) + "/workload/bad/cyclic_graph.json"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("is produced by a later op"));
    }
};

QTEST_GUILESS_MAIN(TestCliWorkloads)
#include "test_cli_workloads.moc"
