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
#include "model/timeloop_compare.h"
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
        compareWithTimeloop(c.arch, e, ref);
    }
};

QTEST_GUILESS_MAIN(TestTimeloopOracles)
#include "test_timeloop_oracles.moc"
