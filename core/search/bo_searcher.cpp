// Bayesian optimisation with a Gaussian-process surrogate, as in Spotlight (Sakhuja et al.,
// HPCA 2023): vanilla BO ("bo") feeds the GP the raw encoding of a point, daBO ("dabo") the
// caller's domain features; the two differ only in the encoder the factory passes in.
//
// The first `warmup` points are random. Then every ask() fits the GP on the valid observations
// (bayes/acquisition.h), scores `candidates` random points never proposed before by LCB
// mu - kappa sigma or by expected improvement, and returns the n best; each is swapped for a random point with probability `exploration`. Invalid observations
// stay out of the fit but, like every proposed point, are never proposed again. With a feasibility
// test (searcher.h) the random points are feasible ones, and the candidates are taken in score order,
// skipping infeasible ones, until n are found (constraint-aware acquisition, as Spotlight walks its
// ranked candidates until a batch is valid): feasibility, which may cost a whole design's
// realisation, is checked on a few candidates per batch, not on all of them.
//
// Cost per sample stays bounded as observations grow (FAST-scale runs have thousands): the GP's
// hyperparameters are searched globally only when the observations have grown by half since the
// last global search, refined locally from the previous optimum when they have grown by a sixth
// since the last search of either kind, and kept (one factorisation per batch) in between; past kMaxTraining
// observations the GP is fitted on the best three quarters of that many plus an even spread of the
// rest (a model that is sharp where the search is going and still sees the whole space). So a fit
// costs at most O(kMaxTraining^3) however long the search runs.
#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "bayes/acquisition.h"
#include "util/random_util.h"
#include "search/searcher.h"

namespace accelscope {
namespace {

// Spaces up to this many times `candidates` points are scored exhaustively (every unproposed point).
constexpr std::uint64_t kEnumerateFactor = 4;
constexpr int kRandomTries = 1000;
// The most observations one fit uses.
constexpr std::size_t kMaxTraining = 256;
// A global hyperparameter search again once the observations have grown by this factor; a local one
// once they have grown by the second since the last search.
constexpr double kRefitGrowth = 1.5;
constexpr double kRefineGrowth = 1.15;

class BayesianSearcher final : public Searcher {
public:
    BayesianSearcher(std::string name, const ParamSpace& space, const SearcherSettings& settings, FeatureFn encoder)
        : name_(std::move(name)), space_(space), settings_(settings), encoder_(std::move(encoder)),
          rng_(settings.seed), kernel_(kernelFromName(settings.kernel)), count_(space.pointCount()) {}

    std::string_view name() const override { return name_; }

    std::vector<Point> ask(int n) override {
        std::vector<Point> out;
        if (n <= 0) return out;
        const int warm = static_cast<int>(std::clamp<std::int64_t>(settings_.warmup - proposed_, 0, n));
        for (int i = 0; i < warm; ++i)
            if (auto p = randomUnproposed()) take(*p, out);
        if (static_cast<int>(out.size()) < n) {
            if (points_.size() >= 2) {
                for (Point& p : bestByAcquisition(n - static_cast<int>(out.size()))) {
                    if (uniform01(rng_) < settings_.exploration)
                        if (auto r = randomUnproposed()) p = *r;
                    // An earlier random swap may already have taken this candidate.
                    if (!proposedSet_.contains(p)) take(p, out);
                }
            }
            // Too few valid results for a model (or candidates exhausted): random.
            while (static_cast<int>(out.size()) < n)
                if (auto p = randomUnproposed()) take(*p, out);
                else break;
        }
        return out;
    }

    void tell(const std::vector<Observation>& results) override {
        for (const Observation& o : results) {
            proposedSet_.insert(o.point);  // told points the searcher never proposed count as seen too
            if (!o.valid || !std::isfinite(o.objective)) continue;
            points_.push_back(o.point);
            features_.push_back(features(o.point));
            objectives_.push_back(o.objective);
        }
    }

private:
    Eigen::VectorXd features(const Point& p) {
        Eigen::VectorXd f = encoder_(p);
        if (featureSize_ < 0) featureSize_ = static_cast<int>(f.size());
        if (f.size() != featureSize_ || f.size() == 0)
            throw std::invalid_argument("searcher \"" + name_ + "\": the feature function returned " +
                                        std::to_string(f.size()) + " values, expected " + std::to_string(featureSize_));
        return f;
    }


    void take(const Point& p, std::vector<Point>& out) {
        proposedSet_.insert(p);
        ++proposed_;
        out.push_back(p);
    }

    std::optional<Point> randomUnproposed() {
        for (int t = 0; t < kRandomTries; ++t) {
            Point p = space_.random(rng_);
            if (proposedSet_.contains(p)) continue;
            const bool ok = feasible(p);
            ++randomChecks_;
            randomHits_ += ok ? 1 : 0;
            if (ok) return p;
        }
        if (count_ == 0 || count_ > kEnumerateFactor * static_cast<std::uint64_t>(settings_.candidates)) return {};
        // Nearly exhausted small space: choose among the remaining points.
        std::vector<std::uint64_t> left;
        for (std::uint64_t i = 0; i < count_; ++i)
            if (const Point p = space_.pointAt(i); !proposedSet_.contains(p) && feasible(p)) left.push_back(i);
        if (left.empty()) return {};
        return space_.pointAt(left[uniformBelow(rng_, left.size())]);
    }

    std::vector<Point> candidatePoints() {
        std::vector<Point> c;
        if (count_ > 0 && count_ <= kEnumerateFactor * static_cast<std::uint64_t>(settings_.candidates)) {
            for (std::uint64_t i = 0; i < count_; ++i) {
                Point p = space_.pointAt(i);
                if (!proposedSet_.contains(p)) c.push_back(std::move(p));
            }
            return c;
        }
        // As many candidates as hold `candidates` feasible ones in expectation, at most 10 times as
        // many: the feasible share of the random points drawn so far (candidates are random points;
        // the share among the best-scored ones, which the walk below sees, says nothing about them).
        const double share = std::max(0.05, (1.0 + static_cast<double>(randomHits_)) / (1.0 + static_cast<double>(randomChecks_)));
        const int wanted = static_cast<int>(std::min(10.0, 1.0 / share) * settings_.candidates);
        std::unordered_set<Point, PointHash> chosen;
        for (int t = 0; t < 10 * wanted && static_cast<int>(c.size()) < wanted; ++t) {
            Point p = space_.random(rng_);
            if (proposedSet_.contains(p) || !chosen.insert(p).second) continue;
            c.push_back(std::move(p));
        }
        return c;
    }

    // The observations one fit uses: all of them, or past kMaxTraining the best 3/4 of that many and
    // an even spread of the others (deterministic: objective order, ties by arrival).
    std::vector<std::size_t> trainingSet() const {
        std::vector<std::size_t> all(features_.size());
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        if (all.size() <= kMaxTraining) return all;
        std::stable_sort(all.begin(), all.end(), [&](std::size_t a, std::size_t b) { return objectives_[a] < objectives_[b]; });
        const std::size_t best = kMaxTraining * 3 / 4, spread = kMaxTraining - best, rest = all.size() - best;
        std::vector<std::size_t> chosen(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(best));
        for (std::size_t k = 0; k < spread; ++k) chosen.push_back(all[best + k * rest / spread]);
        return chosen;
    }

    std::vector<Point> bestByAcquisition(int n) {
        std::vector<Point> candidates = candidatePoints();
        if (candidates.empty()) return {};
        const std::vector<std::size_t> training = trainingSet();
        const Eigen::Index rows = static_cast<Eigen::Index>(training.size());
        Eigen::MatrixXd X(rows, featureSize_);
        std::vector<double> y(training.size());
        for (Eigen::Index i = 0; i < rows; ++i) {
            X.row(i) = features_[training[static_cast<std::size_t>(i)]].transpose();
            y[static_cast<std::size_t>(i)] = objectives_[training[static_cast<std::size_t>(i)]];
        }
        Eigen::MatrixXd C(static_cast<Eigen::Index>(candidates.size()), featureSize_);
        for (std::size_t i = 0; i < candidates.size(); ++i)
            C.row(static_cast<Eigen::Index>(i)) = features(candidates[i]).transpose();
        AcquisitionSettings as;
        as.kernel = kernel_;
        as.expectedImprovement = settings_.acquisition == "ei";
        as.kappa = settings_.kappa;
        as.logTarget = settings_.logTarget;
        // A global hyperparameter search when the observations have grown enough, else a local one
        // from the last optimum.
        const double observed = static_cast<double>(features_.size());
        if (observed >= kRefitGrowth * static_cast<double>(globalFitAt_)) {
            hyper_.reset();
            globalFitAt_ = refinedAt_ = features_.size();
        } else if (observed >= kRefineGrowth * static_cast<double>(refinedAt_)) {
            refinedAt_ = features_.size();
        } else {
            as.keepHyperparameters = true;
        }
        const Eigen::VectorXd score = acquisitionScores(X, y, C, as, &hyper_);
        std::vector<std::pair<double, std::size_t>> scored(candidates.size());
        for (std::size_t i = 0; i < candidates.size(); ++i) scored[i] = {score[static_cast<Eigen::Index>(i)], i};
        std::sort(scored.begin(), scored.end());
        std::vector<Point> out;
        for (std::size_t i = 0; i < scored.size() && static_cast<int>(out.size()) < n; ++i)
            if (const Point& p = candidates[scored[i].second]; feasible(p)) out.push_back(p);
        return out;
    }

    std::string name_;
    ParamSpace space_;
    SearcherSettings settings_;
    FeatureFn encoder_;
    std::mt19937_64 rng_;
    KernelKind kernel_;
    std::uint64_t count_;  // points in the space, 0 when too many to index
    int featureSize_ = -1;
    std::int64_t proposed_ = 0;
    std::unordered_set<Point, PointHash> proposedSet_;  // proposed or told: never proposed again
    std::vector<Point> points_;                          // valid observations
    std::vector<Eigen::VectorXd> features_;
    std::vector<double> objectives_;
    std::optional<GpHyperparameters> hyper_;  // the last fit's optimum (warm start)
    std::size_t globalFitAt_ = 0;             // observations at the last global search
    std::size_t refinedAt_ = 0;               // ... at the last search of either kind
    std::int64_t randomChecks_ = 0, randomHits_ = 0;  // the feasible share of the random points drawn
};

}  // namespace

std::unique_ptr<Searcher> makeBayesianSearcher(std::string name, const ParamSpace& space,
                                               const SearcherSettings& settings, FeatureFn encoder) {
    if (!encoder) throw std::invalid_argument("searcher \"" + name + "\" needs an encoder");
    return std::make_unique<BayesianSearcher>(std::move(name), space, settings, std::move(encoder));
}

}  // namespace accelscope
