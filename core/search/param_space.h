#pragma once
// A generic search space: a list of discrete parameters, each indexed 0..levels-1. A point is one
// index per parameter. The space knows nothing about accelerators; a binding maps points to
// architectures (or anything else) and reports their cost to a Searcher.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace accelscope {

enum class ParamKind { Integer, Ordinal, Categorical, Boolean };

struct Param {
    std::string name;
    ParamKind kind = ParamKind::Integer;
    std::int64_t lo = 0, hi = 0, step = 1;  // Integer: lo, lo+step, ..., up to hi
    std::vector<double> values;             // Ordinal, ascending
    std::vector<std::string> choices;       // Categorical
    std::string unit;                       // shown by label(), e.g. "KiB"

    int levels() const;
    // The value at an index for Integer, Ordinal and Boolean (0/1); a Categorical gives its index.
    double numeric(int index) const;
    // Human-readable value: "64 KiB", "true", the categorical choice.
    std::string label(int index) const;
};

// Builders, so a space reads as a list of declarations.
Param integerParam(std::string name, std::int64_t lo, std::int64_t hi, std::int64_t step = 1, std::string unit = {});
Param ordinalParam(std::string name, std::vector<double> values, std::string unit = {});
Param categoricalParam(std::string name, std::vector<std::string> choices);
Param booleanParam(std::string name);

using Point = std::vector<int>;

struct PointHash {
    std::size_t operator()(const Point& p) const noexcept;
};

struct ParamSpace {
    std::vector<Param> params;

    // Throws InputError naming every malformed parameter (no levels, hi < lo, step <= 0, ordinal
    // values not ascending, duplicate names).
    void validate() const;

    double log10Size() const;
    // Number of points, or 0 when it does not fit in 63 bits.
    std::uint64_t pointCount() const;
    // Mixed-radix order, the last parameter fastest: index 0 is all zeros.
    Point pointAt(std::uint64_t index) const;
    std::uint64_t indexOf(const Point& p) const;

    Point random(std::mt19937_64& rng) const;
    bool contains(const Point& p) const;

    // Raw encoding for vanilla BO: Integer/Ordinal/Boolean as index/(levels-1) in [0,1] (0 for a
    // single level), Categorical one-hot.
    Eigen::VectorXd encode(const Point& p) const;
    int encodedSize() const;
    // "name=label, ..." for logs and tests.
    std::string describe(const Point& p) const;
};

}  // namespace accelscope
