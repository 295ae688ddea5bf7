// Search quality (Spotlight's experiment, scaled to this machine): for ResNet-50 and MobileNetV2 on
// the spotlight_edge space with the EDP objective, every hardware searcher over 5 seeds with a budget
// of 100 designs; the best EDP after 25, 50 and 100 samples (median, min, max over seeds), against the
// space's named hand designs (eyeriss_like, nvdla_like, maeri_like) and the presets eyeriss_like and
// nvdla_like, with schedules tuned by the same mapper. Then the
// wall time of one nested search at Spotlight's artifact budget (100 hardware x 100 software samples
// per layer, ResNet-50).
//
//   build/bench/bench_search_quality [--seeds 5] [--sw-budget 1000] [--threads 2] [--workloads resnet50,mobilenet_v2]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "arch/arch_io.h"
#include "bench_args.h"
#include "explore/search_engine.h"
#include "search/placed_point.h"
#include "util/thread_pool.h"
#include "network/network_model.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
using benchargs::option;

using benchargs::Stats;
using benchargs::stats;

// The best objective once `samples` valid designs have been evaluated (the budget counts valid ones).
double bestAfter(const SearchRun& run, std::size_t samples) {
    std::size_t valid = 0;
    for (std::size_t i = 0; i < run.designs.size(); ++i)
        if (run.designs[i].valid && ++valid == samples) return run.bestHistory[i];
    return run.bestHistory.empty() ? 0 : run.bestHistory.back();
}
}  // namespace

int main(int argc, char** argv) {
    const int seeds = std::atoi(option(argc, argv, "--seeds", "5"));
    const std::int64_t swBudget = std::atoll(option(argc, argv, "--sw-budget", "1000"));
    ThreadPool pool(static_cast<unsigned>(std::atoi(option(argc, argv, "--threads", "2"))));
    const std::vector<std::string> workloads = benchargs::list(argc, argv, "--workloads", "resnet50,mobilenet_v2");
    const DesignSpace space = loadDesignSpaceByNameOrPath("spotlight_edge");
    std::printf("spotlight_edge, EDP (J x s per inference), budget 100 designs, %d seeds, %lld mappings per layer shape, %u threads\n",
                seeds, static_cast<long long>(swBudget), pool.threadCount());
    for (const auto& name : workloads) {
        const Workload w = loadWorkloadByNameOrPath(name);
        std::printf("\n%s\n%-8s %26s %26s %26s %8s %7s\n", name.c_str(), "searcher", "best EDP @25 med [min,max]",
                    "@50 med [min,max]", "@100 med [min,max]", "valid%", "s/run");
        for (const auto& searcher : {"random", "ga", "sa", "bo", "dabo"}) {
            std::vector<double> at25, at50, at100;
            double seconds = 0, valid = 0, attempts = 0;
            for (int seed = 1; seed <= seeds; ++seed) {
                SearchJob job;
                job.workloads = {w};
                job.space = space;
                job.settings.searcher = searcher;
                job.settings.searcherSettings.budget = 100;
                job.settings.swBudget = swBudget;
                job.settings.searcherSettings.seed = static_cast<std::uint64_t>(seed);
                const SearchRun run = runSearch(job, pool);
                at25.push_back(bestAfter(run, 25));
                at50.push_back(bestAfter(run, 50));
                at100.push_back(bestAfter(run, 100));
                seconds += run.seconds;
                for (const auto& d : run.designs) valid += d.valid ? 1 : 0;
                attempts += static_cast<double>(run.designs.size());
            }
            const Stats a = stats(at25), b = stats(at50), c = stats(at100);
            std::printf("%-8s %9.3e [%.2e,%.2e] %9.3e [%.2e,%.2e] %9.3e [%.2e,%.2e] %7.0f%% %7.1f\n", searcher, a.median,
                        a.min, a.max, b.median, b.min, b.max, c.median, c.min, c.max, 100 * valid / attempts, seconds / seeds);
            std::fflush(stdout);
        }
        // Spotlight's hand-designed edge baselines, the space's named points (the artifact's figures;
        // placed in the space widened to hold them), costed as the search costs a point.
        for (const char* named : {"eyeriss_like", "nvdla_like", "maeri_like"}) {
            SearchJob job;
            job.workloads = {w};
            job.settings.swBudget = swBudget;
            const PlacedPoint placed = placePoint(space, named);
            job.space = placed.space;
            const DesignRecord d = evaluateDesign(job, placed.point, pool);
            std::printf("%-24s EDP %.3e (latency %.3f ms, energy %.3f mJ, %.2f mm^2), mapper-tuned schedules\n",
                        (std::string(named) + " (point)").c_str(), d.edp, d.latencyS * 1e3, d.energyJ * 1e3, d.areaMm2);
        }
        for (const char* preset : {"eyeriss_like", "nvdla_like"}) {
            const Architecture arch = loadArchitectureByNameOrPath(preset);
            NetworkSettings s;
            const NetworkResult r = evaluateNetwork(arch, w, s, pool);
            std::printf("%-12s EDP %.3e (latency %.3f ms, energy %.3f mJ), hand-designed, mapper-tuned schedules\n", preset,
                        r.edp(), r.latencyS * 1e3, r.energyJ() * 1e3);
        }
    }
    // Spotlight's artifact budget: 100 valid hardware samples x 100 software samples per layer.
    SearchJob job;
    job.workloads = {loadWorkloadByNameOrPath("resnet50")};
    job.space = space;
    job.settings.searcher = "dabo";
    job.settings.searcherSettings.budget = 100;
    job.settings.swBudget = 100;
    const auto start = std::chrono::steady_clock::now();
    const SearchRun run = runSearch(job, pool);
    std::printf("\nnested daBO search, ResNet-50, 100 hardware x 100 software samples per layer shape: %.2f s wall, best EDP %.3e\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                run.best >= 0 ? run.designs[run.best].objective : 0.0);
    return 0;
}
