// Timeloop v0.4 YAML in and out: the three Timeloop cases (tests/model/timeloop_cases/*/input.yaml,
// merged inputs as Timeloop's front end dumps them) imported and evaluated give Timeloop's access
// counts (ref.stats.txt) and equal the hand conversions beside them; separate problem/arch/mapping
// files; the round trip Timeloop -> AccelScope -> Timeloop -> AccelScope; a preset exported with a
// mapped ResNet-50 layer and imported back evaluates the same; malformed files (tests/timeloop/bad/,
// each with its expected message on the first line) give exit status 2 and name file and field.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "arch/arch_io.h"
#include "mapping/mapping_io.h"
#include "model/layer_cost.h"
#include "model/timeloop_compare.h"
#include "model/timeloop_stats.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "timeloop/timeloop_export.h"
#include "timeloop/timeloop_import.h"
#include "timeloop/timeloop_yaml.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {

const std::string kCases = std::string(ACCELSCOPE_TESTS_DIR) + "/model/timeloop_cases/";
const std::string kBad = std::string(ACCELSCOPE_TESTS_DIR) + "/timeloop/bad/";

void addCases() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("conv1d 2-level") << "ispass_timeloop_01_model_conv1d_2level_ref_ws";
    QTest::newRow("conv1d+oc 3-level bypass") << "ispass_timeloop_03_model_conv1d+oc_3level_ref_bypass";
    QTest::newRow("weight-stationary 16x16") << "design_simple_weight_stationary_default_problem";
}

// A fresh folder under the build tree for one test's files.
fs::path scratch(const std::string& name) {
    const fs::path dir = fs::path(ACCELSCOPE_BINARY_DIR) / "test_timeloop_io" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// The figures two evaluations of the same layer and mapping share when energies per action agree.
void compareEvaluations(const Evaluation& a, const Evaluation& b, bool compareEnergy) {
    QCOMPARE(a.levelCount, b.levelCount);
    QCOMPARE(a.cycles, b.cycles);
    QCOMPARE(a.paddedMacs, b.paddedMacs);
    for (int i = 0; i < a.levelCount; ++i)
        for (int t = 0; t < kNumTensors; ++t) {
            QCOMPARE(a.levels[i].kept[t], b.levels[i].kept[t]);
            QCOMPARE(a.levels[i].tensor[t].reads, b.levels[i].tensor[t].reads);
            QCOMPARE(a.levels[i].tensor[t].fills, b.levels[i].tensor[t].fills);
            QCOMPARE(a.levels[i].tensor[t].updates, b.levels[i].tensor[t].updates);
        }
    if (!compareEnergy) return;
    // Network energy has no Timeloop counterpart and does not survive the trip.
    const auto withoutNetwork = [](const Evaluation& e) {
        double pj = e.energyPj - e.macLeakPj;
        for (int i = 0; i < e.levelCount; ++i) pj -= e.levels[i].networkPj;
        return pj;
    };
    QVERIFY2(std::fabs(withoutNetwork(a) - withoutNetwork(b)) <= 1e-9 * withoutNetwork(a),
             qPrintable(QString("%1 vs %2 pJ").arg(withoutNetwork(a)).arg(withoutNetwork(b))));
}

// What a Timeloop round trip must keep of an architecture: the chain of levels with their classes,
// sizes, widths, bandwidths, fan-outs, keeps, per-action energies, leakage and areas.
void compareStorage(const Architecture& a, const Architecture& b) {
    QCOMPARE(a.levelCount(), b.levelCount());
    QCOMPARE(a.clockGHz, b.clockGHz);
    QCOMPARE(a.bits, b.bits);
    for (int i = 0; i < a.levelCount(); ++i) {
        const StorageLevel &x = a.levels[i], &y = b.levels[i];
        QCOMPARE(x.name, y.name);
        QCOMPARE(x.storageClass, y.storageClass);
        QCOMPARE(x.wordBits, y.wordBits);
        QCOMPARE(x.capacityWords, y.capacityWords);
        QCOMPARE(x.readBandwidth, y.readBandwidth);
        QCOMPARE(x.writeBandwidth, y.writeBandwidth);
        QCOMPARE(x.keeps, y.keeps);
        QCOMPARE(x.meshX, y.meshX);
        QCOMPARE(x.meshY, y.meshY);
        QVERIFY(x.energy == y.energy);
        QCOMPARE(x.leakPjPerCycle, y.leakPjPerCycle);
        QCOMPARE(x.areaUm2, y.areaUm2);
    }
    QCOMPARE(a.macUnits(), b.macUnits());
    QCOMPARE(a.compute.macPj, b.compute.macPj);
    QCOMPARE(a.compute.macAreaUm2, b.compute.macAreaUm2);
}

timeloop::TimeloopImport importMerged(const std::string& dir) {
    return timeloop::importTimeloopFiles(kCases + dir + "/input.yaml", std::nullopt, std::nullopt);
}

}  // namespace

class TestTimeloopIo : public QObject {
    Q_OBJECT
private slots:
    void mergedCaseReproducesTimeloop_data() { addCases(); }
    void mergedCaseReproducesTimeloop() {
        QFETCH(QString, dir);
        const timeloop::TimeloopImport in = importMerged(dir.toStdString());
        QVERIFY(in.arch && in.mapping);
        const Architecture& arch = *in.arch;
        const TimeloopStats ref = readTimeloopStats(kCases + dir.toStdString() + "/ref.stats.txt");
        Evaluation e;
        QVERIFY2(evaluate(arch, in.workload.ops.at(0).problem(), *in.mapping, e), describeInvalid(e, arch).c_str());
        compareWithTimeloop(arch, e, ref);
    }

    void mergedCaseEqualsHandConversion_data() { addCases(); }
    void mergedCaseEqualsHandConversion() {
        QFETCH(QString, dir);
        const std::string d = kCases + dir.toStdString();
        const timeloop::TimeloopImport in = importMerged(dir.toStdString());
        const Architecture hand = loadArchitecture(d + "/arch.json");
        QCOMPARE(in.arch->levels, hand.levels);
        QVERIFY(in.arch->compute == hand.compute);
        QCOMPARE(in.arch->bits, hand.bits);
        QCOMPARE(in.arch->clockGHz, hand.clockGHz);
        const Op handOp = loadWorkload(d + "/layer.json").ops.at(0);
        const Op& op = in.workload.ops.at(0);
        QVERIFY(op.problem() == handOp.problem());
        QCOMPARE(op.H, handOp.H);
        QCOMPARE(op.W, handOp.W);
        QCOMPARE(op.padding, handOp.padding);
        QVERIFY(*in.mapping == loadMapping(d + "/mapping.json", hand));
    }

    // The merged input cut into three files (plus a stray section the dedicated file overrides),
    // imported through the CLI: the same workload, architecture and mapping.
    void separateFiles() {
        const std::string dir = "design_simple_weight_stationary_default_problem";
        const YAML::Node merged = timeloop::loadYamlFile(kCases + dir + "/input.yaml");
        const fs::path out = scratch("separate");
        YAML::Node problem, arch, mapping;
        problem["problem"] = merged["problem"];
        for (const char* key : {"architecture", "ERT", "ART", "architecture_constraints"}) arch[key] = merged[key];
        mapping["mapping"] = merged["mapping"];
        write(out / "problem.yaml", timeloop::emitYaml(problem));
        write(out / "arch.yaml", timeloop::emitYaml(arch));
        write(out / "mapping.yaml", timeloop::emitYaml(mapping));
        const auto r = testsupport::runCli({"import", "--timeloop-problem", (out / "problem.yaml").string(), "--timeloop-arch",
                                            (out / "arch.yaml").string(), "--timeloop-mapping",
                                            (out / "mapping.yaml").string(), "--out", (out / "as").string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        const timeloop::TimeloopImport ref = importMerged(dir);
        Architecture a = loadArchitecture(out / "as/arch.json");
        QVERIFY(a.source.find("arch.yaml") != std::string::npos);
        a.source = ref.arch->source;  // names the file it came from
        QVERIFY(a == *ref.arch);
        QVERIFY(loadWorkload(out / "as/workload.json").ops == ref.workload.ops);
        QVERIFY(loadMapping(out / "as/mapping.json", a) == *ref.mapping);
        // `evaluate` takes the three files as they are.
        const auto e = testsupport::runCli({"evaluate", "--arch", (out / "as/arch.json").string(), "--workload",
                                            (out / "as/workload.json").string(), "--mapping",
                                            (out / "as/mapping.json").string(), "--json"});
        QVERIFY2(e.status == 0, e.err.c_str());
        // A problem file alone gives just the workload; a mapping without an architecture is refused.
        const auto alone = testsupport::runCli(
            {"import", "--timeloop-problem", (out / "problem.yaml").string(), "--out", (out / "alone").string()});
        QCOMPARE(alone.status, 0);
        QVERIFY(fs::exists(out / "alone/workload.json") && !fs::exists(out / "alone/arch.json"));
        const auto noArch = testsupport::runCli({"import", "--timeloop-problem", (out / "problem.yaml").string(),
                                                 "--timeloop-mapping", (out / "mapping.yaml").string(), "--out",
                                                 (out / "noarch").string()});
        QCOMPARE(noArch.status, 2);
        QVERIFY2(noArch.err.find("mapping.yaml: mapping: needs the architecture") != std::string::npos, noArch.err.c_str());
    }

    void roundTrip_data() { addCases(); }
    void roundTrip() {
        QFETCH(QString, dir);
        const timeloop::TimeloopImport first = importMerged(dir.toStdString());
        const Op& op = first.workload.ops.at(0);
        const timeloop::TimeloopFiles yaml = timeloop::exportTimeloop(*first.arch, op, &*first.mapping);
        const timeloop::TimeloopImport back = timeloop::importTimeloop(
            {yaml.problem, "problem.yaml"}, timeloop::YamlText{yaml.arch, "arch.yaml"},
            timeloop::YamlText{yaml.mapping, "mapping.yaml"});
        const Op& op2 = back.workload.ops.at(0);
        QVERIFY(op2.problem() == op.problem());
        QCOMPARE(op2.H, op.H);
        QCOMPARE(op2.W, op.W);
        QCOMPARE(op2.padding, op.padding);
        compareStorage(*first.arch, *back.arch);
        QVERIFY(*back.mapping == *first.mapping);
        Evaluation a, b;
        QVERIFY(evaluate(*first.arch, op.problem(), *first.mapping, a));
        QVERIFY(evaluate(*back.arch, op2.problem(), *back.mapping, b));
        compareEvaluations(a, b, true);
        QCOMPARE(a.energyPj, b.energyPj);
    }

    // eyeriss_like with ResNet-50's layer3.1.conv2: once mapped by the mapper, once with the
    // hand-written mapping; exported, imported, evaluated: the same accesses, cycles and energy.
    void presetExportReimports_data() {
        QTest::addColumn<bool>("mapped");
        QTest::newRow("mapper") << true;
        QTest::newRow("hand-written mapping") << false;
    }
    void presetExportReimports() {
        QFETCH(bool, mapped);
        const fs::path out = scratch(mapped ? "preset_mapped" : "preset_hand");
        std::vector<std::string> args = {"export-timeloop", "--arch", "eyeriss_like", "--workload", "resnet50",
                                         "--layer", "layer3.1.conv2", "--out", (out / "tl").string()};
        if (mapped) {
            args.insert(args.end(), {"--budget", "2000", "--threads", "1"});
        } else {
            args.insert(args.end(), {"--mapping", std::string(ACCELSCOPE_TESTS_DIR) + "/model/mappings/eyeriss_like.json"});
        }
        const auto ex = testsupport::runCli(args);
        QVERIFY2(ex.status == 0, ex.err.c_str());
        const auto im = testsupport::runCli({"import", "--timeloop-problem", (out / "tl/problem.yaml").string(),
                                             "--timeloop-arch", (out / "tl/arch.yaml").string(), "--timeloop-mapping",
                                             (out / "tl/mapping.yaml").string(), "--out", (out / "as").string()});
        QVERIFY2(im.status == 0, im.err.c_str());
        const Architecture preset = loadArchitectureByNameOrPath("eyeriss_like");
        const Architecture imported = loadArchitecture(out / "as/arch.json");
        compareStorage(preset, imported);
        const Op layer = *loadWorkloadByNameOrPath("resnet50").findOp("layer3.1.conv2");
        const Op back = loadWorkload(out / "as/workload.json").ops.at(0);
        QVERIFY(back.problem() == layer.problem());
        QCOMPARE(back.padding, layer.padding);
        const Mapping m = loadMapping(out / "as/mapping.json", imported);
        if (!mapped)
            QVERIFY(m == loadMapping(std::string(ACCELSCOPE_TESTS_DIR) + "/model/mappings/eyeriss_like.json", preset));
        Evaluation a, b;
        QVERIFY(evaluate(preset, layer.problem(), parseMapping(serializeMapping(m, imported), "m", preset), a));
        QVERIFY(evaluate(imported, back.problem(), m, b));
        compareEvaluations(a, b, true);
    }

    void malformedFilesAreRefused_data() {
        QTest::addColumn<QString>("file");
        int n = 0;
        for (const auto& f : fs::directory_iterator(kBad))
            if (f.path().extension() == ".yaml") {
                QTest::newRow(f.path().stem().string().c_str()) << QString::fromStdString(f.path().string());
                ++n;
            }
        QVERIFY(n >= 8);
    }
    void malformedFilesAreRefused() {
        QFETCH(QString, file);
        const std::string path = file.toStdString();
        const std::string text = testsupport::slurp(path);
        const std::string prefix = "# expect: ";
        QVERIFY(text.rfind(prefix, 0) == 0);
        const std::string expected = text.substr(prefix.size(), text.find('\n') - prefix.size());
        const auto r = testsupport::runCli(
            {"import", "--timeloop-problem", path, "--out", scratch("bad").string()});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(path + ": " + expected) != std::string::npos, (r.err + "expected: " + expected).c_str());
    }

    // Export refuses what Timeloop cannot take.
    void exportRefusesPaddingAndNonMacOps() {
        const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        const Op& relu = *w.findOp("relu");
        QVERIFY_THROWS_EXCEPTION(InputError, timeloop::exportTimeloop(arch, relu, nullptr));
        const Op& conv = *w.findOp("layer3.1.conv2");
        Mapping padded = loadMapping(std::string(ACCELSCOPE_TESTS_DIR) + "/model/mappings/eyeriss_like.json", arch);
        padded.levels[0].temporal[static_cast<int>(Dim::N)] = 2;
        QVERIFY_THROWS_EXCEPTION(InputError, timeloop::exportTimeloop(arch, conv, &padded));
    }
};

QTEST_GUILESS_MAIN(TestTimeloopIo)
#include "test_timeloop_io.moc"
