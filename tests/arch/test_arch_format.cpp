// Architecture files and the technology table: every preset loads, round-trips byte for byte and has
// the MAC count its source publishes; the table reproduces the published points; and a clear error
// for every kind of malformed file in tests/arch/bad/. Also the `arch` command.
#include <QtTest>

#include "support/files.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "arch/arch_io.h"
#include "arch/tech_table.h"
#include "cli/command.h"
#include "support/cli_run.h"
#include "util/input_error.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {
const fs::path kTestsDir = ACCELSCOPE_TESTS_DIR;

using testsupport::slurp;

bool near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(std::fabs(b), 1e-12); }

using Run = testsupport::CliRun;
using testsupport::runCli;

// The MAC units each source publishes.
const std::map<std::string, std::int64_t> kPublishedMacs = {
    {"eyeriss_like", 12 * 14},           // Eyeriss: 168 PEs, one MAC each
    {"eyeriss_like_cloud", 60 * 72},     // Spotlight's cloud Eyeriss-like
    {"nvdla_like", 16 * 16},             // Spotlight's edge NVDLA-like
    {"nvdla_like_cloud", 64 * 64},       // our cloud scaling (4096 PEs)
    {"simba_like", 16 * 8 * 8},          // Simba chiplet: 16 PEs x 8 vector MACs x 8 lanes
    {"tpu_v3_like", 2 * 2 * 128 * 128},  // TPU v3 chip: 2 TensorCores x 2 MXUs of 128x128
};

const char* kMinimal = R"({
  "format": "accelscope-arch", "version": 1, "name": "mini", "source": "test", "clock_ghz": 0.5,
  "precision": {"weights": 8, "inputs": 8, "outputs": 32},
  "levels": [
    {"name": "DRAM", "class": "dram", "word_bits": 8, "keeps": ["weights", "inputs", "outputs"],
     "energy": {"read_pj": 100, "write_pj": 120, "block_words": 8}},
    {"name": "Buf", "class": "sram", "word_bits": 32, "capacity_words": 1000,
     "keeps": ["weights", "inputs", "outputs"], "energy": {"read_pj": 2.5, "write_pj": 3, "update_pj": 3.5},
     "area_um2": 5000, "leak_pj_per_cycle": 0.25, "fanout": {"x": 3, "y": 5, "multicast": false,
     "network_pj_per_word": 0.7}},
    {"name": "RF", "class": "regfile", "word_bits": 32, "capacity_words": 8, "keeps": ["outputs"],
     "energy": {"read_pj": 0.1, "write_pj": 0.1}}
  ],
  "compute": {"mac_pj": 0.3, "mac_area_um2": 400, "lanes": 4}
})";
}  // namespace

class TestArchFormat : public QObject {
    Q_OBJECT
private slots:
    void everyPresetLoadsAndRoundTripsExactly() {
        const auto names = presetArchitectureNames();
        for (const auto& [name, macs] : kPublishedMacs) {
            (void)macs;
            QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name.c_str());
        }
        for (const auto& name : names) {
            const fs::path file = presetArchitecturesDir() / (name + ".json");
            const std::string text = slurp(file);
            const Architecture a = parseArchitecture(text, file.string());
            QCOMPARE(a.name, name);
            QVERIFY2(!a.source.empty(), name.c_str());
            // The shipped files are the canonical text, and the text gives back the same struct.
            QCOMPARE(serializeArchitecture(a), text);
            QVERIFY(parseArchitecture(serializeArchitecture(a), "again") == a);
            QCOMPARE(loadArchitectureByNameOrPath(name), a);
        }
    }

    void presetsHaveThePublishedMacCounts() {
        for (const auto& [name, macs] : kPublishedMacs) {
            const Architecture a = loadArchitectureByNameOrPath(name);
            QVERIFY2(a.macUnits() == macs, name.c_str());
            QCOMPARE(a.instances(0), std::int64_t(1));
            QCOMPARE(a.instances(a.levelCount()), a.macUnits());
            // Every energy from the technology table, but TPU-v3's HBM: 3.9 pJ/bit, as fast_datacenter's.
            for (const auto& l : a.levels)
                QVERIFY2(l.energySource.rfind("horowitz45", 0) == 0 || (name == "tpu_v3_like" && l.name == "HBM"),
                         l.name.c_str());
        }
    }

    void instancesOfEachLevel() {
        auto instances = [](const Architecture& a) {
            std::vector<std::int64_t> n;
            for (int i = 0; i < a.levelCount(); ++i) n.push_back(a.instances(i));
            return n;
        };
        const Architecture eyeriss = loadArchitectureByNameOrPath("eyeriss_like");
        QCOMPARE(instances(eyeriss), (std::vector<std::int64_t>{1, 1, 168, 168, 168}));
        QCOMPARE(eyeriss.levels[1].meshX, 14);
        QCOMPARE(eyeriss.levels[1].meshY, 12);
        QCOMPARE(eyeriss.levels[1].capacityWords, std::int64_t(108 * 1024 / 2));
        QCOMPARE(eyeriss.levels[1].keeps, (std::array<bool, 3>{false, true, true}));  // weights bypass the GLB
        QCOMPARE(eyeriss.levels[3].capacityWords, std::int64_t(224));
        QCOMPARE(eyeriss.clockGHz, 0.2);
        // On chip: 108 KiB + 168 x (12 + 224 + 24) 16-bit words.
        QVERIFY(near(onChipKiB(eyeriss), 108 + 168 * 260 * 2 / 1024.0));

        const Architecture tpu = loadArchitectureByNameOrPath("tpu_v3_like");
        QCOMPARE(instances(tpu), (std::vector<std::int64_t>{1, 2, 4, 65536}));
        QCOMPARE(tpu.levels[1].capacityWords * tpu.levels[1].wordBits / 8, std::int64_t(16) << 20);  // per core
        QVERIFY(near(tpu.levels[0].sharedBandwidth * 2 * tpu.clockGHz, 900.0, 1e-3));  // 900 GB/s per chip
        QCOMPARE(tpu.vector.lanes, 2048);

        const Architecture simba = loadArchitectureByNameOrPath("simba_like");
        QCOMPARE(instances(simba), (std::vector<std::int64_t>{1, 1, 16, 16, 16, 128}));
        QCOMPARE(simba.levels.back().meshX, 8);  // compute.lanes is the innermost fan-out
        QCOMPARE(simba.bits, (std::array<int, 3>{8, 8, 32}));

        const Architecture nvdla = loadArchitectureByNameOrPath("nvdla_like");
        QCOMPARE(instances(nvdla), (std::vector<std::int64_t>{1, 1, 16, 256}));
    }

    void presetEnergiesComeFromTheScaledTable() {
        const Architecture eyeriss = loadArchitectureByNameOrPath("eyeriss_like");
        const TechTable t65 = horowitz45().scaledTo(65);
        QCOMPARE(eyeriss.levels[1].energySource, std::string("horowitz45-scaled-to-65nm"));
        QCOMPARE(eyeriss.levels[1].energy, t65.sramAccessEnergy(108 * 1024, 16, 1));
        QCOMPARE(eyeriss.levels[0].energy, t65.dramAccessEnergy(16, 1));
        QCOMPARE(eyeriss.compute.macPj, t65.macEnergyPj(16));
        QVERIFY(near(eyeriss.compute.macPj, 1.5 * 65 / 45));
        QCOMPARE(eyeriss.levels[2].areaUm2, t65.regfileAreaUm2(24));
        QCOMPARE(eyeriss.levels[1].leakPjPerCycle, t65.leakPjPerCycle(StorageClass::Sram, 108 * 1024, 0.2));
        // A fan-out above the lanes carries the table's NoC hop; the lanes themselves none.
        QVERIFY(near(eyeriss.levels[1].networkPjPerWord, 2.0 * 65 / 45));
        QCOMPARE(eyeriss.levels[4].networkPjPerWord, 0.0);
        // TPU: bf16 multiply + fp32 add at 16 nm.
        const Architecture tpu = loadArchitectureByNameOrPath("tpu_v3_like");
        QVERIFY(near(tpu.compute.macPj, (1.1 + 0.9) * 16 / 45));
        QCOMPARE(tpu.levels[2].networkPjPerWord, 0.23);  // explicit in the file (a systolic hop)
    }

    // A 32 KiB buffer of 4 banks: an access costs what one 8 KiB bank's does (the table's 10 pJ per
    // 64-bit read at 8 KiB, Horowitz), area and leakage are the whole buffer's.
    void banksSplitTheEnergyNotTheArea() {
        const char* arch = R"({
          "format": "accelscope-arch", "version": 1, "name": "banked", "source": "test", "clock_ghz": 1,
          "precision": {"weights": 16, "inputs": 16, "outputs": 16}, "technology": {"table": "horowitz45"},
          "levels": [
            {"name": "DRAM", "class": "dram", "word_bits": 64, "keeps": ["weights", "inputs", "outputs"], "energy": "tech"},
            {"name": "Buf", "class": "sram", "word_bits": 64, "capacity_kib": 32, "banks": 4,
             "keeps": ["weights", "inputs", "outputs"], "energy": "tech"}
          ],
          "compute": {"mac_pj": "tech", "mac_area_um2": "tech"}})";
        const Architecture a = parseArchitecture(arch, "banked.json");
        QCOMPARE(a.levels[1].banks, 4);
        QVERIFY(near(a.levels[1].energy.readPj, 10));
        const TechTable& t = horowitz45();
        QCOMPARE(a.levels[1].areaUm2, t.sramAreaUm2(32 * 1024));
        QCOMPARE(a.levels[1].leakPjPerCycle, t.leakPjPerCycle(StorageClass::Sram, 32 * 1024, 1.0));
        QCOMPARE(parseArchitecture(serializeArchitecture(a), "again.json"), a);  // banks written back
    }

    void techTableReproducesThePublishedPoints() {
        const TechTable& t = horowitz45();
        QCOMPARE(t.name, std::string("horowitz45"));
        QCOMPARE(t.nodeNm, 45);
        // Horowitz ISSCC 2014: SRAM 64-bit read 10 / 20 / 100 pJ at 8 KiB / 32 KiB / 1 MiB.
        QVERIFY(near(t.sramAccessEnergy(8 * 1024, 64, 1).readPj, 10));
        QVERIFY(near(t.sramAccessEnergy(32 * 1024, 64, 1).readPj, 20));
        QVERIFY(near(t.sramAccessEnergy(1024 * 1024, 64, 1).readPj, 100));
        // Square root of capacity between 8 and 32 KiB and beyond the points.
        QVERIFY(near(t.sramRead64Pj(16 * 1024), 10 * std::sqrt(2.0)));
        QVERIFY(near(t.sramRead64Pj(4 * 1024 * 1024), 200));
        QVERIFY(near(t.sramRead64Pj(2 * 1024), 5));
        // Monotonic between the points.
        QVERIFY(t.sramRead64Pj(100 * 1024) > 20 && t.sramRead64Pj(100 * 1024) < 100);
        // Energy is linear in the bits moved: a 16-bit word is a quarter, a block of 4 the whole.
        QVERIFY(near(t.sramAccessEnergy(32 * 1024, 16, 1).readPj, 5));
        const AccessEnergy block = t.sramAccessEnergy(32 * 1024, 16, 4);
        QVERIFY(near(block.readPj, 20));
        QCOMPARE(block.blockWords, std::int64_t(4));
        QCOMPARE(block.writePj, block.readPj);  // write/read ratio 1
        QCOMPARE(block.updatePj, block.writePj);
        // DRAM: midpoint of 1300-2600 pJ per 64 bits.
        QVERIFY(near(t.dramAccessEnergy(64, 1).readPj, 1950));
        // Register file: Interstellar's 0.96 pJ per 16-bit access; larger than 1 KiB: at least the SRAM law.
        QVERIFY(near(t.regfileAccessEnergy(512, 16, 1).readPj, 0.96));
        QVERIFY(near(t.regfileAccessEnergy(64 * 1024, 64, 1).readPj, t.sramRead64Pj(64 * 1024)));
        // MACs: 8-bit int 0.2 + 0.03, 16-bit float 1.1 + 0.4, 32-bit float 3.7 + 0.9; mixed widths.
        QVERIFY(near(t.macEnergyPj(8), 0.23));
        QVERIFY(near(t.macEnergyPj(16), 1.5));
        QVERIFY(near(t.macEnergyPj(32), 4.6));
        QVERIFY(near(t.macEnergyPj(8, 32), 0.3));
        QVERIFY(near(t.macEnergyPj(16, 32), 2.0));
        QVERIFY(t.macEnergyPj(4) > 0 && t.macEnergyPj(4) < t.macEnergyPj(8));
        QVERIFY(near(t.macAreaUm2(8), 282 + 36));
        QVERIFY(near(t.macAreaUm2(16), 1640 + 1360));
        QVERIFY(near(t.macAreaUm2(32), 7700 + 4184));
        QVERIFY(near(t.macAreaUm2(8, 32), 282 + 137));
        // Storage area and leakage (documented assumptions).
        QVERIFY(near(t.sramAreaUm2(1024), 8192 * 0.346 / 0.7));
        QCOMPARE(t.storageAreaUm2(StorageClass::Dram, 1 << 30), 0.0);
        QVERIFY(near(t.leakPjPerCycle(StorageClass::Sram, 1024, 1.0), 0.01));  // 10 uW x 1 ns
        QVERIFY(near(t.leakPjPerCycle(StorageClass::Sram, 1024, 0.5), 0.02));
        QCOMPARE(t.leakPjPerCycle(StorageClass::Dram, 1024, 1.0), 0.0);
        QVERIFY(techTableByName("horowitz45", 45) == t);
        QVERIFY(!techTableByName("cacti", 45));
    }

    void scalingFollowsTheNode() {
        const TechTable& t = horowitz45();
        const TechTable s = t.scaledTo(16);
        QCOMPARE(s.name, std::string("horowitz45-scaled-to-16nm"));
        QCOMPARE(s.nodeNm, 16);
        const double k = 16.0 / 45.0;
        QVERIFY(near(s.sramAccessEnergy(32 * 1024, 64, 1).readPj, 20 * k));
        QVERIFY(near(s.dramAccessEnergy(64, 1).readPj, 1950 * k));
        QVERIFY(near(s.macEnergyPj(8), 0.23 * k));
        QVERIFY(near(s.networkPjPerWord(16), 2.0 * k));
        QVERIFY(near(s.macAreaUm2(8), 318 * k * k));
        QVERIFY(near(s.sramAreaUm2(1024), t.sramAreaUm2(1024) * k * k));
        QCOMPARE(s.leakPjPerCycle(StorageClass::Sram, 4096, 1.0), t.leakPjPerCycle(StorageClass::Sram, 4096, 1.0));
        QVERIFY(t.scaledTo(45) == t);
        // Scaling a scaled table names the base table once and lands on the same figures.
        const TechTable back = s.scaledTo(65);
        QCOMPARE(back.name, std::string("horowitz45-scaled-to-65nm"));
        QVERIFY(near(back.macEnergyPj(16), t.scaledTo(65).macEnergyPj(16)));
    }

    void explicitFiguresAreKept() {
        const Architecture a = parseArchitecture(kMinimal, "mini.json");
        QCOMPARE(a.techTable, std::string());
        QCOMPARE(a.levels[0].energySource, std::string("explicit"));
        QCOMPARE(a.levels[0].energy, (AccessEnergy{100, 120, 120, 8}));  // update defaults to write
        QCOMPARE(a.levels[1].energy, (AccessEnergy{2.5, 3, 3.5, 1}));
        QCOMPARE(a.levels[1].areaUm2, 5000.0);
        QCOMPARE(a.levels[1].leakPjPerCycle, 0.25);
        QCOMPARE(a.levels[0].capacityWords, std::int64_t(0));  // unbounded
        QCOMPARE(a.levels[1].multicast, false);
        QCOMPARE(a.levels[1].spatialReduction, true);
        QCOMPARE(a.levels[1].networkPjPerWord, 0.7);
        QCOMPARE(a.levels[1].meshX, 3);
        QCOMPARE(a.levels[1].meshY, 5);
        QCOMPARE(a.levels[2].meshX, 4);  // compute.lanes is the innermost level's fan-out
        QCOMPARE(a.macUnits(), std::int64_t(60));
        QCOMPARE(a.instances(2), std::int64_t(15));
        QCOMPARE(a.compute.macPj, 0.3);
        QVERIFY(parseArchitecture(serializeArchitecture(a), "again") == a);
    }

    void allProblemsAreReportedAtOnce() {
        std::string text = slurp(presetArchitecturesDir() / "eyeriss_like.json");
        text.replace(text.find("\"capacity_words\":12"), 19, "\"capacity_words\":0");
        text.replace(text.find("\"clock_ghz\": 0.2"), 16, "\"clock_ghz\": 0");
        text.replace(text.find("\"x\":14"), 6, "\"x\":0");
        try {
            parseArchitecture(text, "three.json");
            QFAIL("accepted");
        } catch (const InputError& e) {
            const std::string m = e.what();
            QCOMPARE(e.problems().size(), std::size_t(3));
            QVERIFY2(m.find("three.json: clock_ghz must be greater than 0, got 0") != std::string::npos, m.c_str());
            QVERIFY2(m.find("three.json: level \"ifmap_spad\": capacity_words must be a positive integer, got 0") !=
                         std::string::npos, m.c_str());
            QVERIFY2(m.find("three.json: level \"GlobalBuffer\" fanout: x must be a positive integer, got 0") !=
                         std::string::npos, m.c_str());
        }
    }

    void everyBadFileGivesItsMessage_data() {
        const int count = testsupport::addCorpusRows(kTestsDir / "arch/bad");
        QVERIFY2(count >= 12, "the bad-architecture corpus must hold at least 12 kinds of mistake");
    }
    void everyBadFileGivesItsMessage() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QVERIFY2(!expected.isEmpty(), "missing .expected file");
        try {
            loadArchitecture(file.toStdString());
            QFAIL("a malformed file was accepted");
        } catch (const InputError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(file + ": "), qPrintable("message does not name the file: " + message));
            QVERIFY2(message.contains(expected), qPrintable("got: " + message + "\nwanted: " + expected));
        }
    }

    void unknownPresetListsThePresets() {
        try {
            loadArchitectureByNameOrPath("eyeriss");
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("eyeriss_like") != std::string::npos);
        }
    }

    void cliListsAndShows() {
        const Run list = runCli({"arch", "--list"});
        QCOMPARE(list.status, 0);
        for (const auto& [name, macs] : kPublishedMacs) {
            const auto at = list.out.find("\n" + name + " ");
            QVERIFY2(at != std::string::npos, name.c_str());
            const auto line = list.out.substr(at + 1, list.out.find('\n', at + 1) - at - 1);
            QVERIFY2(line.find(" " + std::to_string(macs) + " ") != std::string::npos, line.c_str());
        }
        const Run show = runCli({"arch", "--show", "eyeriss_like"});
        QCOMPARE(show.status, 0);
        for (const char* s : {"GlobalBuffer", "psum_spad", "14x12", "168", "horowitz45-scaled-to-65nm"})
            QVERIFY2(show.out.find(s) != std::string::npos, s);
        const Run json = runCli({"arch", "--show", "tpu_v3_like", "--json"});
        QCOMPARE(json.status, 0);
        QCOMPARE(json.out, slurp(presetArchitecturesDir() / "tpu_v3_like.json"));
    }

    void cliRejectsBadInput() {
        const std::string bad = (kTestsDir / "arch/bad/capacity_zero.json").string();
        const Run r = runCli({"arch", "--show", bad});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(bad + ": level \"GLB\": capacity_words must be a positive integer, got 0") !=
                     std::string::npos, r.err.c_str());
        QCOMPARE(runCli({"arch"}).status, 2);
        QCOMPARE(runCli({"arch", "--show", "no_such_preset"}).status, 2);
    }
};

QTEST_GUILESS_MAIN(TestArchFormat)
#include "test_arch_format.moc"
