// The surrogate fit and acquisition scores of Bayesian optimisation.
#include "bayes/acquisition.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace accelscope {

Eigen::VectorXd acquisitionScores(const Eigen::MatrixXd& Xraw, const std::vector<double>& objectives,
                                  const Eigen::MatrixXd& Craw, const AcquisitionSettings& settings,
                                  std::optional<GpHyperparameters>* hyper) {
    const Eigen::Index rows = Xraw.rows();
    const Eigen::RowVectorXd mean = Xraw.colwise().mean();
    Eigen::RowVectorXd scale = ((Xraw.rowwise() - mean).colwise().squaredNorm() / static_cast<double>(rows)).cwiseSqrt();
    for (Eigen::Index j = 0; j < scale.size(); ++j)
        if (!(scale[j] > 1e-12)) scale[j] = 1.0;  // a constant feature: leave it unscaled
    const Eigen::MatrixXd X = (Xraw.rowwise() - mean).array().rowwise() / scale.array();
    const Eigen::MatrixXd C = (Craw.rowwise() - mean).array().rowwise() / scale.array();

    const bool useLog =
        settings.logTarget && std::all_of(objectives.begin(), objectives.end(), [](double v) { return v > 0; });
    Eigen::VectorXd y(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const double v = objectives[static_cast<std::size_t>(i)];
        y[i] = useLog ? std::log(v) : v;
    }
    const double yMean = y.mean();
    double yStd = std::sqrt((y.array() - yMean).square().mean());
    if (!(yStd > 1e-12)) yStd = 1.0;
    y = (y.array() - yMean) / yStd;

    GaussianProcess gp(settings.kernel);
    if (hyper && hyper->has_value() && settings.keepHyperparameters)
        gp.fit(X, y, **hyper);
    else if (hyper && hyper->has_value())
        gp.refit(X, y, **hyper);
    else
        gp.fit(X, y);
    if (hyper) *hyper = gp.hyperparameters();
    Eigen::VectorXd mu, var;
    gp.predict(C, mu, var);

    const double best = y.minCoeff();
    Eigen::VectorXd scores(C.rows());
    for (Eigen::Index i = 0; i < C.rows(); ++i) {
        const double m = mu[i];
        const double s = std::sqrt(std::max(var[i], 0.0));
        if (!settings.expectedImprovement) {
            scores[i] = m - settings.kappa * s;
            continue;
        }
        double ei = std::max(best - m, 0.0);
        if (s > 0) {
            const double z = (best - m) / s;
            const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
            const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
            ei = (best - m) * cdf + s * pdf;
        }
        scores[i] = -ei;
    }
    return scores;
}

}  // namespace accelscope
