// SCALE-Sim's records end to end, as an architect would check them: every record in
// tests/model/scalesim_records/ (layers SCALE-Sim v2 simulated; SOURCE.txt there) is written out as a
// SCALE-Sim config and topology CSV, imported with `accelscope-cli import --scalesim-config
// --scalesim-topology`, and evaluated with `evaluate --layer NAME --json` on the files the import
// wrote: the cycles must equal SCALE-Sim's compute cycles and the folds its row_fold x col_fold. The
// expected numbers are SCALE-Sim's own (records.json), never this model's.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <array>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "support/scalesim_records.h"

#include "support/cli_run.h"

namespace fs = std::filesystem;
using testsupport::runCli;

namespace {

// The config SCALE-Sim ran the record with (the form of the shared examples, sa32_os.cfg).
std::string configFor(const nlohmann::json& r) {
    const auto& kib = r.at("sim_config").at("sram_kB");
    std::ostringstream c;
    c << "[general]\nrun_name = record\n\n[architecture_presets]\n"
      << "ArrayHeight:    " << r.at("array")[0].get<int>() << "\n"
      << "ArrayWidth:     " << r.at("array")[1].get<int>() << "\n"
      << "IfmapSramSzkB:    " << kib.at("ifmap").get<std::int64_t>() << "\n"
      << "FilterSramSzkB:   " << kib.at("filter").get<std::int64_t>() << "\n"
      << "OfmapSramSzkB:    " << kib.at("ofmap").get<std::int64_t>() << "\n"
      << "IfmapOffset:    0\nFilterOffset:   10000000\nOfmapOffset:    20000000\n"
      << "Dataflow : " << r.at("dataflow").get<std::string>() << "\n"
      << "Bandwidth : 10\nMemoryBanks: 1\n\n[run_presets]\nInterfaceBandwidth: CALC\n";
    return c.str();
}

// The record's layer as a one-row topology CSV (conv, or GEMM for SCALE-Sim's -i gemm).
std::string topologyFor(const nlohmann::json& r) {
    const auto& l = r.at("layer");
    std::ostringstream t;
    if (l.value("kind", "conv") == "gemm") {
        const auto dim = [&](const char* upper, const char* lower) { return testsupport::gemmDim(l, upper, lower); };
        t << "Layer, M, N, K,\n" << l.at("name").get<std::string>() << ", " << dim("M", "m") << ", " << dim("N", "n")
          << ", " << dim("K", "k") << ",\n";
    } else {
        t << "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
          << l.at("name").get<std::string>() << ", " << l.at("ifmap_h") << ", " << l.at("ifmap_w") << ", "
          << l.at("filter_h") << ", " << l.at("filter_w") << ", " << l.at("channels") << ", " << l.at("num_filters")
          << ", " << l.at("stride") << ",\n";
    }
    return t.str();
}
}  // namespace

class TestCliScalesimRecords : public QObject {
    Q_OBJECT
private slots:
    void importedRecordsReproduceScaleSimCycles_data() {
        testsupport::addScalesimRecordRows();
    }

    void importedRecordsReproduceScaleSimCycles() {
        QFETCH(int, index);
        const nlohmann::json r = testsupport::scalesimRecords()[static_cast<std::size_t>(index)];
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path dir = tmp.path().toStdString();
        const fs::path cfg = dir / "record.cfg", csv = dir / "record.csv", out = dir / "imported";
        std::ofstream(cfg) << configFor(r);
        std::ofstream(csv) << topologyFor(r);

        const auto imported = runCli({"import", "--scalesim-config", cfg.string(), "--scalesim-topology", csv.string(),
                                      "--out", out.string()});
        QVERIFY2(imported.status == 0, imported.err.c_str());
        const std::string layer = r.at("layer").at("name").get<std::string>();
        const auto evaluated = runCli({"evaluate", "--arch", (out / "arch.json").string(), "--workload",
                                       (out / "workload.json").string(), "--mapping", (out / "mappings.json").string(),
                                       "--layer", layer, "--json"});
        QVERIFY2(evaluated.status == 0, evaluated.err.c_str());
        const nlohmann::json e = nlohmann::json::parse(evaluated.out);
        QCOMPARE(e.at("cycles").get<double>(), r.at("compute_cycles").get<double>());
        QCOMPARE(e.at("useful_macs").get<std::int64_t>(), r.at("macs").get<std::int64_t>());
        QCOMPARE(e.at("systolic").at("folds").get<std::int64_t>(),
                 r.at("folds").at("row_fold").get<std::int64_t>() * r.at("folds").at("col_fold").get<std::int64_t>());
    }

    void mapperFindsScaleSimsOutputStationaryMapping() {
        // A searched schedule against the hand-designed one: on an output-stationary array a fold
        // streams at most T = C*R*S (only the reduction leaves the outputs in place) and there are at
        // least ceil(Sr / rows) x ceil(Sc / columns) folds, so no mapping beats
        //   ceil(Sr / 32) x ceil(Sc / 32) x (T + 32 + 32 - 2) - 1
        // cycles on 32 x 32 — which is SCALE-Sim's own mapping (and its record for CB2a_2, 117,391).
        // The mapper, searching the imported design's map space (folds allowed), must reach it.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path out = fs::path(tmp.path().toStdString()) / "imported";
        const fs::path tests = ACCELSCOPE_TESTS_DIR;
        QCOMPARE(runCli({"import", "--scalesim-config", (tests / "scalesim/configs/sa32_os.cfg").string(),
                         "--scalesim-topology", (tests / "scalesim/topologies/records.csv").string(), "--out", out.string()})
                     .status,
                 0);
        const auto mapped = runCli({"map", "--arch", (out / "arch.json").string(), "--workload",
                                    (out / "workload.json").string(), "--objective", "delay", "--json"});
        QVERIFY2(mapped.status == 0, mapped.err.c_str());
        const nlohmann::json m = nlohmann::json::parse(mapped.out);
        // name: K, C, P, Q, R, S (records.csv: the four records' layers).
        const std::map<std::string, std::array<std::int64_t, 6>> layers = {{"CB2a_2", {64, 64, 54, 54, 3, 3}},
                                                                           {"CB4a_3", {1024, 256, 14, 14, 1, 1}},
                                                                           {"IB3b_2", {128, 128, 26, 26, 3, 3}},
                                                                           {"IB5b_1", {512, 2048, 7, 7, 1, 1}}};
        const auto ceilDiv = [](std::int64_t a, std::int64_t b) { return (a + b - 1) / b; };
        QCOMPARE(m.at("layers").size(), layers.size());
        for (const auto& l : m.at("layers")) {
            const auto& [K, C, P, Q, R, S] = layers.at(l.at("name").get<std::string>());
            const double bound = static_cast<double>(ceilDiv(P * Q, 32) * ceilDiv(K, 32) * (C * R * S + 62) - 1);
            QCOMPARE(l.at("cycles").get<double>(), bound);
            if (l.at("name") == "CB2a_2") QCOMPARE(bound, 117391.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliScalesimRecords)
#include "test_cli_scalesim_records.moc"
