// Points placed in a space, widened for hand designs outside it (see placed_point.h).
#include "search/placed_point.h"

#include <algorithm>

#include "util/input_error.h"

namespace accelscope {
namespace {

// `p` as an ordinal parameter holding its values and `value`, ascending.
Param widened(const Param& p, double value) {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(p.levels()) + 1);
    for (int i = 0; i < p.levels(); ++i) values.push_back(p.numeric(i));
    values.push_back(value);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return ordinalParam(p.name, std::move(values), p.unit);
}

}  // namespace

std::string PlacedPoint::describe() const {
    std::string text = space.space.describe(point);
    if (!outside.empty()) {
        std::string names;
        for (const std::string& n : outside) names += (names.empty() ? "" : ", ") + n;
        text += " (outside the searched space in " + names + ")";
    }
    return text;
}

PlacedPoint placePoint(const DesignSpace& space, const std::string& spec) {
    PlacedPoint placed{space, {}, {}};
    const std::string head = specName(spec);
    const auto named =
        std::find_if(space.points.begin(), space.points.end(), [&](const NamedPoint& p) { return p.name == head; });
    if (named != space.points.end() && !named->outside.empty()) {
        std::vector<Param>& params = placed.space.space.params;
        for (Param& p : params)
            if (const auto o = named->outside.find(p.name); o != named->outside.end()) {
                p = widened(p, o->second);
                placed.outside.push_back(p.name);
            }
        // Every named point's indices in the widened space (widening moves the indices of the values
        // above an inserted one); the placed point is no longer outside it.
        for (NamedPoint& np : placed.space.points) {
            for (std::size_t i = 0; i < params.size(); ++i) {
                const Param& was = space.space.params[i];
                const bool numeric = was.kind == ParamKind::Integer || was.kind == ParamKind::Ordinal;
                if (!numeric) continue;
                const auto o = np.outside.find(was.name);
                const double value = o != np.outside.end() ? o->second : was.numeric(np.point[i]);
                np.point[i] = valueIndex(params[i], value);
                if (np.point[i] >= 0 && o != np.outside.end()) np.outside.erase(o);
            }
        }
    }
    placed.point = placed.space.point(spec);
    return placed;
}

}  // namespace accelscope
