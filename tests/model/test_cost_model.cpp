// The cost model on nests small enough to derive by hand; each expected number is derived in the
// comment next to it.
#include <QtTest>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "model/sliding_window.h"
#include "support/arch_builders.h"

using namespace accelscope;
using testsupport::testLevel;

namespace {
constexpr int W = 0, I = 1, O = 2;
int ix(Dim d) { return static_cast<int>(d); }


Architecture twoLevel(std::int64_t rfWords = 64, int fanout = 1) {
    Architecture a;
    a.name = "dram-rf";
    a.levels = {testLevel("DRAM", 0, fanout), testLevel("RF", rfWords)};
    a.compute.macPj = 0.5;
    return a;
}

void order(LevelMapping& lm, std::initializer_list<Dim> outermostFirst) {
    std::array<Dim, kNumDims> o{};
    int n = 0;
    for (Dim d : outermostFirst) o[n++] = d;
    for (Dim d : kAllDims)
        if (std::find(outermostFirst.begin(), outermostFirst.end(), d) == outermostFirst.end()) o[n++] = d;
    lm.order = o;
}

// 1-D conv: K2 C2 P4 R3, stride 1: weights 2*2*3 = 12, inputs 2*(4+3-1) = 12, outputs 2*4 = 8,
// MACs 2*2*4*3 = 48.
ProblemShape smallConv() {
    ProblemShape p;
    p[Dim::K] = 2, p[Dim::C] = 2, p[Dim::P] = 4, p[Dim::R] = 3;
    return p;
}
}  // namespace

class TestCostModel : public QObject {
    Q_OBJECT
private slots:
    void oneLevelReadsEveryOperandOncePerMac() {
        // DRAM feeds the MAC directly: each of the 48 MACs reads one weight and one input and updates
        // one output; the first update of each of the 8 outputs needs no read: 48 - 8 = 40 reads.
        Architecture a;
        a.levels = {testLevel("DRAM", 0)};
        Mapping m;
        m.levelCount = 1;
        m.levels[0].temporal = {1, 1, 2, 2, 4, 1, 3, 1};
        Evaluation e;
        QVERIFY(evaluate(a, smallConv(), m, e));
        QCOMPARE(e.usefulMacs, std::int64_t(48));
        QCOMPARE(e.levels[0].tensor[W].reads, 48.0);
        QCOMPARE(e.levels[0].tensor[I].reads, 48.0);
        QCOMPARE(e.levels[0].tensor[O].updates, 48.0);
        QCOMPARE(e.levels[0].tensor[O].reads, 40.0);
        QCOMPARE(e.cycles, 48.0);
        QCOMPARE(e.levels[0].tensor[I].tileWords, std::int64_t(12));
    }

    void outputStationary() {
        // DRAM: for K in [0:2) / for P in [0:4); RF: for C in [0:2) / for R in [0:3).
        // RF tiles: one output, weights C2 x R3 = 6 (one k), inputs C2 x 3 rows = 6.
        Mapping m;
        m.levelCount = 2;
        m.levels[0].temporal[ix(Dim::K)] = 2, m.levels[0].temporal[ix(Dim::P)] = 4;
        order(m.levels[0], {Dim::K, Dim::P});
        m.levels[1].temporal[ix(Dim::C)] = 2, m.levels[1].temporal[ix(Dim::R)] = 3;
        order(m.levels[1], {Dim::C, Dim::R});
        Evaluation e;
        QVERIFY(evaluate(twoLevel(), smallConv(), m, e));
        const auto& rf = e.levels[1].tensor;
        const auto& dram = e.levels[0].tensor;
        // Weights: P (inner) is irrelevant, so the 6 weights of one k stay; the K step loads 6 more.
        QCOMPARE(rf[W].fills, 12.0);
        QCOMPARE(dram[W].reads, 12.0);
        QCOMPARE(rf[W].reads, 48.0);
        // Inputs: each P step slides the 3-row window by one row: 2 new words (one per channel), 3
        // steps per k; the K step jumps back to row 0 (no overlap with rows 3..5): 6 words.
        // 6 + 2 x (3 x 2) + 6 = 24: every input is read twice, once per k.
        QCOMPARE(rf[I].fills, 24.0);
        QCOMPARE(dram[I].reads, 24.0);
        // Outputs never leave the RF before they are complete: 8 drains, no partial-sum refetch.
        QCOMPARE(rf[O].updates, 48.0);
        QCOMPARE(rf[O].reads, 40.0);
        QCOMPARE(rf[O].fills, 0.0);
        QCOMPARE(dram[O].updates, 8.0);
        QCOMPARE(dram[O].reads, 0.0);
    }

    void weightStationaryTradesInputsForPartialSums() {
        // DRAM: for C in [0:2) / for K in [0:2); RF: for R in [0:3) / for P in [0:4).
        // RF tiles: weights R3 = 3 (one k, c), inputs one channel's 6 rows, outputs one k's 4 outputs.
        Mapping m;
        m.levelCount = 2;
        m.levels[0].temporal[ix(Dim::C)] = 2, m.levels[0].temporal[ix(Dim::K)] = 2;
        order(m.levels[0], {Dim::C, Dim::K});
        m.levels[1].temporal[ix(Dim::R)] = 3, m.levels[1].temporal[ix(Dim::P)] = 4;
        order(m.levels[1], {Dim::R, Dim::P});
        Evaluation e;
        QVERIFY(evaluate(twoLevel(), smallConv(), m, e));
        const auto& rf = e.levels[1].tensor;
        const auto& dram = e.levels[0].tensor;
        QCOMPARE(rf[W].fills, 12.0);  // 4 (c, k) pairs x 3 weights: every weight once
        // K (inner) is irrelevant to inputs: a channel's 6 inputs stay for both k: 2 x 6, each once.
        QCOMPARE(rf[I].fills, 12.0);
        QCOMPARE(dram[I].reads, 12.0);
        // Outputs: a new k every step: 4 tiles x 4 outputs = 16 drains of 8 distinct outputs, so the
        // second channel re-fetches 8 partial sums; DRAM reads back 16 - 8 = 8.
        QCOMPARE(rf[O].fills, 8.0);
        QCOMPARE(dram[O].updates, 16.0);
        QCOMPARE(dram[O].reads, 8.0);
        QCOMPARE(rf[O].updates, 48.0);
    }

    void stridedInputFootprint() {
        // Rows touched by P outputs and R filter rows: (P-1)*stride + (R-1)*dilation + 1 when the
        // windows touch; P*R disjoint rows when stride > R; enumerated otherwise.
        QCOMPARE(slidingCount(4, 3, 2, 1), std::int64_t(9));   // 3*2 + 2 + 1
        QCOMPARE(slidingCount(4, 1, 2, 1), std::int64_t(4));   // 1x1 stride 2: rows 0, 2, 4, 6
        QCOMPARE(slidingCount(4, 3, 1, 2), std::int64_t(8));   // 3 + 2*2 + 1
        QCOMPARE(slidingCount(4, 3, 2, 2), std::int64_t(6));   // 2(p + r), p + r in 0..5
        QCOMPARE(slidingCount(3, 2, 4, 1), std::int64_t(6));   // {0,1,4,5,8,9}
        QCOMPARE(slidingOverlap(4, 1, 2, 1, 2), std::int64_t(3));  // {0,2,4,6} and {2,4,6,8}
        QCOMPARE(slidingOverlap(3, 2, 4, 1, 1), std::int64_t(3));  // {0,1,4,5,8,9} and {1,2,5,6,9,10}
        QCOMPARE(slidingOverlap(4, 3, 2, 1, 2), std::int64_t(7));  // rows 0..8 and 2..10
        QCOMPARE(slidingOverlap(4, 3, 2, 2, 2), std::int64_t(5));  // {0..10 even} and {2..12 even}

        // A stride-2 3x3 conv, P = Q = 4, C = 2: the whole input tile is 2 x 9 x 9 = 162 words.
        ProblemShape p;
        p[Dim::C] = 2, p[Dim::P] = 4, p[Dim::Q] = 4, p[Dim::R] = 3, p[Dim::S] = 3;
        p.strideH = p.strideW = 2;
        Architecture a;
        a.levels = {testLevel("DRAM", 0)};
        Mapping m;
        m.levelCount = 1;
        m.levels[0].temporal = {1, 1, 1, 2, 4, 4, 3, 3};
        Evaluation e;
        QVERIFY(evaluate(a, p, m, e));
        QCOMPARE(e.levels[0].tensor[I].tileWords, std::int64_t(162));
        QCOMPARE(e.levels[0].tensor[I].tileWords, p.tensorSize(Tensor::Inputs));
    }

    void paddingWasteIsCounted() {
        // K = 5 mapped as 2 x 3 = 6: 6/5 of the MACs run; a sixth of them are padding.
        ProblemShape p;
        p[Dim::K] = 5, p[Dim::C] = 4;
        Mapping m;
        m.levelCount = 2;
        m.levels[0].temporal[ix(Dim::K)] = 2;
        m.levels[1].temporal[ix(Dim::K)] = 3, m.levels[1].temporal[ix(Dim::C)] = 4;
        Evaluation e;
        QVERIFY(evaluate(twoLevel(), p, m, e));
        QCOMPARE(e.usefulMacs, std::int64_t(20));
        QCOMPARE(e.paddedMacs, std::int64_t(24));
        QCOMPARE(e.macPj, 24 * 0.5);
        QCOMPARE(e.utilization, 20.0 / 24.0);

        m.levels[1].temporal[ix(Dim::K)] = 2;  // 2 x 2 = 4 < 5
        QVERIFY(!evaluate(twoLevel(), p, m, e));
        QCOMPARE(e.invalid, Invalid::Coverage);
        QVERIFY(describeInvalid(e, twoLevel()).find("K multiply to 4, less than the layer's 5") != std::string::npos);
    }

    void capacityIsEnforced() {
        // RF of 8 words: the output-stationary tiles need 1 + 6 + 6 = 13.
        Mapping m;
        m.levelCount = 2;
        m.levels[0].temporal[ix(Dim::K)] = 2, m.levels[0].temporal[ix(Dim::P)] = 4;
        m.levels[1].temporal[ix(Dim::C)] = 2, m.levels[1].temporal[ix(Dim::R)] = 3;
        Evaluation e;
        const Architecture small = twoLevel(8);
        QVERIFY(!evaluate(small, smallConv(), m, e));
        QCOMPARE(e.invalid, Invalid::Capacity);
        QCOMPARE(describeInvalid(e, small), std::string("level \"RF\": the tiles need 13 words, more than its capacity of 8"));
        QVERIFY(evaluate(twoLevel(13), smallConv(), m, e));
    }

    void multicastAndSpatialReduction() {
        // DRAM fans out to 4 RFs. Spatial K4: the 4 PEs need the same inputs (K is irrelevant to
        // inputs), one DRAM read feeds all four. Problem K4 C2 P4 (R1): inputs 2 x 4 = 8 words.
        ProblemShape p;
        p[Dim::K] = 4, p[Dim::C] = 2, p[Dim::P] = 4;
        Mapping m;
        m.levelCount = 2;
        m.levels[0].spatialX[ix(Dim::K)] = 4;
        m.levels[1].temporal[ix(Dim::C)] = 2, m.levels[1].temporal[ix(Dim::P)] = 4;
        Evaluation e;
        Architecture a = twoLevel(64, 4);
        QVERIFY(evaluate(a, p, m, e));
        QCOMPARE(e.levels[1].utilizedInstances, std::int64_t(4));
        QCOMPARE(e.levels[1].tensor[I].fills, 32.0);  // 4 PEs x 8 words
        QCOMPARE(e.levels[0].tensor[I].reads, 8.0);   // multicast: 8 words read once
        QCOMPARE(e.levels[0].tensor[W].reads, 8.0);   // weights differ per PE: 4 x (C2) = 8
        a.levels[0].multicast = false;
        QVERIFY(evaluate(a, p, m, e));
        QCOMPARE(e.levels[0].tensor[I].reads, 32.0);

        // Spatial C2 (a reduction dim of the outputs): two PEs' partial sums are added on the way up.
        Mapping r;
        r.levelCount = 2;
        r.levels[0].spatialX[ix(Dim::C)] = 2;
        r.levels[1].temporal[ix(Dim::K)] = 4, r.levels[1].temporal[ix(Dim::P)] = 4;
        a = twoLevel(64, 4);
        QVERIFY(evaluate(a, p, r, e));
        QCOMPARE(e.levels[1].tensor[O].updates, 32.0);  // 2 PEs x 16 MACs each
        QCOMPARE(e.levels[0].tensor[O].updates, 16.0);  // 2 x 16 drains reduced pairwise
        a.levels[0].spatialReduction = false;
        QVERIFY(evaluate(a, p, r, e));
        QCOMPARE(e.levels[0].tensor[O].updates, 32.0);
        QCOMPARE(e.levels[0].tensor[O].reads, 16.0);  // DRAM accumulates: 32 updates of 16 outputs
    }

    void fanoutDimsAreHardware() {
        // A fan-out that can only unroll K (like a systolic array's columns) rejects spatial C.
        ProblemShape p;
        p[Dim::K] = 4, p[Dim::C] = 2, p[Dim::P] = 4;
        Architecture a = twoLevel(64, 4);
        a.levels[0].spatialDimsX = 1u << ix(Dim::K);
        Mapping m;
        m.levelCount = 2;
        m.levels[0].spatialX[ix(Dim::C)] = 2;
        m.levels[1].temporal[ix(Dim::K)] = 4, m.levels[1].temporal[ix(Dim::P)] = 4;
        Evaluation e;
        QVERIFY(!evaluate(a, p, m, e));
        QCOMPARE(e.invalid, Invalid::SpatialDim);
        QCOMPARE(describeInvalid(e, a), std::string("level \"DRAM\": its fan-out cannot unroll C over x"));
        m.levels[0].spatialX[ix(Dim::C)] = 1, m.levels[0].spatialX[ix(Dim::K)] = 4;
        m.levels[1].temporal[ix(Dim::K)] = 1, m.levels[1].temporal[ix(Dim::C)] = 2;
        QVERIFY(evaluate(a, p, m, e));
    }

    void bandwidthBoundAndRoofline() {
        // 48 MACs straight from DRAM at 2 words/cycle read: 48 + 48 + 40 = 136 reads -> 68 cycles,
        // more than the 48 compute cycles: DRAM binds. Intensity: 48 MACs over (136 reads + 48 updates)
        // x 2 bytes = 368 bytes.
        Architecture a;
        a.levels = {testLevel("DRAM", 0)};
        a.levels[0].readBandwidth = 2;
        Mapping m;
        m.levelCount = 1;
        m.levels[0].temporal = {1, 1, 2, 2, 4, 1, 3, 1};
        Evaluation e;
        QVERIFY(evaluate(a, smallConv(), m, e));
        QCOMPARE(e.cycles, 68.0);
        QCOMPARE(e.roofline.bound, Bound::Level);
        QCOMPARE(e.roofline.boundLevel, 0);
        QCOMPARE(e.roofline.dramBytes, 368.0);
        QCOMPARE(e.roofline.operationalIntensity, 48.0 / 368.0);
        QCOMPARE(e.roofline.achievedMacsPerCycle, 48.0 / 68.0);
        QCOMPARE(e.roofline.attainableMacsPerCycle, 48.0 / 68.0);
        // Average power: (136 + 48) accesses x 1 pJ over 68 cycles at 1 GHz = 2.706 mW.
        QCOMPARE(averagePowerW(a, e), 184.0 / 68.0 * 1e-3);
        a.levels[0].readBandwidth = 4;  // 34 cycles < 48: compute binds
        QVERIFY(evaluate(a, smallConv(), m, e));
        QCOMPARE(e.cycles, 48.0);
        QCOMPARE(e.roofline.bound, Bound::Compute);
    }

    void widePartialSumsTakeSeveralWords() {
        // 8-bit weights, 16-bit activations (DRAM outputs are requantised to them), 32-bit partial sums;
        // an 8-bit-word DRAM writing 2 words per cycle: the 48 output updates of the one-level nest are
        // 48 x 2 = 96 words, 48 cycles; an 8-bit-word RF below keeps 32-bit partial sums as 4 words.
        Architecture a;
        a.bits = {8, 16, 32};
        a.levels = {testLevel("DRAM", 0)};
        a.levels[0].wordBits = 8;
        a.levels[0].writeBandwidth = 2;
        Mapping m;
        m.levelCount = 1;
        m.levels[0].temporal = {1, 1, 2, 2, 4, 1, 3, 1};
        Evaluation e;
        QVERIFY(evaluate(a, smallConv(), m, e));
        QCOMPARE(e.levels[0].tensor[O].updates, 48.0);  // still reported in elements
        a.levels[0].writeBandwidth = 1;                   // 96 words at 1 per cycle: 96 cycles
        QVERIFY(evaluate(a, smallConv(), m, e));
        QCOMPARE(e.cycles, 96.0);
        // reads: 48 weights (1 word) + 48 inputs x 2 + 40 partial sums x 2; writes: 48 x 2 words.
        QCOMPARE(e.levels[0].accessPj, 48.0 + 96.0 + 80.0 + 96.0);
        // On chip, partial sums keep 32 bits: an 8-bit-word RF under the DRAM moves them as 4 words.
        Architecture b = twoLevel(256);
        b.bits = {8, 16, 32};
        b.levels[1].wordBits = 8;
        Mapping two;
        two.levelCount = 2;
        two.levels[1].temporal = {1, 1, 2, 2, 4, 1, 3, 1};
        QVERIFY(evaluate(b, smallConv(), two, e));
        // RF: 48 weight reads x 1 + 48 input reads x 2 + 40 psum reads x 4 + fills (12 x 1 + 12 x 2) +
        // 48 psum updates x 4, at 1 pJ per word.
        QCOMPARE(e.levels[1].accessPj, 48.0 + 96.0 + 160.0 + 12.0 + 24.0 + 192.0);
    }

    void peakPowerIsFullActivity() {
        // One MAC unit (0.5 pJ) under a DRAM that reads 2 and writes 1 word per cycle at 1 pJ each,
        // leaking 0.25 pJ per cycle, at 1 GHz: 0.5 + 2 + 1 + 0.25 = 3.75 pJ/cycle = 3.75 mW.
        Architecture a;
        a.levels = {testLevel("DRAM", 0)};
        a.levels[0].readBandwidth = 2;
        a.levels[0].writeBandwidth = 1;
        a.levels[0].leakPjPerCycle = 0.25;
        a.compute.macPj = 0.5;
        QCOMPARE(peakPowerW(a), 3.75e-3);
        QCOMPARE(leakagePowerW(a), 0.25e-3);
        a.clockGHz = 2;  // twice the clock, twice the power
        QCOMPARE(peakPowerW(a), 7.5e-3);
    }

    // Ports at their bandwidth, links at what their child can take (power.h), by hand:
    //   16 MACs at 1 pJ                                                    16
    //   DRAM: one shared port of 4 words at the dearer of 2 and 3 pJ       12
    //   buffer: reads 8 x 1 pJ + writes 4 x 1.5 pJ                         14
    //   buffer -> 4 x 4 PEs: each link 3 words (one per tensor) x 0.5 pJ   24
    //   16 PE register files, unlimited: each reads 1 word (1 lane, keeps
    //   weights only) at 0.2 pJ                                             3.2
    // = 69.2 pJ per cycle at 1 GHz = 69.2 mW. The buffer's fan-out does not multiply its port.
    void peakPowerCountsPortsAndLinks() {
        Architecture a;
        a.levels = {testLevel("DRAM", 0), testLevel("Buffer", 1024), testLevel("PE", 4)};
        a.levels[0].sharedBandwidth = 4;
        a.levels[0].energy = {2, 2, 3, 1, 1};
        a.levels[1].readBandwidth = 8;
        a.levels[1].writeBandwidth = 4;
        a.levels[1].energy = {1, 1.5, 1.5, 1, 1};
        a.levels[1].meshX = a.levels[1].meshY = 4;
        a.levels[1].networkPjPerWord = 0.5;
        a.levels[2].keeps = {true, false, false};
        a.levels[2].energy = {0.2, 0.2, 0.2, 1, 1};
        a.compute.macPj = 1;
        const PeakPowerBreakdown b = peakPowerBreakdown(a);
        QCOMPARE(b.levelAccessW[0], 12e-3);
        QCOMPARE(b.levelAccessW[1], 14e-3);
        QCOMPARE(b.levelNetworkW[1], 24e-3);
        QVERIFY(std::abs(b.levelAccessW[2] - 3.2e-3) < 1e-15);
        QVERIFY(std::abs(peakPowerW(a) - 69.2e-3) < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestCostModel)
#include "test_cost_model.moc"
