// The cost model against Timeloop: the three cases of tests/model/timeloop_cases/ (from the public
// Timeloop/Accelergy exercises, MIT licence) with the architecture and mapping of each case's
// input.yaml and ref.map.txt converted to AccelScope's formats in the case's folder. Every per-level, per-tensor access
// count must equal what Timeloop printed in ref.stats.txt; cycles and energy (with the case's own
// energy reference table) within 1%.
#include <QtTest>

#include <cmath>

#include "arch/arch_io.h"
#include "mapping/mapping_io.h"
#include "workload/workload_io.h"
#include "model/evaluator.h"
#include "timeloop_stats.h"

using namespace accelscope;

namespace {
const std::string kCases = std::string(ACCELSCOPE_TESTS_DIR) + "/model/timeloop_cases/";

struct Case {
    Architecture arch;
    ProblemShape problem;
    Mapping mapping;
};

// Each case folder holds the case in AccelScope's formats, converted by hand from Timeloop's
// input.yaml and ref.map.txt: arch.json (levels, sizes, widths as block_words, the ERT energies and
// ART areas), layer.json (the problem as a one-op workload) and mapping.json.
Case load(const std::string& dir) {
    Case c;
    c.arch = loadArchitecture(dir + "/arch.json");
    const Workload w = loadWorkload(dir + "/layer.json");
    c.problem = w.ops.at(0).problem();
    c.mapping = loadMapping(dir + "/mapping.json", c.arch);
    return c;
}

const char* kTimeloopTensor[] = {"Weights", "Inputs", "Outputs"};
}  // namespace

class TestTimeloopOracles : public QObject {
    Q_OBJECT
private slots:
    void matchesTimeloop_data() {
        QTest::addColumn<QString>("dir");
        QTest::newRow("conv1d 2-level") << "ispass_timeloop_01_model_conv1d_2level_ref_ws";
        QTest::newRow("conv1d+oc 3-level bypass") << "ispass_timeloop_03_model_conv1d+oc_3level_ref_bypass";
        QTest::newRow("weight-stationary 16x16") << "design_simple_weight_stationary_default_problem";
    }
    void matchesTimeloop() {
        QFETCH(QString, dir);
        const Case c = load(kCases + dir.toStdString());
        const TimeloopStats ref = readTimeloopStats(kCases + dir.toStdString() + "/ref.stats.txt");
        QVERIFY(ref.cycles > 0 && ref.computes > 0 && ref.energyPj > 0);

        Evaluation e;
        QVERIFY2(evaluate(c.arch, c.problem, c.mapping, e), describeInvalid(e, c.arch).c_str());
        QCOMPARE(static_cast<double>(e.paddedMacs), ref.computes);
        int compared = 0;
        for (int i = 0; i < c.arch.levelCount(); ++i) {
            const auto found = ref.levels.find(c.arch.levels[i].name);
            QVERIFY2(found != ref.levels.end(), c.arch.levels[i].name.c_str());
            for (int t = 0; t < kNumTensors; ++t) {
                const auto rt = found->second.find(kTimeloopTensor[t]);
                QCOMPARE(e.levels[i].kept[t], rt != found->second.end());
                if (rt == found->second.end()) continue;
                const TimeloopTensorStats& r = rt->second;
                const TensorAccesses& a = e.levels[i].tensor[t];
                const QByteArray where = QByteArray::fromStdString(c.arch.levels[i].name) + " " + kTimeloopTensor[t];
                QVERIFY2(a.reads == r.reads * r.instances,
                         where + " reads " + QByteArray::number(a.reads) + " vs " + QByteArray::number(r.reads * r.instances));
                QVERIFY2(a.fills == r.fills * r.instances,
                         where + " fills " + QByteArray::number(a.fills) + " vs " + QByteArray::number(r.fills * r.instances));
                QVERIFY2(a.updates == r.updates * r.instances, where + " updates " + QByteArray::number(a.updates) +
                                                                    " vs " + QByteArray::number(r.updates * r.instances));
                QCOMPARE(static_cast<double>(e.levels[i].utilizedInstances), r.instances);
                ++compared;
            }
        }
        QVERIFY(compared >= 5);
        QVERIFY2(std::fabs(e.cycles - ref.cycles) <= 0.01 * ref.cycles,
                 qPrintable(QString("cycles %1 vs %2").arg(e.cycles).arg(ref.cycles)));
        QVERIFY2(std::fabs(e.energyPj - ref.energyPj) <= 0.01 * ref.energyPj,
                 qPrintable(QString("energy %1 pJ vs %2 pJ").arg(e.energyPj, 0, 'f', 2).arg(ref.energyPj, 0, 'f', 2)));
    }
};

QTEST_GUILESS_MAIN(TestTimeloopOracles)
#include "test_timeloop_oracles.moc"
