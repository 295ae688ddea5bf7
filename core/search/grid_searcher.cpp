// Exhaustive search: every (feasible) point once, in mixed-radix order (the last parameter fastest). After
// the last point ask() returns fewer points, then none.
#include "search/searcher.h"

namespace accelscope {
namespace {

class GridSearcher final : public Searcher {
public:
    explicit GridSearcher(const ParamSpace& space) : space_(space), next_(space.params.size(), 0) {}

    std::string_view name() const override { return "grid"; }

    std::vector<Point> ask(int n) override {
        std::vector<Point> out;
        while (static_cast<int>(out.size()) < n && !done_) {
            if (feasible(next_)) out.push_back(next_);
            advance();
        }
        return out;
    }

    void tell(const std::vector<Observation>&) override {}

private:
    // Odometer increment; done_ once it wraps around.
    void advance() {
        for (std::size_t i = next_.size(); i-- > 0;) {
            if (++next_[i] < space_.params[i].levels()) return;
            next_[i] = 0;
        }
        done_ = true;
    }

    ParamSpace space_;
    Point next_;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<Searcher> makeGridSearcher(const ParamSpace& space, const SearcherSettings&) {
    return std::make_unique<GridSearcher>(space);
}

}  // namespace accelscope
