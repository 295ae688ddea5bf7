#pragma once
// One step of Bayesian optimisation, shared by the hardware searchers (bo, dabo) and the software
// ones (the mapper's bo, dabo): fit a Gaussian process to the observations and score candidates.
//
// Each input feature is standardised over the observations (a constant feature left unscaled); the
// targets are log(objective) when logTarget and every objective is positive, then standardised.
// Scores are lower-is-better: LCB mu - kappa sigma, or minus the expected improvement below the
// best observation.
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "bayes/gaussian_process.h"

namespace accelscope {

struct AcquisitionSettings {
    KernelKind kernel = KernelKind::Matern52;
    bool expectedImprovement = false;  // false: LCB
    double kappa = 1.0;
    bool logTarget = true;
    // With a previous fit's hyperparameters in `hyper`: keep them (one factorisation) instead of
    // refining them locally.
    bool keepHyperparameters = false;
};

// X: one row of features per observation; C: one row per candidate. Returns one score per candidate.
// `hyper` (optional), when it holds a previous fit's hyperparameters, warm-starts the fit from them
// (GaussianProcess::refit), or is kept as it is (settings.keepHyperparameters); it receives this fit's.
Eigen::VectorXd acquisitionScores(const Eigen::MatrixXd& X, const std::vector<double>& objectives,
                                  const Eigen::MatrixXd& C, const AcquisitionSettings& settings,
                                  std::optional<GpHyperparameters>* hyper = nullptr);

}  // namespace accelscope
