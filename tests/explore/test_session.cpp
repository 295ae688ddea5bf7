// Session files and autosave: exact save/load round trips, resume equal to an uninterrupted run,
// recovery after a kill, and clear refusals of broken or newer files.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "util/run_control.h"
#include "explore/search_engine.h"
#include "explore/session.h"
#include "explore/session_journal.h"
#include "util/thread_pool.h"
#include "search/design_space.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "support/run_compare.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    return testsupport::freshPath(fs::path(ACCELSCOPE_BINARY_DIR) / "test_session", name);
}

Session baseSession() {
    Session s;
    s.workloads = {loadWorkloadByNameOrPath("resnet18")};
    s.weights = {1.0};
    s.space = loadDesignSpaceByNameOrPath("spotlight_edge");
    return s;
}

RunSettings settings(const std::string& searcher, std::int64_t budget) {
    RunSettings r;
    r.searcher = searcher;
    r.searcherSettings.budget = budget;
    r.swSearcher = "greedy";
    r.swBudget = 300;
    r.searcherSettings.seed = 11;
    return r;
}

// Cancels the run after `batches` batches, as a user pressing Stop.
class StopAfter : public SearchObserver {
public:
    StopAfter(RunControl& c, int batches) : control_(c), left_(batches) {}
    void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress&) override {
        if (!batch.empty() && --left_ == 0) control_.cancel();
    }

private:
    RunControl& control_;
    int left_;
};

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void saveLoadRoundTripsExactly() {
        ThreadPool pool(2);
        Session s = baseSession();
        for (const char* searcher : {"random", "dabo"}) {
            SessionRun run;
            run.label = std::string(searcher) + " #1";
            run.settings = settings(searcher, 12);
            run.result = runSearch(sessionJob(s, run.settings), pool);
            s.runs.push_back(run);
        }
        const fs::path path = scratch("roundtrip.json");
        saveSession(s, path);
        const LoadedSession loaded = loadSession(path);
        QCOMPARE(loaded.recoveredDesigns, 0);
        const Session& t = loaded.session;
        QVERIFY(t.workloads == s.workloads);
        QCOMPARE(t.space.text, s.space.text);
        QCOMPARE(t.runs.size(), s.runs.size());
        for (std::size_t r = 0; r < s.runs.size(); ++r) {
            testsupport::compareRuns(t.runs[r].result, s.runs[r].result);
            QCOMPARE(t.runs[r].result.hypervolumeReference, s.runs[r].result.hypervolumeReference);
            QCOMPARE(t.runs[r].label, s.runs[r].label);
            for (std::size_t i = 0; i < s.runs[r].result.designs.size(); ++i) {
                const DesignRecord &a = s.runs[r].result.designs[i], &b = t.runs[r].result.designs[i];
                QCOMPARE(b.latencyS, a.latencyS);
                QCOMPARE(b.energyJ, a.energyJ);
                QCOMPARE(b.areaMm2, a.areaMm2);
                QCOMPARE(b.tdpW, a.tdpW);
                QCOMPARE(b.why, a.why);
            }
        }
        // Byte for byte: the text is canonical.
        QCOMPARE(serializeSession(t), serializeSession(s));
    }

    // Stop after two batches, resume: the same designs as a run never stopped.
    void resumeEqualsAnUninterruptedRun() {
        ThreadPool pool(2);
        const Session s = baseSession();
        for (const char* searcher : {"dabo", "ga", "sa"}) {
            const SearchJob job = sessionJob(s, settings(searcher, 30));
            const SearchRun whole = runSearch(job, pool);
            RunControl control;
            StopAfter stop(control, 2);
            const SearchRun part = runSearch(job, pool, &control, &stop);
            QVERIFY(part.cancelled);
            QVERIFY(part.designs.size() < whole.designs.size());
            const SearchRun resumed = runSearch(job, pool, nullptr, nullptr, &part);
            testsupport::compareRuns(resumed, whole);
        }
    }

    // A resumed run whose recorded designs the searcher would not propose is refused, not mixed.
    void resumeWithOtherSettingsIsRefused() {
        ThreadPool pool(1);
        const Session s = baseSession();
        RunControl control;
        StopAfter stop(control, 1);
        const SearchRun part = runSearch(sessionJob(s, settings("random", 20)), pool, &control, &stop);
        RunSettings other = settings("random", 20);
        other.searcherSettings.seed = 12;
        QVERIFY_THROWS_EXCEPTION(InputError, runSearch(sessionJob(s, other), pool, nullptr, nullptr, &part));
    }

    // The real thing: kill -9 a running CLI search, recover its journal, resume it to the end.
    void killedCliSearchIsRecoveredAndResumed() {
        const fs::path whole = scratch("whole.json"), killed = scratch("killed.json");
        const QStringList args = {"search", "--workload", "resnet50", "--space", "spotlight_edge", "--searcher",
                                  "dabo", "--budget", "40", "--sw-searcher", "anneal", "--sw-budget", "3000",
                                  "--seed", "4", "--threads", "2", "--quiet", "--session"};
        QProcess p;
        p.start(ACCELSCOPE_CLI_PATH, args + QStringList{QString::fromStdString(killed.string())});
        QVERIFY(p.waitForStarted());
        // Wait for at least two batches in the journal (header + 20 designs + time lines), then kill.
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(journalPath(killed)) &&
                                     testsupport::slurp(journalPath(killed)).find("\"index\":15") != std::string::npos,
                                 120000);
        p.kill();
        QVERIFY(p.waitForFinished());
        QVERIFY(!fs::exists(killed));  // killed before the end: only the journal exists

        const LoadedSession loaded = loadSession(killed);
        QVERIFY(loaded.recoveredDesigns >= 20);
        QCOMPARE(loaded.recoveredRun, 0);
        QCOMPARE(loaded.session.runs.size(), std::size_t{1});
        QVERIFY(loaded.session.runs[0].status == RunStatus::Interrupted);
        QVERIFY(canResume(loaded.session.runs[0]));
        QCOMPARE(loaded.session.runs[0].result.bestHistory.size(), loaded.session.runs[0].result.designs.size());

        const auto resumed = testsupport::runCli({"search", "--resume", killed.string(), "--quiet"});
        QVERIFY2(resumed.status == 0, resumed.err.c_str());
        QVERIFY2(resumed.err.find("recovered") != std::string::npos, resumed.err.c_str());
        std::vector<std::string> wholeArgs;
        for (const QString& a : args) wholeArgs.push_back(a.toStdString());
        wholeArgs.push_back(whole.string());
        QCOMPARE(testsupport::runCli(wholeArgs).status, 0);
        const Session a = loadSession(whole).session, b = loadSession(killed).session;
        testsupport::compareRuns(b.runs[0].result, a.runs[0].result);
        QVERIFY(b.runs[0].status == RunStatus::Finished);
        QVERIFY(!fs::exists(journalPath(killed)));  // saved: the journal is gone
    }

    // A journal whose last line was cut short by the kill: every complete line is recovered.
    void truncatedJournalLineIsDropped() {
        ThreadPool pool(2);
        Session s = baseSession();
        SessionRun run;
        run.label = "random #1";
        run.settings = settings("random", 10);
        s.runs.push_back(run);
        const fs::path path = scratch("torn.json");
        std::size_t designs = 0;
        {
            SessionJournal journal(path, s, 0);
            designs = runSearch(sessionJob(s, run.settings), pool, nullptr, &journal).designs.size();
        }
        std::string text = testsupport::slurp(journalPath(path));
        text += "{\"index\":" + std::to_string(designs) + ",\"point\":[1,2";  // a torn write
        std::ofstream(journalPath(path), std::ios::binary) << text;
        const LoadedSession loaded = loadSession(path);
        QVERIFY(designs >= 10);  // 10 valid, and any invalid ones
        QCOMPARE(loaded.recoveredDesigns, static_cast<int>(designs));
        QCOMPARE(loaded.session.runs[0].result.designs.size(), designs);
        QVERIFY(loaded.session.runs[0].status == RunStatus::Finished);  // its budget was reached
    }

    // Every export, and `evaluate` reproducing an exported design's layer exactly.
    void exportsFeedOtherTools() {
        const fs::path path = scratch("exported.json");
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                            "random", "--budget", "8", "--sw-searcher", "greedy", "--sw-budget", "300",
                                            "--seed", "2", "--quiet", "--session", path.string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        const Session s = loadSession(path).session;
        const SearchRun& run = s.runs[0].result;
        const fs::path dir = path.parent_path() / "exports";
        auto exportAs = [&](const std::string& what, const fs::path& out, std::vector<std::string> extra = {}) {
            std::vector<std::string> a = {"export", "--session", path.string(), "--what", what, "--out", out.string()};
            a.insert(a.end(), extra.begin(), extra.end());
            return testsupport::runCli(a);
        };
        auto lines = [](const fs::path& p) {
            const std::string t = testsupport::slurp(p);
            return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n'));
        };
        fs::create_directories(dir);
        QCOMPARE(exportAs("designs-csv", dir / "all.csv").status, 0);
        QCOMPARE(lines(dir / "all.csv"), run.designs.size() + 1);
        QVERIFY(testsupport::slurp(dir / "all.csv").starts_with("index,valid,why,simd (lanes),"));
        QCOMPARE(exportAs("pareto-csv", dir / "front.csv").status, 0);
        QCOMPARE(lines(dir / "front.csv"), run.pareto.size() + 1);
        QCOMPARE(exportAs("pareto-json", dir / "front.json").status, 0);
        QCOMPARE(nlohmann::json::parse(testsupport::slurp(dir / "front.json"))["designs"].size(), run.pareto.size());

        QCOMPARE(exportAs("design", dir / "best").status, 0);
        const auto mappings = nlohmann::json::parse(testsupport::slurp(dir / "best" / "resnet18.mappings.json"));
        QVERIFY(!mappings["layers"].empty());
        for (std::size_t i : {std::size_t{0}, mappings["layers"].size() - 1}) {
            const auto& layer = mappings["layers"][i];
            const auto e = testsupport::runCli({"evaluate", "--arch", (dir / "best" / "arch.json").string(), "--workload",
                                                "resnet18", "--layer", layer["name"].get<std::string>(), "--mapping",
                                                (dir / "best" / "resnet18.mappings.json").string(), "--json"});
            QVERIFY2(e.status == 0, e.err.c_str());
            const auto ej = nlohmann::json::parse(e.out);
            QCOMPARE(ej["cycles"].get<double>(), layer["cycles"].get<double>());
            QCOMPARE(ej["energy_pj"].get<double>(), layer["energy_pj"].get<double>());
        }
        QCOMPARE(exportAs("mapping", dir / "conv1.txt", {"--layer", "conv1"}).status, 0);
        QVERIFY(testsupport::slurp(dir / "conv1.txt").find("for ") != std::string::npos);
        const auto bad = exportAs("design", dir / "nope", {"--design", "100000"});
        QCOMPARE(bad.status, 2);
        QVERIFY2(bad.err.find("--design") != std::string::npos, bad.err.c_str());
        QCOMPARE(exportAs("mapping", dir / "x.txt", {"--layer", "nosuchlayer"}).status, 2);
    }

    void brokenOrNewerFilesAreRefusedClearly_data() {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newer version") << "version=99" << "newer AccelScope";
        QTest::newRow("other format") << "format=accelscope-workload" << "is not an AccelScope session";
        QTest::newRow("truncated") << "truncate" << "bad.json";
        QTest::newRow("point outside space") << "point" << "runs[0] designs[0]";
        QTest::newRow("negative latency") << "latency" << "latency_s";
        QTest::newRow("unknown key") << "typo" << "lantecy_s";
        QTest::newRow("history length") << "history" << "one entry per design";
    }
    void brokenOrNewerFilesAreRefusedClearly() {
        QFETCH(QString, mutation);
        QFETCH(QString, expected);
        ThreadPool pool(1);
        Session s = baseSession();
        SessionRun run;
        run.label = "random #1";
        run.settings = settings("random", 3);
        run.result = runSearch(sessionJob(s, run.settings), pool);
        s.runs.push_back(run);
        std::string text = serializeSession(s);
        auto j = nlohmann::ordered_json::parse(text);
        if (mutation == "version=99") j["version"] = 99;
        if (mutation == "format=accelscope-workload") j["format"] = "accelscope-workload";
        if (mutation == "point") j["runs"][0]["designs"][0]["point"] = {99, 99};
        if (mutation == "latency") j["runs"][0]["designs"][0]["latency_s"] = -1;
        if (mutation == "typo") j["runs"][0]["designs"][0]["lantecy_s"] = 1;
        if (mutation == "history") j["runs"][0]["convergence"]["hypervolume"] = {1};
        text = mutation == "truncate" ? text.substr(0, text.size() / 2) : j.dump(1);
        const fs::path path = scratch("bad.json");
        std::ofstream(path, std::ios::binary) << text;
        try {
            loadSession(path);
            QFAIL("a broken session loaded");
        } catch (const InputError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(expected.toStdString()) != std::string::npos, what.c_str());
            QVERIFY2(what.find("bad.json") != std::string::npos, what.c_str());
        }
        // And through the CLI: exit status 2 with that message.
        const auto r = testsupport::runCli({"search", "--resume", path.string()});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(expected.toStdString()) != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"
