#include "search/searcher.h"

#include <algorithm>
#include <stdexcept>

#include "bayes/gaussian_process.h"

namespace accelscope {

Searcher::~Searcher() = default;

const std::vector<std::string>& searcherNames() {
    static const std::vector<std::string> names = {"random", "grid", "ga", "sa", "bo", "dabo", "confuciux"};
    return names;
}

namespace {
void checkSettings(std::string_view name, const SearcherSettings& s) {
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument("searcher \"" + std::string(name) + "\": " + what);
    };
    if (name == "ga") {
        if (s.population < 2) fail("population must be at least 2");
        if (s.crossover < 0 || s.crossover > 1) fail("crossover must be a probability");
        if (s.mutation < 0 || s.mutation > 1) fail("mutation must be a probability");
    }
    if (name == "sa") {
        if (!(s.t0 > 0) || !(s.tEnd > 0)) fail("temperatures t0 and tEnd must be positive");
        if (s.budget < 1) fail("budget must be positive");
    }
    if (name == "confuciux") {
        if (s.population < 2) fail("population must be at least 2");
        if (!(s.rlShare >= 0 && s.rlShare <= 1)) fail("rlShare must be a share from 0 to 1");
        if (!(s.learningRate > 0)) fail("learningRate must be positive");
        if (s.budget < 1) fail("budget must be positive");
    }
    if (name == "bo" || name == "dabo") {
        kernelFromName(s.kernel);  // throws for an unknown kernel
        if (s.acquisition != "lcb" && s.acquisition != "ei")
            fail("unknown acquisition \"" + s.acquisition + "\" (known: lcb, ei)");
        if (s.candidates < 1) fail("candidates must be positive");
        if (s.warmup < 0) fail("warmup must not be negative");
        if (s.exploration < 0 || s.exploration > 1) fail("exploration must be a probability");
    }
}
}  // namespace

std::unique_ptr<Searcher> makeSearcher(std::string_view name, const ParamSpace& space,
                                       const SearcherSettings& settings, FeatureFn features) {
    const auto& names = searcherNames();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string known;
        for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown searcher \"" + std::string(name) + "\" (known: " + known + ")");
    }
    space.validate();
    checkSettings(name, settings);
    if (name == "random") return makeRandomSearcher(space, settings);
    if (name == "grid") return makeGridSearcher(space, settings);
    if (name == "ga") return makeGeneticSearcher(space, settings);
    if (name == "sa") return makeAnnealingSearcher(space, settings);
    if (name == "confuciux") return makeConfuciuxSearcher(space, settings);
    if (name == "bo") {
        ParamSpace copy = space;
        return makeBayesianSearcher("bo", space, settings,
                                    [copy](const Point& p) { return copy.encode(p); });
    }
    if (!features) throw std::invalid_argument("searcher \"dabo\" needs domain features (a FeatureFn)");
    return makeBayesianSearcher("dabo", space, settings, std::move(features));
}

}  // namespace accelscope
