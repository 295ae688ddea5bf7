// Simulated annealing on log(objective) (raw objective when logTarget is off or an objective is not
// positive). The first ask() samples random start points and the best valid one becomes the
// current point; afterwards each ask() proposes neighbours of the current point (one parameter one
// level up or down; a categorical to any other choice), preferring points not yet visited. Results
// are accepted in the order they are told by the Metropolis rule at temperature
//   T(k) = t0 (tEnd / t0)^(k / (budget - 1)),  k = evaluations so far (held at tEnd past the budget),
// Kirkpatrick et al., Science 1983, with a geometric schedule. Invalid points are never accepted.
#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_set>

#include "util/random_util.h"
#include "search/searcher.h"

namespace accelscope {
namespace {

constexpr int kFreshNeighbourTries = 20;

class AnnealingSearcher final : public Searcher {
public:
    AnnealingSearcher(const ParamSpace& space, const SearcherSettings& settings)
        : space_(space), settings_(settings), rng_(settings.seed) {
        for (std::size_t i = 0; i < space_.params.size(); ++i)
            if (space_.params[i].levels() > 1) movable_.push_back(static_cast<int>(i));
    }

    std::string_view name() const override { return "sa"; }

    std::vector<Point> ask(int n) override {
        std::vector<Point> out;
        for (int i = 0; i < n; ++i) {
            // A fresh feasible point where one is found; feasibility first (an infeasible point is
            // known invalid), freshness within its first tries.
            Point p;
            for (int t = 0; t < kFeasibleTries; ++t) {
                p = hasCurrent_ ? neighbour(current_) : space_.random(rng_);
                if (!feasible(p)) continue;
                if (t >= kFreshNeighbourTries || (!visited_.contains(p) && std::find(out.begin(), out.end(), p) == out.end()))
                    break;
            }
            out.push_back(std::move(p));
        }
        return out;
    }

    void tell(const std::vector<Observation>& results) override {
        if (!hasCurrent_) {
            // Start from the best valid point of the first batch.
            const Observation* best = nullptr;
            for (const Observation& o : results) {
                visited_.insert(o.point);
                ++steps_;
                if (o.valid && !std::isnan(o.objective) && (!best || o.objective < best->objective)) best = &o;
            }
            if (best) {
                current_ = best->point;
                currentEnergy_ = energy(best->objective);
                hasCurrent_ = true;
            }
            return;
        }
        for (const Observation& o : results) {
            visited_.insert(o.point);
            const double t = temperature();
            ++steps_;
            if (!o.valid || std::isnan(o.objective)) continue;
            const double e = energy(o.objective);
            if (e <= currentEnergy_ || uniform01(rng_) < std::exp(-(e - currentEnergy_) / t)) {
                current_ = o.point;
                currentEnergy_ = e;
            }
        }
    }

private:
    double energy(double objective) const {
        return settings_.logTarget && objective > 0 ? std::log(objective) : objective;
    }

    double temperature() const {
        const double span = static_cast<double>(std::max<std::int64_t>(settings_.budget - 1, 1));
        const double progress = std::min(1.0, static_cast<double>(steps_) / span);
        return settings_.t0 * std::pow(settings_.tEnd / settings_.t0, progress);
    }

    Point neighbour(const Point& from) {
        Point p = from;
        if (movable_.empty()) return p;
        const int g = movable_[static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(movable_.size())))];
        const Param& param = space_.params[static_cast<std::size_t>(g)];
        const int levels = param.levels();
        if (param.kind == ParamKind::Categorical) {
            const int v = uniformIndex(rng_, levels - 1);
            p[g] = v >= p[g] ? v + 1 : v;
        } else if (p[g] == 0) {
            p[g] = 1;
        } else if (p[g] == levels - 1) {
            p[g] = levels - 2;
        } else {
            p[g] += uniformIndex(rng_, 2) ? 1 : -1;
        }
        return p;
    }

    ParamSpace space_;
    SearcherSettings settings_;
    std::mt19937_64 rng_;
    std::vector<int> movable_;  // parameters with more than one level
    bool hasCurrent_ = false;
    Point current_;
    double currentEnergy_ = 0;
    std::int64_t steps_ = 0;
    std::unordered_set<Point, PointHash> visited_;
};

}  // namespace

std::unique_ptr<Searcher> makeAnnealingSearcher(const ParamSpace& space, const SearcherSettings& settings) {
    return std::make_unique<AnnealingSearcher>(space, settings);
}

}  // namespace accelscope
