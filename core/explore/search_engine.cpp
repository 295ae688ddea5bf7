// The search loop: ask a batch, evaluate it in parallel, tell it in order, track the front.
#include "explore/search_engine.h"

#include <chrono>
#include <cmath>

#include "explore/run_control.h"
#include "explore/thread_pool.h"
#include "model/evaluator.h"
#include "model/power.h"
#include "model/suite.h"
#include "search/pareto.h"
#include "util/input_error.h"

namespace accelscope {

std::string_view designObjectiveName(DesignObjective o) {
    switch (o) {
    case DesignObjective::Edp: return "edp";
    case DesignObjective::Delay: return "delay";
    case DesignObjective::Energy: return "energy";
    case DesignObjective::PerfPerTdp: return "perf-per-tdp";
    }
    return "edp";
}

DesignObjective designObjectiveFromName(std::string_view name) {
    for (auto o : {DesignObjective::Edp, DesignObjective::Delay, DesignObjective::Energy, DesignObjective::PerfPerTdp})
        if (name == designObjectiveName(o)) return o;
    throw InputError("--objective", "", "unknown objective \"" + std::string(name) +
                                            "\" (known: edp, delay, energy, perf-per-tdp)");
}

DesignRecord evaluateDesign(const SearchJob& job, const Point& point, ThreadPool& pool, RunControl* control,
                            std::vector<NetworkResult>* details) {
    DesignRecord d;
    d.point = point;
    d.description = job.space.space.describe(point);
    Architecture arch;
    CompilerSettings cs;
    if (!job.space.realize(point, arch, cs, d.why)) return d;
    d.areaMm2 = architectureAreaUm2(arch) / 1e6;
    d.tdpW = peakPowerW(arch);
    if (job.space.areaCapMm2 > 0 && d.areaMm2 > job.space.areaCapMm2) {
        d.why = "area " + std::to_string(d.areaMm2) + " mm^2 is over the cap of " + std::to_string(job.space.areaCapMm2);
        return d;
    }
    if (job.space.powerCapW > 0 && d.tdpW > job.space.powerCapW) {
        d.why = "TDP " + std::to_string(d.tdpW) + " W is over the cap of " + std::to_string(job.space.powerCapW);
        return d;
    }
    NetworkSettings ns;
    ns.batch = cs.batch;
    ns.fusion = cs.fusion;
    ns.constraints.allowPadding = cs.padding;
    ns.mapper.budget = job.swBudget;
    ns.mapper.algorithm = job.swSearcher == "random" ? "random" : "anneal";
    ns.mapper.seed = job.settings.seed;
    std::vector<double> lat, energy, edp, perf;
    for (const Workload& w : job.workloads) {
        const NetworkResult r = evaluateNetwork(arch, w, ns, pool, control);
        if (!r.complete || r.latencyS <= 0) {
            d.why = control && control->cancelled() ? "cancelled" : "no valid mapping for some layer of " + w.name;
            return d;
        }
        // Per inference, so that designs at different batch sizes compare.
        const double perInference = 1.0 / static_cast<double>(r.batch);
        lat.push_back(r.latencyS);
        energy.push_back(r.energyJ() * perInference);
        edp.push_back(r.latencyS * r.energyJ() * perInference);
        perf.push_back(r.perfPerTdp);
        if (details) details->push_back(r);
    }
    const std::vector<double> weights = job.weights.empty() ? std::vector<double>(lat.size(), 1.0) : job.weights;
    d.latencyS = weightedGeometricMean(lat, weights);
    d.energyJ = weightedGeometricMean(energy, weights);
    d.edp = weightedGeometricMean(edp, weights);
    d.perfPerTdp = weightedGeometricMean(perf, weights);
    switch (job.objective) {
    case DesignObjective::Edp: d.objective = d.edp; break;
    case DesignObjective::Delay: d.objective = d.latencyS; break;
    case DesignObjective::Energy: d.objective = d.energyJ; break;
    case DesignObjective::PerfPerTdp: d.objective = 1.0 / d.perfPerTdp; break;
    }
    d.valid = true;
    return d;
}

SearchRun runSearch(const SearchJob& job, ThreadPool& pool, RunControl* control, SearchObserver* observer) {
    SearchRun run;
    SearcherSettings settings = job.settings;
    settings.budget = job.budget;
    const DesignSpace& space = job.space;
    auto searcher = makeSearcher(job.searcher, space.space, settings,
                                 [&space](const Point& p) { return space.features(p); });
    ParetoArchive front(3);
    const auto start = std::chrono::steady_clock::now();
    const auto logs = [](const DesignRecord& d) {
        return std::vector<double>{std::log10(d.latencyS), std::log10(d.energyJ), std::log10(d.areaMm2)};
    };
    double hypervolume = 0;
    int idle = 0;
    std::int64_t valid = 0;
    const std::int64_t maxAttempts = 20 * job.budget;  // a space that is nearly all invalid still ends
    while (valid < job.budget && static_cast<std::int64_t>(run.designs.size()) < maxAttempts) {
        if (control && !control->checkpoint()) break;
        const int want = static_cast<int>(std::min<std::int64_t>(std::max(1, settings.batch), job.budget - valid));
        const std::vector<Point> points = searcher->ask(want);
        if (points.empty()) {
            if (++idle > 2) break;  // the space (or the grid) is exhausted
            continue;
        }
        idle = 0;
        std::vector<DesignRecord> batch(points.size());
        pool.parallelFor(points.size(), [&](std::size_t i) { batch[i] = evaluateDesign(job, points[i], pool, control); });
        if (control && control->cancelled()) break;  // a batch cut short is not told: its figures are partial
        std::vector<Observation> observations;
        for (DesignRecord& d : batch) {
            d.index = static_cast<int>(run.designs.size());
            observations.push_back({d.point, d.objective, d.valid});
            if (d.valid) {
                ++valid;
                if (run.best < 0 || d.objective < run.designs[run.best].objective) run.best = d.index;
                if (run.hypervolumeReference.empty()) {
                    run.hypervolumeReference = logs(d);
                    for (double& v : run.hypervolumeReference) v += 1.0;
                }
                front.add(d.index, logs(d));
                hypervolume = front.hypervolume(run.hypervolumeReference);
            }
            run.designs.push_back(d);
            run.bestHistory.push_back(run.best >= 0 ? run.designs[run.best].objective : 0.0);
            run.hypervolumeHistory.push_back(hypervolume);
        }
        searcher->tell(observations);
        if (observer) {
            SearchProgress p;
            p.done = valid;
            p.budget = job.budget;
            p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            p.designsPerSecond = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
            p.bestObjective = run.best >= 0 ? run.designs[run.best].objective : 0;
            p.hypervolume = hypervolume;
            observer->batchEvaluated(batch, p);
        }
    }
    run.cancelled = control && control->cancelled();
    for (const auto& e : front.front()) run.pareto.push_back(e.id);
    std::sort(run.pareto.begin(), run.pareto.end());
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (observer) {
        SearchProgress p;
        p.done = valid;
        p.budget = job.budget;
        p.seconds = run.seconds;
        p.designsPerSecond = run.seconds > 0 ? static_cast<double>(p.done) / run.seconds : 0;
        p.bestObjective = run.best >= 0 ? run.designs[run.best].objective : 0;
        p.hypervolume = hypervolume;
        p.finished = true;
        observer->batchEvaluated({}, p);
    }
    return run;
}

}  // namespace accelscope
