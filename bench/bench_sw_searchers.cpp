// Software (schedule) searchers at Spotlight's budget: every layer of a network (default ResNet-50
// on eyeriss_like) mapped by software daBO (Spotlight's features), BO on the raw encoding, random
// sampling given as many evaluations as daBO used, and the default mapper (annealing, 60000
// evaluations per shape) as the reference. Prints network EDP (sum of energies x sum of cycles),
// its ratio to the reference, mappings evaluated and wall time, per seed, then the medians.
//
//   build/bench/bench_sw_searchers [--arch eyeriss_like] [--workload resnet50] [--threads 2] [--seeds 5]
//                                  [--budget 100]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "arch/arch_io.h"
#include "bench_args.h"
#include "util/thread_pool.h"
#include "mapper/network_mapper.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
using benchargs::option;
using benchargs::median;
}  // namespace

int main(int argc, char** argv) {
    const Architecture arch = loadArchitectureByNameOrPath(option(argc, argv, "--arch", "eyeriss_like"));
    const Workload w = loadWorkloadByNameOrPath(option(argc, argv, "--workload", "resnet50"));
    ThreadPool pool(static_cast<unsigned>(std::atoi(option(argc, argv, "--threads", "2"))));
    const int seeds = std::atoi(option(argc, argv, "--seeds", "5"));
    const std::int64_t budget = std::atoll(option(argc, argv, "--budget", "100"));
    const MapConstraints free = dataflowConstraints("none", arch);

    std::printf("%s on %s, %d threads, %lld valid mappings per distinct shape for dabo/bo\n", w.name.c_str(),
                arch.name.c_str(), pool.threadCount(), static_cast<long long>(budget));
    std::printf("%-22s %5s %14s %10s %10s %8s\n", "searcher", "seed", "EDP (pJ x cyc)", "x best", "evaluated", "wall s");
    std::map<std::string, std::vector<double>> ratios, walls;
    for (int seed = 1; seed <= seeds; ++seed) {
        auto run = [&](const std::string& algorithm, std::int64_t b) {
            MapperSettings s;
            s.algorithm = algorithm;
            s.budget = b;
            s.seed = static_cast<std::uint64_t>(seed);
            const auto start = std::chrono::steady_clock::now();
            NetworkMapResult r = mapWorkload(arch, w, free, s, pool);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return std::pair{r, secs};
        };
        const auto [reference, refSecs] = run("anneal", 60000);
        const auto [dabo, daboSecs] = run("dabo", budget);
        const auto [bo, boSecs] = run("bo", budget);
        // Random sampling with the evaluations daBO spent (valid and invalid) on an average shape.
        const std::int64_t equal = dabo.evaluated / std::max(dabo.distinctShapes, 1);
        const auto [random, randomSecs] = run("random", equal);
        const auto [annealSmall, annealSmallSecs] = run("anneal", equal);
        const struct {
            std::string name;
            const NetworkMapResult* r;
            double secs;
        } rows[] = {{"anneal 60000 (ref)", &reference, refSecs},
                    {"dabo", &dabo, daboSecs},
                    {"bo (raw features)", &bo, boSecs},
                    {"random (= dabo evals)", &random, randomSecs},
                    {"anneal (= dabo evals)", &annealSmall, annealSmallSecs}};
        for (const auto& row : rows) {
            const double ratio = row.r->complete ? row.r->edp() / reference.edp() : 0;
            std::printf("%-22s %5d %14.4e %10.3f %10lld %8.2f\n", row.name.c_str(), seed, row.r->edp(), ratio,
                        static_cast<long long>(row.r->evaluated), row.secs);
            ratios[row.name].push_back(ratio);
            walls[row.name].push_back(row.secs);
        }
    }
    std::printf("\nmedian over %d seeds: EDP / reference, wall s\n", seeds);
    for (const auto& [name, v] : ratios) std::printf("%-22s %8.3f %8.2f\n", name.c_str(), median(v), median(walls[name]));
    return 0;
}
