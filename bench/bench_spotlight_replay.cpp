// Spotlight's comparisons replayed (spotlight.md; the artifact's run-ae.sh and compare-ae.sh) on our
// cost model, median [min, max] over --seeds seeds:
//  edge, cloud  daBO (nested: the hardware daBO outside, each layer's schedule by the annealing mapper
//               inside, --sw-budget per layer shape) on spotlight_edge / spotlight_cloud minimising
//               EDP, against the space's hand designs costed the same way: eyeriss_like, nvdla_like
//               and maeri_like (the best of its PE splits, as the artifact searches them);
//  delay        daBO minimising delay on spotlight_edge against ConfuciuX's layer-wise design
//               (confuciux_edge, its REINFORCE-then-GA searcher, 500 valid designs);
//  ablation     daBO against Spotlight-R (random), -GA, -V (BO on the raw encoding) and -F (daBO with
//               a dataflow fixed per design among NVDLA-, Eyeriss- and ShiDianNao-like) on
//               spotlight_edge, EDP, at equal samples (--budget valid designs) and at equal wall time
//               (each searcher runs until daBO's median time for that network);
//  general      one design searched by daBO on the geomean EDP of the first three networks, costed on
//               the others (held out), against each held-out network's own searched best (median).
//
// Spotlight costs the MAC layers only (MAESTRO); here whole networks are costed, with --fusion
// producer by default for every design and baseline alike (batch normalisation folded, activations
// and residual adds in their producer's epilogue), so that element-wise ops at DRAM speed do not
// stand in for a difference Spotlight never measured; --fusion none costs each op on its own.
//
//   build/bench/bench_spotlight_replay [--seeds 10] [--budget 100] [--sw-budget 1000] [--threads 2]
//       [--networks resnet50,vgg16,mobilenet_v2,mnasnet1_0,transformer_base]
//       [--parts edge,cloud,delay,ablation,general] [--fusion producer|none]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "confuciux/layerwise_search.h"
#include "explore/search_engine.h"
#include "search/placed_point.h"
#include "util/run_control.h"
#include "util/thread_pool.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
using benchargs::option;
using benchargs::Stats;
using benchargs::stats;

struct Settings {
    int seeds = 10;
    std::int64_t budget = 100, swBudget = 1000;
    std::string fusion = "producer";
};

// The preset with a fixed fusion for every point of it, named ones included.
DesignSpace loadSpace(const char* name, const Settings& s) {
    const DesignSpace preset = loadDesignSpaceByNameOrPath(name);
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(preset.text);
    j["parameters"].push_back({{"name", "fusion"}, {"kind", "categorical"}, {"choices", {s.fusion}}});
    if (j.contains("points"))
        for (auto& p : j["points"]) p["values"]["fusion"] = s.fusion;
    return parseDesignSpace(j.dump(), std::string(name) + " with fusion " + s.fusion);
}

SearchJob searchJob(const std::vector<Workload>& w, const DesignSpace& space, const std::string& searcher,
                    DesignObjective objective, const Settings& s, std::uint64_t seed) {
    SearchJob job;
    job.workloads = w;
    job.space = space;
    job.settings.searcher = searcher;
    job.settings.searcherSettings.budget = s.budget;
    job.settings.swBudget = s.swBudget;
    job.settings.objective = objective;
    job.settings.searcherSettings.seed = seed;
    return job;
}

double bestObjective(const SearchRun& run) {
    return run.best >= 0 ? run.designs[static_cast<std::size_t>(run.best)].objective : NAN;
}

// Stops a run at a wall-time limit, between batches.
class TimeLimit : public SearchObserver {
public:
    TimeLimit(RunControl& c, double seconds) : control_(c), seconds_(seconds) {}
    void batchEvaluated(const std::vector<DesignRecord>&, const SearchProgress& p) override {
        if (p.seconds >= seconds_) control_.cancel();
    }

private:
    RunControl& control_;
    double seconds_;
};

// A hand design of the space, costed as a search costs a point (same job: objective, mapper, budget).
double handDesign(const SearchJob& base, const std::string& spec, ThreadPool& pool) {
    const PlacedPoint placed = placePoint(base.space, spec);
    SearchJob job = base;
    job.space = placed.space;
    const DesignRecord d = evaluateDesign(job, placed.point, pool);
    return d.valid ? d.objective : NAN;
}

// maeri_like at the best of its PE splits (the artifact searches them).
double maeriBest(const SearchJob& job, ThreadPool& pool) {
    double best = NAN;
    for (int k = 0; k < 64; ++k) {
        double v = NAN;
        try {
            v = handDesign(job, "maeri_like,pe_split=" + std::to_string(k), pool);
        } catch (const InputError&) {
            break;  // past the space's pe_split range
        }
        if (!std::isnan(v) && (std::isnan(best) || v < best)) best = v;
    }
    return best;
}

std::string ratioText(const std::vector<double>& searched, double baseline) {
    std::vector<double> r;
    for (double s : searched) r.push_back(baseline / s);
    const Stats st = stats(r);
    char text[64];
    std::snprintf(text, sizeof text, "%.1fx [%.1f, %.1f]", st.median, st.min, st.max);
    return text;
}

std::vector<double> searchSeeds(const std::vector<Workload>& w, const DesignSpace& space, const std::string& searcher,
                                DesignObjective objective, const Settings& s, ThreadPool& pool, std::vector<double>* seconds = nullptr,
                                double timeLimit = 0, std::vector<double>* samples = nullptr) {
    std::vector<double> best;
    for (int seed = 1; seed <= s.seeds; ++seed) {
        SearchJob job = searchJob(w, space, searcher, objective, s, static_cast<std::uint64_t>(seed));
        RunControl control;
        TimeLimit limit(control, timeLimit);
        if (timeLimit > 0) job.settings.searcherSettings.budget = 20 * s.budget;  // the time limit ends it
        const SearchRun run = runSearch(job, pool, &control, timeLimit > 0 ? &limit : nullptr);
        best.push_back(bestObjective(run));
        if (seconds) seconds->push_back(run.seconds);
        if (samples) {
            double valid = 0;
            for (const auto& d : run.designs) valid += d.valid ? 1 : 0;
            samples->push_back(valid);
        }
    }
    return best;
}

void scalePart(const char* title, const char* spaceName, const std::vector<std::string>& networks, const Settings& s,
               ThreadPool& pool, std::map<std::string, double>* ownBest) {
    const DesignSpace space = loadSpace(spaceName, s);
    std::printf("\n%s: %s, fusion %s, EDP (J x s per inference), daBO, %lld valid designs x %lld mappings per layer shape, %d seeds\n",
                title, spaceName, s.fusion.c_str(), static_cast<long long>(s.budget), static_cast<long long>(s.swBudget), s.seeds);
    std::printf("%-17s %-28s %-12s %-22s %-22s %-22s\n", "network", "daBO median [min, max]", "eyeriss_like",
                "over eyeriss_like", "over nvdla_like", "over maeri_like");
    for (const std::string& n : networks) {
        const std::vector<Workload> w = {loadWorkloadByNameOrPath(n)};
        const std::vector<double> best = searchSeeds(w, space, "dabo", DesignObjective::Edp, s, pool);
        const SearchJob job = searchJob(w, space, "dabo", DesignObjective::Edp, s, 1);
        const double eyeriss = handDesign(job, "eyeriss_like", pool), nvdla = handDesign(job, "nvdla_like", pool),
                     maeri = maeriBest(job, pool);
        const Stats st = stats(best);
        if (ownBest) (*ownBest)[n] = st.median;
        std::printf("%-17s %.3e [%.2e, %.2e] %-12.3e %-22s %-22s %-22s\n", n.c_str(), st.median, st.min, st.max, eyeriss,
                    ratioText(best, eyeriss).c_str(), ratioText(best, nvdla).c_str(), ratioText(best, maeri).c_str());
        std::fflush(stdout);
    }
}

void delayPart(const std::vector<std::string>& networks, const Settings& s, ThreadPool& pool) {
    const DesignSpace edge = loadSpace("spotlight_edge", s);
    const DesignSpace cx = loadDesignSpaceByNameOrPath("confuciux_edge");
    std::printf("\ndelay: daBO on spotlight_edge (delay) against ConfuciuX's layer-wise design on confuciux_edge "
                "(confuciux searcher, 500 valid designs, %lld mappings per layer and sub-accelerator), %d seeds\n",
                static_cast<long long>(std::min<std::int64_t>(s.swBudget, 300)), s.seeds);
    std::printf("%-17s %-30s %-30s %-18s %-22s\n", "network", "daBO latency (ms)", "ConfuciuX latency (ms)",
                "hand design (ms)", "ConfuciuX / daBO");
    for (const std::string& n : networks) {
        const std::vector<Workload> w = {loadWorkloadByNameOrPath(n)};
        const std::vector<double> spot = searchSeeds(w, edge, "dabo", DesignObjective::Delay, s, pool);
        std::vector<double> conf;
        for (int seed = 1; seed <= s.seeds; ++seed) {
            LayerwiseJob job;
            job.workload = w[0];
            job.space = cx;
            job.settings.searcherSettings.budget = 500;
            job.settings.swBudget = std::min<std::int64_t>(s.swBudget, 300);
            job.settings.searcherSettings.seed = static_cast<std::uint64_t>(seed);
            const LayerwiseRun run = runLayerwiseSearch(job, pool);
            conf.push_back(run.best >= 0 ? run.designs[static_cast<std::size_t>(run.best)].latencyS : NAN);
        }
        // The cross-check: every layer on the largest PE count with the smallest L1 (the fastest choice
        // per layer when it fits the budget, as it does here).
        LayerwiseJob hand;
        hand.workload = w[0];
        hand.space = cx;
        hand.settings.swBudget = std::min<std::int64_t>(s.swBudget, 300);
        const ParamSpace lw = layerwiseSpace(hand);
        Point top(lw.params.size(), 0);
        for (std::size_t i = 0; i < top.size(); ++i)
            if (lw.params[i].name.rfind("pe@", 0) == 0) top[i] = lw.params[i].levels() - 1;
        const LayerwiseDesign handDesign = evaluateLayerwiseDesign(hand, top, pool);
        const Stats a = stats(spot), b = stats(conf);
        char handText[32] = "over budget";
        if (handDesign.valid && handDesign.areaMm2 <= layerwiseBudgetMm2(hand))
            std::snprintf(handText, sizeof handText, "%.2f", handDesign.latencyS * 1e3);
        std::printf("%-17s %.3f [%.3f, %.3f]          %.2f [%.2f, %.2f]          %-18s %.0fx\n", n.c_str(), a.median * 1e3,
                    a.min * 1e3, a.max * 1e3, b.median * 1e3, b.min * 1e3, b.max * 1e3, handText, b.median / a.median);
        std::fflush(stdout);
    }
}

DesignSpace withFixedDataflows(const DesignSpace& edge) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(edge.text);
    j["name"] = edge.name + ", fixed dataflows";
    j["parameters"].push_back({{"name", "dataflow"},
                               {"kind", "categorical"},
                               {"choices", {"nvdla_like", "row_stationary", "shidiannao_like"}},
                               {"help", "Spotlight-F: one of three fixed dataflows"}});
    j.erase("points");
    return parseDesignSpace(j.dump(), "spotlight_edge with fixed dataflows");
}

void ablationPart(const std::vector<std::string>& networks, const Settings& s, ThreadPool& pool) {
    const DesignSpace edge = loadSpace("spotlight_edge", s);
    const DesignSpace fixed = withFixedDataflows(edge);
    struct Variant {
        const char* label;
        const char* searcher;
        const DesignSpace* space;
    };
    const Variant variants[] = {{"Spotlight-R (random)", "random", &edge},
                                {"Spotlight-GA", "ga", &edge},
                                {"Spotlight-V (BO, raw)", "bo", &edge},
                                {"Spotlight-F (fixed dataflows)", "dabo", &fixed}};
    std::printf("\nablation: spotlight_edge, EDP, best of each variant over daBO's (above 1: daBO better), %d seeds\n", s.seeds);
    std::printf("%-17s %-31s %-24s %-34s\n", "network", "variant", "equal samples", "equal time (valid designs)");
    for (const std::string& n : networks) {
        const std::vector<Workload> w = {loadWorkloadByNameOrPath(n)};
        std::vector<double> seconds;
        const std::vector<double> dabo = searchSeeds(w, edge, "dabo", DesignObjective::Edp, s, pool, &seconds);
        const double limit = stats(seconds).median;
        const double daboMedian = stats(dabo).median;
        std::printf("%-17s %-31s %.3e in %.1f s\n", n.c_str(), "daBO (Spotlight)", daboMedian, limit);
        for (const Variant& v : variants) {
            const std::vector<double> same = searchSeeds(w, *v.space, v.searcher, DesignObjective::Edp, s, pool);
            std::vector<double> samples;
            const std::vector<double> timed =
                searchSeeds(w, *v.space, v.searcher, DesignObjective::Edp, s, pool, nullptr, limit, &samples);
            char a[48], b[64];
            std::snprintf(a, sizeof a, "%.2fx", stats(same).median / daboMedian);
            std::snprintf(b, sizeof b, "%.2fx (%.0f)", stats(timed).median / daboMedian, stats(samples).median);
            std::printf("%-17s %-31s %-24s %-34s\n", "", v.label, a, b);
            std::fflush(stdout);
        }
    }
}

void generalPart(const std::vector<std::string>& networks, const std::map<std::string, double>& ownBest,
                 const Settings& s, ThreadPool& pool) {
    if (networks.size() < 4) return;
    const DesignSpace edge = loadSpace("spotlight_edge", s);
    std::vector<Workload> train;
    for (std::size_t i = 0; i < 3; ++i) train.push_back(loadWorkloadByNameOrPath(networks[i]));
    std::printf("\ngeneralisation: daBO on the geomean EDP of %s, %s, %s; the design costed on the held-out networks, "
                "over each one's own daBO best (edge median above; 1.0x: as good as a design searched for it)\n",
                networks[0].c_str(), networks[1].c_str(), networks[2].c_str());
    std::map<std::string, std::vector<double>> ratios;
    for (int seed = 1; seed <= s.seeds; ++seed) {
        const SearchJob job = searchJob(train, edge, "dabo", DesignObjective::Edp, s, static_cast<std::uint64_t>(seed));
        const SearchRun run = runSearch(job, pool);
        if (run.best < 0) continue;
        const Point p = run.designs[static_cast<std::size_t>(run.best)].point;
        for (std::size_t i = 3; i < networks.size(); ++i) {
            SearchJob held = job;
            held.workloads = {loadWorkloadByNameOrPath(networks[i])};
            const DesignRecord d = evaluateDesign(held, p, pool);
            if (d.valid && ownBest.contains(networks[i])) ratios[networks[i]].push_back(d.objective / ownBest.at(networks[i]));
        }
    }
    for (const auto& [n, r] : ratios) {
        const Stats st = stats(r);
        std::printf("%-17s %.2fx [%.2f, %.2f]\n", n.c_str(), st.median, st.min, st.max);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    s.seeds = std::atoi(option(argc, argv, "--seeds", "10"));
    s.budget = std::atoll(option(argc, argv, "--budget", "100"));
    s.swBudget = std::atoll(option(argc, argv, "--sw-budget", "1000"));
    s.fusion = option(argc, argv, "--fusion", "producer");
    ThreadPool pool(static_cast<unsigned>(std::atoi(option(argc, argv, "--threads", "2"))));
    const std::vector<std::string> networks =
        benchargs::list(argc, argv, "--networks", "resnet50,vgg16,mobilenet_v2,mnasnet1_0,transformer_base");
    const std::vector<std::string> parts = benchargs::list(argc, argv, "--parts", "edge,cloud,delay,ablation,general");
    const auto has = [&](const char* p) { return std::find(parts.begin(), parts.end(), p) != parts.end(); };
    const auto start = std::chrono::steady_clock::now();
    std::map<std::string, double> ownBest;
    if (has("edge") || has("general")) scalePart("edge", "spotlight_edge", networks, s, pool, &ownBest);
    if (has("cloud")) scalePart("cloud", "spotlight_cloud", networks, s, pool, nullptr);
    if (has("delay")) delayPart(networks, s, pool);
    if (has("ablation")) ablationPart(networks, s, pool);
    if (has("general")) generalPart(networks, ownBest, s, pool);
    std::printf("\n%.0f s in all\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
}
