// SCALE-Sim v2 in and out (core/scalesim): the configs and topologies of tests/scalesim/ read as
// SCALE-Sim reads them; every file of bad_config/ and bad_topology/ refused with its message (file,
// line, field; the .expected beside it); the four SCALE-Sim records (tests/model/scalesim_records/)
// imported with the MACs, ofmaps and folds SCALE-Sim reports and a mapping that covers every dim;
// GEMM rows as SCALE-Sim converts them; depthwise rows; SRAMs too small for a layer split at fold
// boundaries; the export's rules; and import -> export -> import giving the same architecture,
// workload and mappings.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "mapping/mapping_io.h"
#include "model/layer_cost.h"
#include "scalesim/scalesim_export.h"
#include "scalesim/scalesim_import.h"
#include "support/files.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
using namespace accelscope::scalesim;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(ACCELSCOPE_TESTS_DIR) / "scalesim";
const fs::path kRecords = fs::path(ACCELSCOPE_TESTS_DIR) / "model" / "scalesim_records" / "records.json";

std::string config(const std::string& name) { return (kDir / "configs" / (name + ".cfg")).string(); }
std::string topology(const std::string& name) { return (kDir / "topologies" / (name + ".csv")).string(); }

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::path(ACCELSCOPE_BINARY_DIR) / "test_scalesim_io" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

int ix(Dim d) { return static_cast<int>(d); }
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The message InputError gives for `text` read as a config (or a topology); empty if it is accepted.
template <class Parse>
std::string refusal(Parse parse) {
    try {
        parse();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

// A config with small SRAMs (64 kB each) for the records' layers.
const char* kSmallSrams =
    "[general]\nrun_name = small\n[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: 64\n"
    "FilterSramSzkB: 64\nOfmapSramSzkB: 64\nIfmapOffset: 0\nFilterOffset: 10000000\nOfmapOffset: 20000000\n"
    "Dataflow : os\nBandwidth : 10\nMemoryBanks: 1\n[run_presets]\nInterfaceBandwidth: USER\n";

// Every bad-input file of a folder with its .expected message, at least 15 kinds of mistake.
void addBadRows(const fs::path& folder, const std::string& extension) {
    QVERIFY(testsupport::addCorpusRows(folder, extension) >= 15);
}

}  // namespace

class TestScalesimIo : public QObject {
    Q_OBJECT
private slots:
    void configsParse() {
        const ScalesimConfig os = loadScalesimConfig(config("sa32_os"));
        QCOMPARE(os.runName, std::string("sa32_os"));
        QCOMPARE(os.arrayRows, 32);
        QCOMPARE(os.arrayColumns, 32);
        QCOMPARE(os.ifmapSramKiB, 4096);
        QCOMPARE(os.filterSramKiB, 4096);
        QCOMPARE(os.ofmapSramKiB, 2048);
        QCOMPARE(os.filterOffset, 10000000);
        QCOMPARE(os.ofmapOffset, 20000000);
        QVERIFY(os.dataflow == Systolic::OutputStationary);
        QVERIFY(os.interfaceBandwidth == InterfaceBandwidth::Calc);
        QCOMPARE(os.bandwidthWordsPerCycle, std::vector<std::int64_t>{10});
        QCOMPARE(os.memoryBanks, 1);
        QCOMPARE(os.wordBytes, 1);
        QVERIFY(os.notes.empty());
        const ScalesimConfig ws = loadScalesimConfig(config("sa128_ws"));
        QCOMPARE(ws.arrayRows, 128);
        QVERIFY(ws.dataflow == Systolic::WeightStationary);
    }

    // configparser's rules: keys in any case, = or :, whole-line comments, %% for %; keys and sections
    // SCALE-Sim ignores give notes with their lines; the written config reads back the same.
    void configReadsAsScalesimDoes() {
        const std::string text = testsupport::slurp(kDir.parent_path() / "fuzz/corpus/scalesim_config/user_banks_layout.cfg");
        const ScalesimConfig c = parseScalesimConfig(text, "banks.cfg");
        QCOMPARE(c.runName, std::string("user_%_banks"));
        QCOMPARE(c.arrayRows, 16);
        QCOMPARE(c.arrayColumns, 8);
        QVERIFY(c.dataflow == Systolic::InputStationary);
        QVERIFY(c.interfaceBandwidth == InterfaceBandwidth::User);
        QCOMPARE(c.bandwidthWordsPerCycle, (std::vector<std::int64_t>{10, 20}));
        QCOMPARE(c.memoryBanks, 2);
        std::string notes;
        for (const auto& n : c.notes) notes += n + "\n";
        QVERIFY2(has(notes, "banks.cfg: line 25: FilterCustomLayout: SRAM bank layouts are not modelled"), notes.c_str());
        QVERIFY2(has(notes, "banks.cfg: line 36: SomethingNew is not a key of [run_presets]"), notes.c_str());
        QVERIFY2(has(notes, "banks.cfg: line 38: section [extras] is not one SCALE-Sim v2 reads; ignored"), notes.c_str());
        QVERIFY2(has(notes, "MemoryBanks 2: SCALE-Sim feeds its buffers at the first bank's Bandwidth"), notes.c_str());
        const ScalesimConfig again = parseScalesimConfig(writeScalesimConfig(c), "written.cfg");
        QCOMPARE(again.runName, c.runName);
        QCOMPARE(again.bandwidthWordsPerCycle, c.bandwidthWordsPerCycle);
        QCOMPARE(again.memoryBanks, c.memoryBanks);
        QVERIFY(again.dataflow == c.dataflow);
        // USER: the first bank's bandwidth is the DRAM's shared port, as SCALE-Sim feeds every buffer at it.
        const Architecture a = scalesimArchitecture(c, "banks.cfg");
        QCOMPARE(a.levels[0].sharedBandwidth, 10.0);
        QCOMPARE(a.levels[1].meshY, 16);
        QCOMPARE(a.levels[1].meshX, 8);
        QCOMPARE(a.levels[2].keeps, (std::array<bool, kNumTensors>{false, true, false}));
    }

    void topologiesParse() {
        const ScalesimTopology records = loadScalesimTopology(topology("records"));
        QVERIFY(records.kind == TopologyKind::Conv);
        QCOMPARE(records.name, std::string("records"));
        QCOMPARE(records.layers.size(), std::size_t{4});
        const TopologyLayer& cb = records.layers[0];
        QCOMPARE(cb.name, std::string("CB2a_2"));
        QCOMPARE(cb.line, 2);
        QCOMPARE(cb.ifmapHeight, 56);
        QCOMPARE(cb.filterWidth, 3);
        QCOMPARE(cb.channels, 64);
        QCOMPARE(cb.numFilters, 64);
        QCOMPARE(cb.ofmapHeight(), 54);
        QVERIFY(!cb.depthwise);

        // A byte order mark, CRLF, a blank line, SCALE-Sim's writer's nine-column header, a stride
        // across in the ninth column, a row without its trailing comma, a dense sparsity ratio.
        const ScalesimTopology mixed = loadScalesimTopology(topology("mixed"));
        QVERIFY(mixed.kind == TopologyKind::Conv);
        QCOMPARE(mixed.layers.size(), std::size_t{5});
        QCOMPARE(mixed.layers[0].name, std::string("Conv1"));
        QCOMPARE(mixed.layers[0].line, 3);
        QVERIFY(mixed.layers[1].depthwise);  // "CB_DP1": SCALE-Sim's depthwise row
        QCOMPARE(mixed.layers[2].strideHeight, 2);
        QCOMPARE(mixed.layers[2].strideWidth, 1);
        QCOMPARE(mixed.layers[2].ofmapHeight(), 15);
        QCOMPARE(mixed.layers[2].ofmapWidth(), 62);
        QCOMPARE(mixed.layers[3].name, std::string("no_trailing_comma"));
        QCOMPARE(mixed.layers[3].numFilters, 1024);
        QCOMPARE(mixed.layers[4].strideWidth, 1);

        // GEMM rows, stored as SCALE-Sim converts them: ifmap M x K, filter 1 x K, one channel, N filters.
        const ScalesimTopology gemm = loadScalesimTopology(topology("gemm"));
        QVERIFY(gemm.kind == TopologyKind::Gemm);
        QCOMPARE(gemm.layers.size(), std::size_t{3});
        const TopologyLayer& fc = gemm.layers[0];
        QCOMPARE(fc.gemmM, 128);
        QCOMPARE(fc.gemmN, 1000);
        QCOMPARE(fc.gemmK, 4096);
        QCOMPARE(fc.ifmapHeight, 128);
        QCOMPARE(fc.ifmapWidth, 4096);
        QCOMPARE(fc.filterHeight, 1);
        QCOMPARE(fc.filterWidth, 4096);
        QCOMPARE(fc.channels, 1);
        QCOMPARE(fc.numFilters, 1000);
        QCOMPARE(fc.ofmapHeight() * fc.ofmapWidth(), 128);
        QCOMPARE(gemm.layers[1].name, std::string("qkv"));
    }

    void badConfigsAreRefused_data() { addBadRows(kDir / "bad_config", ".cfg"); }
    void badConfigsAreRefused() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string path = file.toStdString();
        const std::string message = refusal([&] { loadScalesimConfig(path); });
        QVERIFY2(message.find(path + ": " + expected.toStdString()) != std::string::npos, message.c_str());
    }

    void badTopologiesAreRefused_data() { addBadRows(kDir / "bad_topology", ".csv"); }
    void badTopologiesAreRefused() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string path = file.toStdString();
        const std::string message = refusal([&] { loadScalesimTopology(path); });
        QVERIFY2(message.find(path + ": " + expected.toStdString()) != std::string::npos, message.c_str());
    }

    // Each record's layer (tests/model/scalesim_records/: any record dropped there), written as the
    // SCALE-Sim config and topology row it came from and imported: SCALE-Sim's MACs and ofmap, a
    // mapping that covers every dim exactly, SCALE-Sim's folds, and an evaluation with as many folds.
    void importMatchesTheRecords_data() {
        QTest::addColumn<int>("index");
        std::ifstream in(kRecords);
        const nlohmann::json records = nlohmann::json::parse(in);
        QVERIFY(records.size() >= 4);
        for (std::size_t i = 0; i < records.size(); ++i)
            QTest::newRow((records[i]["layer"]["name"].get<std::string>() + " " + records[i]["dataflow"].get<std::string>() +
                           " " + std::to_string(records[i]["array"][0].get<int>())).c_str())
                << static_cast<int>(i);
    }
    void importMatchesTheRecords() {
        QFETCH(int, index);
        std::ifstream in(kRecords);
        const nlohmann::json r = nlohmann::json::parse(in).at(static_cast<std::size_t>(index));
        if (r["sim_config"].value("word_bytes", 1) != 1) QSKIP("SCALE-Sim v2's word is one byte; no config key sets another");
        const auto& kib = r["sim_config"]["sram_kB"];
        const std::string cfg = "[general]\nrun_name = record\n[architecture_presets]\nArrayHeight: " +
                                std::to_string(r["array"][0].get<int>()) + "\nArrayWidth: " + std::to_string(r["array"][1].get<int>()) +
                                "\nIfmapSramSzkB: " + std::to_string(kib["ifmap"].get<int>()) + "\nFilterSramSzkB: " +
                                std::to_string(kib["filter"].get<int>()) + "\nOfmapSramSzkB: " + std::to_string(kib["ofmap"].get<int>()) +
                                "\nIfmapOffset: 0\nFilterOffset: 10000000\nOfmapOffset: 20000000\nDataflow: " +
                                r["dataflow"].get<std::string>() + "\nBandwidth: 10\n[run_presets]\nInterfaceBandwidth: CALC\n";
        const auto& l = r["layer"];
        const std::string name = l["name"];
        const bool gemm = l.value("kind", "conv") == "gemm";
        const auto v = [&](const char* key) { return std::to_string(l[key].get<std::int64_t>()); };
        const std::string csv = gemm ? "Layer, M, N, K,\n" + name + ", " + v("M") + ", " + v("N") + ", " + v("K") + ",\n"
                                     : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
                                       "Strides,\n" + name + ", " + v("ifmap_h") + ", " + v("ifmap_w") + ", " + v("filter_h") +
                                           ", " + v("filter_w") + ", " + v("channels") + ", " + v("num_filters") + ", " +
                                           v("stride") + ",\n";
        const ScalesimImport im =
            importScalesim(parseScalesimConfig(cfg, "record.cfg"), "record.cfg", parseScalesimTopology(csv, "record.csv"), "record.csv");
        const Op& op = im.workload.ops.at(0);
        QCOMPARE(op.name, name);
        QCOMPARE(im.workload.figures(op).macs, r["macs"].get<std::int64_t>());
        if (name == "CB2a_2") QCOMPARE(im.workload.figures(op).macs, std::int64_t{107495424});  // 54*54*64*(3*3*64)
        if (!gemm) {
            QCOMPARE(op.P, r["ofmap_h"].get<std::int64_t>());
            QCOMPARE(op.Q, r["ofmap_w"].get<std::int64_t>());
            QCOMPARE(op.padding, (std::array<std::int64_t, 2>{0, 0}));
        }
        const ScalesimLayerMapping& m = im.layers.at(0).mapping;
        const ProblemShape p = op.problem();
        for (Dim d : kAllDims) QCOMPARE(m.mapping.coverage(d), p[d]);
        QCOMPARE(m.rowFolds, r["folds"]["row_fold"].get<std::int64_t>());
        QCOMPARE(m.columnFolds, r["folds"]["col_fold"].get<std::int64_t>());
        if (!m.fits) QSKIP("the layer is larger than SCALE-Sim's SRAMs even split at fold boundaries");
        Evaluation e;
        QVERIFY2(evaluate(im.arch, p, m.mapping, e), describeInvalid(e, im.arch).c_str());
        QCOMPARE(e.systolicFolds, m.rowFolds * m.columnFolds);
    }

    // The architecture as docs/formats.md describes it.
    void architectureIsScalesimsMachine() {
        const Architecture a = importScalesimFiles(config("sa128_ws"), topology("records")).arch;
        QCOMPARE(a.name, std::string("sa128_ws"));
        QVERIFY(QString::fromStdString(a.source).startsWith("SCALE-Sim v2 config sa128_ws.cfg: a 128 x 128 weight-stationary"));
        QCOMPARE(a.levelCount(), 3);
        QCOMPARE(a.levels[0].storageClass, StorageClass::Dram);
        QCOMPARE(a.levels[0].sharedBandwidth, 0.0);  // CALC: unlimited
        const StorageLevel& sram = a.levels[1];
        QCOMPARE(sram.storageClass, StorageClass::Sram);
        QCOMPARE(sram.wordBits, 8);
        QCOMPARE(sram.partitionWords, (std::array<std::int64_t, kNumTensors>{4096 * 1024, 4096 * 1024, 2048 * 1024}));
        QCOMPARE(sram.meshX, 128);
        QCOMPARE(sram.meshY, 128);
        QVERIFY(sram.systolic == Systolic::WeightStationary && !sram.systolicRowsOnX);
        QCOMPARE(sram.spatialDimsY, (1u << ix(Dim::C)) | (1u << ix(Dim::R)) | (1u << ix(Dim::S)));
        QCOMPARE(sram.spatialDimsX, 1u << ix(Dim::K));
        QCOMPARE(a.levels[2].storageClass, StorageClass::RegFile);
        QCOMPARE(a.levels[2].capacityWords, 1);
        QCOMPARE(a.levels[2].keeps, (std::array<bool, kNumTensors>{true, false, false}));
        QCOMPARE(a.bits, (std::array<int, kNumTensors>{8, 8, 8}));
        QCOMPARE(a.macUnits(), 128 * 128);
        QVERIFY(a.compute.macPj > 0 && a.levels[1].energy.readPj > 0);  // from the technology table
    }

    // A GEMM row is SCALE-Sim's conversion (M ofmap pixels, N filters, a K-deep window), held as the
    // linear op out[M][N] = in[M][K] x W[K][N]: the same operand matrices and tensors.
    void gemmRowsAreScalesimsConversion() {
        const ScalesimImport im = importScalesimFiles(config("sa32_os"), topology("gemm"));
        const Op& fc = im.workload.ops.at(0);
        QCOMPARE(fc.kind, OpKind::Linear);
        QCOMPARE(fc.M, 128);
        QCOMPARE(fc.N, 1000);
        QCOMPARE(fc.K, 4096);
        QCOMPARE(im.workload.figures(fc).macs, std::int64_t{128} * 1000 * 4096);
        const ProblemShape p = fc.problem();
        ProblemShape scalesims;  // SCALE-Sim's conv: ifmap 128 x 4096, one channel, filter 1 x 4096, 1000 filters
        scalesims[Dim::P] = 128;
        scalesims[Dim::K] = 1000;
        scalesims[Dim::S] = 4096;
        for (Tensor t : kAllTensors) QCOMPARE(p.tensorSize(t), scalesims.tensorSize(t));
        QCOMPARE(p[Dim::N] * p[Dim::P] * p[Dim::Q], std::int64_t{128});   // Sr
        QCOMPARE(p[Dim::K], std::int64_t{1000});                           // Sc
        QCOMPARE(p[Dim::C] * p[Dim::R] * p[Dim::S], std::int64_t{4096});  // T
        const ScalesimLayerMapping& m = im.layers[0].mapping;
        QCOMPARE(m.mapping.levels[1].spatialY[ix(Dim::P)], 128);
        QCOMPARE(m.mapping.levels[1].spatialX[ix(Dim::K)], 1000);
        QCOMPARE(m.mapping.levels[2].temporal[ix(Dim::C)], 4096);
        QCOMPARE(m.rowFolds, 4);      // ceil(128 / 32)
        QCOMPARE(m.columnFolds, 32);  // ceil(1000 / 32)
        QCOMPARE(im.workload.ops.at(2).name, std::string("sparse_ok"));  // a dense 4:4 ratio is accepted
    }

    // A "DP" row: SCALE-Sim runs Channels one-channel layers; here one conv with Channels groups, the
    // groups one after another at DRAM, each mapped as SCALE-Sim maps a one-channel layer.
    void depthwiseRowIsOneLayerPerChannel() {
        const ScalesimImport im = importScalesimFiles(config("sa32_ws"), topology("depthwise"));
        const Op& dw = *im.workload.findOp("CB1_DP");
        QCOMPARE(dw.groups, 32);
        QCOMPARE(dw.C, 32);
        QCOMPARE(dw.K, 32);
        QCOMPARE(im.workload.figures(dw).macs, std::int64_t{32} * 112 * 112 * 3 * 3);
        const ScalesimLayerMapping& m = im.layers[1].mapping;
        QCOMPARE(m.mapping.levels[0].temporal[ix(Dim::G)], 32);
        QCOMPARE(m.mapping.levels[1].spatialY[ix(Dim::R)] * m.mapping.levels[1].spatialY[ix(Dim::S)], 9);  // Sr = 1*3*3
        QCOMPARE(m.mapping.levels[2].temporal[ix(Dim::P)] * m.mapping.levels[2].temporal[ix(Dim::Q)], 112 * 112);
        QCOMPARE(m.rowFolds * m.columnFolds, 1);
        Evaluation e;
        QVERIFY2(evaluate(im.arch, dw.problem(), m.mapping, e), describeInvalid(e, im.arch).c_str());
        QCOMPARE(e.systolicFolds, 32);  // one fold per channel, as SCALE-Sim's 32 layers

        // A "DP" row of one channel is one ungrouped conv, and is written back as the same row (found
        // by fuzz_scalesim_topology: it used to lose its "DP").
        const std::string one = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
                                "Strides,\nCB_DP1, 112, 14, 14, 1, 1, 256, 1024, 1,\n";
        const Workload w = scalesimWorkload(parseScalesimTopology(one, "one.csv"), "one.csv");
        QCOMPARE(w.ops[0].groups, 1);
        std::vector<std::string> notes;
        const ScalesimTopology back = exportScalesimTopology(w, notes);
        QCOMPARE(back.layers.at(0).name, std::string("CB_DP1"));
        QVERIFY(back.layers[0].depthwise);
        QVERIFY(scalesimWorkload(parseScalesimTopology(writeScalesimTopology(back), "back.csv"), "back.csv").ops[0].problem().size ==
                w.ops[0].problem().size);
    }

    // SRAMs too small for a whole layer: dims of the array's axes split at fold boundaries, the
    // folds unchanged; a layer no such split fits is kept whole, with a note naming it.
    void smallSramsSplitAtFoldBoundaries() {
        const ScalesimImport im =
            importScalesim(parseScalesimConfig(kSmallSrams, "small.cfg"), "small.cfg", loadScalesimTopology(topology("records")),
                           topology("records"));
        QCOMPARE(im.arch.levels[0].sharedBandwidth, 10.0);  // USER
        const ScalesimImport whole = importScalesimFiles(config("sa32_os"), topology("records"));
        for (std::size_t i = 0; i < 3; ++i) {
            const ScalesimLayerMapping& m = im.layers[i].mapping;
            QVERIFY2(m.fits, im.layers[i].name.c_str());
            QVERIFY(m.dramIterations > 1);
            QCOMPARE(m.rowFolds, whole.layers[i].mapping.rowFolds);
            QCOMPARE(m.columnFolds, whole.layers[i].mapping.columnFolds);
            const ProblemShape p = im.workload.ops[i].problem();
            for (Dim d : kAllDims) QCOMPARE(m.mapping.coverage(d), p[d]);
            Evaluation e;
            QVERIFY2(evaluate(im.arch, p, m.mapping, e), describeInvalid(e, im.arch).c_str());
            QCOMPARE(e.systolicFolds, m.rowFolds * m.columnFolds);
        }
        // CB2a_2: P and Q halved at DRAM (2916 pixels = 92 folds of 32 rows; 4 x 729 = 4 x 23 folds).
        const LevelMapping& dram = im.layers[0].mapping.mapping.levels[0];
        QCOMPARE(dram.temporal[ix(Dim::P)] * dram.temporal[ix(Dim::Q)], 4);
        // IB5b_1 (os): 100,352 input words need C split, which SCALE-Sim never does.
        QVERIFY(!im.layers[3].mapping.fits);
        QCOMPARE(im.notes.size(), std::size_t{1});
        QVERIFY2(QString::fromStdString(im.notes[0]).startsWith("layer \"IB5b_1\": its tiles do not fit"), im.notes[0].c_str());
    }

    // import -> export -> import: the same architecture, workload and mappings (the config is named
    // after its run_name, the topology after the workload, as the originals are).
    void roundTripIsIdentical_data() {
        QTest::addColumn<QString>("cfg");
        QTest::addColumn<QString>("csv");
        QTest::newRow("os records") << "sa32_os" << "records";
        QTest::newRow("ws records") << "sa128_ws" << "records";
        QTest::newRow("ws GEMM") << "sa32_ws" << "gemm";
        QTest::newRow("os depthwise") << "sa128_os" << "depthwise";
    }
    void roundTripIsIdentical() {
        QFETCH(QString, cfg);
        QFETCH(QString, csv);
        const ScalesimImport first = importScalesimFiles(config(cfg.toStdString()), topology(csv.toStdString()));
        const ScalesimFiles files = exportScalesim(first.arch, first.workload);
        QCOMPARE(files.configName, cfg.toStdString() + ".cfg");
        QCOMPARE(files.topologyName, csv.toStdString() + ".csv");
        QVERIFY2(files.notes.empty(), files.notes.empty() ? "" : files.notes.front().c_str());
        const fs::path dir = scratch((cfg + "_" + csv).toStdString());
        std::ofstream(dir / files.configName) << files.configText;
        std::ofstream(dir / files.topologyName) << files.topologyText;
        const ScalesimImport second = importScalesimFiles(dir / files.configName, dir / files.topologyName);
        QVERIFY(second.arch == first.arch);
        QVERIFY(second.workload == first.workload);
        QCOMPARE(second.layers.size(), first.layers.size());
        for (std::size_t i = 0; i < first.layers.size(); ++i) QVERIFY(second.layers[i].mapping.mapping == first.layers[i].mapping.mapping);
        QCOMPARE(serializeScalesimMappings(second), serializeScalesimMappings(first));
    }

    // The mappings file is `map --json`'s form: every layer's mapping reads back as the one imported.
    void mappingsFileReadsBack() {
        const ScalesimImport im = importScalesimFiles(config("sa32_os"), topology("depthwise"));
        const nlohmann::json j = nlohmann::json::parse(serializeScalesimMappings(im));
        QCOMPARE(j["layers"].size(), im.layers.size());
        for (std::size_t i = 0; i < im.layers.size(); ++i) {
            QCOMPARE(j["layers"][i]["name"].get<std::string>(), im.layers[i].name);
            QVERIFY(parseMapping(j["layers"][i]["mapping"].dump(), "mappings.json", im.arch) == im.layers[i].mapping.mapping);
        }
    }

    // The export's liberties, each with a note, and its refusals, all named at once.
    void exportWritesWhatScalesimCanRun() {
        const Architecture arch = importScalesimFiles(config("sa32_os"), topology("records")).arch;
        Workload w = loadWorkloadByNameOrPath("mobilenet_v2");
        w.ops.push_back(*w.findOp("features.0.conv"));
        w.ops.back().name = "grouped,DP";  // a comma SCALE-Sim cannot read, "DP" that is not depthwise
        w.ops.back().groups = 1;
        Op grouped = *w.findOp("features.0.conv");
        grouped.name = "grouped";
        grouped.C = 4, grouped.K = 8, grouped.groups = 2;
        w.ops.push_back(grouped);
        const ScalesimFiles f = exportScalesim(arch, w);
        QVERIFY(f.topology.kind == TopologyKind::Conv);
        const ScalesimTopology back = parseScalesimTopology(f.topologyText, "back.csv");
        const auto row = [&](const std::string& name) -> const TopologyLayer& {
            for (const auto& l : back.layers)
                if (l.name == name) return l;
            qFatal("no row %s", name.c_str());
        };
        // features.0.conv: 224 x 224, padding 1, stride 2: written with its padded 226 x 226 input.
        QCOMPARE(row("features.0.conv").ifmapHeight, 226);
        QCOMPARE(row("features.0.conv").ofmapHeight(), 112);
        QVERIFY(row("features.1.dw.conv_DP").depthwise);
        QCOMPARE(row("features.1.dw.conv_DP").channels, 32);
        QCOMPARE(row("grouped_Dp").channels, 3);
        QCOMPARE(row("grouped_g0").channels, 2);
        QCOMPARE(row("grouped_g1").numFilters, 4);
        std::string notes;
        for (const auto& n : f.notes) notes += n + "\n";
        for (const char* expected : {"are left out", "written with their padded input", "named with \"_DP\" added",
                                     "one row per group", "are written with \"Dp\""})
            QVERIFY2(notes.find(expected) != std::string::npos, notes.c_str());

        // Linear layers only: a GEMM topology.
        const ScalesimFiles bert = exportScalesim(arch, loadWorkloadByNameOrPath("bert_base_s128"));
        QVERIFY(bert.topology.kind == TopologyKind::Gemm);
        QVERIFY(QString::fromStdString(bert.topologyText).startsWith("Layer, M, N, K,\nattention.query, 128, 768, 768,\n"));

        // Dilation and unequal strides cannot be written: refused, every op named.
        Workload bad = loadWorkloadByNameOrPath("resnet18");
        bad.ops[0].dilation = {2, 2};
        bad.ops[0].P = bad.ops[0].Q = 109;
        Op& strided = *std::find_if(bad.ops.begin() + 1, bad.ops.end(), [](const Op& o) { return o.kind == OpKind::Conv; });
        strided.stride = {1, 2};
        strided.Q = (strided.W + 2 * strided.padding[1] - strided.S) / 2 + 1;
        const std::string message = refusal([&] { exportScalesim(arch, bad); });
        QVERIFY2(message.find("resnet18: op \"conv1\": dilation 2x2 cannot be written") != std::string::npos, message.c_str());
        QVERIFY2(message.find("op \"" + strided.name + "\": strides 1x2 cannot be written") != std::string::npos, message.c_str());

        // A design without a systolic array has nothing SCALE-Sim can simulate.
        const std::string none = refusal([&] { exportScalesim(loadArchitectureByNameOrPath("eyeriss_like"), w); });
        QVERIFY2(none.find("eyeriss_like: has no systolic fan-out") != std::string::npos, none.c_str());

        // USER bandwidth and per-tensor SRAMs carry over.
        const Architecture user = scalesimArchitecture(parseScalesimConfig(kSmallSrams, "small.cfg"), "small.cfg");
        std::vector<std::string> configNotes;
        const ScalesimConfig c = exportScalesimConfig(user, configNotes);
        QVERIFY(c.interfaceBandwidth == InterfaceBandwidth::User);
        QCOMPARE(c.bandwidthWordsPerCycle, std::vector<std::int64_t>{10});
        QCOMPARE(c.ifmapSramKiB, 64);
        QVERIFY(configNotes.empty());
    }
};

QTEST_MAIN(TestScalesimIo)
#include "test_scalesim_io.moc"
