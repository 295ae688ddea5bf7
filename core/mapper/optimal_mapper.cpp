// The optimal mapper's depth-first branch and bound (see optimal_mapper.h and docs/mapper.md).
#include "mapper/optimal_mapper.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <vector>

#include "mapper/optimal_bounds.h"
#include "mapper/order_classes.h"
#include "model/layer_cost.h"
#include "model/systolic_timing.h"
#include "model/tile_loads.h"
#include "util/run_control.h"

namespace accelscope {
namespace {

constexpr int idx(Dim d) { return static_cast<int>(d); }

class OptimalSearch {
public:
    OptimalSearch(const Architecture& arch, const MapSpace& space, const MapperSettings& s, RunControl* control)
        : arch_(arch), space_(space), settings_(s), control_(control), bound_(arch, space, s.objective),
          levels_(arch.levelCount()), start_(std::chrono::steady_clock::now()) {
        bool links = false;
        for (const StorageLevel& l : arch.levels) links = links || l.neighbourLinks;
        const bool systolic = systolicLevel(arch) >= 0;
        exactOrders_ = links || systolic || arch.haloReuse == HaloReuse::TimeloopLegacy;
        // The innermost level's loops are above nothing but the MACs, whose loads are the MACs
        // whatever the order: its order changes no count (as MapSpace::enumerate), except through
        // links and systolic streams.
        orderLevels_ = links || systolic ? levels_ : levels_ - 1;
        inputsSlide_ = space.problem()[Dim::R] > 1 || space.problem()[Dim::S] > 1;
        for (int d = 0; d < kNumDims; ++d) {
            options_[d] = space.factorisations(d);
            if (options_[d].size() > 1) dims_.push_back(d);
        }
        for (int i = 0; i < levels_; ++i)
            for (int t = 0; t < kNumTensors; ++t) forcedKeep_[i][t] = space.base().levels[i].keep[t];
        for (int k = 0; k < space.freeKeepCount(); ++k) {
            const auto [level, t] = space.freeKeep(k);
            forcedKeep_[level][t] = false;
        }
    }

    LayerMapResult run() {
        // The incumbent: the annealing mapper's best (the same settings otherwise).
        MapperSettings seedSettings = settings_;
        seedSettings.algorithm = "anneal";
        best_ = mapLayer(arch_, space_, seedSettings, control_, nullptr);
        evaluated_ = best_.evaluated;
        valid_ = best_.valid;
        m_ = space_.base();
        descend(0);
        LayerMapResult r = best_;
        r.evaluated = evaluated_;
        r.valid = valid_;
        r.proven = !stopped_ && r.found;
        r.lowerBound = stopped_ ? std::min(frontier_, r.found ? r.objective : frontier_) : r.objective;
        if (!r.found && !stopped_) r.lowerBound = std::numeric_limits<double>::infinity();
        return r;
    }

private:
    bool prunes(double lowerBound) const {
        // A true lower bound computed in floating point may exceed a tied optimum by rounding: ties
        // and near-ties (1e-9 relative) are searched, not pruned.
        return best_.found && lowerBound > best_.objective * (1 + 1e-9);
    }

    bool timeUp() {
        if (stopped_) return true;
        if (control_ && !control_->checkpoint()) stopped_ = true;
        if (settings_.timeLimitS > 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() > settings_.timeLimitS)
            stopped_ = true;
        return stopped_;
    }

    // Fan-outs within their work, and the tiles each level must keep within its capacity, with every
    // dim not yet dealt at 1 below every level: dealing more factors only grows the tiles (tileWords
    // is a product of extents, the sliding window's (P-1) x stride + (R-1) x dilation + 1 included).
    bool fits() const {
        std::array<std::int64_t, kNumDims> below{};
        below.fill(1);
        for (int i = levels_ - 1; i >= 0; --i) {
            const LevelMapping& lm = m_.levels[i];
            std::int64_t x = 1, y = 1;
            for (int d = 0; d < kNumDims; ++d) {
                x *= lm.spatialX[d];
                y *= lm.spatialY[d];
                below[d] *= lm.spatialX[d] * lm.spatialY[d] * lm.temporal[d];
            }
            if (x > space_.spatialWorkX(i) || y > space_.spatialWorkY(i)) return false;
            const StorageLevel& al = arch_.levels[i];
            std::int64_t used = 0;
            for (Tensor t : kAllTensors) {
                const int ti = static_cast<int>(t);
                if (!forcedKeep_[i][ti]) continue;
                const std::int64_t tile = tileWords(t, below, space_.problem());
                if (al.partitionWords[ti] > 0 && tile > al.partitionWords[ti]) return false;
                used += tile;
            }
            if (al.capacityWords > 0 && used > al.capacityWords) return false;
        }
        return true;
    }

    // The dims not yet dealt when dims_[next] is next.
    std::uint32_t undealt(int next) const {
        std::uint32_t mask = 0;
        for (std::size_t k = static_cast<std::size_t>(next); k < dims_.size(); ++k) mask |= 1u << dims_[k];
        return mask;
    }

    void descend(int k) {
        if (k == static_cast<int>(dims_.size())) {
            leaf(bound_.objective(m_, 0));
            return;
        }
        const int d = dims_[static_cast<std::size_t>(k)];
        const std::vector<MapSpace::SlotFactors>& options = options_[d];
        // Every factorisation that fits, with its bound, visited smallest bound first: the first
        // pruned one ends the loop, and when the limit passes the open ones' smallest bound is the
        // next one's.
        std::vector<std::pair<double, int>>& kids = children_[static_cast<std::size_t>(k)];
        kids.clear();
        for (int o = 0; o < static_cast<int>(options.size()); ++o) {
            for (int s = 0; s < space_.slotCount(d); ++s) space_.setSlot(m_, d, s, options[o][s]);
            if (fits()) kids.emplace_back(bound_.objective(m_, undealt(k + 1)), o);
        }
        std::sort(kids.begin(), kids.end());
        for (const auto& [b, o] : kids) {
            if (timeUp()) {
                frontier_ = std::min(frontier_, b);
                break;
            }
            if (prunes(b)) break;
            for (int s = 0; s < space_.slotCount(d); ++s) space_.setSlot(m_, d, s, options[o][s]);
            descend(k + 1);
        }
        for (int s = 0; s < space_.slotCount(d); ++s) space_.setSlot(m_, d, s, 1);
    }

    // One representative order per class for a level with these non-unit loops (cached per mask).
    const std::vector<LoopOrder>& orders(int level) {
        const LevelMapping& lm = m_.levels[level];
        std::uint32_t nonUnit = 0;
        for (int d = 0; d < kNumDims; ++d)
            if (lm.temporal[d] > 1) nonUnit |= 1u << d;
        auto [it, fresh] = orderCache_.try_emplace(level * 256 + static_cast<int>(nonUnit));
        if (!fresh) return it->second;
        LoopOrder order = space_.base().levels[level].order;
        const int freeCount = space_.freeOrderCount(level);
        auto end = order.begin() + freeCount;
        std::stable_partition(order.begin(), end, [&](Dim d) { return !(nonUnit & (1u << idx(d))); });
        auto first = std::find_if(order.begin(), end, [&](Dim d) { return (nonUnit & (1u << idx(d))) != 0; });
        std::sort(first, end);
        std::vector<std::uint64_t> seen;
        do {
            const std::uint64_t sig = orderSignature(order, nonUnit, exactOrders_, inputsSlide_);
            if (std::find(seen.begin(), seen.end(), sig) != seen.end()) continue;
            seen.push_back(sig);
            it->second.push_back(order);
        } while (std::next_permutation(first, end));
        return it->second;
    }

    void leaf(double lowerBound) {
        leafBound_ = lowerBound;
        for (int i = 0; i < orderLevels_; ++i) leafOrders_[i] = &orders(i);
        for (int i = orderLevels_; i < levels_; ++i) leafOrders_[i] = nullptr;
        leafDone_ = false;
        chooseOrder(0);
    }

    void chooseOrder(int level) {
        if (leafDone_) return;
        if (level == orderLevels_) {
            chooseKeep(0);
            return;
        }
        for (const LoopOrder& o : *leafOrders_[level]) {
            m_.levels[level].order = o;
            chooseOrder(level + 1);
            if (leafDone_) return;
        }
    }

    void chooseKeep(int k) {
        if (leafDone_) return;
        if (k == space_.freeKeepCount()) {
            tryMapping();
            return;
        }
        const auto [level, t] = space_.freeKeep(k);
        for (bool keep : {true, false}) {
            m_.levels[level].keep[t] = keep;
            chooseKeep(k + 1);
            if (leafDone_) return;
        }
    }

    void tryMapping() {
        if ((evaluated_ & 1023) == 0 && timeUp()) {
            frontier_ = std::min(frontier_, leafBound_);
            leafDone_ = true;
            return;
        }
        ++evaluated_;
        if (!evaluate(arch_, space_.problem(), m_, e_)) return;
        ++valid_;
        if (!best_.found || better(settings_.objective, m_, e_, best_.mapping, best_.evaluation)) {
            best_.found = true;
            best_.mapping = m_;
            best_.evaluation = e_;
            best_.objective = objectiveValue(settings_.objective, e_);
            // Every mapping of this tiling costs at least the bound: one that meets it ends the tiling.
            if (best_.objective <= leafBound_) leafDone_ = true;
        }
    }

    const Architecture& arch_;
    const MapSpace& space_;
    MapperSettings settings_;
    RunControl* control_;
    ObjectiveBound bound_;
    int levels_;
    std::chrono::steady_clock::time_point start_;
    bool exactOrders_ = false, inputsSlide_ = true;
    int orderLevels_ = 0;
    std::array<std::vector<MapSpace::SlotFactors>, kNumDims> options_;
    std::vector<int> dims_;
    std::array<std::vector<std::pair<double, int>>, kNumDims> children_;  // per depth, reused  // the dims with more than one factorisation, dealt in this order
    std::array<std::array<bool, kNumTensors>, kMaxLevels> forcedKeep_{};
    std::map<int, std::vector<LoopOrder>> orderCache_;
    std::array<const std::vector<LoopOrder>*, kMaxLevels> leafOrders_{};
    double leafBound_ = 0;
    bool leafDone_ = false;
    Mapping m_;
    Evaluation e_;
    LayerMapResult best_;
    std::int64_t evaluated_ = 0, valid_ = 0;
    bool stopped_ = false;
    double frontier_ = std::numeric_limits<double>::infinity();  // the smallest bound left open
};

}  // namespace

LayerMapResult mapLayerOptimal(const Architecture& arch, const MapSpace& space, const MapperSettings& settings,
                               RunControl* control) {
    return OptimalSearch(arch, space, settings, control).run();
}

}  // namespace accelscope
