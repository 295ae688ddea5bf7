// The layer searchers and the loop that drives them.
#include "mapper/mapper.h"

#include <algorithm>
#include <cmath>

#include "util/run_control.h"
#include "mapper/bo_layer_searcher.h"
#include "mapper/optimal_mapper.h"
#include "util/thread_pool.h"
#include "model/layer_cost.h"
#include "util/input_error.h"
#include "util/seed_mix.h"

namespace accelscope {

std::string_view objectiveName(Objective o) {
    switch (o) {
    case Objective::Energy: return "energy";
    case Objective::Delay: return "delay";
    case Objective::Edp: return "edp";
    }
    return "edp";
}

Objective objectiveFromName(std::string_view name) {
    for (Objective o : {Objective::Energy, Objective::Delay, Objective::Edp})
        if (name == objectiveName(o)) return o;
    throw InputError("--objective", "", "unknown objective \"" + std::string(name) + "\" (known: energy, delay, edp)");
}

double objectiveValue(Objective o, const Evaluation& e) {
    switch (o) {
    case Objective::Energy: return e.energyPj;
    case Objective::Delay: return e.cycles;
    case Objective::Edp: return e.energyPj * e.cycles;
    }
    return e.energyPj * e.cycles;
}

const std::vector<std::string>& mapperAlgorithms() {
    static const std::vector<std::string> all = {"anneal", "greedy", "random", "exhaustive", "optimal", "dabo", "bo"};
    return all;
}

bool better(Objective o, const Mapping& a, const Evaluation& ea, const Mapping& b, const Evaluation& eb) {
    const double va = objectiveValue(o, ea), vb = objectiveValue(o, eb);
    if (va != vb) return va < vb;
    if (ea.energyPj != eb.energyPj) return ea.energyPj < eb.energyPj;
    if (ea.cycles != eb.cycles) return ea.cycles < eb.cycles;
    for (int i = 0; i < a.levelCount; ++i) {
        const LevelMapping &x = a.levels[i], &y = b.levels[i];
        if (x.temporal != y.temporal) return x.temporal < y.temporal;
        if (x.spatialX != y.spatialX) return x.spatialX < y.spatialX;
        if (x.spatialY != y.spatialY) return x.spatialY < y.spatialY;
        if (x.order != y.order) return x.order < y.order;
        if (x.keep != y.keep) return x.keep < y.keep;
    }
    return false;
}

namespace {

// A mapping whose tiles overflow a level is repaired rather than dropped: the next proposal is the
// same mapping with one factor moved above that level (MapSpace::relieve), up to kMaxSteps times in a
// row. In a space with tiny inner buffers (a systolic array's one-word weight registers) most samples
// overflow somewhere; without repair the searchers rarely see a valid one that fills the array.
class CapacityRepair {
public:
    void offer(const MapSpace& space, const Mapping& m, const Evaluation& e, std::mt19937_64& rng) {
        pending_ = false;
        if (e.valid() || (e.invalid != Invalid::Capacity && e.invalid != Invalid::PartitionCapacity) || steps_ >= kMaxSteps) {
            steps_ = 0;
            return;
        }
        next_ = m;
        pending_ = space.relieve(next_, e.invalidLevel, e.invalidTensor, rng);
        steps_ = pending_ ? steps_ + 1 : 0;
    }
    bool take(Mapping& out) {
        if (!pending_) return false;
        out = next_;
        pending_ = false;
        return true;
    }

private:
    static constexpr int kMaxSteps = 16;
    Mapping next_;
    bool pending_ = false;
    int steps_ = 0;
};

class RandomSearcher : public LayerSearcher {
public:
    RandomSearcher(const MapSpace& space, std::uint64_t seed) : space_(space), rng_(seed) {}
    void ask(Mapping& out) override { space_.sample(rng_, out); }
    void tell(const Mapping&, const Evaluation&) override {}

private:
    const MapSpace& space_;
    std::mt19937_64 rng_;
};

// Simulated annealing on log(objective), one chain (mapLayer runs several independent chains that
// split the budget, so a chain stuck in a poor basin costs only its share). A move that makes the
// objective worse by d is taken with probability exp(-d / T), T falling geometrically from 1 to 0.01
// over the chain; the chain's first tenth (at most 500) samples the space at random and the walk
// starts from the best of those (every other one a sample that fills the fan-outs first); a walk that goes a tenth of the chain without improving returns to
// the chain's best point.
// Tuned on ResNet-50/eyeriss_like with bench_mapper and on the exhaustive cases of test_mapper:
// hotter starts escape the rugged landscape of tilings, colder ones stall.
class AnnealSearcher : public LayerSearcher {
public:
    AnnealSearcher(const MapSpace& space, Objective o, std::int64_t budget, std::uint64_t seed)
        : space_(space), objective_(o), rng_(seed) {
        budget = std::max<std::int64_t>(budget, 1);
        chainLength_ = budget;
        warmup_ = std::min<std::int64_t>(500, std::max<std::int64_t>(chainLength_ / 10, 1));
    }
    void ask(Mapping& out) override {
        if (repair_.take(out)) return;
        if (local_ < warmup_ || !haveCurrent_) {
            // The chain's first warm-up point is a safe start (MapSpace::safeStart), one candidate
            // among the warm-up's; then every other one fills the fan-outs first (sampleFilled).
            if (local_ == 0) space_.safeStart(rng_, out);
            else if (local_ % 2 == 1) space_.sampleFilled(rng_, out);
            else space_.sample(rng_, out);
            return;
        }
        if (sinceBest_ > chainLength_ / 10) {  // back to the chain's best point
            current_ = best_;
            currentLog_ = bestLog_;
            sinceBest_ = 0;
        }
        space_.neighbour(current_, rng_, out);
    }
    void tell(const Mapping& m, const Evaluation& e) override {
        ++local_;
        ++sinceBest_;
        repair_.offer(space_, m, e, rng_);
        if (e.valid()) take(m, std::log(std::max(objectiveValue(objective_, e), 1e-300)));
    }

private:
    void take(const Mapping& m, double v) {
        if (!haveBest_ || v < bestLog_) {
            best_ = m;
            bestLog_ = v;
            haveBest_ = true;
            sinceBest_ = 0;
        }
        if (local_ <= warmup_) {
            if (!haveCurrent_ || v < currentLog_) {
                current_ = m;
                currentLog_ = v;
                haveCurrent_ = true;
            }
            return;
        }
        const double progress = static_cast<double>(local_ - warmup_) / static_cast<double>(chainLength_ - warmup_ + 1);
        const double temperature = 1.0 * std::pow(0.01 / 1.0, std::min(progress, 1.0));
        const double delta = v - currentLog_;
        if (delta <= 0 || std::uniform_real_distribution<double>(0, 1)(rng_) < std::exp(-delta / temperature)) {
            current_ = m;
            currentLog_ = v;
        }
    }

    const MapSpace& space_;
    Objective objective_;
    std::mt19937_64 rng_;
    std::int64_t chainLength_ = 1, warmup_ = 0, local_ = 0, sinceBest_ = 0;
    Mapping current_, best_;
    double currentLog_ = 0, bestLog_ = 0;
    bool haveCurrent_ = false, haveBest_ = false;
    CapacityRepair repair_;
};

// Greedy hill climbing: from a random valid start (every other one filling the fan-outs first), look at 32 random neighbours and move to the best
// of them if it improves; after 4 rounds without improvement, restart from a fresh sample. No
// temperature to tune: fast to a good local optimum, the quick alternative to annealing.
class GreedySearcher : public LayerSearcher {
public:
    GreedySearcher(const MapSpace& space, Objective o, std::uint64_t seed) : space_(space), objective_(o), rng_(seed) {}
    void ask(Mapping& out) override {
        if (repair_.take(out)) return;
        if (!haveCurrent_ && starts_ % 2 == 1)
            space_.sampleFilled(rng_, out);
        else if (!haveCurrent_)
            space_.sample(rng_, out);
        else
            space_.neighbour(current_, rng_, out);
    }
    void tell(const Mapping& m, const Evaluation& e) override {
        const double v = e.valid() ? objectiveValue(objective_, e) : 0.0;
        repair_.offer(space_, m, e, rng_);
        if (!haveCurrent_) {
            ++starts_;
            if (e.valid()) current_ = m, currentValue_ = v, haveCurrent_ = true;
            return;
        }
        if (e.valid() && (!haveCandidate_ || v < candidateValue_)) candidate_ = m, candidateValue_ = v, haveCandidate_ = true;
        if (++asked_ < kRound) return;
        asked_ = 0;
        if (haveCandidate_ && candidateValue_ < currentValue_) {
            current_ = candidate_;
            currentValue_ = candidateValue_;
            stale_ = 0;
        } else if (++stale_ >= kPatience) {
            haveCurrent_ = false;  // a local optimum: start again elsewhere
            stale_ = 0;
        }
        haveCandidate_ = false;
    }

private:
    static constexpr int kRound = 32, kPatience = 4;
    const MapSpace& space_;
    Objective objective_;
    std::mt19937_64 rng_;
    Mapping current_, candidate_;
    double currentValue_ = 0, candidateValue_ = 0;
    bool haveCurrent_ = false, haveCandidate_ = false;
    int asked_ = 0, stale_ = 0;
    std::uint64_t starts_ = 0;  // odd: the next start fills the fan-outs first
    CapacityRepair repair_;
};

void consider(const Architecture& arch, const MapSpace& space, Objective o, const Mapping& m, Evaluation& e,
              LayerMapResult& r) {
    ++r.evaluated;
    if (!evaluate(arch, space.problem(), m, e)) return;
    ++r.valid;
    if (!r.found || better(o, m, e, r.mapping, r.evaluation)) {
        r.found = true;
        r.mapping = m;
        r.evaluation = e;
        r.objective = objectiveValue(o, e);
    }
}
}  // namespace

std::unique_ptr<LayerSearcher> makeLayerSearcher(const std::string& algorithm, const MapSpace& space,
                                                 Objective objective, std::int64_t budget, std::uint64_t seed) {
    if (algorithm == "random") return std::make_unique<RandomSearcher>(space, seed);
    if (algorithm == "anneal") return std::make_unique<AnnealSearcher>(space, objective, budget, seed);
    if (algorithm == "greedy") return std::make_unique<GreedySearcher>(space, objective, seed);
    if (algorithm == "dabo") return makeBoLayerSearcher(space, objective, seed, {});
    if (algorithm == "bo") {
        BoLayerSettings raw;
        raw.features = MappingFeatureSet::Raw;
        return makeBoLayerSearcher(space, objective, seed, raw);
    }
    throw InputError("--algorithm", "", "unknown mapper \"" + algorithm +
                                            "\" (known: anneal, greedy, random, exhaustive, optimal, dabo, bo)");
}

namespace {
std::uint64_t chainSeed(std::uint64_t seed, std::uint64_t chain) { return mixSeed(seed + kGoldenGamma * chain); }

bool usesModel(const std::string& algorithm) { return algorithm == "dabo" || algorithm == "bo"; }

// One search chain: ask, evaluate, tell, until its budget, patience or a cancellation ends it.
LayerMapResult runChain(const Architecture& arch, const MapSpace& space, const MapperSettings& s, std::int64_t budget,
                        std::uint64_t seed, RunControl* control) {
    LayerMapResult r;
    Evaluation e;
    auto searcher = makeLayerSearcher(s.algorithm, space, s.objective, budget, seed);
    Mapping m;
    std::int64_t lastImprovement = 0;
    double best = 0;
    // Spotlight's software budget counts valid mappings; the model-free searchers count evaluations.
    const bool countValid = usesModel(s.algorithm);
    const std::int64_t attempts = countValid ? 20 * budget : budget;
    for (std::int64_t i = 0; i < attempts && (!countValid || r.valid < budget); ++i) {
        if (control && (i & 255) == 0 && !control->checkpoint()) break;
        searcher->ask(m);
        consider(arch, space, s.objective, m, e, r);
        searcher->tell(m, e);
        if (r.found && (r.objective < best || lastImprovement == 0)) {
            best = r.objective;
            lastImprovement = i + 1;
        }
        if (s.patience > 0 && r.found && i + 1 - lastImprovement >= s.patience) break;
    }
    return r;
}
}  // namespace

int chainCount(const MapperSettings& s) {
    if (s.algorithm == "exhaustive" || s.algorithm == "optimal" || usesModel(s.algorithm)) return 1;  // BO is one sequential model
    return static_cast<int>(std::clamp<std::int64_t>(s.budget / 5000, 1, 4));
}

LayerMapResult mapLayer(const Architecture& arch, const MapSpace& space, const MapperSettings& s, RunControl* control,
                        ThreadPool* pool) {
    if (s.algorithm == "optimal") return mapLayerOptimal(arch, space, s, control);
    if (s.algorithm == "exhaustive") {
        LayerMapResult r;
        Evaluation e;
        space.enumerate(
            [&](const Mapping& m) {
                if (control && (r.evaluated & 1023) == 0 && !control->checkpoint()) return false;
                consider(arch, space, s.objective, m, e, r);
                return true;
            },
            s.exhaustiveLimit);
        return r;
    }
    if (std::find(mapperAlgorithms().begin(), mapperAlgorithms().end(), s.algorithm) == mapperAlgorithms().end())
        makeLayerSearcher(s.algorithm, space, s.objective, 1, 0);  // throws, naming the known ones
    const int chains = chainCount(s);
    std::vector<LayerMapResult> results(static_cast<std::size_t>(chains));
    const auto chain = [&](std::size_t c) {
        const std::int64_t budget = s.budget / chains + (static_cast<std::int64_t>(c) < s.budget % chains ? 1 : 0);
        results[c] = runChain(arch, space, s, budget, chainSeed(s.seed, c), control);
    };
    if (pool && chains > 1)
        pool->parallelFor(results.size(), chain);
    else
        for (std::size_t c = 0; c < results.size(); ++c) chain(c);
    LayerMapResult r;  // the chains' best, compared in chain order: the same for any thread count
    for (const LayerMapResult& c : results) {
        r.evaluated += c.evaluated;
        r.valid += c.valid;
        if (c.found && (!r.found || better(s.objective, c.mapping, c.evaluation, r.mapping, r.evaluation))) {
            r.found = true;
            r.mapping = c.mapping;
            r.evaluation = c.evaluation;
            r.objective = c.objective;
        }
    }
    return r;
}

}  // namespace accelscope
