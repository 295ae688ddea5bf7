// ConfuciuX's layer-wise search on AccelScope's cost model (see layerwise_search.h).
#include "confuciux/layerwise_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "mapper/mapper.h"
#include "mapper/network_mapper.h"
#include "mapping/map_constraints.h"
#include "mapping/map_space.h"
#include "model/layer_cost.h"
#include "util/input_error.h"
#include "util/run_control.h"
#include "util/seed_mix.h"
#include "util/thread_pool.h"

namespace accelscope {
namespace {

struct Layer {
    std::string op;
    std::int64_t repeat = 1;
    ProblemShape shape;
    int shapeIndex = 0;
};

struct LayerCost {
    bool found = false;
    double cycles = 0, energyPj = 0;
};

// What the search knows about the job: its layers, the searched parameters of one sub-accelerator
// (those with more than one value), the sub-accelerators' areas and the mapped (shape, sub) pairs.
class LayerwiseProblem {
public:
    explicit LayerwiseProblem(const LayerwiseJob& job) : job_(job) {
        if (job.space.templateName != "confuciux")
            throw InputError(job.space.name, "template",
                             "the layer-wise (ConfuciuX) search needs a space of template \"confuciux\", got \"" +
                                 job.space.templateName + "\"");
        if (!(job.budgetShare >= 0 && job.budgetShare <= 1))
            throw InputError(job.space.name, "--budget-share", "must be a share from 0 to 1");
        std::vector<ProblemShape> shapes;
        for (const Op& op : job.workload.ops) {
            if (!op.isMacOp()) continue;
            Layer l{op.name, op.repeat, op.problem(), 0};
            const auto it = std::find(shapes.begin(), shapes.end(), l.shape);
            l.shapeIndex = static_cast<int>(it - shapes.begin());
            if (it == shapes.end()) shapes.push_back(l.shape);
            layers_.push_back(l);
        }
        if (layers_.empty())
            throw InputError(job.workload.name, "", "has no MAC layer for the layer-wise search to give a sub-accelerator");
        for (std::size_t i = 0; i < job.space.space.params.size(); ++i)
            if (job.space.space.params[i].levels() > 1) searched_.push_back(static_cast<int>(i));
        if (searched_.empty()) throw InputError(job.space.name, "parameters", "every parameter has one value: nothing to search");
        for (const Layer& l : layers_)
            for (int i : searched_) {
                Param p = job.space.space.params[static_cast<std::size_t>(i)];
                p.name += "@" + l.op;
                space_.params.push_back(std::move(p));
            }
        Point low(job.space.space.params.size(), 0), high = low;
        for (std::size_t i = 0; i < high.size(); ++i) high[i] = job.space.space.params[i].levels() - 1;
        double lowArea = 0, highArea = 0;
        for (const Layer& l : layers_) {
            lowArea += static_cast<double>(l.repeat) * subArea(low);
            highArea += static_cast<double>(l.repeat) * subArea(high);
        }
        areaMin_ = lowArea;
        areaMax_ = highArea;
        budget_ = lowArea + job.budgetShare * (highArea - lowArea);
    }

    const ParamSpace& space() const { return space_; }
    double areaBudget() const { return budget_; }
    double areaMin() const { return areaMin_; }
    double areaMax() const { return areaMax_; }
    std::int64_t mapped() const { return static_cast<std::int64_t>(costs_.size()); }

    // Layer k's sub-accelerator within `p`, as a point of the space of one sub-accelerator.
    Point sub(const Point& p, std::size_t k) const {
        Point s(job_.space.space.params.size(), 0);
        for (std::size_t j = 0; j < searched_.size(); ++j)
            s[static_cast<std::size_t>(searched_[j])] = p[k * searched_.size() + j];
        return s;
    }

    double area(const Point& p) {
        double a = 0;
        for (std::size_t k = 0; k < layers_.size(); ++k) a += static_cast<double>(layers_[k].repeat) * subArea(sub(p, k));
        return a;
    }

    // ConfuciuX's policy context: each parameter's layer shape (log dims over the network's largest)
    // and a head per kind of parameter.
    PolicyContext context() const {
        std::array<double, kNumDims> largest{};
        for (const Layer& l : layers_)
            for (int d = 0; d < kNumDims; ++d)
                largest[static_cast<std::size_t>(d)] = std::max(largest[static_cast<std::size_t>(d)], std::log2(1.0 + l.shape.size[d]));
        PolicyContext c;
        const bool additive = job_.settings.objective != DesignObjective::Edp;  // a sum over layers: credit per layer
        for (std::size_t k = 0; k < layers_.size(); ++k)
            for (std::size_t j = 0; j < searched_.size(); ++j) {
                const Layer& l = layers_[k];
                Eigen::VectorXd x(kNumDims);
                for (int d = 0; d < kNumDims; ++d) {
                    const double top = largest[static_cast<std::size_t>(d)];
                    x(d) = top > 0 ? std::log2(1.0 + l.shape.size[d]) / top : 0;
                }
                c.context.push_back(x);
                c.head.push_back(static_cast<int>(j));
                if (additive) c.part.push_back(static_cast<int>(k));
            }
        return c;
    }

    // Maps every (layer shape, sub-accelerator) pair the designs need and has not mapped yet.
    void mapMissing(const std::vector<Point>& designs, ThreadPool& pool, RunControl* control) {
        std::vector<std::pair<int, Point>> missing;
        for (const Point& p : designs)
            for (std::size_t k = 0; k < layers_.size(); ++k) {
                std::pair<int, Point> key{layers_[k].shapeIndex, sub(p, k)};
                if (!costs_.contains(key) && std::find(missing.begin(), missing.end(), key) == missing.end())
                    missing.push_back(std::move(key));
            }
        std::vector<LayerCost> found(missing.size());
        pool.parallelFor(missing.size(), [&](std::size_t i) { found[i] = mapPair(missing[i].first, missing[i].second, control); });
        if (control && control->cancelled()) return;
        for (std::size_t i = 0; i < missing.size(); ++i) costs_.emplace(missing[i], found[i]);
    }

    LayerwiseDesign cost(const Point& p, bool withLayers) {
        LayerwiseDesign d;
        d.point = p;
        d.areaMm2 = area(p);
        if (d.areaMm2 > budget_ * (1 + 1e-12)) {
            d.why = "area over the budget";
            return d;
        }
        const double clockHz = clockGHz_ * 1e9;
        for (std::size_t k = 0; k < layers_.size(); ++k) {
            const Layer& l = layers_[k];
            const Point s = sub(p, k);
            const LayerCost& c = costs_.at({l.shapeIndex, s});
            if (!c.found) {
                d.why = "no valid mapping for layer " + l.op;
                return d;
            }
            const double lat = c.cycles / clockHz, energy = c.energyPj * 1e-12;
            d.latencyS += static_cast<double>(l.repeat) * lat;
            d.energyJ += static_cast<double>(l.repeat) * energy;
            d.parts.push_back(static_cast<double>(l.repeat) * (job_.settings.objective == DesignObjective::Energy ? energy : lat));
            if (withLayers) d.layers.push_back({l.op, l.repeat, job_.space.space.describe(s), lat, energy, subArea(s)});
        }
        d.objective = job_.settings.objective == DesignObjective::Energy ? d.energyJ
                    : job_.settings.objective == DesignObjective::Edp    ? d.energyJ * d.latencyS
                                                                : d.latencyS;
        d.valid = true;
        return d;
    }

private:
    double subArea(const Point& s) {
        const std::uint64_t key = job_.space.space.indexOf(s);
        if (const auto it = areas_.find(key); it != areas_.end()) return it->second;
        Architecture arch;
        CompilerSettings cs;
        std::string why;
        if (!job_.space.realize(s, arch, cs, why))
            throw InputError(job_.space.name, job_.space.space.describe(s), "cannot be built: " + why);
        clockGHz_ = arch.clockGHz;
        const double a = architectureAreaUm2(arch) / 1e6;
        areas_.emplace(key, a);
        return a;
    }

    LayerCost mapPair(int shapeIndex, const Point& s, RunControl* control) const {
        Architecture arch;
        CompilerSettings cs;
        std::string why;
        if (!job_.space.realize(s, arch, cs, why)) return {};
        const ProblemShape* shape = nullptr;
        for (const Layer& l : layers_)
            if (l.shapeIndex == shapeIndex) shape = &l.shape;
        MapConstraints padding;
        padding.allowPadding = cs.padding;
        try {
            const MapSpace mapSpace(arch, *shape, withDataflow(padding, cs.dataflow, arch));
            // Seeded from the run's seed, the sub-accelerator and the shape, as the network mapper seeds
            // each shape: the same answer whichever design asks first.
            MapperSettings ms = scheduleSettings(job_.settings);
            ms.seed = shapeSeed(mixSeed(ms.seed ^ job_.space.space.indexOf(s)), *shape);
            const LayerMapResult r = mapLayer(arch, mapSpace, ms, control, nullptr);
            if (!r.found) return {};
            return {true, r.evaluation.cycles, r.evaluation.energyPj};
        } catch (const InputError&) {
            return {};  // the dataflow cannot be kept on this layer and sub-accelerator
        }
    }

    const LayerwiseJob& job_;
    std::vector<Layer> layers_;
    std::vector<int> searched_;
    ParamSpace space_;
    double budget_ = 0, areaMin_ = 0, areaMax_ = 0, clockGHz_ = 1;
    std::map<std::uint64_t, double> areas_;
    std::map<std::pair<int, Point>, LayerCost> costs_;
};

}  // namespace

RunSettings layerwiseRunSettings() {
    RunSettings s;
    s.searcher = "confuciux";
    s.searcherSettings.budget = 500;
    s.swBudget = 300;
    s.objective = DesignObjective::Delay;
    return s;
}

ParamSpace layerwiseSpace(const LayerwiseJob& job) { return LayerwiseProblem(job).space(); }

double layerwiseBudgetMm2(const LayerwiseJob& job) { return LayerwiseProblem(job).areaBudget(); }

LayerwiseDesign evaluateLayerwiseDesign(const LayerwiseJob& job, const Point& point, ThreadPool& pool) {
    LayerwiseProblem problem(job);
    if (!problem.space().contains(point))
        throw InputError(job.space.name, "point", "is not a point of the layer-wise space of " + job.workload.name);
    problem.mapMissing({point}, pool, nullptr);
    return problem.cost(point, true);
}

LayerwiseRun runLayerwiseSearch(const LayerwiseJob& job, ThreadPool& pool, RunControl* control) {
    const auto start = std::chrono::steady_clock::now();
    LayerwiseProblem problem(job);
    const SearcherSettings& settings = job.settings.searcherSettings;
    const std::int64_t budget = settings.budget;
    const std::string& name = job.settings.searcher;
    std::unique_ptr<Searcher> searcher;
    try {
        searcher = name == "confuciux" ? makeConfuciuxSearcher(problem.space(), settings, problem.context())
                                       : makeSearcher(name, problem.space(), settings);
    } catch (const std::invalid_argument& e) {
        throw InputError("--searcher", name, e.what());
    }
    searcher->setFeasibility([&problem](const Point& p) { return problem.area(p) <= problem.areaBudget() * (1 + 1e-12); });
    LayerwiseRun run;
    run.areaBudgetMm2 = problem.areaBudget();
    run.areaMinMm2 = problem.areaMin();
    run.areaMaxMm2 = problem.areaMax();
    std::int64_t valid = 0;
    int idle = 0;
    double best = 0;
    while (valid < budget && static_cast<std::int64_t>(run.designs.size()) < 20 * budget) {
        if (control && !control->checkpoint()) break;
        const std::vector<Point> points =
            searcher->ask(static_cast<int>(std::min<std::int64_t>(std::max(1, settings.batch), budget - valid)));
        if (points.empty()) {
            if (++idle > 2) break;
            continue;
        }
        idle = 0;
        problem.mapMissing(points, pool, control);
        if (control && control->cancelled()) break;
        std::vector<Observation> observations;
        for (const Point& p : points) {
            LayerwiseDesign d = problem.cost(p, false);
            observations.push_back({p, d.objective, d.valid, job.settings.objective == DesignObjective::Edp ? std::vector<double>{} : d.parts});
            if (d.valid) {
                ++valid;
                if (run.best < 0 || d.objective < best) {
                    best = d.objective;
                    run.best = static_cast<int>(run.designs.size());
                }
                run.bestHistory.push_back(best);
            }
            run.designs.push_back(std::move(d));
        }
        searcher->tell(observations);
    }
    run.cancelled = control && control->cancelled();
    if (run.best >= 0) run.designs[static_cast<std::size_t>(run.best)] = problem.cost(run.designs[static_cast<std::size_t>(run.best)].point, true);
    run.layerMappings = problem.mapped();
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

}  // namespace accelscope
