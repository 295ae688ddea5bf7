#pragma once
// Black-box search over a ParamSpace in ask/tell form (as Timeloop's Next/Report, Vizier's
// suggest/complete, Optuna's ask/tell): ask(n) proposes up to n points, tell() reports how they
// did. A searcher never evaluates anything itself, so the same one runs on one thread, a thread
// pool or a cluster, and a GUI can watch every step.
//
//   random - uniform samples, never repeating a point while the space can be indexed (< 2^63 points);
//   grid   - every point once, in mixed-radix order;
//   ga     - generational genetic algorithm with Spotlight-GA's defaults;
//   sa     - simulated annealing on log(objective);
//   bo     - Bayesian optimisation, a GP over the raw encoding (Spotlight-V);
//   dabo   - the same GP over caller-supplied domain features (Spotlight's daBO);
//   confuciux - ConfuciuX's REINFORCE policy, then genetic fine-tuning (confuciux_searcher.cpp).
//
// ask() may return fewer than n points: the grid or the space is exhausted, or (ga) the current
// generation has been handed out and waits for its results. Every searcher is deterministic in
// its seed and in the order of tell() calls.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "search/param_space.h"
#include "search/policy_network.h"

namespace accelscope {

struct Observation {
    Point point;
    double objective = 0;  // minimised; meaningless when !valid
    bool valid = true;     // false: the point could not be evaluated or broke a constraint
    // Optional: the objective's additive parts (a layer-wise design's layer latencies), for searchers
    // that give each decision its own credit (confuciux, with PolicyContext::part).
    std::vector<double> parts{};
};

// daBO's domain features of a point, computed by the caller (Sakhuja et al., HPCA 2023, sec. daBO).
using FeatureFn = std::function<Eigen::VectorXd(const Point&)>;

struct SearcherSettings {
    std::uint64_t seed = 1;
    int batch = 10;  // points per ask() for drivers; searchers accept any n
    // GA (Spotlight-GA: population 20, crossover 0.8, mutation 0.05)
    int population = 20;
    double crossover = 0.8, mutation = 0.05;
    // SA: temperature on log(objective) falls geometrically from t0 to tEnd over budget evaluations
    double t0 = 1.0, tEnd = 0.01;
    std::int64_t budget = 100;
    // BO (Spotlight: LCB with kappa 1 over 1000 random candidates, 10 warm-up samples, 10% random)
    std::string kernel = "matern52";   // matern52 | rbf | linear
    std::string acquisition = "lcb";   // lcb | ei
    double kappa = 1.0;
    int candidates = 1000;
    int warmup = 10;
    double exploration = 0.1;
    bool logTarget = true;  // GP models log(objective) (needs positive objectives; raw otherwise)
    // ConfuciuX: the share of the budget for the policy phase (2/3, as its RL_GA), and the policy's
    // Adam learning rate
    double rlShare = 2.0 / 3.0;
    double learningRate = 0.05;
};

// Whether a point can be valid at all, known without evaluating it (a design space's area and
// power caps, checked on the architecture alone). Deterministic, so a seed still fixes the search.
using FeasibleFn = std::function<bool(const Point&)>;

class Searcher {
public:
    virtual ~Searcher();
    virtual std::string_view name() const = 0;
    // Up to n new points inside the space.
    virtual std::vector<Point> ask(int n) = 0;
    // Results for asked points, in any grouping; unknown points are remembered where useful.
    virtual void tell(const std::vector<Observation>& results) = 0;

    // Constraint-aware search: every searcher proposes only points that pass `f` where it can find
    // them (random draws, grid steps, GA children and SA neighbours are drawn again, BO scores only
    // feasible candidates), so that proposals are not wasted on designs known to be invalid.
    void setFeasibility(FeasibleFn f) { feasible_ = std::move(f); }

protected:
    bool feasible(const Point& p) const { return !feasible_ || feasible_(p); }
    // Draws per wanted point before a searcher gives up looking for a feasible one.
    static constexpr int kFeasibleTries = 200;

private:
    FeasibleFn feasible_;
};

// "random", "grid", "ga", "sa", "bo", "dabo", "confuciux". Throws std::invalid_argument for an unknown name
// (listing the known ones), for dabo without features, and for malformed settings; InputError for a
// malformed space.
std::unique_ptr<Searcher> makeSearcher(std::string_view name, const ParamSpace& space,
                                       const SearcherSettings& settings, FeatureFn features = {});
const std::vector<std::string>& searcherNames();

// The algorithms, one file each; makeSearcher validates before calling these.
std::unique_ptr<Searcher> makeRandomSearcher(const ParamSpace& space, const SearcherSettings& settings);
std::unique_ptr<Searcher> makeGridSearcher(const ParamSpace& space, const SearcherSettings& settings);
std::unique_ptr<Searcher> makeGeneticSearcher(const ParamSpace& space, const SearcherSettings& settings);
std::unique_ptr<Searcher> makeAnnealingSearcher(const ParamSpace& space, const SearcherSettings& settings);
// name is "bo" or "dabo"; encoder maps a point to the GP's input vector.
std::unique_ptr<Searcher> makeBayesianSearcher(std::string name, const ParamSpace& space,
                                               const SearcherSettings& settings, FeatureFn encoder);
// `context` tells the policy what each parameter is (ConfuciuX's layer shapes and shared heads);
// empty, each parameter has its own head and no context.
std::unique_ptr<Searcher> makeConfuciuxSearcher(const ParamSpace& space, const SearcherSettings& settings,
                                                PolicyContext context = {});

}  // namespace accelscope
