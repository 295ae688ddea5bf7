// The search loop: ask a batch, evaluate it in parallel, tell it in order, track the front.
#include "explore/search_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "explore/resource_check.h"
#include "util/run_control.h"
#include "util/thread_pool.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "model/suite.h"
#include "search/pareto.h"
#include "util/input_error.h"

namespace accelscope {

DesignRecord networkRecord(const NetworkResult& r) {
    DesignRecord d;
    d.valid = r.complete && r.latencyS > 0;
    const double perInference = 1.0 / static_cast<double>(std::max<std::int64_t>(1, r.batch));
    d.latencyS = r.latencyS;
    d.energyJ = r.energyJ() * perInference;
    d.edp = r.latencyS * d.energyJ;
    d.areaMm2 = r.areaUm2 / 1e6;
    d.tdpW = r.tdpW;
    d.perfPerTdp = r.perfPerTdp;
    return d;
}

Objective layerObjective(DesignObjective o) {
    switch (o) {
    case DesignObjective::Delay:
    case DesignObjective::PerfPerTdp: return Objective::Delay;  // TDP is the hardware's: Perf/TDP rises as latency falls
    case DesignObjective::Energy: return Objective::Energy;
    case DesignObjective::Edp: break;
    }
    return Objective::Edp;
}

DesignRecord suiteRecord(const std::vector<DesignRecord>& perWorkload, const std::vector<double>& weights) {
    DesignRecord d;
    std::vector<double> lat, energy, edp, perf;
    d.valid = !perWorkload.empty();
    for (const DesignRecord& one : perWorkload) {
        lat.push_back(one.latencyS);
        energy.push_back(one.energyJ);
        edp.push_back(one.edp);
        perf.push_back(one.perfPerTdp);
        d.areaMm2 = one.areaMm2;
        d.tdpW = one.tdpW;
        d.valid = d.valid && one.valid;
    }
    if (perWorkload.empty()) return d;
    const std::vector<double> w = weights.empty() ? std::vector<double>(lat.size(), 1.0) : weights;
    d.latencyS = weightedGeometricMean(lat, w);
    d.energyJ = weightedGeometricMean(energy, w);
    d.edp = weightedGeometricMean(edp, w);
    d.perfPerTdp = weightedGeometricMean(perf, w);
    return d;
}

MapperSettings scheduleSettings(const RunSettings& settings) {
    MapperSettings s;
    s.algorithm = settings.swSearcher;
    s.budget = settings.swBudget;
    s.seed = settings.searcherSettings.seed;
    s.objective = layerObjective(settings.objective);
    return s;
}

NetworkSettings designNetworkSettings(const RunSettings& settings, const CompilerSettings& cs) {
    NetworkSettings ns;
    ns.batch = cs.batch;
    ns.fusion = cs.fusion;
    ns.constraints.allowPadding = cs.padding;
    ns.dataflow = cs.dataflow;
    ns.mapper = scheduleSettings(settings);
    return ns;
}

DesignRecord evaluateDesign(const SearchJob& job, const Point& point, ThreadPool& pool, RunControl* control,
                            std::vector<NetworkResult>* details) {
    DesignRecord d;
    d.point = point;
    d.description = job.space.space.describe(point);
    Architecture arch;
    CompilerSettings cs;
    if (!job.space.withinCaps(point, arch, cs, d.why, d.areaMm2, d.tdpW)) return d;
    const NetworkSettings ns = designNetworkSettings(job.settings, cs);
    std::vector<DesignRecord> perWorkload;
    for (const Workload& w : job.workloads) {
        const NetworkResult r = evaluateNetwork(arch, w, ns, pool, control);
        if (!r.complete || r.latencyS <= 0) {
            d.why = control && control->cancelled() ? "cancelled" : "no valid mapping for some layer of " + w.name;
            return d;
        }
        // Per inference, so that designs at different batch sizes compare.
        perWorkload.push_back(networkRecord(r));
        if (details) details->push_back(r);
    }
    const DesignRecord suite = suiteRecord(perWorkload, job.weights);
    d.latencyS = suite.latencyS;
    d.energyJ = suite.energyJ;
    d.edp = suite.edp;
    d.perfPerTdp = suite.perfPerTdp;
    switch (job.settings.objective) {
    case DesignObjective::Edp: d.objective = d.edp; break;
    case DesignObjective::Delay: d.objective = d.latencyS; break;
    case DesignObjective::Energy: d.objective = d.energyJ; break;
    case DesignObjective::PerfPerTdp: d.objective = 1.0 / d.perfPerTdp; break;
    }
    d.valid = true;
    return d;
}

namespace {

std::vector<double> logMetrics(const DesignRecord& d) {
    return {std::log10(d.latencyS), std::log10(d.energyJ), std::log10(d.areaMm2)};
}

// The run's bookkeeping as designs arrive: best, Pareto front, histories. The engine and the
// rebuilding of a recovered run share it, so both give the same figures.
class RunTracker {
public:
    explicit RunTracker(SearchRun& run) : run_(run), front_(3) {}

    void add(DesignRecord& d) {
        d.index = static_cast<int>(run_.designs.size());
        if (d.valid) {
            ++valid_;
            if (run_.best < 0 || d.objective < run_.designs[static_cast<std::size_t>(run_.best)].objective)
                run_.best = d.index;
            if (run_.hypervolumeReference.empty()) {
                run_.hypervolumeReference = logMetrics(d);
                for (double& v : run_.hypervolumeReference) v += 1.0;
            }
            front_.add(d.index, logMetrics(d));
            hypervolume_ = front_.hypervolume(run_.hypervolumeReference);
        }
        run_.designs.push_back(d);
        run_.bestHistory.push_back(run_.best >= 0 ? run_.designs[static_cast<std::size_t>(run_.best)].objective : 0.0);
        run_.hypervolumeHistory.push_back(hypervolume_);
    }
    void finish() {
        run_.pareto.clear();
        for (const auto& e : front_.front()) run_.pareto.push_back(e.id);
        std::sort(run_.pareto.begin(), run_.pareto.end());
    }
    std::int64_t valid() const { return valid_; }
    double hypervolume() const { return hypervolume_; }

private:
    SearchRun& run_;
    ParetoArchive front_;
    std::int64_t valid_ = 0;
    double hypervolume_ = 0;
};

}  // namespace

void rebuildRunSummary(SearchRun& run) {
    std::vector<DesignRecord> designs = std::move(run.designs);
    SearchRun fresh;
    fresh.cancelled = run.cancelled;
    fresh.seconds = run.seconds;
    RunTracker tracker(fresh);
    for (DesignRecord& d : designs) tracker.add(d);
    tracker.finish();
    run = std::move(fresh);
}

SearchRun runSearch(const SearchJob& job, ThreadPool& pool, RunControl* control, SearchObserver* observer,
                    const SearchRun* resumeFrom) {
    checkSearchMemory(job, pool.threadCount(), machineMemoryBytes());
    SearchRun run;
    const SearcherSettings& settings = job.settings.searcherSettings;
    const std::int64_t budget = settings.budget;
    const DesignSpace& space = job.space;
    auto searcher = makeSearcher(job.settings.searcher, space.space, settings,
                                 [&space](const Point& p) { return space.features(p); });
    // Area and TDP are known from the architecture alone: the searcher proposes only points within
    // the caps (the answers remembered, since BO asks about many candidates more than once).
    auto feasibleCache = std::make_shared<std::unordered_map<Point, bool, PointHash>>();
    searcher->setFeasibility([&space, feasibleCache](const Point& p) {
        const auto it = feasibleCache->find(p);
        if (it != feasibleCache->end()) return it->second;
        const bool ok = space.feasible(p);
        if (feasibleCache->size() >= 200000) feasibleCache->clear();  // bounded memory on long runs
        feasibleCache->emplace(p, ok);
        return ok;
    });
    RunTracker tracker(run);
    const auto start = std::chrono::steady_clock::now();
    const double earlierSeconds = resumeFrom ? resumeFrom->seconds : 0;
    auto progress = [&](bool finished) {
        SearchProgress p;
        p.done = tracker.valid();
        p.budget = budget;
        p.proposed = static_cast<std::int64_t>(run.designs.size());
        p.seconds = earlierSeconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        p.designsPerSecond = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
        p.bestObjective = run.best >= 0 ? run.designs[static_cast<std::size_t>(run.best)].objective : 0;
        p.hypervolume = tracker.hypervolume();
        p.finished = finished;
        return p;
    };
    int idle = 0;
    std::size_t replayed = 0;  // designs of resumeFrom told again so far
    const std::int64_t maxAttempts = 20 * budget;  // a space that is nearly all invalid still ends
    while (tracker.valid() < budget && static_cast<std::int64_t>(run.designs.size()) < maxAttempts) {
        const bool replaying = resumeFrom && replayed < resumeFrom->designs.size();
        if (!replaying && control && !control->checkpoint()) break;
        const int want =
            static_cast<int>(std::min<std::int64_t>(std::max(1, settings.batch), budget - tracker.valid()));
        const std::vector<Point> points = searcher->ask(want);
        if (points.empty()) {
            if (++idle > 2) break;  // the space (or the grid) is exhausted
            continue;
        }
        idle = 0;
        std::vector<DesignRecord> batch(points.size());
        if (replaying) {
            // The recorded designs stand in for evaluation; the searcher must propose them again.
            for (std::size_t i = 0; i < points.size(); ++i) {
                if (replayed + i >= resumeFrom->designs.size()) {
                    batch[i] = evaluateDesign(job, points[i], pool, control);
                    continue;
                }
                batch[i] = resumeFrom->designs[replayed + i];
                if (batch[i].point != points[i])
                    throw InputError("resume", "design " + std::to_string(replayed + i),
                                     "the searcher proposes " + space.space.describe(points[i]) +
                                         " where the run recorded " + space.space.describe(batch[i].point) +
                                         ": the run's settings, space or AccelScope version differ");
            }
            replayed += points.size();
        } else {
            pool.parallelFor(points.size(),
                             [&](std::size_t i) { batch[i] = evaluateDesign(job, points[i], pool, control); });
            if (control && control->cancelled()) break;  // a batch cut short is not told: its figures are partial
        }
        std::vector<Observation> observations;
        for (DesignRecord& d : batch) {
            tracker.add(d);
            observations.push_back({d.point, d.objective, d.valid});
        }
        searcher->tell(observations);
        if (observer && !replaying) observer->batchEvaluated(batch, progress(false));
    }
    run.cancelled = control && control->cancelled();
    tracker.finish();
    run.seconds = earlierSeconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (observer) observer->batchEvaluated({}, progress(true));
    return run;
}

}  // namespace accelscope
