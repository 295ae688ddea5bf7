// Bayesian optimisation with a Gaussian-process surrogate, as in Spotlight (Sakhuja et al.,
// HPCA 2023): vanilla BO ("bo") feeds the GP the raw encoding of a point, daBO ("dabo") the
// caller's domain features; the two differ only in the encoder the factory passes in.
//
// The first `warmup` points are random. Then every ask() fits the GP on the valid observations
// (each input feature standardised, zero variance left unscaled; targets log(objective) when
// logTarget and all objectives are positive, then standardised), scores `candidates` random
// points never proposed before by LCB mu - kappa sigma or by expected improvement, and returns the
// n best; each is swapped for a random point with probability `exploration`. Invalid observations
// stay out of the fit but, like every proposed point, are never proposed again.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "search/gaussian_process.h"
#include "search/random_util.h"
#include "search/searcher.h"

namespace accelscope {
namespace {

// Spaces up to this many times `candidates` points are scored exhaustively (every unproposed point).
constexpr std::uint64_t kEnumerateFactor = 4;
constexpr int kRandomTries = 1000;

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
            if (!proposedSet_.contains(p)) return p;
        }
        if (count_ == 0 || count_ > kEnumerateFactor * static_cast<std::uint64_t>(settings_.candidates)) return {};
        // Nearly exhausted small space: choose among the remaining points.
        std::vector<std::uint64_t> left;
        for (std::uint64_t i = 0; i < count_; ++i)
            if (!proposedSet_.contains(space_.pointAt(i))) left.push_back(i);
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
        std::unordered_set<Point, PointHash> chosen;
        for (int t = 0; t < 10 * settings_.candidates && static_cast<int>(c.size()) < settings_.candidates; ++t) {
            Point p = space_.random(rng_);
            if (proposedSet_.contains(p) || !chosen.insert(p).second) continue;
            c.push_back(std::move(p));
        }
        return c;
    }

    std::vector<Point> bestByAcquisition(int n) {
        std::vector<Point> candidates = candidatePoints();
        if (candidates.empty()) return {};
        const Eigen::Index rows = static_cast<Eigen::Index>(features_.size());
        Eigen::MatrixXd X(rows, featureSize_);
        for (Eigen::Index i = 0; i < rows; ++i) X.row(i) = features_[static_cast<std::size_t>(i)].transpose();
        const Eigen::RowVectorXd mean = X.colwise().mean();
        Eigen::RowVectorXd scale = ((X.rowwise() - mean).colwise().squaredNorm() / static_cast<double>(rows)).cwiseSqrt();
        for (Eigen::Index j = 0; j < scale.size(); ++j)
            if (!(scale[j] > 1e-12)) scale[j] = 1.0;  // a constant feature: leave it unscaled
        X = (X.rowwise() - mean).array().rowwise() / scale.array();

        const bool useLog = settings_.logTarget &&
                            std::all_of(objectives_.begin(), objectives_.end(), [](double v) { return v > 0; });
        Eigen::VectorXd y(rows);
        for (Eigen::Index i = 0; i < rows; ++i) {
            const double v = objectives_[static_cast<std::size_t>(i)];
            y[i] = useLog ? std::log(v) : v;
        }
        const double yMean = y.mean();
        double yStd = std::sqrt((y.array() - yMean).square().mean());
        if (!(yStd > 1e-12)) yStd = 1.0;
        y = (y.array() - yMean) / yStd;

        GaussianProcess gp(kernel_);
        gp.fit(X, y);

        Eigen::MatrixXd C(static_cast<Eigen::Index>(candidates.size()), featureSize_);
        for (std::size_t i = 0; i < candidates.size(); ++i)
            C.row(static_cast<Eigen::Index>(i)) = features(candidates[i]).transpose();
        C = (C.rowwise() - mean).array().rowwise() / scale.array();
        Eigen::VectorXd mu, var;
        gp.predict(C, mu, var);

        const double best = y.minCoeff();
        std::vector<std::pair<double, std::size_t>> scored(candidates.size());
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const double m = mu[static_cast<Eigen::Index>(i)];
            const double s = std::sqrt(var[static_cast<Eigen::Index>(i)]);
            double score = m - settings_.kappa * s;  // LCB: lower is better
            if (settings_.acquisition == "ei") {
                // Expected improvement below the best target, negated so that lower is better.
                double ei = std::max(best - m, 0.0);
                if (s > 0) {
                    const double z = (best - m) / s;
                    const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
                    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
                    ei = (best - m) * cdf + s * pdf;
                }
                score = -ei;
            }
            scored[i] = {score, i};
        }
        const std::size_t k = std::min(scored.size(), static_cast<std::size_t>(n));
        std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end());
        std::vector<Point> out;
        for (std::size_t i = 0; i < k; ++i) out.push_back(candidates[scored[i].second]);
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
};

}  // namespace

std::unique_ptr<Searcher> makeBayesianSearcher(std::string name, const ParamSpace& space,
                                               const SearcherSettings& settings, FeatureFn encoder) {
    if (!encoder) throw std::invalid_argument("searcher \"" + name + "\" needs an encoder");
    return std::make_unique<BayesianSearcher>(std::move(name), space, settings, std::move(encoder));
}

}  // namespace accelscope
