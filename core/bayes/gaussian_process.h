#pragma once
// A zero-mean Gaussian-process regressor on Eigen, the surrogate of Bayesian optimisation.
// Kernels (one lengthscale, no ARD), each plus white noise:
//   Matern 5/2  k = s2 (1 + sqrt5 r/l + 5 r^2 / (3 l^2)) exp(-sqrt5 r/l)
//   RBF         k = s2 exp(-r^2 / (2 l^2))
//   linear      k = s2 (1 + a.b / l^2)        (dot product plus bias; Spotlight's daBO default)
// fit(X, y) chooses (s2, l, noise) by maximising the log marginal likelihood with a deterministic
// optimiser: a coarse grid in log space, scaled to the data, then coordinate refinement
// (Rasmussen & Williams, "Gaussian Processes for Machine Learning", 2006, eq. 2.30 and alg. 2.1).
// Callers standardise their data; the grid is relative to the scale of X and y anyway.
// The linear kernel is a Bayesian linear regression on phi(x) = sqrt(s2) [1, x / l], so it is fitted and
// predicted in weight space (p = features + 1, when p <= n): the marginal likelihood from A = Phi'Phi + noise I by
// the matrix determinant lemma and the push-through identity (R&W sec. 2.1.2), O(p^3) per
// hyperparameter trial after one O(n p^2) pass, and O(p^2) per prediction; the same model as the n x n
// form, to rounding.
#include <string_view>

#include <Eigen/Core>

namespace accelscope {

enum class KernelKind { Matern52, Rbf, Linear };
// "matern52", "rbf", "linear"; throws std::invalid_argument otherwise.
KernelKind kernelFromName(std::string_view name);

struct GpHyperparameters {
    double signalVariance = 1.0;
    double lengthscale = 1.0;
    double noiseVariance = 1e-6;
};

class GaussianProcess {
public:
    explicit GaussianProcess(KernelKind kind = KernelKind::Matern52) : kind_(kind) {}

    // Rows of X are the training inputs. Hyperparameters maximise the log marginal likelihood.
    void fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y);
    // The same, searching from `start` (a previous fit's optimum) by local refinement only: for a
    // model refitted as observations arrive, a fraction of the cost of fit().
    void refit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters& start);
    // The same with fixed hyperparameters.
    void fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters& fixed);

    // Posterior mean and variance of the latent function (noise excluded) at x.
    void predict(const Eigen::VectorXd& x, double& mean, double& variance) const;
    // The same for every row of X.
    void predict(const Eigen::MatrixXd& X, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

    double logMarginalLikelihood() const { return logMarginalLikelihood_; }
    const GpHyperparameters& hyperparameters() const { return hyper_; }
    KernelKind kernel() const { return kind_; }
    double kernelValue(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const;

private:
    void optimise(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters* start);
    // Gram matrix of the training inputs without noise, for given hyperparameters.
    Eigen::MatrixXd gram(const GpHyperparameters& h) const;
    // Factorises K + noise I (with jitter if needed); returns the log marginal likelihood.
    // For the linear kernel, `noiseUsed` (optional) receives the noise with any jitter the factor took.
    double factorise(const GpHyperparameters& h, Eigen::MatrixXd& L, Eigen::VectorXd& alpha,
                     double* noiseUsed = nullptr) const;
    double kernelFromStatistic(double statistic, const GpHyperparameters& h) const;
    // The linear kernel in weight space: L receives the factor of A, alpha the posterior mean weights.
    double factoriseWeights(const GpHyperparameters& h, Eigen::MatrixXd& L, Eigen::VectorXd& alpha, double& noise) const;

    KernelKind kind_;
    GpHyperparameters hyper_;
    Eigen::MatrixXd X_;
    Eigen::MatrixXd pairStatistic_;  // squared distances (stationary) or dot products (linear, n x n form)
    bool weightSpace_ = false;       // the linear kernel fitted in weight space (features + 1 <= n)
    Eigen::MatrixXd weightGram_;     // linear: [1 X]'[1 X]
    Eigen::VectorXd weightTarget_;   // linear: [1 X]' y
    double noiseUsed_ = 0;           // linear: the noise (with any jitter) of the factor
    Eigen::MatrixXd L_;
    Eigen::VectorXd y_, alpha_;
    double logMarginalLikelihood_ = 0;
    bool fitted_ = false;
};

}  // namespace accelscope
