#include "bayes/gaussian_process.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace accelscope {

KernelKind kernelFromName(std::string_view name) {
    if (name == "matern52") return KernelKind::Matern52;
    if (name == "rbf") return KernelKind::Rbf;
    if (name == "linear") return KernelKind::Linear;
    throw std::invalid_argument("unknown kernel \"" + std::string(name) + "\" (known: matern52, rbf, linear)");
}

double GaussianProcess::kernelFromStatistic(double s, const GpHyperparameters& h) const {
    const double l = h.lengthscale;
    switch (kind_) {
    case KernelKind::Matern52: {
        const double r = std::sqrt(std::max(s, 0.0)) / l;
        const double a = std::sqrt(5.0) * r;
        return h.signalVariance * (1.0 + a + a * a / 3.0) * std::exp(-a);
    }
    case KernelKind::Rbf: return h.signalVariance * std::exp(-0.5 * s / (l * l));
    case KernelKind::Linear: return h.signalVariance * (1.0 + s / (l * l));
    }
    return 0;
}

double GaussianProcess::kernelValue(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const {
    const double s = kind_ == KernelKind::Linear ? a.dot(b) : (a - b).squaredNorm();
    return kernelFromStatistic(s, hyper_);
}

Eigen::MatrixXd GaussianProcess::gram(const GpHyperparameters& h) const {
    const Eigen::Index n = X_.rows();
    Eigen::MatrixXd K(n, n);
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = j; i < n; ++i) K(i, j) = K(j, i) = kernelFromStatistic(pairStatistic_(i, j), h);
    return K;
}

double GaussianProcess::factoriseWeights(const GpHyperparameters& h, Eigen::MatrixXd& L, Eigen::VectorXd& alpha,
                                         double& noise) const {
    const Eigen::Index n = X_.rows(), p = weightGram_.rows();
    // D = diag(1, 1/l, ..., 1/l); Phi'Phi = s2 D G D, Phi'y = sqrt(s2) D [1 X]'y.
    Eigen::VectorXd d = Eigen::VectorXd::Constant(p, 1.0 / h.lengthscale);
    d[0] = 1.0;
    const Eigen::MatrixXd PtP = h.signalVariance * (d.asDiagonal() * weightGram_ * d.asDiagonal());
    const Eigen::VectorXd Pty = std::sqrt(h.signalVariance) * d.cwiseProduct(weightTarget_);
    const double meanDiagonal = std::max(PtP.diagonal().mean() + h.noiseVariance, 1e-300);
    double jitter = 0;
    for (int attempt = 0; attempt < 12; ++attempt) {
        noise = h.noiseVariance + jitter;
        Eigen::MatrixXd A = PtP;
        A.diagonal().array() += noise;
        Eigen::LLT<Eigen::MatrixXd> llt(A);
        if (llt.info() == Eigen::Success && noise > 0) {
            L = llt.matrixL();
            alpha = llt.solve(Pty);
            // |Phi Phi' + noise I_n| = noise^(n-p) |A|; y'(Phi Phi' + noise I)^-1 y = (y'y - Pty' A^-1 Pty) / noise.
            const double logDet = 2.0 * L.diagonal().array().log().sum() + static_cast<double>(n - p) * std::log(noise);
            const double quad = (y_.squaredNorm() - Pty.dot(alpha)) / noise;
            return -0.5 * quad - 0.5 * logDet - 0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
        }
        jitter = jitter == 0 ? 1e-12 * meanDiagonal : jitter * 10;
    }
    return -std::numeric_limits<double>::infinity();
}

double GaussianProcess::factorise(const GpHyperparameters& h, Eigen::MatrixXd& L, Eigen::VectorXd& alpha,
                                  double* noiseUsed) const {
    if (weightSpace_) {
        double noise = 0;
        const double lml = factoriseWeights(h, L, alpha, noise);
        if (noiseUsed) *noiseUsed = noise;
        return lml;
    }
    const Eigen::Index n = X_.rows();
    Eigen::MatrixXd K = gram(h);
    K.diagonal().array() += h.noiseVariance;
    const double meanDiagonal = std::max(K.diagonal().mean(), 1e-300);
    // Jitter grows tenfold until the factorisation succeeds (near-duplicate inputs, tiny noise).
    double jitter = 0;
    for (int attempt = 0; attempt < 12; ++attempt) {
        Eigen::MatrixXd Kj = K;
        Kj.diagonal().array() += jitter;
        Eigen::LLT<Eigen::MatrixXd> llt(Kj);
        if (llt.info() == Eigen::Success) {
            L = llt.matrixL();
            alpha = llt.solve(y_);
            const double logDet = 2.0 * L.diagonal().array().log().sum();
            return -0.5 * y_.dot(alpha) - 0.5 * logDet - 0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
        }
        jitter = jitter == 0 ? 1e-12 * meanDiagonal : jitter * 10;
    }
    return -std::numeric_limits<double>::infinity();
}

void GaussianProcess::fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters& fixed) {
    if (X.rows() == 0 || X.rows() != y.size())
        throw std::invalid_argument("GaussianProcess::fit: needs as many targets as input rows (at least one)");
    X_ = X;
    y_ = y;
    const Eigen::Index n = X.rows();
    // The linear kernel in weight space while that is the smaller system (p <= n), else n x n.
    weightSpace_ = kind_ == KernelKind::Linear && X.cols() + 1 <= n;
    if (weightSpace_) {
        Eigen::MatrixXd Xa(n, X.cols() + 1);
        Xa.col(0).setOnes();
        Xa.rightCols(X.cols()) = X;
        weightGram_ = Xa.transpose() * Xa;
        weightTarget_ = Xa.transpose() * y;
    } else {
        pairStatistic_.resize(n, n);
        for (Eigen::Index j = 0; j < n; ++j)
            for (Eigen::Index i = j; i < n; ++i)
                pairStatistic_(i, j) = pairStatistic_(j, i) =
                    kind_ == KernelKind::Linear ? X.row(i).dot(X.row(j)) : (X.row(i) - X.row(j)).squaredNorm();
    }
    hyper_ = fixed;
    logMarginalLikelihood_ = factorise(hyper_, L_, alpha_, &noiseUsed_);
    fitted_ = std::isfinite(logMarginalLikelihood_);
}

void GaussianProcess::fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) { optimise(X, y, nullptr); }

void GaussianProcess::refit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters& start) {
    optimise(X, y, &start);
}

void GaussianProcess::optimise(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyperparameters* start) {
    fit(X, y, GpHyperparameters{});
    // Scales the search is relative to: the targets' second moment (zero-mean GP) and the inputs'
    // spread (RMS distance from the centroid; RMS norm for the linear kernel's dot products).
    const double yScale = y.squaredNorm() / static_cast<double>(y.size()) > 1e-300
                              ? y.squaredNorm() / static_cast<double>(y.size()) : 1.0;
    double xScale = 0;
    if (kind_ == KernelKind::Linear) {
        xScale = std::sqrt(X.rowwise().squaredNorm().mean());
    } else {
        const Eigen::RowVectorXd centroid = X.colwise().mean();
        xScale = std::sqrt((X.rowwise() - centroid).rowwise().squaredNorm().mean());
    }
    if (!(xScale > 1e-300)) xScale = 1.0;

    // Log10 of (s2 / yScale, l / xScale, noise / yScale), within these bounds.
    const std::array<double, 3> lower = {-3.0, -3.0, -8.0}, upper = {3.0, 3.0, 1.0};
    auto toHyper = [&](const std::array<double, 3>& v) {
        return GpHyperparameters{yScale * std::pow(10.0, v[0]), xScale * std::pow(10.0, v[1]),
                                 yScale * std::pow(10.0, v[2])};
    };
    Eigen::MatrixXd L;
    Eigen::VectorXd alpha;
    auto score = [&](const std::array<double, 3>& v) { return factorise(toHyper(v), L, alpha); };

    std::array<double, 3> best = {0.0, 0.0, -2.0};
    double bestScore = -std::numeric_limits<double>::infinity();
    double firstStep = 0.5, lastStep = 0.02;
    if (start) {  // warm start: the previous optimum, in this data's relative coordinates
        const double given[3] = {start->signalVariance / yScale, start->lengthscale / xScale,
                                 start->noiseVariance / yScale};
        for (int c = 0; c < 3; ++c)
            best[static_cast<std::size_t>(c)] =
                std::clamp(std::log10(std::max(given[c], 1e-300)), lower[static_cast<std::size_t>(c)],
                           upper[static_cast<std::size_t>(c)]);
        bestScore = score(best);
        firstStep = 0.2;
        lastStep = 0.05;
    } else {
        for (double s : {-1.0, 0.0, 1.0})
            for (double l : {-1.5, -1.0, -0.5, 0.0, 0.5, 1.0})
                for (double e : {-6.0, -4.0, -2.0, -1.0}) {
                    const std::array<double, 3> v = {s, l, e};
                    const double f = score(v);
                    if (f > bestScore) bestScore = f, best = v;
                }
    }
    // Coordinate refinement: a step up or down per coordinate, halving the step when none helps.
    for (double step = firstStep; step > lastStep;) {
        bool improved = false;
        for (int c = 0; c < 3; ++c)
            for (double dir : {1.0, -1.0}) {
                std::array<double, 3> v = best;
                v[c] = std::clamp(v[c] + dir * step, lower[c], upper[c]);
                if (v[c] == best[c]) continue;
                const double f = score(v);
                if (f > bestScore + 1e-9) bestScore = f, best = v, improved = true;
            }
        if (!improved) step *= 0.5;
    }
    hyper_ = toHyper(best);
    logMarginalLikelihood_ = factorise(hyper_, L_, alpha_, &noiseUsed_);
    fitted_ = std::isfinite(logMarginalLikelihood_);
}

void GaussianProcess::predict(const Eigen::MatrixXd& X, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const {
    const Eigen::Index m = X.rows(), n = X_.rows();
    if (!fitted_) {
        // No usable model: the prior.
        mean = Eigen::VectorXd::Zero(m);
        variance.resize(m);
        for (Eigen::Index i = 0; i < m; ++i) variance[i] = kernelValue(X.row(i).transpose(), X.row(i).transpose());
        return;
    }
    if (weightSpace_) {
        // phi(x) = sqrt(s2) [1, x / l]: mean phi.w, variance noise |L^-1 phi|^2 (see the header).
        const double root = std::sqrt(hyper_.signalVariance);
        Eigen::MatrixXd Phi(X.cols() + 1, m);
        Phi.row(0).setConstant(root);
        Phi.bottomRows(X.cols()) = X.transpose() * (root / hyper_.lengthscale);
        mean = Phi.transpose() * alpha_;
        variance = noiseUsed_ * L_.triangularView<Eigen::Lower>().solve(Phi).colwise().squaredNorm().transpose();
        return;
    }
    Eigen::MatrixXd Ks(n, m);
    variance.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            const double s = kind_ == KernelKind::Linear ? X.row(i).dot(X_.row(j)) : (X.row(i) - X_.row(j)).squaredNorm();
            Ks(j, i) = kernelFromStatistic(s, hyper_);
        }
        variance[i] = kernelFromStatistic(kind_ == KernelKind::Linear ? X.row(i).squaredNorm() : 0.0, hyper_);
    }
    mean = Ks.transpose() * alpha_;
    const Eigen::MatrixXd V = L_.triangularView<Eigen::Lower>().solve(Ks);
    variance -= V.colwise().squaredNorm().transpose();
    variance = variance.cwiseMax(0.0);
}

void GaussianProcess::predict(const Eigen::VectorXd& x, double& mean, double& variance) const {
    Eigen::VectorXd m, v;
    predict(Eigen::MatrixXd(x.transpose()), m, v);
    mean = m[0];
    variance = v[0];
}

}  // namespace accelscope
