// The full-stack network model: hand-derived costs of vector ops with and without fusion, batch
// scaling, the depthwise choice between the MAC array and the vector unit, suites, and FAST's
// findings on the shipped networks (EfficientNet-B0 and BERT-base on tpu_v3_like).
#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "util/thread_pool.h"
#include "network/network_model.h"
#include "model/power.h"
#include "model/suite.h"
#include "support/arch_builders.h"
#include "support/cli_run.h"
#include "workload/workload_io.h"

using namespace accelscope;
using testsupport::runCli;
using testsupport::testLevel;

namespace {

// DRAM: 4 words (16-bit: 8 bytes) per cycle each way, 100 pJ per word; a 1024-word global buffer at
// 5 pJ per word; one MAC unit (1 pJ); a 16-lane vector unit at 1 pJ per op; 1 GHz.
Architecture tiny() {
    Architecture a;
    a.name = "tiny";
    a.levels = {testLevel("DRAM", 0, 1, 100), testLevel("GLB", 1024, 1, 5), testLevel("RF", 64, 1, 1)};
    a.levels[0].readBandwidth = a.levels[0].writeBandwidth = 4;
    a.compute.macPj = 1;
    a.vector = {16, 1.0, 0};
    return a;
}

// image [1,8,4,4] (128 elements) -> relu1 -> relu2.
Workload twoRelus() {
    const std::string text = R"({"format":"accelscope-workload","version":1,"name":"two_relus","source":"test","batch":1,
      "inputs":[{"name":"image","shape":[1,8,4,4]}],
      "ops":[{"name":"relu1","kind":"relu","inputs":["image"],"shape":[1,8,4,4]},
             {"name":"relu2","kind":"relu","inputs":["relu1"],"shape":[1,8,4,4]}]})";
    return parseWorkload(text, "two_relus.json");
}

NetworkSettings fast(FusionMode fusion, std::int64_t batch = 1) {
    NetworkSettings s;
    s.fusion = fusion;
    s.batch = batch;
    s.mapper.budget = 3000;
    return s;
}

const BottleneckRow* row(const NetworkResult& r, const std::string& category) {
    for (const auto& b : r.bottlenecks)
        if (b.category == category) return &b;
    return nullptr;
}
}  // namespace

class TestNetworkModel : public QObject {
    Q_OBJECT
private slots:
    void vectorOpsWithoutFusion() {
        // Each relu: 128 ops on 16 lanes = 8 cycles; it reads and writes 128 x 2 bytes of DRAM at 8 bytes
        // per cycle = 32 cycles each way: DRAM-bound, 32 cycles. Energy: 128 ops x 1 pJ + 128 words read
        // and 128 written x 100 pJ = 25728 pJ. Two of them: 64 cycles, 51456 pJ, 1024 DRAM bytes.
        ThreadPool pool(1);
        const NetworkResult r = evaluateNetwork(tiny(), twoRelus(), fast(FusionMode::None), pool);
        QCOMPARE(r.cycles, 64.0);
        QCOMPARE(r.energyPj, 51456.0);
        QCOMPARE(r.dramBytes, 1024.0);
        QCOMPARE(opBoundName(r.ops[0].bound, tiny()), std::string("DRAM"));
        QVERIFY(r.ops[0].bound == OpBound::memory(0));
        QVERIFY(r.ops[0].unit == OpUnit::Vector);
        QCOMPARE(r.latencyS, 64e-9);
        QCOMPARE(r.throughput, 1.0 / 64e-9);
        QCOMPARE(r.perfPerTdp, r.throughput / peakPowerW(tiny()));
    }

    void producerFusionKeepsTheIntermediateOnChip() {
        // relu2 fuses into relu1: relu1's output stays on chip (written to and read from the global
        // buffer at 5 pJ a word) and relu2's work overlaps relu1's kernel. relu1: 32 cycles (reads
        // 256 bytes), 128 + 128 x 100 + 128 x 5 = 13568 pJ; relu2: 32 cycles (writes 256 bytes), hidden
        // under relu1's group; 128 + 128 x 5 + 128 x 100 = 13568 pJ. Total 32 cycles, 27136 pJ, 512 bytes.
        ThreadPool pool(1);
        const NetworkResult r = evaluateNetwork(tiny(), twoRelus(), fast(FusionMode::ProducerConsumer), pool);
        QCOMPARE(r.cycles, 32.0);
        QCOMPARE(r.energyPj, 27136.0);
        QCOMPARE(r.dramBytes, 512.0);
        QCOMPARE(r.dramBytesUnfused, 1024.0);
        QCOMPARE(r.activationBytesSaved, std::int64_t(512));
        QVERIFY(r.ops[1].overlapped);
    }

    void batchScalesTheWork() {
        // Batch 4: four times the elements and bytes, so four times the cycles and energy; throughput
        // per inference is unchanged for this DRAM-bound network.
        ThreadPool pool(1);
        const NetworkResult one = evaluateNetwork(tiny(), twoRelus(), fast(FusionMode::None, 1), pool);
        const NetworkResult four = evaluateNetwork(tiny(), twoRelus(), fast(FusionMode::None, 4), pool);
        QCOMPARE(four.cycles, 4 * one.cycles);
        QCOMPARE(four.energyPj, 4 * one.energyPj);
        QCOMPARE(four.throughput, one.throughput);
        QCOMPARE(four.batch, std::int64_t(4));
    }

    void depthwiseRunsWhereItIsFaster() {
        // A 16x16 array that reduces C down its rows and spreads K across (a systolic array), under a
        // 16-lane vector unit. A depthwise 3x3 conv over 16 channels of 8x8 has C = K = 1 per group: on
        // the array one MAC unit works, 16 x 64 x 9 = 9216 cycles; on the vector unit 9216 / 16 = 576.
        Architecture a = tiny();
        a.levels[1].meshX = a.levels[1].meshY = 16;
        a.levels[1].spatialDimsX = 1u << static_cast<int>(Dim::C);
        a.levels[1].spatialDimsY = 1u << static_cast<int>(Dim::K);
        a.levels[0].readBandwidth = a.levels[0].writeBandwidth = 0;  // unlimited: compute decides
        const std::string text = R"({"format":"accelscope-workload","version":1,"name":"dw","source":"test","batch":1,
          "inputs":[{"name":"x","shape":[1,16,10,10]}],
          "ops":[{"name":"dw","kind":"conv","inputs":["x"],"N":1,"C":16,"K":16,"H":10,"W":10,"P":8,"Q":8,"R":3,"S":3,
                  "stride":[1,1],"padding":[0,0],"dilation":[1,1],"groups":16}]})";
        ThreadPool pool(1);
        const NetworkResult r = evaluateNetwork(a, parseWorkload(text, "dw.json"), fast(FusionMode::None), pool);
        QVERIFY(r.ops[0].unit == OpUnit::Vector);
        QCOMPARE(r.ops[0].cycles, 576.0);
        QCOMPARE(r.ops[0].category, std::string("depthwise conv"));
        a.vector.lanes = 4;  // 2304 cycles on 4 lanes: still faster than the array's 9216
        QCOMPARE(evaluateNetwork(a, parseWorkload(text, "dw.json"), fast(FusionMode::None), pool).ops[0].cycles, 2304.0);
    }

    void suitesUseTheWeightedGeometricMean() {
        QCOMPARE(weightedGeometricMean({2, 8}, {1, 1}), 4.0);               // sqrt(16)
        QCOMPARE(weightedGeometricMean({2, 8}, {3, 1}), std::pow(2.0, 1.5));  // (2^3 x 8)^(1/4) = 2^(6/4)
        QCOMPARE(weightedGeometricMean({5}, {7}), 5.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, weightedGeometricMean({1, 0}, {1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, weightedGeometricMean({1, 2}, {1}));
    }

    void efficientNetDepthwiseBottleneckOnTpu() {
        // FAST: on TPU-v3, EfficientNet's depthwise convs take a share of the runtime many times their
        // share of the FLOPs. Here: the MXU cannot unroll groups, so depthwise runs on the vector unit
        // at 1/32 of the MXU's MAC rate. (Systolic timing slows EfficientNet's narrow regular convs
        // too — a 7x7 layer streams 49 pixels per 128-cycle weight preload — which dilutes the share:
        // about 2.5x since then, 4.1x before; FAST measured about 13x on a real TPU-v3.)
        const Architecture tpu = loadArchitectureByNameOrPath("tpu_v3_like");
        const Workload w = loadWorkloadByNameOrPath("efficientnet_b0");
        ThreadPool pool(2);
        const NetworkResult r = evaluateNetwork(tpu, w, fast(FusionMode::ProducerConsumer), pool);
        QVERIFY(r.complete);
        const BottleneckRow* dw = row(r, "depthwise conv");
        QVERIFY(dw);
        QCOMPARE(dw->ops, 16);
        QVERIFY2(dw->cycleShare >= 2 * dw->macShare,
                 qPrintable(QString("depthwise: %1% of MACs, %2% of time").arg(100 * dw->macShare).arg(100 * dw->cycleShare)));
    }

    void fusionSavesDramTrafficOnTheShippedNetworks() {
        const Architecture tpu = loadArchitectureByNameOrPath("tpu_v3_like");
        ThreadPool pool(2);
        for (const char* name : {"efficientnet_b0", "bert_base_s128"}) {
            const Workload w = loadWorkloadByNameOrPath(name);
            const NetworkResult none = evaluateNetwork(tpu, w, fast(FusionMode::None), pool);
            const NetworkResult producer = evaluateNetwork(tpu, w, fast(FusionMode::ProducerConsumer), pool);
            const NetworkResult global = evaluateNetwork(tpu, w, fast(FusionMode::GlobalMemory), pool);
            QVERIFY(none.activationBytesSaved == 0);
            QVERIFY2(producer.dramBytes < none.dramBytes, name);
            QVERIFY2(global.dramBytes < producer.dramBytes, name);
            QVERIFY2(global.latencyS <= none.latencyS, name);
            QVERIFY2(global.energyPj < none.energyPj, name);
        }
    }

    void cliNetworkModeJson() {
        const auto r = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet18", "--budget", "2000",
                               "--fusion", "global", "--json"});
        QVERIFY2(r.status == 0, r.err.c_str());
        const auto j = nlohmann::json::parse(r.out);
        for (const char* key : {"latency_s", "energy_j", "tdp_w", "perf_per_tdp", "dram_bytes", "ops", "bottlenecks"})
            QVERIFY2(j.contains(key), key);
        for (const char* key : {"name", "kind", "groups", "macs", "cycles", "energy_pj", "dram_bytes", "bound"})
            QVERIFY2(j["ops"][0].contains(key), key);
        double cycles = 0;
        for (const auto& op : j["ops"]) cycles += op["cycles"].get<double>();
        QVERIFY(cycles >= j["cycles"].get<double>());  // fused ops overlap their producers

        const auto suite = runCli({"evaluate", "--arch", "nvdla_like", "--workload", "resnet18,mobilenet_v2", "--weights",
                                   "3,1", "--budget", "1000", "--baseline", "eyeriss_like", "--json"});
        QVERIFY2(suite.status == 0, suite.err.c_str());
        const auto s = nlohmann::json::parse(suite.out);
        QCOMPARE(s["workloads"].size(), std::size_t(2));
        const double a = s["workloads"][0]["perf_per_tdp"].get<double>(), b = s["workloads"][1]["perf_per_tdp"].get<double>();
        QCOMPARE(s["suite"]["geomean_perf_per_tdp"].get<double>(), std::pow(a * a * a * b, 0.25));
        const double ra = s["workloads"][0]["baseline"]["perf_per_tdp_ratio"].get<double>();
        const double rb = s["workloads"][1]["baseline"]["perf_per_tdp_ratio"].get<double>();
        QCOMPARE(s["suite"]["geomean_perf_per_tdp_ratio"].get<double>(), std::pow(ra * ra * ra * rb, 0.25));

        const auto bad = runCli({"evaluate", "--arch", "eyeriss_like", "--workload", "resnet18", "--weights", "1,2"});
        QCOMPARE(bad.status, 2);
        QVERIFY(bad.err.find("--weights gives 2 weights for 1 workloads") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestNetworkModel)
#include "test_network_model.moc"
