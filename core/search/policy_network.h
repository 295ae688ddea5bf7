#pragma once
// A small stochastic policy for sequential discrete decisions, trained by REINFORCE (Williams 1992),
// as ConfuciuX's agent decides a design one parameter at a time (Kao, Jeong, Krishna, MICRO 2020).
//
// Decision j sees an input x_j = [context_j, the previous decision's level in [-1, 1], j / (P - 1)]
// and draws its level from softmax(W2[head_j] tanh(W1 x_j + b1) + b2[head_j]). Parameters that share
// a head (ConfuciuX: every layer's PE count, every layer's buffer) share its output layer, so what is
// learnt on one layer carries to similar ones through the context (the layer's shape). ConfuciuX's
// agent is an LSTM; this is a feed-forward network over the same inputs plus the previous decision
// (docs/search.md says what differs). Adam (Kingma & Ba 2015) on the policy-gradient estimate; the
// caller gives each decision its advantage. Deterministic for a seed and a sequence of calls.
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Core>

#include "search/param_space.h"

namespace accelscope {

// What a policy knows about each parameter besides its position: a context vector (all of one size,
// possibly empty) and the head it shares. Empty: no context, a head per parameter, one part.
struct PolicyContext {
    std::vector<Eigen::VectorXd> context;
    std::vector<int> head;
    // Optional: the additive part of the objective each parameter decides (ConfuciuX's per-layer
    // reward: a layer's PE count and buffer decide that layer's latency); empty: the whole objective.
    std::vector<int> part;
};

class PolicyNetwork {
public:
    PolicyNetwork(const ParamSpace& space, PolicyContext context, std::uint64_t seed, double learningRate,
                  int hidden = 32);

    // One episode: a level for every parameter, drawn in order.
    Point sample(std::mt19937_64& rng) const;
    // A policy-gradient step from finished episodes and each decision's advantage (its return less a
    // baseline, scaled; higher is better): advantages[e][j] for parameter j of episode e.
    void update(const std::vector<Point>& episodes, const std::vector<Eigen::VectorXd>& advantages);
    // The context as the network uses it: every parameter with a head and a part.
    const PolicyContext& context() const { return ctx_; }

private:
    // A weight matrix with Adam's moments and the gradient gathered for the next step.
    struct Weights {
        Eigen::MatrixXd w, m, v, grad;
        explicit Weights(Eigen::MatrixXd init);
        void step(double lr, int t, double scale);  // ascent on the gathered gradient x scale; clears it
    };
    struct Head {
        Weights w2, b2;  // levels x hidden, levels x 1
    };

    Eigen::VectorXd input(const Point& p, int j) const;
    Eigen::VectorXd logits(const Eigen::VectorXd& x, int j, Eigen::VectorXd* hiddenOut) const;

    ParamSpace space_;
    PolicyContext ctx_;
    int inputs_ = 0;
    double lr_;
    Weights w1_, b1_;  // hidden x inputs, hidden x 1
    std::vector<Head> heads_;
    int steps_ = 0;
};

}  // namespace accelscope
