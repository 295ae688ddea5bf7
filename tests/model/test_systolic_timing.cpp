// Systolic timing against SCALE-Sim v2: every record in tests/model/scalesim_records/*.json (layers
// SCALE-Sim simulated; SOURCE.txt there) is costed on the design SCALE-Sim simulates — DRAM, one SRAM
// partitioned into ifmap/filter/ofmap buffers, an R x C systolic array of single-MAC PEs — with the
// mapping SCALE-Sim uses (its operand matrices: Sr = ofmap pixels, Sc = filters, T = C*R*S):
//   os: rows take the Sr pixels (N, P, Q), columns the Sc filters (K), each PE streams T;
//   ws: rows take T (C, R, S), columns Sc, each PE streams the Sr pixels;
//   is: rows take T, columns Sr, each PE streams Sc.
// Compared with SCALE-Sim's own numbers (never with this model's earlier output):
//  - cycles equal SCALE-Sim's compute cycles exactly (nothing stalls in these records);
//  - folds equal SCALE-Sim's row_fold x col_fold;
//  - SRAM reads of ifmap and filter equal SCALE-Sim's (both count every operand entering the array's
//    edge, once per fold);
//  - DRAM reads equal SCALE-Sim's when its SRAMs hold the whole layer (each element once);
//  - outputs where the semantics differ (docs/cost_model.md, "Systolic arrays"): SCALE-Sim's os
//    counter adds rows + columns per fold to its ofmap writes (an artefact of its bookkeeping: its
//    DRAM writes are the Sr x Sc outputs), and it writes every partial sum through to DRAM in ws/is,
//    while this model's SRAM accumulates them and writes each output once.
// The fold timing itself is derived in model/systolic_timing.h from SCALE-Sim's demand matrices;
// the hand derivations below check it on a tiny array.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/scalesim_records.h"

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {
constexpr int W = 0, I = 1, O = 2;
int ix(Dim d) { return static_cast<int>(d); }

Systolic dataflowOf(const std::string& name) {
    Systolic s = Systolic::None;
    if (!systolicFromName(name, s)) qFatal("unknown dataflow %s", name.c_str());
    return s;
}

// SCALE-Sim's machine: DRAM -> SRAM (ifmap / filter / ofmap partitions, in 1-byte words) -> rows x
// columns systolic PEs, each keeping the stationary operand in one register.
Architecture scaleSimMachine(int rows, int columns, Systolic dataflow, std::int64_t ifmapKiB, std::int64_t filterKiB,
                             std::int64_t ofmapKiB, int wordBytes = 1) {
    Architecture a;
    a.name = "scalesim";
    const int bits = 8 * wordBytes;
    a.bits = {bits, bits, bits};
    StorageLevel dram;
    dram.name = "DRAM";
    dram.storageClass = StorageClass::Dram;
    dram.wordBits = bits;
    StorageLevel sram;
    sram.name = "SRAM";
    sram.wordBits = bits;
    sram.partitionWords = {filterKiB * 1024 / wordBytes, ifmapKiB * 1024 / wordBytes, ofmapKiB * 1024 / wordBytes};
    sram.capacityWords = (ifmapKiB + filterKiB + ofmapKiB) * 1024 / wordBytes;
    sram.meshX = columns;
    sram.meshY = rows;
    sram.systolic = dataflow;
    StorageLevel pe;
    pe.name = "PE";
    pe.storageClass = StorageClass::RegFile;
    pe.wordBits = bits;
    pe.capacityWords = 1;
    pe.keeps = {false, false, false};
    pe.keeps[static_cast<int>(stationaryTensor(dataflow))] = true;
    a.levels = {dram, sram, pe};
    return a;
}

// SCALE-Sim's mapping of a layer (see the top of this file).
Mapping scaleSimMapping(const ProblemShape& p, Systolic dataflow) {
    Mapping m;
    m.levelCount = 3;
    LevelMapping& array = m.levels[1];
    LevelMapping& pe = m.levels[2];
    const auto put = [&](DimFactors& f, std::initializer_list<Dim> dims) {
        for (Dim d : dims) f[ix(d)] = p[d];
    };
    const std::initializer_list<Dim> pixels{Dim::N, Dim::P, Dim::Q}, window{Dim::C, Dim::R, Dim::S}, filters{Dim::K};
    switch (dataflow) {
    case Systolic::OutputStationary: put(array.spatialY, pixels), put(array.spatialX, filters), put(pe.temporal, window); break;
    case Systolic::WeightStationary: put(array.spatialY, window), put(array.spatialX, filters), put(pe.temporal, pixels); break;
    default: put(array.spatialY, window), put(array.spatialX, pixels), put(pe.temporal, filters); break;
    }
    pe.keep = {false, false, false};
    pe.keep[static_cast<int>(stationaryTensor(dataflow))] = true;
    return m;
}


ProblemShape layerOf(const nlohmann::json& r) {
    const auto& l = r.at("layer");
    ProblemShape p;
    if (l.value("kind", "conv") == "gemm") {
        // SCALE-Sim turns a GEMM row (M, N, K) into a conv: an M x K ifmap, a 1 x K filter of one
        // channel, N filters, stride 1 (topology_utils.py, load_arrays_gemm): M pixels, N filters,
        // a window of K.
        const auto dim = [&](const char* upper, const char* lower) { return testsupport::gemmDim(l, upper, lower); };
        p[Dim::P] = dim("M", "m"), p[Dim::K] = dim("N", "n"), p[Dim::S] = dim("K", "k");
        return p;
    }
    const std::int64_t stride = l.at("stride").get<std::int64_t>();
    p[Dim::K] = l.at("num_filters").get<std::int64_t>();
    p[Dim::C] = l.at("channels").get<std::int64_t>();
    p[Dim::R] = l.at("filter_h").get<std::int64_t>();
    p[Dim::S] = l.at("filter_w").get<std::int64_t>();
    // SCALE-Sim sizes the ofmap without padding: (ifmap - filter) / stride + 1.
    p[Dim::P] = (l.at("ifmap_h").get<std::int64_t>() - p[Dim::R]) / stride + 1;
    p[Dim::Q] = (l.at("ifmap_w").get<std::int64_t>() - p[Dim::S]) / stride + 1;
    p.strideH = p.strideW = stride;
    return p;
}
}  // namespace

class TestSystolicTiming : public QObject {
    Q_OBJECT
private slots:
    void tinyOutputStationaryArrayByHand() {
        // A 2x2 os array, a 1x1 conv with 3 pixels (P3), K2, C4: Sr = 3 pixels over 2 rows = 2 row
        // folds, Sc = 2 filters = 1 column fold, T = 4. Each fold: the 4-long stream, skewed over
        // R-1 = 1 and C-1 = 1 cycles: 4 + 2 + 2 - 2 = 6 cycles; 2 folds = 12, less 1 (SCALE-Sim
        // counts to the last cycle's index) = 11.
        ProblemShape p;
        p[Dim::P] = 3, p[Dim::K] = 2, p[Dim::C] = 4;
        const Architecture a = scaleSimMachine(2, 2, Systolic::OutputStationary, 1, 1, 1);
        Evaluation e;
        QVERIFY2(evaluate(a, p, scaleSimMapping(p, Systolic::OutputStationary), e), describeInvalid(e, a).c_str());
        QCOMPARE(e.systolicFolds, std::int64_t(2));
        QCOMPARE(e.systolicStreamCycles, std::int64_t(4));
        QCOMPARE(e.systolicFillDrainCycles, std::int64_t(2));
        QCOMPARE(e.cycles, 11.0);
        // Weights are broadcast down the rows: read once per row fold, 2 folds x 4 x 2 = 16.
        QCOMPARE(e.levels[1].tensor[W].reads, 16.0);
        // Inputs differ per row (pixel): 3 pixels x 4 channels = 12, once (one column fold).
        QCOMPARE(e.levels[1].tensor[I].reads, 12.0);
        // MACs are not padded by the folds: 3 x 2 x 4 = 24.
        QCOMPARE(e.paddedMacs, std::int64_t(24));
    }

    void tinyWeightStationaryArrayByHand() {
        // A 2x2 ws array, the same layer: rows take C4 (2 row folds), columns K2 (1), each PE streams
        // the 3 pixels. A fold: 2 cycles to preload weights, the 3-long stream, skew over 1 row and
        // drain over 1 column: 2 + 3 + 2 + 2 - 2 = 7; 2 folds = 14 - 1 = 13.
        ProblemShape p;
        p[Dim::P] = 3, p[Dim::K] = 2, p[Dim::C] = 4;
        const Architecture a = scaleSimMachine(2, 2, Systolic::WeightStationary, 1, 1, 1);
        Evaluation e;
        QVERIFY2(evaluate(a, p, scaleSimMapping(p, Systolic::WeightStationary), e), describeInvalid(e, a).c_str());
        QCOMPARE(e.cycles, 13.0);
        // Partial sums leave each row fold: 2 folds x 3 pixels x 2 filters = 12 updates of the SRAM.
        QCOMPARE(e.levels[1].tensor[O].updates, 12.0);
        // Inputs are broadcast across the columns: 4 channels x 3 pixels once (one column fold).
        QCOMPARE(e.levels[1].tensor[I].reads, 12.0);
    }

    void doubleBufferedArrayOverlapsFolds() {
        // The ws layer above on a double-buffered array: the second fold's 2-cycle preload hides behind
        // the first fold's 3-long stream, and its stream follows at once: preload 2 + one period
        // max(3, 2) = 3 + the last stream 3 + skew 1 + drain 1, less 1 = 9 (13 without overlap).
        ProblemShape p;
        p[Dim::P] = 3, p[Dim::K] = 2, p[Dim::C] = 4;
        Architecture a = scaleSimMachine(2, 2, Systolic::WeightStationary, 1, 1, 1);
        a.levels[1].systolicDoubleBuffered = true;
        Evaluation e;
        QVERIFY(evaluate(a, p, scaleSimMapping(p, Systolic::WeightStationary), e));
        QCOMPARE(e.cycles, 9.0);
        // A 1-pixel stream is shorter than the preload: each further fold waits for its weights.
        // 2 + max(1, 2) + 1 + 1 + 1 - 1 = 6.
        p[Dim::P] = 1;
        QVERIFY(evaluate(a, p, scaleSimMapping(p, Systolic::WeightStationary), e));
        QCOMPARE(e.cycles, 6.0);
        // os (outputs drain while the next fold streams): P3 K2 C4 as in the os case above, 2 folds of
        // stream 4: max(4, 2) + 4 + 1 + 1 - 1 = 9 (11 without overlap).
        p[Dim::P] = 3;
        a = scaleSimMachine(2, 2, Systolic::OutputStationary, 1, 1, 1);
        a.levels[1].systolicDoubleBuffered = true;
        QVERIFY(evaluate(a, p, scaleSimMapping(p, Systolic::OutputStationary), e));
        QCOMPARE(e.cycles, 9.0);
    }

    void streamExtendsOverLoopsThatKeepTheStationaryTile() {
        // A ws array whose mapping puts a pixel loop (irrelevant to weights) at the array's own level:
        // the weights stay, so the stream lengthens instead of adding folds. 2x2 array, K2 C2 P6:
        // PE streams P3, the array's level loops P2: one fold of stream 6: 2 + 6 + 2 + 2 - 2 = 10 - 1.
        ProblemShape p;
        p[Dim::P] = 6, p[Dim::K] = 2, p[Dim::C] = 2;
        const Architecture a = scaleSimMachine(2, 2, Systolic::WeightStationary, 1, 1, 1);
        Mapping m = scaleSimMapping(p, Systolic::WeightStationary);
        m.levels[2].temporal[ix(Dim::P)] = 3;
        m.levels[1].temporal[ix(Dim::P)] = 2;
        Evaluation e;
        QVERIFY(evaluate(a, p, m, e));
        QCOMPARE(e.systolicFolds, std::int64_t(1));
        QCOMPARE(e.systolicStreamCycles, std::int64_t(6));
        QCOMPARE(e.cycles, 9.0);
        // A loop over K at that level changes the weights: two folds of stream 3 (8 cycles each) - 1.
        m.levels[1].temporal[ix(Dim::P)] = 1, m.levels[2].temporal[ix(Dim::P)] = 6;
        m.levels[1].spatialX[ix(Dim::K)] = 1, m.levels[1].temporal[ix(Dim::K)] = 2;
        m.levels[2].temporal[ix(Dim::P)] = 3, m.levels[0].temporal[ix(Dim::P)] = 2;
        QVERIFY(evaluate(a, p, m, e));
        QCOMPARE(e.systolicFolds, std::int64_t(4));  // K2 at the array x P2 at DRAM (the K loop stops the run)
        QCOMPARE(e.systolicStreamCycles, std::int64_t(3));
        QCOMPARE(e.cycles, 4.0 * (3 + 2 + 2 + 2 - 2) - 1);
    }

    void scaleSimRecords_data() {
        testsupport::addScalesimRecordRows();
    }

    void scaleSimRecords() {
        QFETCH(int, index);
        const nlohmann::json r = testsupport::scalesimRecords()[static_cast<std::size_t>(index)];
        const Systolic dataflow = dataflowOf(r.at("dataflow").get<std::string>());
        const auto& kib = r.at("sim_config").at("sram_kB");
        Architecture a = scaleSimMachine(r.at("array")[0].get<int>(), r.at("array")[1].get<int>(), dataflow,
                                               kib.at("ifmap").get<std::int64_t>(), kib.at("filter").get<std::int64_t>(),
                                               kib.at("ofmap").get<std::int64_t>(),
                                               r.at("sim_config").value("word_bytes", 1));
        const ProblemShape p = layerOf(r);
        QCOMPARE(p.macs(), r.at("macs").get<std::int64_t>());
        // SCALE-Sim streams a layer its SRAMs cannot hold (its compute cycles do not depend on their
        // size); the whole-layer mapping then needs an SRAM that holds it, and DRAM counts, which
        // then depend on SCALE-Sim's prefetch order, are not compared.
        const bool fits = p.tensorSize(Tensor::Weights) <= a.levels[1].partitionWords[W] &&
                          p.tensorSize(Tensor::Inputs) <= a.levels[1].partitionWords[I] &&
                          p.tensorSize(Tensor::Outputs) <= a.levels[1].partitionWords[O];
        if (!fits) {
            a.levels[1].partitionWords = {0, 0, 0};
            a.levels[1].capacityWords = 0;
        }
        Evaluation e;
        QVERIFY2(evaluate(a, p, scaleSimMapping(p, dataflow), e), describeInvalid(e, a).c_str());

        const auto num = [&](const char* key) { return r.at(key).get<double>(); };
        QCOMPARE(e.cycles, num("compute_cycles"));
        QCOMPARE(e.systolicFolds, r.at("folds").at("row_fold").get<std::int64_t>() * r.at("folds").at("col_fold").get<std::int64_t>());
        const auto& sram = e.levels[1].tensor;
        const auto& dram = e.levels[0].tensor;
        // SCALE-Sim reads every im2col element at the array's edge; in an is array whose rows hold
        // several filter taps, PEs that need the same input element get it from one read here.
        if (dataflow == Systolic::InputStationary && (p[Dim::R] > 1 || p[Dim::S] > 1) && r.at("layer").value("kind", "conv") != "gemm")
            QVERIFY(sram[I].reads <= num("sram_ifmap_reads"));
        else
            QCOMPARE(sram[I].reads, num("sram_ifmap_reads"));
        QCOMPARE(sram[W].reads, num("sram_filter_reads"));
        // Outputs (see the top of this file): the outputs themselves reach DRAM once each.
        const double outputs = static_cast<double>(p[Dim::N] * p[Dim::K] * p[Dim::P] * p[Dim::Q]);
        QCOMPARE(dram[O].updates, outputs);
        if (fits) {
            // A stride longer than the filter skips input rows (a 1x1 stride-2 conv): SCALE-Sim fetches
            // the pixels its windows use, this model (as Timeloop) the span they cover.
            if (p.strideH > p[Dim::R] || p.strideW > p[Dim::S])
                QVERIFY(dram[I].reads >= num("dram_ifmap_reads"));
            else
                QCOMPARE(dram[I].reads, num("dram_ifmap_reads"));
            QCOMPARE(dram[W].reads, num("dram_filter_reads"));
        }
        const std::int64_t rows = r.at("array")[0].get<int>(), columns = r.at("array")[1].get<int>();
        if (dataflow == Systolic::OutputStationary) {
            // SCALE-Sim's os ofmap writes: the Sr x Sc outputs plus (rows + columns) per fold.
            QCOMPARE(sram[O].updates + static_cast<double>(e.systolicFolds * (rows + columns)), num("sram_ofmap_writes"));
            if (fits) QCOMPARE(dram[O].updates, num("dram_ofmap_writes"));
        } else {
            // ws/is: a partial sum per output per row fold, as SCALE-Sim writes them into its SRAM.
            QCOMPARE(sram[O].updates, num("sram_ofmap_writes"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSystolicTiming)
#include "test_systolic_timing.moc"
