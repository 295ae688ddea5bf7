// Smoke benchmark of the generic searchers: every searcher on three synthetic functions, 5 seeds,
// budgets 25/50/100 evaluations in batches of 10; prints median/min/max of the best objective found
// (lower is better) and the time per run. Not a Google Benchmark: the quantity of interest is
// search quality, not speed.
//
//   rosenbrock6 - 6 integers on a grid of 41 values in [-2, 2]; 1 + Rosenbrock, optimum 1 at all 1s.
//   categorical - a dataflow (4), spatial unroll (6), memory technology (3), tile size (8 ordinal),
//                 SIMD lanes (1..16) and multicast; separable in parts, with the best tile and unroll
//                 depending on the dataflow.
//   edp         - an accelerator-like energy x delay over PEs, buffer, bandwidth and a dataflow, with
//                 an area cap that makes part of the space invalid.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "search/searcher.h"

using namespace accelscope;

namespace {

struct Problem {
    std::string name;
    ParamSpace space;
    std::function<std::optional<double>(const Point&)> objective;  // nullopt: invalid
    FeatureFn features;                                            // for daBO
};

Problem rosenbrock6() {
    Problem p;
    p.name = "rosenbrock6";
    for (int i = 0; i < 6; ++i) p.space.params.push_back(integerParam("x" + std::to_string(i), 0, 40));
    auto x = [](const Point& q, std::size_t i) { return -2.0 + 0.1 * q[i]; };
    p.objective = [x](const Point& q) -> std::optional<double> {
        double f = 1;
        for (std::size_t i = 0; i + 1 < 6; ++i)
            f += 100 * std::pow(x(q, i + 1) - x(q, i) * x(q, i), 2) + std::pow(1 - x(q, i), 2);
        return f;
    };
    // Domain knowledge: the values and their squares (the terms the function is built from).
    p.features = [x](const Point& q) {
        Eigen::VectorXd v(12);
        for (std::size_t i = 0; i < 6; ++i) v[2 * i] = x(q, i), v[2 * i + 1] = x(q, i) * x(q, i);
        return v;
    };
    return p;
}

Problem categorical() {
    Problem p;
    p.name = "categorical";
    p.space.params = {categoricalParam("dataflow", {"ws", "os", "is", "rs"}),
                      categoricalParam("unroll", {"K", "C", "X", "Y", "R", "S"}),
                      categoricalParam("memory", {"sram", "edram", "rram"}),
                      ordinalParam("tile", {2, 4, 8, 16, 32, 64, 128, 256}),
                      integerParam("lanes", 1, 16),
                      booleanParam("multicast")};
    static const double dataflowCost[4] = {1.0, 1.3, 1.6, 1.1};
    static const double memoryCost[3] = {1.2, 1.0, 1.5};
    static const double bestTileLog2[4] = {3, 5, 6, 4};
    p.objective = [](const Point& q) -> std::optional<double> {
        const int df = q[0], un = q[1], mem = q[2];
        const double tileLog2 = q[3] + 1;  // tile 2^(index+1)
        const int lanes = q[4] + 1;
        const double unrollCost = 1.0 + 0.3 * ((un + 2 * df) % 6);  // best unroll depends on the dataflow
        const double tileCost = 1.0 + std::pow(tileLog2 - bestTileLog2[df], 2) / 4.0;
        const double laneCost = 1.0 + std::abs(lanes - 8) / 8.0;
        return dataflowCost[df] * unrollCost * memoryCost[mem] * tileCost * laneCost * (q[5] ? 0.9 : 1.0);
    };
    // Domain knowledge: one-hot of the categoricals, the tile's log and the lane distance from 8.
    p.features = [space = p.space](const Point& q) {
        Eigen::VectorXd raw = space.encode(q);
        Eigen::VectorXd v(raw.size() + 2);
        v << raw, q[3] + 1.0, std::abs(q[4] + 1.0 - 8.0);
        return v;
    };
    return p;
}

Problem edp() {
    Problem p;
    p.name = "edp";
    p.space.params = {ordinalParam("pes", {16, 32, 64, 128, 256, 512, 1024, 2048, 4096}),
                      ordinalParam("buffer", {8, 16, 32, 64, 128, 256, 512, 1024}, "KiB"),
                      integerParam("bandwidth", 2, 64, 2, "words/cycle"),
                      categoricalParam("dataflow", {"ws", "os", "rs"})};
    struct Design { double pes, bufferKiB, bandwidth; int dataflow; };
    auto design = [space = p.space](const Point& q) {
        return Design{space.params[0].numeric(q[0]), space.params[1].numeric(q[1]), space.params[2].numeric(q[2]), q[3]};
    };
    p.objective = [design](const Point& q) -> std::optional<double> {
        const Design d = design(q);
        const double areaMm2 = 0.02 * d.pes + 0.01 * d.bufferKiB + 0.05 * d.bandwidth;
        if (areaMm2 > 40) return std::nullopt;  // over the area cap
        const double macs = 1e9;
        static const double reuse[3] = {1.0, 1.4, 1.8};
        // DRAM traffic falls with the buffer (more reuse) and depends on the dataflow.
        const double trafficWords = macs / (reuse[d.dataflow] * 4.0 * std::sqrt(d.bufferKiB));
        const double cycles = std::max(macs / d.pes, trafficWords / d.bandwidth);
        const double energyPj = macs * 0.5 + trafficWords * 100.0 + d.bufferKiB * 1e3 + cycles * d.pes * 0.01;
        return energyPj * 1e-12 * cycles;
    };
    p.features = [design](const Point& q) {
        const Design d = design(q);
        Eigen::VectorXd v(5);
        v << std::log2(d.pes), std::log2(d.bufferKiB), std::log2(d.bandwidth), 0.02 * d.pes + 0.01 * d.bufferKiB,
            static_cast<double>(d.dataflow == 2);
        return v;
    };
    return p;
}

struct Outcome {
    double best = std::numeric_limits<double>::infinity();
    int evaluated = 0, invalid = 0;
};

Outcome runOnce(const Problem& problem, const std::string& searcher, std::uint64_t seed, int budget) {
    SearcherSettings st;
    st.seed = seed;
    st.budget = budget;
    auto s = makeSearcher(searcher, problem.space, st, searcher == "dabo" ? problem.features : FeatureFn{});
    Outcome o;
    while (o.evaluated < budget) {
        const auto points = s->ask(std::min(st.batch, budget - o.evaluated));
        if (points.empty()) break;
        std::vector<Observation> results;
        for (const Point& p : points) {
            const auto v = problem.objective(p);
            results.push_back({p, v.value_or(0.0), v.has_value()});
            if (v) o.best = std::min(o.best, *v);
            else ++o.invalid;
            ++o.evaluated;
        }
        s->tell(results);
    }
    return o;
}

}  // namespace

int main() {
    const std::vector<Problem> problems = {rosenbrock6(), categorical(), edp()};
    const std::vector<int> budgets = {25, 50, 100};
    constexpr int kSeeds = 5;
    for (const Problem& problem : problems) {
        std::printf("\n%s: %d parameters, 10^%.1f points\n", problem.name.c_str(),
                    static_cast<int>(problem.space.params.size()), problem.space.log10Size());
        std::printf("%-8s %6s %12s %12s %12s %8s %10s\n", "searcher", "budget", "median", "min", "max", "invalid",
                    "ms/run");
        for (const std::string& name : searcherNames())
            for (int budget : budgets) {
                std::vector<double> best;
                int invalid = 0;
                const auto start = std::chrono::steady_clock::now();
                for (int seed = 1; seed <= kSeeds; ++seed) {
                    const Outcome o = runOnce(problem, name, static_cast<std::uint64_t>(seed), budget);
                    best.push_back(o.best);
                    invalid += o.invalid;
                }
                const double ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kSeeds;
                std::sort(best.begin(), best.end());
                std::printf("%-8s %6d %12.5g %12.5g %12.5g %8d %10.1f\n", name.c_str(), budget, best[kSeeds / 2],
                            best.front(), best.back(), invalid, ms);
            }
    }
    return 0;
}
