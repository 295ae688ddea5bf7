#pragma once
// Mapping search for one layer: ask/tell searchers over a MapSpace, driven by mapLayer().
//   greedy     - hill climbing over random neighbours with restarts: fast to a good local optimum;
//   random     - uniform samples of the space, the best kept;
//   anneal     - the default: independent chains, each a random warm-up then simulated annealing over
//                local moves (a factor to another level or fan-out, two loops swapped, a bypass
//                flipped), in log-objective space;
//   exhaustive - every point (small spaces only);
//   optimal    - the exact optimum by branch and bound, or within a time limit the best so far and a
//                proven lower bound (optimal_mapper.h);
//   dabo, bo   - Spotlight's software Bayesian optimisation over domain features or the raw encoding
//                (bo_layer_searcher.h); their budget counts VALID mappings (up to 20x as many tried).
// Ties on the objective are broken by energy, then cycles, then the mapping's factors in dim order,
// so results depend only on the seed.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "arch/architecture.h"
#include "mapping/map_space.h"
#include "model/evaluation.h"

namespace accelscope {

class RunControl;
class ThreadPool;

enum class Objective : std::uint8_t { Energy, Delay, Edp };
std::string_view objectiveName(Objective o);
// "energy", "delay", "edp"; throws InputError otherwise.
Objective objectiveFromName(std::string_view name);
double objectiveValue(Objective o, const Evaluation& e);

struct MapperSettings {
    Objective objective = Objective::Edp;
    std::string algorithm = "anneal";  // "anneal", "greedy", "random", "exhaustive", "optimal", "dabo", "bo"
    std::int64_t budget = 60000;       // evaluations per distinct layer shape
    std::int64_t patience = 0;         // stop after this many evaluations without improvement (0: never)
    std::uint64_t seed = 1;
    std::uint64_t exhaustiveLimit = 20'000'000;
    double timeLimitS = 0;  // optimal: seconds per distinct layer shape (0: until proven)
};
const std::vector<std::string>& mapperAlgorithms();

struct LayerMapResult {
    bool found = false;  // false: no valid mapping within the budget
    Mapping mapping;
    Evaluation evaluation;
    double objective = 0;
    std::int64_t evaluated = 0;
    std::int64_t valid = 0;
    // optimal only: a proven lower bound on the layer's optimum objective, and whether the search
    // finished (then lowerBound == objective: the mapping is optimal). 0 and false for the others.
    double lowerBound = 0;
    bool proven = false;
};

// Ask/tell: ask() proposes the next mapping, tell() reports its evaluation (invalid ones too).
class LayerSearcher {
public:
    virtual ~LayerSearcher() = default;
    virtual void ask(Mapping& out) = 0;
    virtual void tell(const Mapping& m, const Evaluation& e) = 0;
};
std::unique_ptr<LayerSearcher> makeLayerSearcher(const std::string& algorithm, const MapSpace& space,
                                                 Objective objective, std::int64_t budget, std::uint64_t seed);

// Whether (a, ea) beats (b, eb) under `o`, ties broken deterministically.
bool better(Objective o, const Mapping& a, const Evaluation& ea, const Mapping& b, const Evaluation& eb);

// Searches one layer's space. The budget is split over up to four independent chains (one per 5000
// evaluations; one for dabo and bo), run on `pool` when given, each seeded from the settings' seed and its index; the
// best of them, compared in chain order, is the result: the same for any thread count.
// `control` (optional) pauses and cancels between evaluations.
LayerMapResult mapLayer(const Architecture& arch, const MapSpace& space, const MapperSettings& settings,
                        RunControl* control = nullptr, ThreadPool* pool = nullptr);
int chainCount(const MapperSettings& settings);

}  // namespace accelscope
