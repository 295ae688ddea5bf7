// Cost-model speed: evaluations per second of one (layer, mapping) on eyeriss_like, one core.
// Every ResNet-50 MAC layer gets its own benchmark over 256 random valid mappings (seed 1); the
// program ends with the median over the layers. It also counts heap allocations inside the timed
// loop (operator new is replaced below) and fails a benchmark that allocates.
//
//   build/bench/bench_evaluate --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

#include "arch/arch_io.h"
#include "mapping/map_space.h"
#include "model/layer_cost.h"
#include "workload/workload_io.h"

namespace {
std::atomic<long long> gAllocations{0};
}  // namespace

void* operator new(std::size_t n) {
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
using namespace accelscope;

struct LayerCase {
    std::string name;
    ProblemShape problem;
    std::vector<Mapping> mappings;
};

std::vector<LayerCase> resnet50Cases(const Architecture& arch) {
    const Workload w = loadWorkloadByNameOrPath("resnet50");
    std::mt19937_64 rng(1);
    std::vector<LayerCase> cases;
    for (const Op& op : w.ops) {
        if (!op.isMacOp()) continue;
        LayerCase c{op.name, op.problem(), {}};
        const MapSpace space(arch, c.problem, MapConstraints{});
        Evaluation e;
        Mapping m;
        for (int tries = 0; tries < 200000 && c.mappings.size() < 256; ++tries) {
            space.sample(rng, m);
            if (evaluate(arch, c.problem, m, e)) c.mappings.push_back(m);
        }
        if (!c.mappings.empty()) cases.push_back(std::move(c));
    }
    return cases;
}

void evaluateLayer(benchmark::State& state, const Architecture* arch, const LayerCase* c) {
    Evaluation e;
    std::size_t k = 0;
    double sink = 0;
    const long long before = gAllocations.load();
    for (auto _ : state) {
        evaluate(*arch, c->problem, c->mappings[k], e);
        sink += e.cycles;
        k = k + 1 == c->mappings.size() ? 0 : k + 1;
    }
    benchmark::DoNotOptimize(sink);
    if (gAllocations.load() != before) state.SkipWithError("evaluate allocated on the heap");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

class MedianReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs)
            if (!r.error_occurred && r.run_type == Run::RT_Iteration) {
                const auto it = r.counters.find("items_per_second");
                if (it != r.counters.end()) rates.push_back(it->second.value);
            }
        ConsoleReporter::ReportRuns(runs);
    }
    std::vector<double> rates;
};
}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const Architecture arch = loadArchitectureByNameOrPath("eyeriss_like");
    static const std::vector<LayerCase> cases = resnet50Cases(arch);
    std::size_t mappings = 0;
    for (const auto& c : cases) {
        benchmark::RegisterBenchmark(("evaluate/eyeriss_like/resnet50/" + c.name).c_str(), evaluateLayer, &arch, &c);
        mappings += c.mappings.size();
    }
    std::printf("%zu ResNet-50 layers, %zu random valid mappings (seed 1)\n", cases.size(), mappings);
    MedianReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    if (!reporter.rates.empty()) {
        auto r = reporter.rates;
        std::nth_element(r.begin(), r.begin() + static_cast<long>(r.size() / 2), r.end());
        std::printf("median over %zu layers: %.3g evaluations/s per core\n", r.size(), r[r.size() / 2]);
    }
    benchmark::Shutdown();
    return 0;
}
