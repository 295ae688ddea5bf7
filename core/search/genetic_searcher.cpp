// Generational genetic algorithm with Spotlight-GA's settings (Sakhuja et al., HPCA 2023:
// population 20, crossover 0.8, mutation 0.05): tournament selection, uniform crossover,
// per-gene mutation to another random level, and the best individual carried over (elitism 1).
//
// A generation is handed out by ask() and bred only when all of its results are in, so ask()
// never returns more than one generation's worth and returns fewer while results are outstanding.
// Invalid points get the worst fitness. A child identical to a point already evaluated (or to a
// sibling) is mutated again a few times; one that stays known takes its remembered fitness
// without being asked again.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <unordered_map>

#include "util/random_util.h"
#include "search/searcher.h"

namespace accelscope {
namespace {

constexpr double kWorst = std::numeric_limits<double>::infinity();
constexpr int kTournamentSize = 3;
constexpr int kRemutations = 10;
constexpr int kMaxSilentGenerations = 1000;  // generations bred without a new point before giving up

class GeneticSearcher final : public Searcher {
public:
    GeneticSearcher(const ParamSpace& space, const SearcherSettings& settings)
        : space_(space), settings_(settings), rng_(settings.seed) {}

    std::string_view name() const override { return "ga"; }

    std::vector<Point> ask(int n) override {
        if (!started_) start();
        std::vector<Point> out;
        int silent = 0;
        while (static_cast<int>(out.size()) < n) {
            if (next_ < toAsk_.size()) {
                const int idx = toAsk_[next_++];
                awaiting_[population_[idx].point].push_back(idx);
                out.push_back(population_[idx].point);
            } else if (out.empty() && awaiting_.empty()) {
                breed();
                if (toAsk_.empty() && ++silent > kMaxSilentGenerations) break;
            } else {
                break;  // the rest of this generation is still being evaluated
            }
        }
        return out;
    }

    void tell(const std::vector<Observation>& results) override {
        for (const Observation& o : results) {
            const double f = o.valid && !std::isnan(o.objective) ? o.objective : kWorst;
            known_[o.point] = f;
            auto it = awaiting_.find(o.point);
            if (it == awaiting_.end()) continue;
            for (int idx : it->second) population_[idx].fitness = f;
            awaiting_.erase(it);
        }
    }

private:
    struct Individual {
        Point point;
        double fitness = kWorst;
    };

    // The first generation: random, feasible and distinct where the space allows; drawn on the first
    // ask, once the caller has set the feasibility.
    void start() {
        started_ = true;
        for (int i = 0; i < settings_.population; ++i) {
            Point p = space_.random(rng_);
            for (int a = 0; a < kFeasibleTries && (!feasible(p) || (a < kRemutations && inGeneration(p))); ++a)
                p = space_.random(rng_);
            addIndividual(std::move(p));
        }
    }

    bool inGeneration(const Point& p) const {
        return std::any_of(population_.begin(), population_.end(), [&](const Individual& i) { return i.point == p; });
    }

    void addIndividual(Point p) {
        auto it = known_.find(p);
        if (it != known_.end()) {
            population_.push_back({std::move(p), it->second});
        } else {
            toAsk_.push_back(static_cast<int>(population_.size()));
            population_.push_back({std::move(p), kWorst});
        }
    }

    const Individual& tournament() {
        const Individual* best = nullptr;
        for (int i = 0; i < kTournamentSize; ++i) {
            const Individual& c = previous_[static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(previous_.size())))];
            if (!best || c.fitness < best->fitness) best = &c;
        }
        return *best;
    }

    // One gene to a different random level (if it has another).
    void mutateGene(Point& p, std::size_t g) {
        const int levels = space_.params[g].levels();
        if (levels < 2) return;
        const int v = uniformIndex(rng_, levels - 1);
        p[g] = v >= p[g] ? v + 1 : v;
    }

    void breed() {
        previous_ = std::move(population_);
        population_.clear();
        toAsk_.clear();
        next_ = 0;
        // Elitism: the best of the last generation survives unchanged (first one on ties).
        const auto elite = std::min_element(previous_.begin(), previous_.end(),
                                            [](const Individual& a, const Individual& b) { return a.fitness < b.fitness; });
        population_.push_back(*elite);
        while (static_cast<int>(population_.size()) < settings_.population) {
            const Point& a = tournament().point;
            const Point& b = tournament().point;
            Point child = a;
            if (uniform01(rng_) < settings_.crossover)
                for (std::size_t g = 0; g < child.size(); ++g)
                    if (uniform01(rng_) < 0.5) child[g] = b[g];
            for (std::size_t g = 0; g < child.size(); ++g)
                if (uniform01(rng_) < settings_.mutation) mutateGene(child, g);
            for (int r = 0; r < kRemutations && (known_.contains(child) || inGeneration(child)); ++r)
                mutateGene(child, static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(child.size()))));
            // A child known to be infeasible mutates further (from its parent's genes) while tries last.
            for (int r = 0; r < kFeasibleTries && !feasible(child); ++r)
                mutateGene(child, static_cast<std::size_t>(uniformIndex(rng_, static_cast<int>(child.size()))));
            addIndividual(std::move(child));
        }
    }

    ParamSpace space_;
    SearcherSettings settings_;
    std::mt19937_64 rng_;
    bool started_ = false;
    std::vector<Individual> population_, previous_;
    std::vector<int> toAsk_;  // individuals of this generation that need evaluating
    std::size_t next_ = 0;    // next of toAsk_ to hand out
    std::unordered_map<Point, std::vector<int>, PointHash> awaiting_;
    std::unordered_map<Point, double, PointHash> known_;
};

}  // namespace

std::unique_ptr<Searcher> makeGeneticSearcher(const ParamSpace& space, const SearcherSettings& settings) {
    return std::make_unique<GeneticSearcher>(space, settings);
}

}  // namespace accelscope
