// Spotlight's software BO: a GP over mapping features, LCB over random candidates, batches of 10.
#include "mapper/bo_layer_searcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <vector>

#include "bayes/acquisition.h"
#include "util/random_util.h"

namespace accelscope {
namespace {

class BoLayerSearcher final : public LayerSearcher {
public:
    BoLayerSearcher(const MapSpace& space, Objective objective, std::uint64_t seed, const BoLayerSettings& s)
        : space_(space), objective_(objective), settings_(s), rng_(seed),
          featureCount_(mappingFeatureCount(s.features, space)), tilingOnly_(s.features == MappingFeatureSet::Spotlight) {}

    void ask(Mapping& out) override {
        const bool modelReady = static_cast<int>(objectives_.size()) >= std::max(settings_.warmup, 2);
        if (!modelReady) {
            space_.sample(rng_, out);
            return;
        }
        if (queue_.empty() || validSinceFit_ >= settings_.batch) refill();
        if (queue_.empty() || uniform01(rng_) < settings_.exploration) {
            space_.sample(rng_, out);
            return;
        }
        out = candidates_[static_cast<std::size_t>(queue_.back())];
        queue_.pop_back();
        // Scored on its tiling alone (Spotlight's features), the candidate gets its random loop orders
        // and keeps when it is handed out.
        if (tilingOnly_) space_.randomiseOrdersAndKeeps(rng_, out);
    }

    void tell(const Mapping& m, const Evaluation& e) override {
        if (!e.valid()) return;
        const double v = objectiveValue(objective_, e);
        if (!(v > 0) || !std::isfinite(v)) return;
        Eigen::VectorXd f(featureCount_);
        mappingFeatures(settings_.features, space_, m, f);
        features_.push_back(std::move(f));
        objectives_.push_back(v);
        ++validSinceFit_;
    }

private:
    // Fits the model and queues the candidates, the best (lowest LCB) last.
    void refill() {
        validSinceFit_ = 0;
        queue_.clear();
        const auto rows = static_cast<Eigen::Index>(features_.size());
        Eigen::MatrixXd X(rows, featureCount_);
        for (Eigen::Index i = 0; i < rows; ++i) X.row(i) = features_[static_cast<std::size_t>(i)].transpose();
        std::vector<Mapping>& candidates = candidates_;
        candidates.resize(static_cast<std::size_t>(settings_.candidates));
        Eigen::MatrixXd C(settings_.candidates, featureCount_);
        Eigen::VectorXd f(featureCount_);
        for (int i = 0; i < settings_.candidates; ++i) {
            // Spotlight's features do not see loop orders or keeps: a candidate's are drawn only if it
            // is handed out. The raw encoding holds the orders: they are drawn with the tiling.
            if (tilingOnly_) space_.sampleTiling(rng_, candidates[static_cast<std::size_t>(i)]);
            else space_.sample(rng_, candidates[static_cast<std::size_t>(i)]);
            mappingFeatures(settings_.features, space_, candidates[static_cast<std::size_t>(i)], f);
            C.row(i) = f.transpose();
        }
        AcquisitionSettings as;
        as.kappa = settings_.kappa;
        as.kernel = settings_.kernel;
        const Eigen::VectorXd score = acquisitionScores(X, objectives_, C, as, &hyper_);
        queue_.resize(static_cast<std::size_t>(settings_.candidates));
        std::iota(queue_.begin(), queue_.end(), 0);
        // Worst first, so that the best is at the back; ties by index keep it deterministic.
        std::stable_sort(queue_.begin(), queue_.end(), [&](int a, int b) { return score[a] > score[b]; });
    }

    const MapSpace& space_;
    Objective objective_;
    BoLayerSettings settings_;
    std::mt19937_64 rng_;
    int featureCount_;
    bool tilingOnly_;  // the features see the tiling only (Spotlight's), not loop orders or keeps
    std::vector<Eigen::VectorXd> features_;
    std::vector<double> objectives_;
    std::vector<Mapping> candidates_;
    std::vector<int> queue_;  // indices into candidates_ still to hand out, the best last
    int validSinceFit_ = 0;
    std::optional<GpHyperparameters> hyper_;  // the last fit's, to warm-start the next
};

}  // namespace

std::unique_ptr<LayerSearcher> makeBoLayerSearcher(const MapSpace& space, Objective objective, std::uint64_t seed,
                                                   const BoLayerSettings& settings) {
    return std::make_unique<BoLayerSearcher>(space, objective, seed, settings);
}

}  // namespace accelscope
