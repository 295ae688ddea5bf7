// Software Bayesian optimisation of schedules (Spotlight's inner loop): the feature sets, the valid
// budget, determinism, quality against random sampling, and the nested search that uses it.
#include <QtTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "mapper/bo_layer_searcher.h"
#include "mapping/map_space.h"
#include "mapper/mapper.h"
#include "mapping/mapping_features.h"
#include "support/arch_builders.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "explore/search_engine.h"
#include "util/thread_pool.h"
#include "workload/workload_io.h"

using namespace accelscope;
using testsupport::testLevel;

namespace {
int ix(Dim d) { return static_cast<int>(d); }

// DRAM -> GLB (64 words, fan-out 4 along X) -> RF (8 words).
Architecture smallArch() {
    Architecture a;
    a.name = "small";
    a.levels = {testLevel("DRAM", 0), testLevel("GLB", 64, 4), testLevel("RF", 8)};
    a.compute.macPj = 1;
    return a;
}
}  // namespace

class TestSoftwareBo : public QObject {
    Q_OBJECT
private slots:
    // Hand derivation for K4 C2 P4 R3 with DRAM: C2 | GLB: P2, K2 across the fan-out of 4 | RF: K2 P2 R3.
    void spotlightFeaturesByHand() {
        const Architecture arch = smallArch();
        ProblemShape p;
        p[Dim::K] = 4, p[Dim::C] = 2, p[Dim::P] = 4, p[Dim::R] = 3;
        const MapSpace space(arch, p, MapConstraints{});
        Mapping m;
        m.levelCount = 3;
        m.levels[0].temporal[ix(Dim::C)] = 2;
        m.levels[1].temporal[ix(Dim::P)] = 2;
        m.levels[1].spatialX[ix(Dim::K)] = 2;
        m.levels[2].temporal[ix(Dim::K)] = 2, m.levels[2].temporal[ix(Dim::P)] = 2, m.levels[2].temporal[ix(Dim::R)] = 3;
        QCOMPARE(mappingFeatureCount(MappingFeatureSet::Spotlight, space), 4 + 3 * 2);
        Eigen::VectorXd f(mappingFeatureCount(MappingFeatureSet::Spotlight, space));
        mappingFeatures(MappingFeatureSet::Spotlight, space, m, f);
        const double expected[] = {
            std::log2(2.0 * 2 * 2 * 2 * 3),  // temporal iterations: C2 x P2 x K2 P2 R3
            0.5,                             // 2 of the GLB's 4 PEs busy
            std::log2(3.0),                  // R x S below DRAM: 3 x 1
            2.0,                             // K (4) is the only spatial dim
            std::log2(12.0), std::log2(12.0), 4.0,  // GLB tile: weights K4 R3, inputs P4 R3, outputs K4 P4
            std::log2(6.0), std::log2(6.0), 2.0,    // RF tile: weights K2 R3, inputs P2 R3, outputs K2 P2
        };
        for (int i = 0; i < f.size(); ++i) QVERIFY2(std::abs(f[i] - expected[i]) < 1e-12, qPrintable(QString::number(i)));

        // The raw encoding: log2 of every factor, then each level's loop order as positions.
        QCOMPARE(mappingFeatureCount(MappingFeatureSet::Raw, space), 3 * (3 * 8 + 8));
        Eigen::VectorXd r(mappingFeatureCount(MappingFeatureSet::Raw, space));
        mappingFeatures(MappingFeatureSet::Raw, space, m, r);
        QCOMPARE(r[3 * ix(Dim::C)], 1.0);                    // DRAM temporal C2
        QCOMPARE(r[32 + 3 * ix(Dim::K) + 1], 1.0);           // GLB spatial X K2
        QCOMPARE(r[64 + 3 * ix(Dim::R)], std::log2(3.0));    // RF temporal R3
        QCOMPARE(r[24 + ix(Dim::S)], 7.0);                   // canonical order: S innermost at DRAM
    }

    // Spotlight's software budget is in valid samples; the result depends only on the seed.
    void budgetCountsValidMappingsAndIsDeterministic() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        const MapSpace space(arch, w.findOp("layer3.1.conv2")->problem(), dataflowConstraints("none", arch));
        for (const char* algorithm : {"dabo", "bo"}) {
            MapperSettings s;
            s.algorithm = algorithm;
            s.budget = 45;
            s.seed = 3;
            const LayerMapResult a = mapLayer(arch, space, s), b = mapLayer(arch, space, s);
            QCOMPARE(a.valid, std::int64_t{45});
            QVERIFY(a.evaluated > a.valid);  // random mappings overflow buffers: some are invalid
            QVERIFY(a.found);
            QVERIFY(a.mapping == b.mapping);
            QCOMPARE(a.evaluated, b.evaluated);
        }
    }

    // Spotlight's claim for daBO over random sampling, at its budget of 100 valid software samples:
    // over five seeds, the geometric mean of the best EDP beats random sampling given the same
    // number of evaluations (bench_sw_searchers measures the whole network).
    void daboBeatsRandomAtEqualEvaluations() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        for (const char* layer : {"layer3.1.conv2", "layer2.0.conv1"}) {
            const MapSpace space(arch, w.findOp(layer)->problem(), dataflowConstraints("none", arch));
            double logDabo = 0, logRandom = 0;
            for (std::uint64_t seed = 1; seed <= 5; ++seed) {
                MapperSettings s;
                s.algorithm = "dabo";
                s.budget = 100;
                s.seed = seed;
                const LayerMapResult d = mapLayer(arch, space, s);
                s.algorithm = "random";
                s.budget = d.evaluated;
                const LayerMapResult r = mapLayer(arch, space, s);
                QVERIFY(d.found && r.found);
                logDabo += std::log(d.objective);
                logRandom += std::log(r.objective);
            }
            qInfo("%s: geomean EDP dabo / random = %.3f", layer, std::exp((logDabo - logRandom) / 5));
            QVERIFY2(logDabo < logRandom, layer);
        }
    }

    // Software daBO gives the same schedules, hence the same designs, at any thread count: each layer
    // shape's search is seeded from the run's seed and the shape alone.
    void softwareDaboIsTheSameAtAnyThreadCount() {
        SearchJob job;
        job.workloads = {loadWorkloadByNameOrPath("resnet18")};
        job.space = loadDesignSpaceByNameOrPath("spotlight_edge");
        job.settings.searcher = "random";
        job.settings.searcherSettings.budget = 3;
        job.settings.swSearcher = "dabo";
        job.settings.swBudget = 40;
        job.settings.searcherSettings.seed = 11;
        ThreadPool one(1), two(2);
        const SearchRun a = runSearch(job, one), b = runSearch(job, two);
        QCOMPARE(a.designs.size(), b.designs.size());
        for (std::size_t i = 0; i < a.designs.size(); ++i) {
            QVERIFY(a.designs[i].point == b.designs[i].point);
            QCOMPARE(a.designs[i].valid, b.designs[i].valid);
            QCOMPARE(a.designs[i].objective, b.designs[i].objective);
        }
    }

    // The nested co-search with daBO inside: every valid design's layers scheduled by software BO.
    void nestedSearchWithSoftwareDabo() {
        const auto out = std::filesystem::path(ACCELSCOPE_BINARY_DIR) / "test_sw_bo_run.json";
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge",
                                            "--searcher", "random", "--budget", "2", "--sw-searcher", "dabo",
                                            "--sw-budget", "35", "--seed", "5", "--quiet", "--session", out.string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        const auto j = nlohmann::json::parse(testsupport::slurp(out))["runs"][0];
        QCOMPARE(j["settings"]["sw_searcher"].get<std::string>(), std::string("dabo"));
        int valid = 0;
        for (const auto& d : j["designs"]) valid += d["valid"].get<bool>() ? 1 : 0;
        QCOMPARE(valid, 2);
        QVERIFY(j["designs"][j["best"].get<int>()]["edp"].get<double>() > 0);
        QVERIFY(!j["best_design"]["workloads"][0]["layers"].empty());
    }

    void unknownSoftwareSearcherExitsTwo() {
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge",
                                            "--sw-searcher", "hillclimb", "--out", "x.json"});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find("dabo") != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSoftwareBo)
#include "test_sw_bo.moc"
