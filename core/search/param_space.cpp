#include "search/param_space.h"

#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "util/random_util.h"
#include "util/input_error.h"

namespace accelscope {

int Param::levels() const {
    switch (kind) {
    case ParamKind::Integer:
        if (step <= 0 || hi < lo) return 0;
        return static_cast<int>((hi - lo) / step + 1);
    case ParamKind::Ordinal: return static_cast<int>(values.size());
    case ParamKind::Categorical: return static_cast<int>(choices.size());
    case ParamKind::Boolean: return 2;
    }
    return 0;
}

double Param::numeric(int index) const {
    switch (kind) {
    case ParamKind::Integer: return static_cast<double>(lo + step * index);
    case ParamKind::Ordinal: return values.at(static_cast<std::size_t>(index));
    case ParamKind::Categorical:
    case ParamKind::Boolean: return index;
    }
    return index;
}

std::string Param::label(int index) const {
    std::ostringstream s;
    switch (kind) {
    case ParamKind::Integer: s << lo + step * index; break;
    case ParamKind::Ordinal: s << values.at(static_cast<std::size_t>(index)); break;
    case ParamKind::Categorical: return choices.at(static_cast<std::size_t>(index));
    case ParamKind::Boolean: return index ? "true" : "false";
    }
    if (!unit.empty()) s << ' ' << unit;
    return s.str();
}

Param integerParam(std::string name, std::int64_t lo, std::int64_t hi, std::int64_t step, std::string unit) {
    Param p;
    p.name = std::move(name);
    p.kind = ParamKind::Integer;
    p.lo = lo, p.hi = hi, p.step = step;
    p.unit = std::move(unit);
    return p;
}

Param ordinalParam(std::string name, std::vector<double> values, std::string unit) {
    Param p;
    p.name = std::move(name);
    p.kind = ParamKind::Ordinal;
    p.values = std::move(values);
    p.unit = std::move(unit);
    return p;
}

Param categoricalParam(std::string name, std::vector<std::string> choices) {
    Param p;
    p.name = std::move(name);
    p.kind = ParamKind::Categorical;
    p.choices = std::move(choices);
    return p;
}

Param booleanParam(std::string name) {
    Param p;
    p.name = std::move(name);
    p.kind = ParamKind::Boolean;
    return p;
}

std::size_t PointHash::operator()(const Point& p) const noexcept {
    // FNV-1a over the indices.
    std::uint64_t h = 1469598103934665603ULL;
    for (int v : p) {
        h ^= static_cast<std::uint32_t>(v);
        h *= 1099511628211ULL;
    }
    return static_cast<std::size_t>(h);
}

void ParamSpace::validate() const {
    ProblemList problems("parameter space");
    if (params.empty()) problems.add("", "has no parameters");
    std::set<std::string> names;
    for (const Param& p : params) {
        const std::string where = "parameter \"" + p.name + "\"";
        if (!names.insert(p.name).second) problems.add(where, "is defined twice");
        switch (p.kind) {
        case ParamKind::Integer:
            if (p.step <= 0) problems.add(where, "step must be positive, got " + std::to_string(p.step));
            else if (p.hi < p.lo)
                problems.add(where, "hi (" + std::to_string(p.hi) + ") is below lo (" + std::to_string(p.lo) + ")");
            else if ((p.hi - p.lo) / p.step >= std::numeric_limits<int>::max())
                problems.add(where, "has more than " + std::to_string(std::numeric_limits<int>::max()) + " levels");
            break;
        case ParamKind::Ordinal:
            if (p.values.empty()) problems.add(where, "has no values");
            for (std::size_t i = 1; i < p.values.size(); ++i)
                if (!(p.values[i - 1] < p.values[i])) {
                    problems.add(where, "values must be strictly ascending");
                    break;
                }
            break;
        case ParamKind::Categorical:
            if (p.choices.empty()) problems.add(where, "has no choices");
            break;
        case ParamKind::Boolean: break;
        }
    }
    problems.throwIfAny();
}

double ParamSpace::log10Size() const {
    double s = 0;
    for (const Param& p : params) s += std::log10(static_cast<double>(p.levels()));
    return s;
}

std::uint64_t ParamSpace::pointCount() const {
    constexpr std::uint64_t limit = std::uint64_t(1) << 63;
    std::uint64_t n = 1;
    for (const Param& p : params) {
        const auto l = static_cast<std::uint64_t>(p.levels());
        if (l == 0) return 0;
        if (n > limit / l) return 0;
        n *= l;
    }
    return n;
}

Point ParamSpace::pointAt(std::uint64_t index) const {
    Point p(params.size(), 0);
    for (std::size_t i = params.size(); i-- > 0;) {
        const auto l = static_cast<std::uint64_t>(params[i].levels());
        p[i] = static_cast<int>(index % l);
        index /= l;
    }
    return p;
}

std::uint64_t ParamSpace::indexOf(const Point& p) const {
    std::uint64_t index = 0;
    for (std::size_t i = 0; i < params.size(); ++i)
        index = index * static_cast<std::uint64_t>(params[i].levels()) + static_cast<std::uint64_t>(p[i]);
    return index;
}

Point ParamSpace::random(std::mt19937_64& rng) const {
    Point p(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) p[i] = uniformIndex(rng, params[i].levels());
    return p;
}

bool ParamSpace::contains(const Point& p) const {
    if (p.size() != params.size()) return false;
    for (std::size_t i = 0; i < params.size(); ++i)
        if (p[i] < 0 || p[i] >= params[i].levels()) return false;
    return true;
}

int ParamSpace::encodedSize() const {
    int n = 0;
    for (const Param& p : params) n += p.kind == ParamKind::Categorical ? p.levels() : 1;
    return n;
}

Eigen::VectorXd ParamSpace::encode(const Point& p) const {
    Eigen::VectorXd x = Eigen::VectorXd::Zero(encodedSize());
    int at = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int levels = params[i].levels();
        if (params[i].kind == ParamKind::Categorical) {
            x[at + p[i]] = 1.0;
            at += levels;
        } else {
            x[at++] = levels > 1 ? static_cast<double>(p[i]) / (levels - 1) : 0.0;
        }
    }
    return x;
}

std::string ParamSpace::describe(const Point& p) const {
    std::string s;
    for (std::size_t i = 0; i < params.size() && i < p.size(); ++i) {
        if (i) s += ", ";
        s += params[i].name + "=" + params[i].label(p[i]);
    }
    return s;
}

}  // namespace accelscope
