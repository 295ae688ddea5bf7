// The optimal mapper (mapper/optimal_mapper.h): on layers small enough to enumerate it finds the
// brute-force optimum exactly (the reference is MapSpace::enumerate with every point evaluated), its
// lower bound never exceeds that optimum, a time-limited run returns a valid mapping with a bound at
// most its objective, and on ResNet-50 layers it never loses to the other mappers.
#include <QtTest>

#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "mapper/mapper.h"
#include "mapper/optimal_bounds.h"
#include "mapping/map_constraints.h"
#include "mapping/map_space.h"
#include "model/layer_cost.h"
#include "support/arch_builders.h"
#include "support/cli_run.h"
#include "workload/workload_io.h"

using namespace accelscope;
using testsupport::runCli;
using testsupport::testLevel;

namespace {


using testsupport::problemShape;
using testsupport::smallMachine;

// The brute-force optimum: every point of the space evaluated.
LayerMapResult bruteForce(const Architecture& arch, const MapSpace& space, Objective o) {
    MapperSettings s;
    s.objective = o;
    s.algorithm = "exhaustive";
    s.exhaustiveLimit = std::numeric_limits<std::uint64_t>::max();
    return mapLayer(arch, space, s);
}

LayerMapResult optimal(const Architecture& arch, const MapSpace& space, Objective o, double timeLimit = 0,
                       std::int64_t seedBudget = 2000) {
    MapperSettings s;
    s.objective = o;
    s.algorithm = "optimal";
    s.budget = seedBudget;
    s.timeLimitS = timeLimit;
    return mapLayer(arch, space, s);
}

struct Case {
    const char* name;
    ProblemShape problem;
};

std::vector<Case> smallCases() {
    return {{"1x1 conv", problemShape({{Dim::K, 4}, {Dim::C, 4}, {Dim::P, 4}})},
            {"3x3 window", problemShape({{Dim::K, 2}, {Dim::C, 2}, {Dim::P, 4}, {Dim::R, 3}})},
            {"3x3 window, stride 2", problemShape({{Dim::K, 4}, {Dim::P, 4}, {Dim::Q, 2}, {Dim::R, 3}}, 2)},
            {"2-D window", problemShape({{Dim::K, 2}, {Dim::P, 2}, {Dim::Q, 2}, {Dim::R, 3}, {Dim::S, 3}})}};
}
}  // namespace

class TestOptimalMapper : public QObject {
    Q_OBJECT
private slots:
    void equalsBruteForceOnSmallLayers() {
        const Architecture arch = smallMachine();
        for (const Case& c : smallCases())
            for (Objective o : {Objective::Edp, Objective::Energy, Objective::Delay}) {
                // Keep/bypass free at GLB and RF (the architecture allows every tensor everywhere).
                const MapSpace space(arch, c.problem, MapConstraints{});
                const LayerMapResult brute = bruteForce(arch, space, o);
                QVERIFY2(brute.found, c.name);
                const LayerMapResult best = optimal(arch, space, o, 0, 200);
                QVERIFY2(best.found && best.proven, c.name);
                QCOMPARE(best.objective, brute.objective);
                QCOMPARE(best.lowerBound, best.objective);
                // Its mapping is a point of the space and evaluates to what it reports.
                Evaluation e;
                QVERIFY(evaluate(arch, c.problem, best.mapping, e));
                QCOMPARE(objectiveValue(o, e), best.objective);
            }
    }

    void equalsBruteForceOnEyerissLike() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        for (const ProblemShape& p : {problemShape({{Dim::K, 4}, {Dim::C, 2}, {Dim::P, 2}}),
                                      problemShape({{Dim::K, 2}, {Dim::C, 2}, {Dim::P, 2}, {Dim::R, 3}})}) {
            const MapSpace space(arch, p, MapConstraints{});
            const LayerMapResult brute = bruteForce(arch, space, Objective::Edp);
            QVERIFY(brute.found);
            const LayerMapResult best = optimal(arch, space, Objective::Edp, 0, 200);
            QVERIFY(best.proven);
            QCOMPARE(best.objective, brute.objective);
        }
    }

    void boundNeverExceedsAnyCompletion() {
        // The lower bound of a partial tiling (some dims not dealt: every factor 1) never exceeds the
        // objective of a full mapping that completes it, for random mappings on every preset and on
        // variants of the small machine with clusters, neighbour links and the legacy halo rule, on
        // layers with and without windows and strides.
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        std::vector<ProblemShape> layers = {problemShape({{Dim::K, 4}, {Dim::C, 4}, {Dim::P, 4}}),
                                            problemShape({{Dim::K, 4}, {Dim::P, 4}, {Dim::Q, 2}, {Dim::R, 3}}, 2),
                                            problemShape({{Dim::K, 8}, {Dim::C, 4}, {Dim::P, 4}, {Dim::Q, 4}}, 2),
                                            problemShape({{Dim::C, 8}, {Dim::P, 4}, {Dim::Q, 2}}, 2),
                                            problemShape({{Dim::N, 2}, {Dim::G, 4}, {Dim::K, 2}, {Dim::C, 2}, {Dim::P, 4}, {Dim::R, 3}}),
                                            problemShape({{Dim::N, 4}, {Dim::G, 2}, {Dim::K, 4}, {Dim::C, 4}, {Dim::Q, 4}})};
        for (const char* name : {"conv1", "layer1.0.conv1", "layer2.0.conv2", "layer2.0.downsample.0", "fc"})
            if (const auto* op = w.findOp(name)) layers.push_back(op->problem());
        std::vector<Architecture> archs = {smallMachine(), smallMachine(), smallMachine(), smallMachine()};
        archs[1].levels[2].energy.clusterInstances = 2;  // RF accesses shared by pairs of instances
        archs[1].levels[1].energy.clusterInstances = 2;  // more than the GLB's instances: none pay
        archs[2].levels[1].neighbourLinks = true;
        archs[3].haloReuse = HaloReuse::TimeloopLegacy;
        for (const char* a : {"eyeriss_like", "nvdla_like", "simba_like", "tpu_v3_like"})
            archs.push_back(loadArchitectureByNameOrPath(a));
        std::mt19937_64 rng(7);
        int checked = 0;
        for (const Architecture& arch : archs)
            for (const ProblemShape& p : layers) {
                const MapSpace space(arch, p, MapConstraints{});
                const std::array<ObjectiveBound, 3> bounds = {ObjectiveBound(arch, space, Objective::Edp),
                                                              ObjectiveBound(arch, space, Objective::Energy),
                                                              ObjectiveBound(arch, space, Objective::Delay)};
                Mapping m, prefix;
                Evaluation e;
                for (int n = 0; n < 400; ++n) {
                    if (n % 2) space.sample(rng, m);
                    else space.sampleFilled(rng, m);
                    if (!evaluate(arch, p, m, e)) continue;
                    for (int cut = 0; cut < 4; ++cut) {
                        // cut 0: the full mapping; else a random set of dims left undealt.
                        const std::uint32_t undealt = cut == 0 ? 0 : static_cast<std::uint32_t>(rng()) & ((1u << kNumDims) - 1);
                        prefix = m;
                        for (int d = 0; d < kNumDims; ++d)
                            if (undealt >> d & 1)
                                for (int i = 0; i < arch.levelCount(); ++i)
                                    prefix.levels[i].temporal[d] = prefix.levels[i].spatialX[d] = prefix.levels[i].spatialY[d] = 1;
                        for (int o = 0; o < 3; ++o) {
                            const Objective obj = std::array{Objective::Edp, Objective::Energy, Objective::Delay}[o];
                            const double b = bounds[o].objective(prefix, undealt), v = objectiveValue(obj, e);
                            if (!(b <= v * (1 + 1e-9)))
                                QFAIL(qPrintable(QString("%1 on %2: bound %3 > %4 (objective %5, undealt %6)")
                                                     .arg(arch.name.c_str()).arg(p.macs()).arg(b).arg(v).arg(o).arg(undealt)));
                        }
                        ++checked;
                    }
                }
            }
        QVERIFY(checked > 5000);
    }

    void timeLimitedRunReturnsAValidMappingAndABound() {
        // A limit too short for any search: the annealing start is returned with the smallest bound
        // of the subtrees left open, never above the brute-force optimum.
        const Architecture arch = smallMachine();
        for (const Case& c : smallCases()) {
            const MapSpace space(arch, c.problem, MapConstraints{});
            const LayerMapResult brute = bruteForce(arch, space, Objective::Edp);
            const LayerMapResult r = optimal(arch, space, Objective::Edp, 1e-9, 200);
            QVERIFY2(r.found && !r.proven, c.name);
            Evaluation e;
            QVERIFY(evaluate(arch, c.problem, r.mapping, e));
            QVERIFY(r.lowerBound > 0);
            QVERIFY(r.lowerBound <= r.objective);
            QVERIFY2(r.lowerBound <= brute.objective, c.name);
        }
    }

    void neverWorseThanTheOtherMappersOnResNet50() {
        // Three ResNet-50 layers on eyeriss_like, each mapper at 6000 evaluations; optimal at 2 s a
        // layer (its start is annealing at the same budget and seed, so it can only improve on it).
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        for (const char* layer : {"layer1.0.conv1", "layer3.0.conv2", "fc"}) {
            const ProblemShape p = w.findOp(layer)->problem();
            const MapSpace space(arch, p, MapConstraints{});
            const LayerMapResult best = optimal(arch, space, Objective::Edp, 2.0, 6000);
            QVERIFY2(best.found, layer);
            QVERIFY(best.lowerBound <= best.objective);
            for (const char* other : {"anneal", "greedy", "random"}) {
                MapperSettings s;
                s.algorithm = other;
                s.budget = 6000;
                const LayerMapResult r = mapLayer(arch, space, s);
                QVERIFY2(r.found, other);
                QVERIFY2(best.objective <= r.objective, (std::string(layer) + " vs " + other).c_str());
                QVERIFY(best.lowerBound <= r.objective);
            }
        }
    }

    void cliReportsProofAndGap() {
        const auto proven = runCli({"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "fc",
                                    "--algorithm", "optimal", "--budget", "2000", "--time-limit-s", "0.001", "--json"});
        QCOMPARE(proven.status, 0);
        const auto j = nlohmann::json::parse(proven.out);
        const auto& l = j["layers"][0];
        QVERIFY(l.contains("lower_bound") && l.contains("gap") && l.contains("proven_optimal"));
        QVERIFY(l["lower_bound"].get<double>() <= l["edp"].get<double>());
        const auto text = runCli({"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "fc",
                                  "--algorithm", "optimal", "--budget", "2000", "--time-limit-s", "0.001"});
        QCOMPARE(text.status, 0);
        QVERIFY(text.out.find("gap ") != std::string::npos || text.out.find("optimal (proven)") != std::string::npos);
        const auto misuse = runCli({"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--time-limit-s", "1"});
        QVERIFY(misuse.status != 0);
    }
};

QTEST_GUILESS_MAIN(TestOptimalMapper)
#include "test_optimal_mapper.moc"
