// The map space and the mappers: space size and enumeration on a space small enough to count by
// hand, the default mapper against exhaustive search, constraints, padding, determinism across
// thread counts, the shape cache, cancellation, and `map --json` feeding `evaluate --mapping`.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "util/run_control.h"
#include "util/thread_pool.h"
#include "mapping/map_space.h"
#include "mapper/mapper.h"
#include "mapper/network_mapper.h"
#include "model/layer_cost.h"
#include "search/design_space.h"
#include "support/arch_builders.h"
#include "support/cli_run.h"
#include "workload/workload_io.h"

using namespace accelscope;
using testsupport::runCli;
using testsupport::testLevel;

namespace {
int ix(Dim d) { return static_cast<int>(d); }



using testsupport::problemShape;
using testsupport::smallMachine;

// Every level keeps every tensor: the exhaustive search then spans factorisations and orders only.
MapConstraints keepAll(const Architecture& a) {
    MapConstraints c;
    for (int i = 0; i < a.levelCount(); ++i) c.levels[i].keep = {1, 1, 1};
    return c;
}
}  // namespace

class TestMapper : public QObject {
    Q_OBJECT
private slots:
    void spaceSizeAndEnumerationAgree() {
        // DRAM -> RF, no fan-out, layer K = 4 only: K's 2 x 2 over 2 temporal slots in 3 ways
        // (4|1, 2|2, 1|4); one non-trivial dim: one order; the RF may keep or bypass each of the
        // 3 tensors: 2^3. 3 x 8 = 24 points.
        Architecture a;
        a.levels = {testLevel("DRAM", 0), testLevel("RF", 64)};
        const MapSpace space(a, problemShape({{Dim::K, 4}}), MapConstraints{});
        QCOMPARE(space.log10Size(), std::log10(24.0));
        std::set<std::string> seen;
        const auto n = space.enumerate(
            [&](const Mapping& m) {
                std::string key;
                for (int i = 0; i < 2; ++i) {
                    key += std::to_string(m.levels[i].temporal[ix(Dim::K)]) + ":";
                    for (bool k : m.levels[i].keep) key += k ? "1" : "0";
                }
                seen.insert(key);
                return true;
            },
            1000);
        QCOMPARE(n, std::uint64_t(24));
        QCOMPARE(seen.size(), std::size_t(24));
    }

    void samplesCoverTheLayerAndObeyConstraints() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        std::mt19937_64 rng(7);
        for (const std::string& name : dataflowNames()) {
            const MapConstraints c = dataflowConstraints(name, arch);
            for (const char* layer : {"conv1", "layer2.0.conv2", "layer4.2.conv3", "fc"}) {
                const ProblemShape p = w.findOp(layer)->problem();
                const MapSpace space(arch, p, c);
                Mapping m, n;
                for (int k = 0; k < 200; ++k) {
                    space.sample(rng, m);
                    space.neighbour(m, rng, n);
                    for (const Mapping* x : {&m, &n}) {
                        QVERIFY2(satisfies(*x, c), name.c_str());
                        for (Dim d : kAllDims) QCOMPARE(x->coverage(d), p[d]);  // exact: no padding asked for
                    }
                }
            }
        }
    }

    // A mapping whose tiles overflow level L for tensor t is relieved by one prime factor of a dim
    // that indexes t, moved from L or below to a loop above L: coverage stays, and the product of those
    // dims' factors at L and below shrinks by exactly that prime.
    void overflowingTilesAreRelieved() {
        const Architecture a = smallMachine();
        const ProblemShape p = problemShape({{Dim::K, 16}, {Dim::C, 12}, {Dim::P, 8}, {Dim::R, 3}});
        const MapSpace space(a, p, keepAll(a));
        std::mt19937_64 rng(11);
        int overflowing = 0;
        Mapping m;
        Evaluation e;
        for (int k = 0; k < 400; ++k) {
            if (k % 2) space.sampleFilled(rng, m);
            else space.sample(rng, m);
            for (Dim d : kAllDims) QCOMPARE(m.coverage(d), p[d]);
            if (evaluate(a, p, m, e) || e.invalid != Invalid::Capacity) continue;
            ++overflowing;
            const int level = e.invalidLevel;
            // The whole level overflows (tensor -1: any dim may move), or one tensor's partition.
            const int tensor = e.invalidTensor;
            auto inner = [&](const Mapping& x) {
                std::int64_t product = 1;
                for (int i = level; i < a.levelCount(); ++i)
                    for (Dim d : kAllDims)
                        if (tensor < 0 || isRelevant(static_cast<Tensor>(tensor), d))
                            product *= x.levels[i].temporal[ix(d)] * x.levels[i].spatialX[ix(d)] * x.levels[i].spatialY[ix(d)];
                return product;
            };
            Mapping relieved = m;
            QVERIFY(space.relieve(relieved, level, e.invalidTensor, rng));
            for (Dim d : kAllDims) QCOMPARE(relieved.coverage(d), p[d]);
            const std::int64_t before = inner(m), after = inner(relieved);
            QVERIFY2(after < before && before % after == 0, qPrintable(QStringLiteral("level %1 tensor %2: %3 -> %4").arg(level).arg(e.invalidTensor).arg(before).arg(after)));
            const std::int64_t moved = before / after;
            QVERIFY2(moved == 2 || moved == 3, "one prime factor of 16, 12, 8 or 3");
        }
        QVERIFY(overflowing > 20);  // the RF's 8 words overflow often: the check ran
    }

    // TPU-v3's MXUs keep one weight per PE: almost every sample overflows a weight register or an
    // operand row. BERT-base's FFN layer (M 128, K 768, N 3072) needs 128 x 768 x 3072 / 65536 = 4608
    // cycles on the chip's 65,536 MACs; with repair and a safe start, annealing at 1000 mappings
    // schedules it at 25% utilisation or better (it found 147,456 cycles, 3%, without them).
    void repairFindsSchedulesOnSystolicArrays() {
        const DesignSpace fast = loadDesignSpaceByNameOrPath("fast_datacenter");
        Architecture arch;
        CompilerSettings cs;
        std::string why;
        QVERIFY2(fast.realize(fast.point("tpu_v3"), arch, cs, why), why.c_str());
        const ProblemShape p = loadWorkloadByNameOrPath("bert_base_s128").findOp("ffn.intermediate")->problem();
        QCOMPARE(p.macs(), std::int64_t(128) * 768 * 3072);
        MapperSettings s;
        s.objective = Objective::Delay;
        s.budget = 1000;
        const LayerMapResult r = mapLayer(arch, MapSpace(arch, p, MapConstraints{}), s, nullptr, nullptr);
        QVERIFY(r.found);
        QVERIFY2(r.evaluation.cycles <= 4 * 4608, QByteArray::number(r.evaluation.cycles));
    }

    void defaultMapperIsWithinFivePercentOfExhaustive_data() {
        QTest::addColumn<int>("which");
        for (int i = 0; i < 5; ++i) QTest::newRow(QByteArray::number(i)) << i;
    }
    void defaultMapperIsWithinFivePercentOfExhaustive() {
        QFETCH(int, which);
        const ProblemShape layers[] = {
            problemShape({{Dim::K, 16}, {Dim::C, 16}, {Dim::P, 16}}),
            problemShape({{Dim::K, 16}, {Dim::C, 8}, {Dim::P, 8}, {Dim::R, 3}}),
            problemShape({{Dim::K, 32}, {Dim::C, 8}, {Dim::P, 12}}),
            problemShape({{Dim::K, 8}, {Dim::C, 8}, {Dim::P, 8}, {Dim::Q, 4}}),
            problemShape({{Dim::K, 12}, {Dim::C, 8}, {Dim::P, 8}, {Dim::R, 2}}, 2),
        };
        const Architecture arch = smallMachine();
        const MapSpace space(arch, layers[which], keepAll(arch));
        MapperSettings exhaustive;
        exhaustive.algorithm = "exhaustive";
        const LayerMapResult best = mapLayer(arch, space, exhaustive);
        QVERIFY(best.found);
        QVERIFY2(best.evaluated < 2'000'000, "the test space must stay small");
        const LayerMapResult mapped = mapLayer(arch, space, MapperSettings{});
        QVERIFY(mapped.found);
        QVERIFY2(mapped.objective <= 1.05 * best.objective,
                 qPrintable(QString("default %1 vs exhaustive %2 (%3 points)")
                                .arg(mapped.objective)
                                .arg(best.objective)
                                .arg(best.evaluated)));
        QVERIFY(mapped.objective >= best.objective);  // nothing beats the optimum
        // The greedy heuristic, on a tenth of the budget, lands within 25% of the optimum.
        MapperSettings greedy;
        greedy.algorithm = "greedy";
        greedy.budget = 6000;
        const LayerMapResult quick = mapLayer(arch, space, greedy);
        QVERIFY(quick.found);
        QVERIFY2(quick.objective <= 1.25 * best.objective,
                 qPrintable(QString("greedy %1 vs exhaustive %2").arg(quick.objective).arg(best.objective)));
        qInfo("exhaustive: %lld points, %lld valid; default mapper %.4g, greedy %.4g, optimum %.4g",
              static_cast<long long>(best.evaluated), static_cast<long long>(best.valid), mapped.objective, quick.objective,
              best.objective);
    }

    void paddingFillsTheFanout() {
        // K = 9 on 8 MAC lanes: exactly, at most 3 lanes work (9 = 3 x 3): 3 cycles. Padded to 16 =
        // 8 x 2: 2 cycles, 16 MACs run for 9 useful.
        Architecture a;
        a.levels = {testLevel("DRAM", 0), testLevel("RF", 64, 8)};
        const ProblemShape p = problemShape({{Dim::K, 9}});
        MapperSettings s;
        s.objective = Objective::Delay;
        s.budget = 3000;
        MapConstraints c;
        const LayerMapResult exact = mapLayer(a, MapSpace(a, p, c), s);
        QCOMPARE(exact.evaluation.cycles, 3.0);
        c.allowPadding = true;
        const LayerMapResult padded = mapLayer(a, MapSpace(a, p, c), s);
        QCOMPARE(padded.evaluation.cycles, 2.0);
        QCOMPARE(padded.evaluation.paddedMacs, std::int64_t(16));
        QCOMPARE(padded.evaluation.usefulMacs, std::int64_t(9));
    }

    void networkMappingIsDeterministicAcrossThreads() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet18");
        MapperSettings s;
        s.budget = 1500;
        s.seed = 42;
        std::vector<NetworkMapResult> runs;
        for (unsigned threads : {1u, 2u, 4u}) {
            ThreadPool pool(threads);
            runs.push_back(mapWorkload(arch, w, MapConstraints{}, s, pool));
        }
        QVERIFY(runs[0].complete);
        for (const auto& r : runs) {
            QCOMPARE(r.edp(), runs[0].edp());
            for (std::size_t i = 0; i < r.layers.size(); ++i)
                QVERIFY(r.layers[i].result.mapping == runs[0].layers[i].result.mapping);
        }
        s.seed = 43;  // another seed, another search
        ThreadPool pool(2);
        QVERIFY(mapWorkload(arch, w, MapConstraints{}, s, pool).edp() != runs[0].edp());
    }

    void identicalShapesAreMappedOnce() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        MapperSettings s;
        s.budget = 300;
        ThreadPool pool(2);
        const NetworkMapResult r = mapWorkload(arch, w, MapConstraints{}, s, pool);
        QCOMPARE(static_cast<int>(r.layers.size()), 54);  // 53 convs and the fc
        // Distinct (K, C, P, Q, R, S, stride) among ResNet-50's MAC ops: counted independently here.
        std::set<std::vector<std::int64_t>> distinct;
        for (const Op& op : w.ops)
            if (op.isMacOp()) {
                const ProblemShape p = op.problem();
                std::vector<std::int64_t> key(p.size.begin(), p.size.end());
                key.push_back(p.strideH);
                distinct.insert(key);
            }
        QCOMPARE(r.distinctShapes, static_cast<int>(distinct.size()));
        QCOMPARE(r.evaluated, static_cast<std::int64_t>(distinct.size()) * 300);
        const auto* a = &r.layers[0];
        for (const auto& l : r.layers)
            if (l.shape == a->shape) QVERIFY(l.result.mapping == a->result.mapping);
    }

    void cancellationStopsTheSearch() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const ProblemShape p = loadWorkloadByNameOrPath("resnet50").findOp("layer3.1.conv2")->problem();
        RunControl control;
        control.cancel();
        const LayerMapResult r = mapLayer(arch, MapSpace(arch, p, MapConstraints{}), MapperSettings{}, &control);
        QCOMPARE(r.evaluated, std::int64_t(0));
    }

    void mapJsonFeedsEvaluate() {
        const auto mapped = runCli({"map", "--arch", "simba_like", "--workload", "resnet50", "--layer", "layer2.1.conv2",
                                    "--budget", "3000", "--json"});
        QVERIFY2(mapped.status == 0, mapped.err.c_str());
        const auto j = nlohmann::json::parse(mapped.out);
        QCOMPARE(j["layers"].size(), std::size_t(1));
        const auto& layer = j["layers"][0];
        for (const char* key : {"name", "mapping", "cycles", "energy_pj"}) QVERIFY2(layer.contains(key), key);
        for (const char* key : {"cycles", "energy_pj", "edp"}) QVERIFY2(j["total"].contains(key), key);
        const auto path = std::filesystem::path(ACCELSCOPE_BINARY_DIR) / "map_output.json";
        std::ofstream(path) << mapped.out;
        // The whole `map --json` output, and the mapping alone, give identical figures.
        const auto file = std::filesystem::path(ACCELSCOPE_BINARY_DIR) / "map_mapping.json";
        std::ofstream(file) << layer["mapping"].dump(2);
        for (const auto& p : {path, file}) {
            const auto evaluated = runCli({"evaluate", "--arch", "simba_like", "--workload", "resnet50", "--layer",
                                           "layer2.1.conv2", "--mapping", p.string(), "--json"});
            QVERIFY2(evaluated.status == 0, evaluated.err.c_str());
            const auto e = nlohmann::json::parse(evaluated.out);
            QCOMPARE(e["cycles"].get<double>(), layer["cycles"].get<double>());
            QCOMPARE(e["energy_pj"].get<double>(), layer["energy_pj"].get<double>());
        }
    }

    void badMapperOptionsExitTwo() {
        for (std::vector<std::string> args :
             {std::vector<std::string>{"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--objective", "speed"},
              {"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--dataflow", "diagonal"},
              {"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--budget", "0"},
              {"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "layer1.0.relu1"}}) {
            const auto r = runCli(args);
            QCOMPARE(r.status, 2);
            QVERIFY(!r.err.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestMapper)
#include "test_mapper.moc"
