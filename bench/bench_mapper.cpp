// Mapper quality and speed on a whole network: the default mapper on every layer of a network
// (default ResNet-50 on eyeriss_like), against a run with ten times the budget, for the free map
// space and each fixed-dataflow preset. Prints network EDP, the gap to the long run, wall time and
// mappings evaluated per second.
//
//   build/bench/bench_mapper [--arch eyeriss_like] [--workload resnet50] [--threads 2] [--seeds 1]
//                            [--budget N] [--dataflows all|none]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "arch/arch_io.h"
#include "bench_args.h"
#include "util/thread_pool.h"
#include "mapper/network_mapper.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
struct Run {
    NetworkMapResult result;
    double seconds;
};

Run run(const Architecture& arch, const Workload& w, const MapConstraints& c, const MapperSettings& s, ThreadPool& pool) {
    const auto start = std::chrono::steady_clock::now();
    NetworkMapResult r = mapWorkload(arch, w, c, s, pool);
    return {std::move(r), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

using benchargs::option;
}  // namespace

int main(int argc, char** argv) {
    const Architecture arch = loadArchitectureByNameOrPath(option(argc, argv, "--arch", "eyeriss_like"));
    const Workload w = loadWorkloadByNameOrPath(option(argc, argv, "--workload", "resnet50"));
    ThreadPool pool(static_cast<unsigned>(std::atoi(option(argc, argv, "--threads", "2"))));
    const int seeds = std::atoi(option(argc, argv, "--seeds", "1"));
    MapperSettings base;
    base.budget = std::atoll(option(argc, argv, "--budget", std::to_string(base.budget).c_str()));
    std::vector<std::string> dataflows = {"none"};
    if (std::string(option(argc, argv, "--dataflows", "all")) == "all") dataflows = dataflowNames();

    std::printf("%s on %s, %d threads, default budget %lld per distinct shape\n", w.name.c_str(), arch.name.c_str(),
                pool.threadCount(), static_cast<long long>(base.budget));
    std::printf("%-18s %5s %14s %14s %8s %8s %9s %12s\n", "dataflow", "seed", "EDP default", "EDP 10x", "gap %",
                "wall s", "10x s", "evals/s");
    for (const auto& name : dataflows) {
        const MapConstraints c = dataflowConstraints(name, arch);
        for (int seed = 1; seed <= seeds; ++seed) {
            MapperSettings s = base;
            s.seed = static_cast<std::uint64_t>(seed);
            MapperSettings longer = s;
            longer.budget = 10 * s.budget;
            const Run a = run(arch, w, c, s, pool);
            const Run b = run(arch, w, c, longer, pool);
            const double gap = 100.0 * (a.result.edp() / b.result.edp() - 1.0);
            std::printf("%-18s %5d %14.4g %14.4g %8.2f %8.3f %9.3f %12.3g%s\n", name.c_str(), seed, a.result.edp(),
                        b.result.edp(), gap, a.seconds, b.seconds, static_cast<double>(a.result.evaluated) / a.seconds,
                        a.result.complete && b.result.complete ? "" : "  (incomplete)");
        }
    }
    return 0;
}
