// ConfuciuX's layer-wise problem on AccelScope's model: the area budget as ConfuciuX sets it, every
// design within it, a design's latency from its layers, a case worked by hand, seeds and threads,
// and the CLI's errors.
#include <QtTest>

#include <cmath>

#include "confuciux/layerwise_search.h"
#include "model/layer_cost.h"
#include "support/cli_run.h"
#include "util/input_error.h"
#include "util/thread_pool.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {

double subAreaMm2(const DesignSpace& s, const std::string& spec) {
    Architecture a;
    CompilerSettings cs;
    std::string why;
    if (!s.realize(s.point(spec), a, cs, why)) qFatal("%s", why.c_str());
    return architectureAreaUm2(a) / 1e6;
}

LayerwiseJob smallJob(std::uint64_t seed) {
    LayerwiseJob job;
    job.workload = loadWorkloadByNameOrPath("resnet18");
    job.space = loadDesignSpaceByNameOrPath("confuciux_edge");
    job.settings.searcherSettings.budget = 60;
    job.settings.swBudget = 100;
    job.settings.searcherSettings.seed = seed;
    return job;
}

}  // namespace

class TestLayerwiseSearch : public QObject {
    Q_OBJECT
private slots:
    // ConfuciuX (src/ConfX/main.py): budget = min + 0.5 (max - min), with min and max the network's
    // layers all on the smallest (1 PE, smallest buffer) and all on the largest sub-accelerator.
    void budgetAndDesignsAsConfuciuxSetsThem() {
        const LayerwiseJob job = smallJob(1);
        int layers = 0;
        for (const Op& op : job.workload.ops) layers += op.isMacOp() ? static_cast<int>(op.repeat) : 0;
        QCOMPARE(layers, 21);  // ResNet-18: 20 convolutions and the classifier
        const double lo = layers * subAreaMm2(job.space, "pe=1,l1_words=32,dataflow=shidiannao_like");
        const double hi = layers * subAreaMm2(job.space, "pe=128,l1_words=384,dataflow=shidiannao_like");
        QCOMPARE(layerwiseSpace(job).params.size(), std::size_t(2 * 21));  // pe and l1_words per layer
        ThreadPool pool(2);
        const LayerwiseRun run = runLayerwiseSearch(job, pool);
        QVERIFY(std::abs(run.areaMinMm2 - lo) < 1e-9 * lo);
        QVERIFY(std::abs(run.areaMaxMm2 - hi) < 1e-9 * hi);
        QVERIFY(std::abs(run.areaBudgetMm2 - (lo + 0.5 * (hi - lo))) < 1e-9 * hi);
        std::int64_t valid = 0;
        for (const LayerwiseDesign& d : run.designs) {
            QVERIFY2(d.areaMm2 <= run.areaBudgetMm2 * (1 + 1e-12), "a design over the budget was proposed");
            valid += d.valid ? 1 : 0;
        }
        QCOMPARE(valid, job.settings.searcherSettings.budget);
        QVERIFY(run.best >= 0);
        const LayerwiseDesign& best = run.designs[static_cast<std::size_t>(run.best)];
        QCOMPARE(best.layers.size(), std::size_t(21));
        double latency = 0, area = 0;
        for (const LayerChoice& l : best.layers) {
            latency += static_cast<double>(l.repeat) * l.latencyS;
            area += static_cast<double>(l.repeat) * l.areaMm2;
        }
        QVERIFY(std::abs(latency - best.latencyS) < 1e-12 * latency);
        QVERIFY(std::abs(area - best.areaMm2) < 1e-12 * area);
        for (std::size_t i = 1; i < run.bestHistory.size(); ++i) QVERIFY(run.bestHistory[i] <= run.bestHistory[i - 1]);
    }

    // By hand: with one PE per sub-accelerator every layer is compute-bound (one MAC a cycle needs at
    // most 3 words a cycle; DRAM gives 16 each way), so the network takes its MACs in cycles at 1 GHz.
    void onePePerLayerTakesItsMacsInCycles() {
        LayerwiseJob job = smallJob(2);
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(job.space.text);
        j["parameters"][0]["values"] = {1};
        job.space = parseDesignSpace(j.dump(), "one-PE confuciux_edge");
        ThreadPool pool(2);
        const LayerwiseRun run = runLayerwiseSearch(job, pool);
        QVERIFY(run.best >= 0);
        double macs = 0;
        for (const Op& op : job.workload.ops)
            if (op.isMacOp()) macs += static_cast<double>(op.problem().macs()) * static_cast<double>(op.repeat);
        const double latency = run.designs[static_cast<std::size_t>(run.best)].latencyS;
        QVERIFY2(std::abs(latency - macs / 1e9) < 1e-9 * latency, qPrintable(QString("%1 vs %2").arg(latency).arg(macs / 1e9)));
    }

    // A design costed on its own equals the search's record of it; the hand design the bench checks
    // ConfuciuX against (every layer on 128 PEs with the smallest L1) is within ConfuciuX's budget.
    void designsCostedOnTheirOwn() {
        const LayerwiseJob job = smallJob(4);
        ThreadPool pool(2);
        const LayerwiseRun run = runLayerwiseSearch(job, pool);
        QVERIFY(run.best >= 0);
        const LayerwiseDesign& best = run.designs[static_cast<std::size_t>(run.best)];
        const LayerwiseDesign again = evaluateLayerwiseDesign(job, best.point, pool);
        QVERIFY(again.valid);
        QCOMPARE(again.latencyS, best.latencyS);
        QCOMPARE(again.areaMm2, best.areaMm2);
        const ParamSpace space = layerwiseSpace(job);
        Point top(space.params.size(), 0);
        for (std::size_t i = 0; i < top.size(); ++i)
            if (space.params[i].name.rfind("pe@", 0) == 0) top[i] = space.params[i].levels() - 1;
        const LayerwiseDesign hand = evaluateLayerwiseDesign(job, top, pool);
        QVERIFY2(hand.valid, hand.why.c_str());
        QVERIFY(hand.areaMm2 <= layerwiseBudgetMm2(job));
        for (const LayerChoice& l : hand.layers) QVERIFY(l.design.find("pe=128 PEs, l1_words=32 words") == 0);
        Point bad = top;
        bad.push_back(0);
        QVERIFY_THROWS_EXCEPTION(InputError, evaluateLayerwiseDesign(job, bad, pool));
    }

    void sameSeedSameRunAtAnyThreadCount() {
        ThreadPool one(1), two(2);
        const LayerwiseRun a = runLayerwiseSearch(smallJob(5), one), b = runLayerwiseSearch(smallJob(5), two);
        QCOMPARE(a.designs.size(), b.designs.size());
        for (std::size_t i = 0; i < a.designs.size(); ++i) {
            QCOMPARE(a.designs[i].point, b.designs[i].point);
            QCOMPARE(a.designs[i].objective, b.designs[i].objective);
        }
    }

    void errorsNameTheProblem() {
        const auto wrongSpace = testsupport::runCli({"search", "--layerwise", "--workload", "resnet18", "--space", "spotlight_edge"});
        QCOMPARE(wrongSpace.status, 2);
        QVERIFY(wrongSpace.err.find("needs a space of template \"confuciux\", got \"spotlight\"") != std::string::npos);
        const auto session = testsupport::runCli(
            {"search", "--layerwise", "--workload", "resnet18", "--space", "confuciux_edge", "--out", "x.json"});
        QCOMPARE(session.status, 2);
        QVERIFY(session.err.find("--out does not go with --layerwise") != std::string::npos);
        const auto suite = testsupport::runCli({"search", "--layerwise", "--workload", "resnet18,vgg16", "--space", "confuciux_edge"});
        QCOMPARE(suite.status, 2);
        const auto share = testsupport::runCli(
            {"search", "--layerwise", "--workload", "resnet18", "--space", "confuciux_edge", "--budget-share", "1.5"});
        QCOMPARE(share.status, 2);
        const auto ok = testsupport::runCli({"search", "--layerwise", "--workload", "resnet18", "--space", "confuciux_edge",
                                             "--budget", "20", "--sw-budget", "50", "--json"});
        QVERIFY2(ok.status == 0, ok.err.c_str());
        const auto j = nlohmann::json::parse(ok.out);
        QCOMPARE(j["valid"].get<int>(), 20);
        QCOMPARE(j["best"]["layers"].size(), std::size_t(21));
    }
};

QTEST_GUILESS_MAIN(TestLayerwiseSearch)
#include "test_layerwise_search.moc"
