// Design spaces and the exploration engine: presets and templates, malformed space files, runs that
// are reproducible across thread counts, cancellation, the Pareto set, and every searcher through
// `accelscope-cli search`.
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "explore/run_control.h"
#include "explore/search_engine.h"
#include "explore/thread_pool.h"
#include "search/design_space.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
const std::filesystem::path kTests = ACCELSCOPE_TESTS_DIR;

Point pointWith(const DesignSpace& s, std::initializer_list<std::pair<const char*, double>> values) {
    Point p(s.space.params.size(), 0);
    for (auto [name, value] : values)
        for (std::size_t i = 0; i < s.space.params.size(); ++i)
            if (s.space.params[i].name == name)
                for (int k = 0; k < s.space.params[i].levels(); ++k)
                    if (s.space.params[i].numeric(k) == value) p[i] = k;
    return p;
}

SearchJob smallJob(const std::string& searcher, std::int64_t budget) {
    SearchJob job;
    job.workloads = {loadWorkloadByNameOrPath("resnet18")};
    job.space = loadDesignSpaceByNameOrPath("spotlight_edge");
    job.searcher = searcher;
    job.budget = budget;
    job.swBudget = 300;
    job.settings.seed = 5;
    return job;
}

class CancelAfterFirstBatch : public SearchObserver {
public:
    explicit CancelAfterFirstBatch(RunControl& c) : control(c) {}
    void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress&) override {
        if (!batch.empty()) control.cancel();
    }
    RunControl& control;
};
}  // namespace

class TestDesignSearch : public QObject {
    Q_OBJECT
private slots:
    void presetsLoad() {
        const auto names = presetDesignSpaceNames();
        for (const char* n : {"spotlight_edge", "spotlight_cloud", "fast_datacenter"})
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n);
        for (const auto& n : names) {
            const DesignSpace s = loadDesignSpaceByNameOrPath(n);
            QVERIFY(s.space.log10Size() > 3);
            std::mt19937_64 rng(1);
            Architecture a;
            CompilerSettings cs;
            std::string why;
            QVERIFY2(s.realize(s.space.random(rng), a, cs, why), why.c_str());
            QVERIFY(s.features(s.space.random(rng)).size() >= 6);
        }
    }

    void spotlightTemplate() {
        // 180 PEs with SIMD 4 = 720 MAC units; pe_split index 3 picks the 4th split of 180 with a >= 2
        // (2, 3, 4, 5, ...): 5 clusters of 36 PEs; 40 KiB of L0 in all: 8 KiB per cluster.
        const DesignSpace s = loadDesignSpaceByNameOrPath("spotlight_edge");
        const Point p = pointWith(s, {{"simd", 4}, {"pes", 180}, {"pe_split", 3}, {"l0_kib", 40}, {"l1_kib", 128},
                                      {"noc_bandwidth", 128}});
        Architecture a;
        CompilerSettings cs;
        std::string why;
        QVERIFY2(s.realize(p, a, cs, why), why.c_str());
        QCOMPARE(a.macUnits(), std::int64_t(720));
        QCOMPARE(a.levels[1].meshX, 5);
        QCOMPARE(a.levels[2].meshX, 36);
        QCOMPARE(a.levels[2].capacityWords, std::int64_t(8 * 1024));  // 8-bit words
        QCOMPARE(a.levels[1].readBandwidth, 128.0);
        QCOMPARE(a.levels.back().meshX, 4);  // the SIMD lanes
        // daBO's features: SIMD, bits, log2 NoC bandwidth, log2 total buffer, log2 PEs, log2 PEs per cluster.
        const Eigen::VectorXd f = s.features(p);
        QCOMPARE(f[0], 4.0);
        QCOMPARE(f[2], 7.0);
        QCOMPARE(f[3], std::log2(128.0 + 40.0));
        QCOMPARE(f[5], std::log2(36.0));
    }

    void tpuTemplate() {
        const DesignSpace s = loadDesignSpaceByNameOrPath("fast_datacenter");
        Architecture a;
        CompilerSettings cs;
        std::string why;
        // 2 cores of 128 x 128, no global memory: DRAM fans out to the cores directly.
        Point p = pointWith(s, {{"cores", 2}, {"sa_x", 128}, {"sa_y", 128}, {"gmem_mib", 0}, {"batch", 8}});
        QVERIFY2(s.realize(p, a, cs, why), why.c_str());
        QCOMPARE(a.levelCount(), 3);
        QCOMPARE(a.macUnits(), std::int64_t(2 * 128 * 128));
        QCOMPARE(cs.batch, std::int64_t(8));
        p = pointWith(s, {{"cores", 4}, {"sa_x", 64}, {"sa_y", 32}, {"gmem_mib", 64}});
        QVERIFY2(s.realize(p, a, cs, why), why.c_str());
        QCOMPARE(a.levelCount(), 4);
        QCOMPARE(a.levels[1].name, std::string("GMEM"));
        QCOMPARE(a.macUnits(), std::int64_t(4 * 64 * 32));
        QCOMPARE(a.levels[2].spatialDimsY, 1u << static_cast<int>(Dim::K));
    }

    void malformedSpacesAreReported_data() { QVERIFY(testsupport::addCorpusRows(kTests / "search/bad_space") >= 10); }
    void malformedSpacesAreReported() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        try {
            loadDesignSpaceByNameOrPath(file.toStdString());
            QFAIL("a malformed space was accepted");
        } catch (const InputError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find(file.toStdString()) != std::string::npos, m.c_str());
            QVERIFY2(m.find(expected.toStdString()) != std::string::npos, m.c_str());
        }
    }

    void runsAreReproducibleAcrossThreadCounts() {
        const SearchJob job = smallJob("ga", 20);
        std::vector<SearchRun> runs;
        for (unsigned threads : {1u, 2u}) {
            ThreadPool pool(threads);
            runs.push_back(runSearch(job, pool));
        }
        QCOMPARE(runs[0].designs.size(), runs[1].designs.size());
        QCOMPARE(std::count_if(runs[0].designs.begin(), runs[0].designs.end(), [](const DesignRecord& d) { return d.valid; }),
                 std::ptrdiff_t(20));  // the budget counts valid designs, as Spotlight's does
        for (std::size_t i = 0; i < runs[0].designs.size(); ++i) {
            QVERIFY(runs[0].designs[i].point == runs[1].designs[i].point);
            QCOMPARE(runs[0].designs[i].objective, runs[1].designs[i].objective);
        }
        QCOMPARE(runs[0].bestHistory, runs[1].bestHistory);
        QCOMPARE(runs[0].pareto, runs[1].pareto);
    }

    void paretoAndHistoryAreConsistent() {
        ThreadPool pool(2);
        const SearchRun run = runSearch(smallJob("random", 30), pool);
        QVERIFY(run.best >= 0);
        QVERIFY(!run.pareto.empty());
        // No valid design dominates a front member in (latency, energy, area); every valid design
        // off the front is dominated by (or equal to) a front member.
        const auto dominates = [](const DesignRecord& a, const DesignRecord& b) {
            return a.latencyS <= b.latencyS && a.energyJ <= b.energyJ && a.areaMm2 <= b.areaMm2 &&
                   (a.latencyS < b.latencyS || a.energyJ < b.energyJ || a.areaMm2 < b.areaMm2);
        };
        for (int f : run.pareto)
            for (const auto& d : run.designs)
                if (d.valid) QVERIFY(!dominates(d, run.designs[f]));
        // The best objective never gets worse and ends at the best design's.
        for (std::size_t i = 1; i < run.bestHistory.size(); ++i)
            if (run.bestHistory[i - 1] > 0) QVERIFY(run.bestHistory[i] <= run.bestHistory[i - 1]);
        QCOMPARE(run.bestHistory.back(), run.designs[run.best].objective);
        for (std::size_t i = 1; i < run.hypervolumeHistory.size(); ++i)
            QVERIFY(run.hypervolumeHistory[i] >= run.hypervolumeHistory[i - 1]);
    }

    void cancellationStopsAfterTheBatch() {
        ThreadPool pool(2);
        RunControl control;
        CancelAfterFirstBatch observer(control);
        const SearchRun run = runSearch(smallJob("random", 50), pool, &control, &observer);
        QVERIFY(run.cancelled);
        QCOMPARE(run.designs.size(), std::size_t(10));  // one batch of 10
    }

    void everySearcherRunsFromTheCli() {
        for (const auto& searcher : searcherNames()) {
            const auto out = std::filesystem::path(ACCELSCOPE_BINARY_DIR) / ("run_" + searcher + ".json");
            const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                                searcher, "--budget", "12", "--sw-budget", "200", "--seed", "3", "--out",
                                                out.string(), "--quiet"});
            QVERIFY2(r.status == 0, (searcher + ": " + r.err + r.out).c_str());
            const auto session = nlohmann::json::parse(testsupport::slurp(out));
            QCOMPARE(session["format"].get<std::string>(), std::string("accelscope-session"));
            const auto& j = session["runs"][0];
            int valid = 0;
            for (const auto& d : j["designs"]) valid += d["valid"].get<bool>() ? 1 : 0;
            QVERIFY2(valid == 12 || searcher == "grid", searcher.c_str());  // grid may run out of nothing here
            QCOMPARE(j["convergence"]["best_objective"].size(), j["designs"].size());
            for (const char* key : {"settings", "pareto", "best", "best_design"}) QVERIFY2(j.contains(key), key);
            QCOMPARE(j["best_design"]["index"], j["best"]);
            QVERIFY(!j["best_design"]["workloads"][0]["layers"].empty());
            QVERIFY(j["best_design"]["workloads"][0]["layers"][0].contains("mapping"));
        }
        const auto bad = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                              "hillclimb", "--out", "x.json"});
        QCOMPARE(bad.status, 2);
        // Searcher settings from the command line: a GA of 8, a linear-kernel daBO; bad ones exit 2.
        const auto out = std::filesystem::path(ACCELSCOPE_BINARY_DIR) / "run_options.json";
        for (std::vector<std::string> extra : {std::vector<std::string>{"--searcher", "ga", "--searcher-options", "population=8,mutation=0.2"},
                                               {"--searcher", "dabo", "--searcher-options", "kernel=linear,kappa=2,warmup=4"}}) {
            std::vector<std::string> args = {"search", "--workload", "resnet18", "--space", "spotlight_edge", "--budget", "8",
                                             "--sw-budget", "100", "--out", out.string(), "--quiet"};
            args.insert(args.end(), extra.begin(), extra.end());
            const auto r = testsupport::runCli(args);
            QVERIFY2(r.status == 0, r.err.c_str());
        }
        for (const char* o : {"population=0", "kernel", "speed=3", "kernel=cubic"}) {
            const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                                "ga", "--searcher-options", o, "--out", out.string()});
            QCOMPARE(r.status, 2);
            QVERIFY2(r.err.find("--searcher-options") != std::string::npos, r.err.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestDesignSearch)
#include "test_design_search.moc"
