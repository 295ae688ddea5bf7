#pragma once
// The non-dominated set of evaluated designs over k objectives, all minimised, and its
// hypervolume: the measure of the region the front dominates inside a reference box.
#include <cstddef>
#include <vector>

namespace accelscope {

struct ParetoEntry {
    int id = 0;
    std::vector<double> objectives;
};

class ParetoArchive {
public:
    explicit ParetoArchive(int objectiveCount);

    // Adds a design unless the front already holds one that dominates it or has the same
    // objectives; removes the designs it dominates. Returns whether it entered the front.
    // Throws std::invalid_argument for the wrong number of objectives or a NaN.
    bool add(int id, std::vector<double> objectives);

    // The front in the order its members entered.
    const std::vector<ParetoEntry>& front() const { return front_; }
    std::size_t size() const { return front_.size(); }
    int objectiveCount() const { return objectiveCount_; }

    // Exact hypervolume of the front against reference (one value per objective): by a sweep in
    // 2-D and by slicing along the last objective above that. Points that do not strictly dominate
    // the reference contribute nothing.
    double hypervolume(const std::vector<double>& reference) const;

private:
    int objectiveCount_;
    std::vector<ParetoEntry> front_;
};

// a dominates b: no worse in every objective and better in at least one.
bool dominates(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace accelscope
