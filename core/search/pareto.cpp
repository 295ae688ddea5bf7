#include "search/pareto.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace accelscope {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) better = true;
    }
    return better;
}

ParetoArchive::ParetoArchive(int objectiveCount) : objectiveCount_(objectiveCount) {
    if (objectiveCount < 1) throw std::invalid_argument("ParetoArchive needs at least one objective");
}

bool ParetoArchive::add(int id, std::vector<double> objectives) {
    if (static_cast<int>(objectives.size()) != objectiveCount_)
        throw std::invalid_argument("ParetoArchive::add: expected " + std::to_string(objectiveCount_) +
                                    " objectives, got " + std::to_string(objectives.size()));
    for (double v : objectives)
        if (std::isnan(v)) throw std::invalid_argument("ParetoArchive::add: objective is NaN");
    for (const ParetoEntry& e : front_)
        if (e.objectives == objectives || dominates(e.objectives, objectives)) return false;
    std::erase_if(front_, [&](const ParetoEntry& e) { return dominates(objectives, e.objectives); });
    front_.push_back({id, std::move(objectives)});
    return true;
}

namespace {
using Points = std::vector<std::vector<double>>;

// Hypervolume of points (each strictly below ref in all of the first k coordinates).
double hypervolumeOf(Points points, const std::vector<double>& ref, std::size_t k) {
    if (points.empty()) return 0;
    if (k == 1) {
        double lo = ref[0];
        for (const auto& p : points) lo = std::min(lo, p[0]);
        return ref[0] - lo;
    }
    if (k == 2) {
        // Sweep in ascending first objective; each point that lowers the second objective adds the
        // rectangle between it, the previous level and the reference.
        std::sort(points.begin(), points.end());
        double volume = 0, level = ref[1];
        for (const auto& p : points)
            if (p[1] < level) {
                volume += (ref[0] - p[0]) * (level - p[1]);
                level = p[1];
            }
        return volume;
    }
    // Slice along coordinate k-1: between consecutive distinct values the cross-section is the
    // (k-1)-dimensional hypervolume of the points at or below the slice.
    const std::size_t last = k - 1;
    std::sort(points.begin(), points.end(), [&](const auto& a, const auto& b) { return a[last] < b[last]; });
    double volume = 0;
    Points below;
    for (std::size_t i = 0; i < points.size(); ++i) {
        below.push_back(points[i]);
        const double top = i + 1 < points.size() ? points[i + 1][last] : ref[last];
        const double thickness = top - points[i][last];
        if (thickness > 0) volume += thickness * hypervolumeOf(below, ref, last);
    }
    return volume;
}
}  // namespace

double ParetoArchive::hypervolume(const std::vector<double>& reference) const {
    if (static_cast<int>(reference.size()) != objectiveCount_)
        throw std::invalid_argument("ParetoArchive::hypervolume: reference needs " +
                                    std::to_string(objectiveCount_) + " values");
    Points inside;
    for (const ParetoEntry& e : front_) {
        bool strictly = true;
        for (int i = 0; i < objectiveCount_; ++i) strictly = strictly && e.objectives[i] < reference[i];
        if (strictly) inside.push_back(e.objectives);
    }
    return hypervolumeOf(std::move(inside), reference, reference.size());
}

}  // namespace accelscope
