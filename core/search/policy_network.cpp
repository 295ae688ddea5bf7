// REINFORCE on a small feed-forward policy (see policy_network.h).
#include "search/policy_network.h"

#include <cmath>
#include <stdexcept>

#include "util/random_util.h"

namespace accelscope {
namespace {
constexpr double kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEps = 1e-8;

Eigen::VectorXd softmax(const Eigen::VectorXd& z) {
    const Eigen::VectorXd e = (z.array() - z.maxCoeff()).exp();
    return e / e.sum();
}
}  // namespace

PolicyNetwork::PolicyNetwork(const ParamSpace& space, PolicyContext context, std::uint64_t seed, double learningRate,
                             int hidden)
    : space_(space), ctx_(std::move(context)), lr_(learningRate) {
    const int params = static_cast<int>(space_.params.size());
    if (ctx_.head.empty())
        for (int j = 0; j < params; ++j) ctx_.head.push_back(j);
    if (static_cast<int>(ctx_.head.size()) != params || (!ctx_.context.empty() && static_cast<int>(ctx_.context.size()) != params))
        throw std::invalid_argument("policy context: one entry per parameter");
    const int contextSize = ctx_.context.empty() ? 0 : static_cast<int>(ctx_.context[0].size());
    inputs_ = contextSize + 2;
    int heads = 0;
    for (int h : ctx_.head) heads = std::max(heads, h + 1);
    std::vector<int> levels(static_cast<std::size_t>(heads), 0);
    for (int j = 0; j < params; ++j) {
        int& l = levels[static_cast<std::size_t>(ctx_.head[static_cast<std::size_t>(j)])];
        const int mine = space_.params[static_cast<std::size_t>(j)].levels();
        if (l != 0 && l != mine) throw std::invalid_argument("policy context: a head's parameters must have as many levels");
        l = mine;
    }
    // Small uniform initial weights, so the first episodes are close to uniform draws.
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    const auto init = [&](int r, int c, double scale) {
        Eigen::MatrixXd m(r, c);
        for (int i = 0; i < r; ++i)
            for (int k = 0; k < c; ++k) m(i, k) = scale * (2 * uniform01(rng) - 1);
        return m;
    };
    w1_ = init(hidden, inputs_, 1.0 / std::sqrt(static_cast<double>(inputs_)));
    b1_ = Eigen::MatrixXd::Zero(hidden, 1);
    for (int h = 0; h < heads; ++h) {
        const int l = std::max(1, levels[static_cast<std::size_t>(h)]);
        w2_.push_back(init(l, hidden, 0.1 / std::sqrt(static_cast<double>(hidden))));
        b2_.push_back(Eigen::MatrixXd::Zero(l, 1));
    }
    const auto zeros = [](const Eigen::MatrixXd& m) { return Eigen::MatrixXd::Zero(m.rows(), m.cols()).eval(); };
    mw1_ = vw1_ = zeros(w1_);
    mb1_ = vb1_ = zeros(b1_);
    for (std::size_t h = 0; h < w2_.size(); ++h) {
        mw2_.push_back(zeros(w2_[h]));
        vw2_.push_back(zeros(w2_[h]));
        mb2_.push_back(zeros(b2_[h]));
        vb2_.push_back(zeros(b2_[h]));
    }
}

Eigen::VectorXd PolicyNetwork::input(const Point& p, int j) const {
    Eigen::VectorXd x(inputs_);
    const int contextSize = inputs_ - 2;
    if (contextSize > 0) x.head(contextSize) = ctx_.context[static_cast<std::size_t>(j)];
    double previous = 0;
    if (j > 0) {
        const int levels = space_.params[static_cast<std::size_t>(j - 1)].levels();
        previous = levels > 1 ? 2.0 * p[static_cast<std::size_t>(j - 1)] / (levels - 1) - 1 : 0;
    }
    const int params = static_cast<int>(space_.params.size());
    x(contextSize) = previous;
    x(contextSize + 1) = params > 1 ? static_cast<double>(j) / (params - 1) : 0;
    return x;
}

Eigen::VectorXd PolicyNetwork::logits(const Eigen::VectorXd& x, int j, Eigen::VectorXd* hiddenOut) const {
    const Eigen::VectorXd h = (w1_ * x + b1_).array().tanh().matrix();
    if (hiddenOut) *hiddenOut = h;
    const auto head = static_cast<std::size_t>(ctx_.head[static_cast<std::size_t>(j)]);
    return w2_[head] * h + b2_[head];
}

Point PolicyNetwork::sample(std::mt19937_64& rng) const {
    Point p(space_.params.size(), 0);
    for (int j = 0; j < static_cast<int>(p.size()); ++j) {
        const Eigen::VectorXd prob = softmax(logits(input(p, j), j, nullptr));
        const double u = uniform01(rng);
        double cumulative = 0;
        int chosen = static_cast<int>(prob.size()) - 1;
        for (int k = 0; k < prob.size(); ++k) {
            cumulative += prob(k);
            if (u < cumulative) {
                chosen = k;
                break;
            }
        }
        p[static_cast<std::size_t>(j)] = chosen;
    }
    return p;
}

double PolicyNetwork::logProbability(const Point& p) const {
    double lp = 0;
    for (int j = 0; j < static_cast<int>(p.size()); ++j) {
        const Eigen::VectorXd prob = softmax(logits(input(p, j), j, nullptr));
        lp += std::log(prob(p[static_cast<std::size_t>(j)]));
    }
    return lp;
}

void PolicyNetwork::adam(Eigen::Ref<Eigen::MatrixXd> w, const Eigen::MatrixXd& g, Eigen::MatrixXd& m, Eigen::MatrixXd& v) {
    m = kAdamBeta1 * m + (1 - kAdamBeta1) * g;
    v = kAdamBeta2 * v + (1 - kAdamBeta2) * g.cwiseProduct(g);
    const double c1 = 1 - std::pow(kAdamBeta1, steps_), c2 = 1 - std::pow(kAdamBeta2, steps_);
    // Ascent on the expected return.
    w.array() += lr_ * (m.array() / c1) / ((v.array() / c2).sqrt() + kAdamEps);
}

void PolicyNetwork::update(const std::vector<Point>& episodes, const std::vector<Eigen::VectorXd>& advantages) {
    if (episodes.empty()) return;
    Eigen::MatrixXd gw1 = Eigen::MatrixXd::Zero(w1_.rows(), w1_.cols()), gb1 = Eigen::MatrixXd::Zero(b1_.rows(), 1);
    std::vector<Eigen::MatrixXd> gw2, gb2;
    for (std::size_t h = 0; h < w2_.size(); ++h) {
        gw2.push_back(Eigen::MatrixXd::Zero(w2_[h].rows(), w2_[h].cols()));
        gb2.push_back(Eigen::MatrixXd::Zero(b2_[h].rows(), 1));
    }
    for (std::size_t e = 0; e < episodes.size(); ++e) {
        const Point& p = episodes[e];
        for (int j = 0; j < static_cast<int>(p.size()); ++j) {
            const double advantage = advantages[e][j];
            if (advantage == 0) continue;
            const Eigen::VectorXd x = input(p, j);
            Eigen::VectorXd h;
            const Eigen::VectorXd prob = softmax(logits(x, j, &h));
            // d log pi(a) / d logits = onehot(a) - prob
            Eigen::VectorXd dz = -prob;
            dz(p[static_cast<std::size_t>(j)]) += 1;
            dz *= advantage;
            const auto head = static_cast<std::size_t>(ctx_.head[static_cast<std::size_t>(j)]);
            gw2[head] += dz * h.transpose();
            gb2[head] += dz;
            const Eigen::VectorXd dh = (w2_[head].transpose() * dz).array() * (1 - h.array().square());
            gw1 += dh * x.transpose();
            gb1 += dh;
        }
    }
    const double n = static_cast<double>(episodes.size());
    ++steps_;
    adam(w1_, gw1 / n, mw1_, vw1_);
    adam(b1_, gb1 / n, mb1_, vb1_);
    for (std::size_t h = 0; h < w2_.size(); ++h) {
        adam(w2_[h], gw2[h] / n, mw2_[h], vw2_[h]);
        adam(b2_[h], gb2[h] / n, mb2_[h], vb2_[h]);
    }
}

}  // namespace accelscope
