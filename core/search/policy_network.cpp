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

PolicyNetwork::Weights::Weights(Eigen::MatrixXd init)
    : w(std::move(init)), m(Eigen::MatrixXd::Zero(w.rows(), w.cols())), v(m), grad(m) {}

void PolicyNetwork::Weights::step(double lr, int t, double scale) {
    const Eigen::MatrixXd g = grad * scale;
    m = kAdamBeta1 * m + (1 - kAdamBeta1) * g;
    v = kAdamBeta2 * v + (1 - kAdamBeta2) * g.cwiseProduct(g);
    const double c1 = 1 - std::pow(kAdamBeta1, t), c2 = 1 - std::pow(kAdamBeta2, t);
    w.array() += lr * (m.array() / c1) / ((v.array() / c2).sqrt() + kAdamEps);  // ascent on the return
    grad.setZero();
}

namespace {
// Small uniform initial weights, so the first episodes are close to uniform draws.
Eigen::MatrixXd uniformMatrix(int rows, int cols, double scale, std::mt19937_64& rng) {
    Eigen::MatrixXd m(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int k = 0; k < cols; ++k) m(i, k) = scale * (2 * uniform01(rng) - 1);
    return m;
}

// The context with every parameter given a head (its own by default) and a part (one by default).
PolicyContext completed(PolicyContext c, std::size_t params) {
    if (c.head.empty())
        for (std::size_t j = 0; j < params; ++j) c.head.push_back(static_cast<int>(j));
    if (c.part.empty()) c.part.assign(params, 0);
    if (c.head.size() != params || c.part.size() != params || (!c.context.empty() && c.context.size() != params))
        throw std::invalid_argument("policy context: one entry per parameter");
    return c;
}
}  // namespace

PolicyNetwork::PolicyNetwork(const ParamSpace& space, PolicyContext context, std::uint64_t seed, double learningRate,
                             int hidden)
    : space_(space), ctx_(completed(std::move(context), space.params.size())),
      inputs_((ctx_.context.empty() ? 0 : static_cast<int>(ctx_.context[0].size())) + 2), lr_(learningRate),
      w1_(Eigen::MatrixXd()), b1_(Eigen::MatrixXd::Zero(hidden, 1)) {
    int heads = 0;
    for (int h : ctx_.head) heads = std::max(heads, h + 1);
    std::vector<int> levels(static_cast<std::size_t>(heads), 0);
    for (std::size_t j = 0; j < space_.params.size(); ++j) {
        int& l = levels[static_cast<std::size_t>(ctx_.head[j])];
        const int mine = space_.params[j].levels();
        if (l != 0 && l != mine) throw std::invalid_argument("policy context: a head's parameters must have as many levels");
        l = mine;
    }
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    w1_ = Weights(uniformMatrix(hidden, inputs_, 1.0 / std::sqrt(static_cast<double>(inputs_)), rng));
    for (int h = 0; h < heads; ++h) {
        const int l = std::max(1, levels[static_cast<std::size_t>(h)]);
        heads_.push_back({Weights(uniformMatrix(l, hidden, 0.1 / std::sqrt(static_cast<double>(hidden)), rng)),
                          Weights(Eigen::MatrixXd::Zero(l, 1))});
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
    const Eigen::VectorXd h = (w1_.w * x + b1_.w).array().tanh().matrix();
    if (hiddenOut) *hiddenOut = h;
    const Head& head = heads_[static_cast<std::size_t>(ctx_.head[static_cast<std::size_t>(j)])];
    return head.w2.w * h + head.b2.w;
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

void PolicyNetwork::update(const std::vector<Point>& episodes, const std::vector<Eigen::VectorXd>& advantages) {
    if (episodes.empty()) return;
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
            Head& head = heads_[static_cast<std::size_t>(ctx_.head[static_cast<std::size_t>(j)])];
            head.w2.grad += dz * h.transpose();
            head.b2.grad += dz;
            const Eigen::VectorXd dh = (head.w2.w.transpose() * dz).array() * (1 - h.array().square());
            w1_.grad += dh * x.transpose();
            b1_.grad += dh;
        }
    }
    const double scale = 1.0 / static_cast<double>(episodes.size());
    ++steps_;
    w1_.step(lr_, steps_, scale);
    b1_.step(lr_, steps_, scale);
    for (Head& head : heads_) {
        head.w2.step(lr_, steps_, scale);
        head.b2.step(lr_, steps_, scale);
    }
}

}  // namespace accelscope
