// The Gaussian process on data whose answers are known: interpolation of noise-free points, the
// growth of uncertainty away from the data, the likelihood-driven fit, and a smooth function.
#include <QtTest>

#include <numbers>

#include <Eigen/Cholesky>

#include <cmath>

#include "bayes/gaussian_process.h"

using namespace accelscope;

namespace {
Eigen::MatrixXd column(std::initializer_list<double> xs) {
    Eigen::MatrixXd X(static_cast<Eigen::Index>(xs.size()), 1);
    Eigen::Index i = 0;
    for (double x : xs) X(i++, 0) = x;
    return X;
}
Eigen::VectorXd at(double x) { return Eigen::VectorXd::Constant(1, x); }
}  // namespace

class TestGaussianProcess : public QObject {
    Q_OBJECT
private slots:
    void kernelNames() {
        QCOMPARE(kernelFromName("matern52"), KernelKind::Matern52);
        QCOMPARE(kernelFromName("rbf"), KernelKind::Rbf);
        QCOMPARE(kernelFromName("linear"), KernelKind::Linear);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kernelFromName("cosine"));
    }

    void interpolatesNoiseFreeData_data() {
        QTest::addColumn<int>("kernel");
        QTest::newRow("matern52") << int(KernelKind::Matern52);
        QTest::newRow("rbf") << int(KernelKind::Rbf);
    }
    void interpolatesNoiseFreeData() {
        QFETCH(int, kernel);
        const Eigen::MatrixXd X = column({0.0, 0.5, 1.0, 1.8, 2.5});
        // Samples of the smooth cos(1.5x) + 0.2x (wildly uncorrelated values would drive the
        // likelihood to a lengthscale shorter than the spacing, a memorising fit).
        Eigen::VectorXd y(5);
        for (Eigen::Index i = 0; i < 5; ++i) y[i] = std::cos(1.5 * X(i, 0)) + 0.2 * X(i, 0);
        GaussianProcess gp(static_cast<KernelKind>(kernel));
        gp.fit(X, y);
        // No noise in the data: the likelihood drives the noise towards its floor, so the mean
        // passes through every training value and the variance there nearly vanishes.
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            double m = 0, v = 0;
            gp.predict(at(X(i, 0)), m, v);
            QVERIFY2(std::abs(m - y[i]) < 1e-3, qPrintable(QString("mean %1 vs %2").arg(m).arg(y[i])));
            QVERIFY2(v < 1e-3, qPrintable(QString("variance %1").arg(v)));
        }
        // Uncertainty grows with the distance from the data.
        double m = 0, vNear = 0, vMid = 0, vFar = 0;
        gp.predict(at(2.6), m, vNear);
        gp.predict(at(2.9), m, vMid);
        gp.predict(at(10.0), m, vFar);
        qInfo("variance at 2.6: %g, 2.9: %g, 10: %g", vNear, vMid, vFar);
        QVERIFY(vNear < vMid);
        QVERIFY(vMid < vFar);
        // Far away only the prior remains: variance -> signal variance, mean -> 0.
        QVERIFY(std::abs(vFar - gp.hyperparameters().signalVariance) < 1e-6 * gp.hyperparameters().signalVariance);
    }

    void batchPredictMatchesSingle() {
        const Eigen::MatrixXd X = column({0.0, 0.7, 1.3, 2.0});
        Eigen::VectorXd y(4);
        y << 1.0, 0.2, -0.5, 0.1;
        GaussianProcess gp;
        gp.fit(X, y);
        const Eigen::MatrixXd Q = column({-0.5, 0.35, 1.9, 4.0});
        Eigen::VectorXd means, vars;
        gp.predict(Q, means, vars);
        for (Eigen::Index i = 0; i < Q.rows(); ++i) {
            double m = 0, v = 0;
            gp.predict(at(Q(i, 0)), m, v);
            QCOMPARE(means[i], m);
            QCOMPARE(vars[i], v);
        }
    }

    void fittedHyperparametersBeatABadSetting() {
        const Eigen::MatrixXd X = column({0.0, 0.4, 0.9, 1.5, 2.2, 2.8});
        Eigen::VectorXd y(6);
        for (Eigen::Index i = 0; i < 6; ++i) y[i] = std::sin(2.0 * X(i, 0));
        GaussianProcess fitted, fixed;
        fitted.fit(X, y);
        // Lengthscale far below the spacing and noise as large as the signal: a poor explanation.
        fixed.fit(X, y, GpHyperparameters{1.0, 0.01, 1.0});
        QVERIFY2(fitted.logMarginalLikelihood() > fixed.logMarginalLikelihood() + 1.0,
                 qPrintable(QString("fitted %1, fixed %2").arg(fitted.logMarginalLikelihood())
                                .arg(fixed.logMarginalLikelihood())));
        // The optimiser is a maximiser: nudging any fitted hyperparameter does not help.
        const GpHyperparameters h = fitted.hyperparameters();
        for (double f : {0.8, 1.25}) {
            GaussianProcess g;
            g.fit(X, y, GpHyperparameters{h.signalVariance * f, h.lengthscale, h.noiseVariance});
            QVERIFY(g.logMarginalLikelihood() <= fitted.logMarginalLikelihood() + 1e-6);
            g.fit(X, y, GpHyperparameters{h.signalVariance, h.lengthscale * f, h.noiseVariance});
            QVERIFY(g.logMarginalLikelihood() <= fitted.logMarginalLikelihood() + 1e-6);
        }
    }

    void predictsSine() {
        // sin on [0,3] from 8 evenly spaced points, spacing h = 3/7. Piecewise-linear interpolation
        // of sin errs by at most h^2/8 max|sin''| = (3/7)^2 / 8 = 0.02296; a GP with a smooth kernel
        // fitted by likelihood should do at least that well everywhere in between.
        const double h = 3.0 / 7.0, tolerance = h * h / 8.0;
        Eigen::MatrixXd X(8, 1);
        Eigen::VectorXd y(8);
        for (int i = 0; i < 8; ++i) X(i, 0) = i * h, y[i] = std::sin(X(i, 0));
        for (KernelKind kind : {KernelKind::Matern52, KernelKind::Rbf}) {
            GaussianProcess gp(kind);
            gp.fit(X, y);
            double worst = 0;
            int outside = 0;
            for (int i = 0; i <= 60; ++i) {
                const double x = 3.0 * i / 60.0;
                double m = 0, v = 0;
                gp.predict(at(x), m, v);
                const double err = std::abs(m - std::sin(x));
                worst = std::max(worst, err);
                if (err > 3.0 * std::sqrt(v) + 1e-6) ++outside;  // the model's own 3-sigma band
            }
            qInfo("kernel %d: worst error %.5f (tolerance %.5f), %d of 61 outside 3 sigma", int(kind), worst,
                  tolerance, outside);
            QVERIFY(worst < tolerance);
            QCOMPARE(outside, 0);
        }
    }

    void linearKernelExtrapolatesALine() {
        // y = 2x + 1 is in the linear kernel's span (dot product plus bias): the fit is near exact
        // and extrapolates to x = 4 -> 9.
        const Eigen::MatrixXd X = column({0.0, 0.5, 1.0, 1.5, 2.0});
        Eigen::VectorXd y(5);
        for (Eigen::Index i = 0; i < 5; ++i) y[i] = 2.0 * X(i, 0) + 1.0;
        GaussianProcess gp(KernelKind::Linear);
        gp.fit(X, y);
        double m = 0, v = 0;
        gp.predict(at(4.0), m, v);
        QVERIFY2(std::abs(m - 9.0) < 1e-2, qPrintable(QString("mean %1").arg(m)));
    }

    // The linear kernel is fitted in weight space when features + 1 <= observations; its posterior and
    // marginal likelihood must equal the textbook n x n form (R&W eq. 2.25, 2.26, 2.30) computed here
    // directly from K = s2 (1 + X X' / l^2) + noise I, at the fitted hyperparameters.
    void linearKernelWeightSpaceEqualsTheGramForm() {
        const int n = 40, d = 3;
        Eigen::MatrixXd X(n, d);
        Eigen::VectorXd y(n);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < d; ++j) X(i, j) = std::sin(0.7 * i + 1.3 * j) + 0.1 * j;
            y[i] = 0.5 * X(i, 0) - 1.5 * X(i, 1) + 0.2 * std::cos(3.0 * i);
        }
        GaussianProcess gp(KernelKind::Linear);
        gp.fit(X, y);
        const GpHyperparameters h = gp.hyperparameters();
        const auto k = [&](const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) {
            return h.signalVariance * (1.0 + a.dot(b) / (h.lengthscale * h.lengthscale));
        };
        Eigen::MatrixXd K(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) K(i, j) = k(X.row(i), X.row(j)) + (i == j ? h.noiseVariance : 0.0);
        const Eigen::LLT<Eigen::MatrixXd> llt(K);
        const Eigen::VectorXd alpha = llt.solve(y);
        const double lml = -0.5 * y.dot(alpha) - Eigen::MatrixXd(llt.matrixL()).diagonal().array().log().sum() -
                           0.5 * n * std::log(2 * std::numbers::pi);
        QVERIFY2(std::abs(gp.logMarginalLikelihood() - lml) < 1e-6 * std::abs(lml),
                 qPrintable(QString("%1 vs %2").arg(gp.logMarginalLikelihood()).arg(lml)));
        for (double t : {-2.0, 0.3, 5.0}) {
            Eigen::RowVectorXd x(d);
            x << t, 0.5 * t, -t;
            Eigen::VectorXd ks(n);
            for (int i = 0; i < n; ++i) ks[i] = k(x, X.row(i));
            const double mean = ks.dot(alpha), var = k(x, x) - ks.dot(llt.solve(ks));
            double m = 0, v = 0;
            gp.predict(Eigen::VectorXd(x.transpose()), m, v);
            QVERIFY2(std::abs(m - mean) < 1e-7 * (1 + std::abs(mean)), qPrintable(QString("%1 vs %2").arg(m).arg(mean)));
            QVERIFY2(std::abs(v - var) < 1e-6 * (1 + std::abs(var)), qPrintable(QString("%1 vs %2").arg(v).arg(var)));
        }
    }

    void duplicateInputsStayFactorisable() {
        // Two identical inputs with different targets: the jitter/noise keeps the Cholesky alive.
        const Eigen::MatrixXd X = column({0.0, 1.0, 1.0, 2.0});
        Eigen::VectorXd y(4);
        y << 0.0, 1.0, 1.2, 0.0;
        GaussianProcess gp;
        gp.fit(X, y);
        QVERIFY(std::isfinite(gp.logMarginalLikelihood()));
        double m = 0, v = 0;
        gp.predict(at(1.0), m, v);
        QVERIFY(std::abs(m - 1.1) < 0.1);
    }
};

QTEST_GUILESS_MAIN(TestGaussianProcess)
#include "test_gaussian_process.moc"
