// ConfuciuX's search (Kao, Jeong, Krishna, MICRO 2020; maestro-project/confuciux, src/ConfX): a
// policy trained by REINFORCE proposes whole designs for the first two thirds of the budget, then a
// genetic algorithm fine-tunes from the best one found.
//
// Policy phase: each asked point is an episode drawn from the policy (policy_network.h); its return
// is -log(objective), and an infeasible or invalid one gets the worst return seen minus one (ConfuciuX
// ends an episode that breaks the budget with a negative reward). With the objective's parts told
// (Observation::parts) and each parameter's part known (PolicyContext::part), each decision is
// credited with -log of its own part, as ConfuciuX rewards each layer's action with that layer's
// latency; each part has its own running baseline and deviation. Episodes known to be infeasible
// (FeasibleFn) are learnt from without being proposed. The policy is updated every `batch` episodes.
// Genetic phase (ConfuciuX's genetic_search): a population of `population` copies of the best point;
// each generation keeps the 8 best as parents, and each child is a parent with up to 3 mutations of
// one gene by a uniform step of up to +-alpha x half the gene's range (alpha = 0.5, ConfuciuX's
// default resource ratio), each kept only when the point stays feasible; then with probability 0.2 a
// child swaps the values of two genes that share a head (two layers' PE counts); the best parent
// survives unchanged. A known point is not asked again.
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "search/policy_network.h"
#include "search/searcher.h"
#include "util/random_util.h"

namespace accelscope {
namespace {

constexpr double kWorst = std::numeric_limits<double>::infinity();
constexpr int kParents = 8;
constexpr int kMutationTries = 3;
constexpr double kMutationAlpha = 0.5;
constexpr double kSwapProbability = 0.2;
constexpr int kMaxRepeats = 1000;        // known points drawn in one ask before the policy phase ends
constexpr double kBaselineRate = 0.1;    // running baseline and deviation: weight of the newest batch

class ConfuciuxSearcher final : public Searcher {
public:
    ConfuciuxSearcher(const ParamSpace& space, const SearcherSettings& settings, PolicyContext context)
        : space_(space), settings_(settings), rng_(settings.seed),
          policy_(space, std::move(context), settings.seed, settings.learningRate),
          heads_(policy_.context().head), partOf_(policy_.context().part),
          parts_(partOf_.empty() ? 1 : *std::max_element(partOf_.begin(), partOf_.end()) + 1),
          worstReturn_(Eigen::VectorXd::Constant(parts_, std::numeric_limits<double>::infinity())) {
        rlBudget_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(settings.budget * settings.rlShare)));
    }

    std::string_view name() const override { return "confuciux"; }

    std::vector<Point> ask(int n) override {
        return validTold_ < rlBudget_ && !genetic_ ? askPolicy(n) : askGenetic(n);
    }

    void tell(const std::vector<Observation>& results) override {
        for (const Observation& o : results) {
            const double f = o.valid && o.objective > 0 && std::isfinite(o.objective) ? o.objective : kWorst;
            known_[o.point] = f;
            if (f < kWorst && static_cast<int>(o.parts.size()) == parts_ && parts_ > 1) knownParts_[o.point] = o.parts;
            if (f < kWorst) ++validTold_;
            if (f < bestFitness_) {
                bestFitness_ = f;
                best_ = o.point;
            }
            if (const auto it = awaiting_.find(o.point); it != awaiting_.end()) {
                for (int idx : it->second) population_[static_cast<std::size_t>(idx)].fitness = f;
                awaiting_.erase(it);
            }
            if (!genetic_) learnFrom(o.point, f);
        }
    }

private:
    struct Individual {
        Point point;
        double fitness = kWorst;
    };

    // Each part's return: -log of the part (or of the whole objective), the worst seen less 1 when the
    // episode broke the budget or failed.
    Eigen::VectorXd returnsOf(const Point& p, double fitness) {
        if (fitness == kWorst) return (worstReturn_.array().isFinite()).select(worstReturn_, 0.0).array() - 1.0;
        Eigen::VectorXd r(parts_);
        const auto parts = knownParts_.find(p);
        for (int k = 0; k < parts_; ++k)
            r[k] = -std::log(std::max(parts != knownParts_.end() ? parts->second[static_cast<std::size_t>(k)] : fitness, 1e-300));
        worstReturn_ = worstReturn_.cwiseMin(r);
        return r;
    }

    void learnFrom(const Point& p, double fitness) {
        episodes_.push_back(p);
        returns_.push_back(returnsOf(p, fitness));
        if (static_cast<int>(episodes_.size()) < std::max(1, settings_.batch)) return;
        // Per part: the batch's mean and deviation start the running baseline, which then follows them.
        const auto n = static_cast<double>(returns_.size());
        Eigen::VectorXd mean = Eigen::VectorXd::Zero(parts_), var = Eigen::VectorXd::Zero(parts_);
        for (const Eigen::VectorXd& r : returns_) mean += r;
        mean /= n;
        for (const Eigen::VectorXd& r : returns_) var += (r - mean).cwiseAbs2();
        const Eigen::VectorXd deviation = (var / n).cwiseSqrt().array() + 1e-9;
        if (baseline_.size() == 0) {
            baseline_ = mean;
            spread_ = deviation;
        }
        std::vector<Eigen::VectorXd> advantages;
        for (const Eigen::VectorXd& r : returns_) {
            Eigen::VectorXd a(static_cast<Eigen::Index>(partOf_.size()));
            for (std::size_t j = 0; j < partOf_.size(); ++j) {
                const int k = partOf_[j];
                a[static_cast<Eigen::Index>(j)] = (r[k] - baseline_[k]) / spread_[k];
            }
            advantages.push_back(std::move(a));
        }
        policy_.update(episodes_, advantages);
        baseline_ = (1 - kBaselineRate) * baseline_ + kBaselineRate * mean;
        spread_ = (1 - kBaselineRate) * spread_ + kBaselineRate * deviation;
        episodes_.clear();
        returns_.clear();
    }

    std::vector<Point> askPolicy(int n) {
        std::vector<Point> out;
        int repeats = 0;
        for (int i = 0; i < n; ++i) {
            Point p = policy_.sample(rng_);
            for (int t = 0; t < kFeasibleTries && !feasible(p); ++t) {
                learnFrom(p, kWorst);  // an episode that breaks the budget, not proposed
                p = policy_.sample(rng_);
            }
            // A point already evaluated is learnt from again but not asked again.
            if (const auto k = known_.find(p); k != known_.end()) {
                learnFrom(p, k->second);
                if (++repeats > kMaxRepeats) {  // the policy has settled on known points: fine-tune instead
                    std::vector<Point> rest = askGenetic(n - static_cast<int>(out.size()));
                    out.insert(out.end(), rest.begin(), rest.end());
                    return out;
                }
                --i;
                continue;
            }
            out.push_back(std::move(p));
        }
        return out;
    }

    std::vector<Point> askGenetic(int n) {
        if (!genetic_) startGenetic();
        std::vector<Point> out;
        int silent = 0;
        while (static_cast<int>(out.size()) < n) {
            if (next_ < toAsk_.size()) {
                const int idx = toAsk_[next_++];
                const Point& p = population_[static_cast<std::size_t>(idx)].point;
                awaiting_[p].push_back(idx);
                if (awaiting_[p].size() == 1) out.push_back(p);
            } else if (out.empty() && awaiting_.empty()) {
                breed();
                if (toAsk_.empty() && ++silent > 1000) break;  // nothing new to try
            } else {
                break;  // the generation is still being evaluated
            }
        }
        return out;
    }

    void startGenetic() {
        genetic_ = true;
        if (best_.empty()) best_ = space_.random(rng_);
        population_.assign(static_cast<std::size_t>(settings_.population), Individual{best_, bestFitness_});
        toAsk_.clear();
        next_ = 0;
    }

    void mutate(Point& p) {
        for (int t = 0; t < kMutationTries; ++t) {
            const auto g = static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(p.size())));
            const int levels = space_.params[g].levels();
            const double half = std::max(1.0, (levels - 1) / 2.0);
            const int step = static_cast<int>(kMutationAlpha * (2 * uniform01(rng_) - 1) * half);  // toward zero
            const int saved = p[g];
            p[g] = std::clamp(p[g] + step, 0, levels - 1);
            if (!feasible(p)) p[g] = saved;
        }
    }

    void swapSameHead(Point& p) {
        const int a = uniformIndex(rng_, static_cast<int>(p.size()));
        std::vector<int> mates;
        for (int j = 0; j < static_cast<int>(p.size()); ++j)
            if (j != a && heads_[static_cast<std::size_t>(j)] == heads_[static_cast<std::size_t>(a)]) mates.push_back(j);
        if (mates.empty()) return;
        const int b = mates[static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(mates.size())))];
        std::swap(p[static_cast<std::size_t>(a)], p[static_cast<std::size_t>(b)]);
        if (!feasible(p)) std::swap(p[static_cast<std::size_t>(a)], p[static_cast<std::size_t>(b)]);
    }

    void breed() {
        std::stable_sort(population_.begin(), population_.end(),
                         [](const Individual& a, const Individual& b) { return a.fitness < b.fitness; });
        const std::vector<Individual> parents(population_.begin(),
                                              population_.begin() + std::min<std::ptrdiff_t>(kParents, std::ssize(population_)));
        toAsk_.clear();
        next_ = 0;
        for (std::size_t i = 0; i < population_.size(); ++i) {
            Individual child = parents[i % parents.size()];
            if (i > 0) {
                mutate(child.point);
                if (uniform01(rng_) < kSwapProbability) swapSameHead(child.point);
            }
            const auto k = known_.find(child.point);
            child.fitness = k != known_.end() ? k->second : kWorst;
            population_[i] = child;
            if (k == known_.end()) toAsk_.push_back(static_cast<int>(i));
        }
    }

    ParamSpace space_;
    SearcherSettings settings_;
    std::mt19937_64 rng_;
    PolicyNetwork policy_;
    std::vector<int> heads_;   // the head each parameter shares (GA swaps genes within one)
    std::vector<int> partOf_;  // the part of the objective each parameter decides
    int parts_;
    Eigen::VectorXd worstReturn_, baseline_, spread_;  // per part; the baseline empty until the first update
    std::int64_t rlBudget_ = 1, validTold_ = 0;
    bool genetic_ = false;
    Point best_;
    double bestFitness_ = kWorst;
    std::vector<Point> episodes_;
    std::vector<Eigen::VectorXd> returns_;  // per episode, per part
    std::unordered_map<Point, std::vector<double>, PointHash> knownParts_;
    std::vector<Individual> population_;
    std::vector<int> toAsk_;
    std::size_t next_ = 0;
    std::unordered_map<Point, std::vector<int>, PointHash> awaiting_;
    std::unordered_map<Point, double, PointHash> known_;
};

}  // namespace

std::unique_ptr<Searcher> makeConfuciuxSearcher(const ParamSpace& space, const SearcherSettings& settings,
                                                PolicyContext context) {
    return std::make_unique<ConfuciuxSearcher>(space, settings, std::move(context));
}

}  // namespace accelscope
