// A run's settings under their names: session files written by the previous version (software
// searcher "mapper", the annealing mapper's old name) load, say "anneal" and resume to the designs of
// an uninterrupted run of today; the CLI takes the old names (--out, --sw-searcher mapper) and writes
// the new ones; it checks the shared limits (explore/run_options.h) and its help lists the shared names.
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "explore/run_options.h"
#include "explore/session.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "support/run_compare.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {

// Written by the previous version (commit f052ad9):
//   v1_mapper_finished.json: search --workload resnet18 --space spotlight_edge --searcher random
//       --budget 5 --sw-budget 50 --threads 2 --out v1_mapper_finished.json (sw_searcher "mapper")
//   v1_mapper_killed.json.journal: search --workload resnet18 --space spotlight_edge --searcher ga
//       --budget 40 --sw-budget 1500 --seed 3 --threads 1 --out v1_mapper_killed.json, killed (-9)
//       after 20 designs: the journal alone
const fs::path kSessions = fs::path(ACCELSCOPE_TESTS_DIR) / "explore" / "sessions";

fs::path scratch(const std::string& name) {
    return testsupport::freshPath(fs::path(ACCELSCOPE_BINARY_DIR) / "test_run_settings", name);
}

nlohmann::json settingsOf(const fs::path& session) {
    return nlohmann::json::parse(testsupport::slurp(session))["runs"][0]["settings"];
}

}  // namespace

class TestRunSettings : public QObject {
    Q_OBJECT
private slots:
    // The previous version's finished session loads, and today's CLI with the old names (--out,
    // --sw-searcher mapper) and the same settings finds the same designs, written as "anneal".
    void oldFinishedSessionLoadsAndOldNamesStillWork() {
        const Session old = loadSession(kSessions / "v1_mapper_finished.json").session;
        QCOMPARE(old.runs.size(), std::size_t{1});
        QCOMPARE(old.runs[0].settings.swSearcher, std::string("anneal"));
        QVERIFY(old.runs[0].status == RunStatus::Finished);
        const fs::path again = scratch("again.json");
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                            "random", "--budget", "5", "--sw-searcher", "mapper", "--sw-budget", "50",
                                            "--threads", "2", "--quiet", "--out", again.string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        QCOMPARE(settingsOf(again)["sw_searcher"].get<std::string>(), std::string("anneal"));
        testsupport::compareRuns(loadSession(again).session.runs[0].result, old.runs[0].result);
    }

    // The previous version's journal of a killed run: recovered, resumed by today's CLI, and equal to
    // an uninterrupted run of today under the new names.
    void oldKilledRunResumesToAnUninterruptedRun() {
        const fs::path killed = scratch("killed.json");
        fs::copy_file(kSessions / "v1_mapper_killed.json.journal", journalPath(killed));
        const LoadedSession loaded = loadSession(killed);
        QVERIFY(loaded.recoveredDesigns >= 20);
        QCOMPARE(loaded.session.runs[0].settings.swSearcher, std::string("anneal"));
        QVERIFY(canResume(loaded.session.runs[0]));
        const auto resumed = testsupport::runCli({"search", "--resume", killed.string(), "--quiet"});
        QVERIFY2(resumed.status == 0, resumed.err.c_str());
        QCOMPARE(settingsOf(killed)["sw_searcher"].get<std::string>(), std::string("anneal"));

        const fs::path whole = scratch("whole.json");
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                            "ga", "--budget", "40", "--sw-searcher", "anneal", "--sw-budget", "1500",
                                            "--seed", "3", "--threads", "2", "--quiet", "--session", whole.string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        const Session a = loadSession(killed).session, b = loadSession(whole).session;
        QVERIFY(a.runs[0].status == RunStatus::Finished);
        testsupport::compareRuns(a.runs[0].result, b.runs[0].result);
    }

    // The CLI checks the shared limits and names; its help lists them and names the old spellings.
    void cliTakesTheSharedNamesAndLimits() {
        const fs::path out = scratch("limits.json");
        const auto search = [&](std::vector<std::string> extra) {
            std::vector<std::string> a = {"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                          "random", "--budget", "1", "--sw-budget", "20", "--quiet", "--session", out.string()};
            a.insert(a.end(), extra.begin(), extra.end());
            return testsupport::runCli(a);
        };
        QCOMPARE(search({"--seed", std::to_string(kSeedMax)}).status, 0);
        QCOMPARE(settingsOf(out)["seed"].get<std::int64_t>(), kSeedMax);
        QCOMPARE(search({"--seed", std::to_string(kSeedMax + 1)}).status, 2);
        QCOMPARE(search({"--threads", "0"}).status, 0);
        QCOMPARE(search({"--threads", std::to_string(kThreadsMax + 1)}).status, 2);
        QCOMPARE(search({"--searcher-options", "batch=" + std::to_string(kBatchMax + 1)}).status, 2);
        QCOMPARE(search({"--sw-searcher", "hillclimb"}).status, 2);
        QCOMPARE(search({"--out", out.string()}).status, 2);  // --session and its old name both
        const auto help = testsupport::runCli({"search", "--help"});
        QCOMPARE(help.status, 0);
        for (const auto& names : {hardwareSearcherNames(), softwareSearcherNames(), designObjectiveNames()})
            for (const std::string& name : names)
                QVERIFY2(help.out.find(name) != std::string::npos, name.c_str());
        QVERIFY2(help.out.find("old name of --session") != std::string::npos, help.out.c_str());
        QVERIFY2(help.out.find("mapper, its old name") != std::string::npos, help.out.c_str());
        QVERIFY2(help.out.find(std::to_string(kSeedMax)) != std::string::npos, help.out.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRunSettings)
#include "test_run_settings.moc"
