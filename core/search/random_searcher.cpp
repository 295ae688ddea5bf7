// Uniform random search (Spotlight-R), over the feasible points when the caller says which are. While the space can be indexed (< 2^63 points) the points
// are drawn as a lazily shuffled permutation of the indices (a Fisher-Yates shuffle whose swaps
// live in a hash map), so no point repeats and an exhausted space returns fewer points. Larger
// spaces are sampled per parameter, with the points handed out remembered and skipped.
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "util/random_util.h"
#include "search/searcher.h"

namespace accelscope {
namespace {

class RandomSearcher final : public Searcher {
public:
    RandomSearcher(const ParamSpace& space, const SearcherSettings& settings)
        : space_(space), rng_(settings.seed), count_(space.pointCount()) {}

    std::string_view name() const override { return "random"; }

    std::vector<Point> ask(int n) override {
        std::vector<Point> out;
        for (int i = 0; i < n; ++i) {
            // Infeasible draws are skipped (and, from an indexed space, used up: never drawn again).
            std::optional<Point> found;
            for (int t = 0; t < kFeasibleTries && !found; ++t) {
                if (count_ > 0) {
                    if (drawn_ == count_) break;
                    Point p = space_.pointAt(nextIndex());
                    if (feasible(p)) found = std::move(p);
                } else {
                    // Repeats are astronomically unlikely here; the bounded retry only guards the rule.
                    Point p = space_.random(rng_);
                    for (int attempt = 0; attempt < 100 && handedOut_.contains(p); ++attempt) p = space_.random(rng_);
                    handedOut_.insert(p);
                    if (feasible(p)) found = std::move(p);
                }
            }
            if (!found) break;
            out.push_back(std::move(*found));
        }
        return out;
    }

    void tell(const std::vector<Observation>&) override {}

private:
    std::uint64_t slot(std::uint64_t i) const {
        auto it = swapped_.find(i);
        return it == swapped_.end() ? i : it->second;
    }
    std::uint64_t nextIndex() {
        const std::uint64_t j = drawn_ + uniformBelow(rng_, count_ - drawn_);
        const std::uint64_t chosen = slot(j);
        swapped_[j] = slot(drawn_);
        swapped_.erase(drawn_);
        ++drawn_;
        return chosen;
    }

    ParamSpace space_;
    std::mt19937_64 rng_;
    std::uint64_t count_;  // 0: too many points to index
    std::uint64_t drawn_ = 0;
    std::unordered_map<std::uint64_t, std::uint64_t> swapped_;
    std::unordered_set<Point, PointHash> handedOut_;
};

}  // namespace

std::unique_ptr<Searcher> makeRandomSearcher(const ParamSpace& space, const SearcherSettings& settings) {
    return std::make_unique<RandomSearcher>(space, settings);
}

}  // namespace accelscope
