// Return on investment: a chip's lifetime cost and the break-even deployment by hand, the errors that
// name the option, and `accelscope-cli roi` on a searched fast_datacenter design against tpu_v3.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "explore/search_engine.h"
#include "explore/session.h"
#include "util/thread_pool.h"
#include "roi/roi_model.h"
#include "roi/roi_study.h"
#include "support/cli_run.h"
#include "util/input_error.h"

using namespace accelscope;

namespace {

// Round numbers, so that every figure below can be followed by hand.
RoiAssumptions handAssumptions() {
    RoiAssumptions a;
    a.nreUsd = 1e6;
    a.waferCostUsd = 5000;
    a.waferDiameterMm = 300;
    a.defectsPerCm2 = 0.1;
    a.chipOtherUsd = 100;
    a.provisioningUsdPerW = 10;
    a.electricityUsdPerKWh = 0.1;
    a.pue = 1.5;
    a.meanPowerFraction = 0.5;
    a.serviceLifeYears = 2;
    return a;
}

const ChipFigures kNew{"new", 2000, 100, 100};    // inferences/s, TDP W, area mm²
const ChipFigures kBase{"base", 1000, 150, 200};

bool near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::fabs(b); }

}  // namespace

class TestRoi : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void chipCostByHand() {
        const ChipCost c = chipCost(kNew, handAssumptions());
        // Dies on a 300 mm wafer: pi 300^2 / 4 / 100 - pi 300 / sqrt(200) = 706.858 - 66.643 = 640.2 -> 640.
        QCOMPARE(c.diesPerWafer, 640.0);
        // Poisson yield: exp(-1 cm² x 0.1 /cm²) = 0.904837.
        QVERIFY(near(c.yield, 0.9048374180359595));
        // Die: 5000 / (640 x 0.904837) = $8.6341; chip: + $100.
        QVERIFY(near(c.dieUsd, 8.634147797465998));
        QVERIFY(near(c.chipUsd, 108.634147797466));
        // Provisioning: 100 W x $10/W; electricity: 100 W x 0.5 x 1.5 = 75 W for 2 x 8766 h at $0.1/kWh = $131.49.
        QVERIFY(near(c.provisioningUsd, 1000));
        QVERIFY(near(c.energyUsd, 131.49));
        QVERIFY(near(c.lifetimeUsd, 1240.124147797466));
        QVERIFY(near(c.usdPerThroughput, 1240.124147797466 / 2000));

        // 200 mm²: 353.43 - 47.12 = 306.3 -> 306 dies, yield exp(-0.2) = 0.818731, die $19.9576.
        const ChipCost b = chipCost(kBase, handAssumptions());
        QCOMPARE(b.diesPerWafer, 306.0);
        QVERIFY(near(b.dieUsd, 19.957561407845915));
        // 150 W: provisioning $1500, electricity 112.5 W x 17532 h x $0.1/kWh = $197.235.
        QVERIFY(near(b.energyUsd, 197.235));
        QVERIFY(near(b.lifetimeUsd, 1817.192561407846));
    }

    void breakEvenByHand() {
        const RoiAssumptions a = handAssumptions();
        const RoiResult r = returnOnInvestment(kNew, kBase, a);
        // One new chip does the work of 2000 / 1000 = 2 baseline chips: s = 2 x 1817.19 - 1240.12 = $2394.26.
        QCOMPARE(r.replacedPerChip, 2.0);
        QVERIFY(near(r.savingsPerChipUsd, 2394.2609750182255));
        // N* = $1 M / $2394.26 = 417.67 chips; net savings after 1000 chips: 1000 x 2394.26 - 1e6.
        QVERIFY(r.breakEvenChips.has_value());
        QVERIFY(near(*r.breakEvenChips, 417.6654134340505));
        QVERIFY(near(netSavingsUsd(r, a, 1000), 1394260.9750182256));
        QVERIFY(std::fabs(netSavingsUsd(r, a, *r.breakEvenChips)) < 1e-6);
        // The plot's deployment sizes reach past the break-even.
        const std::vector<double> sizes = roiDeploymentSizes(r);
        QVERIFY(sizes.front() == 1 && sizes.back() > *r.breakEvenChips);
    }

    void noBreakEvenWhenTheNewChipCostsMorePerInference() {
        const RoiResult r = returnOnInvestment(kBase, kNew, handAssumptions());
        // 0.5 x 1240.12 - 1817.19 < 0: never paid back, and every deployment loses more.
        QVERIFY(r.savingsPerChipUsd < 0);
        QVERIFY(!r.breakEvenChips.has_value());
        QVERIFY(netSavingsUsd(r, handAssumptions(), 1e5) < -1e6);
    }

    void impossibleInputsNameTheirPlace() {
        RoiAssumptions a = handAssumptions();
        a.pue = 0.9;
        try {
            returnOnInvestment(kNew, kBase, a);
            QFAIL("a PUE below 1 was accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("--pue") != std::string::npos, e.what());
        }
        const ChipFigures huge{"huge", 10, 10, 80000};  // larger than a 300 mm wafer holds
        try {
            chipCost(huge, handAssumptions());
            QFAIL("a die larger than the wafer was costed");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("does not fit") != std::string::npos, e.what());
        }
        const ChipFigures idle{"idle", 0, 10, 10};
        QVERIFY_THROWS_EXCEPTION(InputError, chipCost(idle, handAssumptions()));
    }

    void roiOfASearchedDesignAgainstTheTpuV3Point() {
        const std::string session = (std::filesystem::path(dir_.path().toStdString()) / "fast.json").string();
        const auto search = testsupport::runCli({"search", "--workload", "resnet18", "--space", "fast_datacenter", "--searcher",
                                                 "random", "--budget", "3", "--sw-budget", "200", "--objective",
                                                 "perf-per-tdp", "--seed", "3", "--threads", "2", "--session", session, "--quiet"});
        QVERIFY2(search.status == 0, search.err.c_str());

        const auto roi = testsupport::runCli({"roi", "--session", session, "--json", "--nre-usd", "2e7"});
        QVERIFY2(roi.status == 0, roi.err.c_str());
        const auto j = nlohmann::json::parse(roi.out);

        // The baseline is the space's tpu_v3 point at the design's batch, costed as the engine costs a
        // point: the same figures as evaluateDesign on "tpu_v3,batch=B".
        const Session s = loadSession(session).session;
        const SessionRun& run = s.runs.back();
        const DesignRecord& best = run.result.designs[static_cast<std::size_t>(run.result.best)];
        QCOMPARE(j["design"]["index"].get<int>(), best.index);
        const std::string batch = j["design"]["parameters"].get<std::string>();
        const auto at = batch.find("batch=");
        QVERIFY(at != std::string::npos);
        const std::string batchValue = batch.substr(at + 6, batch.find(' ', at) - at - 6);
        ThreadPool pool(2);
        SearchJob job = sessionJob(s, run.settings);
        job.space.powerCapW = 0;  // costed whatever the caps
        job.space.areaCapMm2 = 0;
        const DesignRecord tpu = evaluateDesign(job, job.space.point("tpu_v3,batch=" + batchValue), pool);
        QVERIFY2(tpu.valid, tpu.why.c_str());
        QVERIFY(near(j["baseline"]["perf_per_tdp"].get<double>(), tpu.perfPerTdp, 1e-12));
        QVERIFY(near(j["chips"]["baseline"]["throughput_per_s"].get<double>(), tpu.perfPerTdp * tpu.tdpW, 1e-12));
        QVERIFY(near(j["chips"]["design"]["throughput_per_s"].get<double>(), best.perfPerTdp * best.tdpW, 1e-12));

        // The printed break-even is NRE / s, with s from the two lifetimes printed beside it.
        const double s1 = j["replaced_per_chip"].get<double>() * j["chips"]["baseline"]["lifetime_usd"].get<double>() -
                          j["chips"]["design"]["lifetime_usd"].get<double>();
        QVERIFY(near(j["savings_per_chip_usd"].get<double>(), s1));
        if (s1 > 0) QVERIFY(near(j["break_even_chips"].get<double>(), 2e7 / s1));
        else QVERIFY(j["break_even_chips"].is_null());

        // The text form says the same break-even, and errors exit 2 naming the option.
        const auto text = testsupport::runCli({"roi", "--session", session, "--nre-usd", "2e7"});
        QCOMPARE(text.status, 0);
        QVERIFY(text.out.find("Break-even") != std::string::npos);
        const auto unknown = testsupport::runCli({"roi", "--session", session, "--baseline", "tpu_v9"});
        QCOMPARE(unknown.status, 2);
        QVERIFY2(unknown.err.find("tpu_v9") != std::string::npos && unknown.err.find("tpu_v3") != std::string::npos,
                 unknown.err.c_str());
        const auto bad = testsupport::runCli({"roi", "--session", session, "--life-years", "0"});
        QCOMPARE(bad.status, 2);
        QVERIFY2(bad.err.find("--life-years") != std::string::npos, bad.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRoi)
#include "test_roi.moc"
