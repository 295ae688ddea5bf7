#pragma once
// The canonical loop nest every MAC operation is lowered to before the cost model sees it.
//
// One explicit convention for the whole project (Timeloop's CNN-layer problem plus a group dim):
//   Outputs[n][g][k][p][q] += Weights[g][k][c][r][s] * Inputs[n][g][c][p*Hstride + r*Hdilation]
//                                                             [q*Wstride + s*Wdilation]
// P, Q are OUTPUT rows/columns; R, S the filter rows/columns; K output channels and C input channels
// PER GROUP; G the number of groups (depthwise conv: G = channels, K = C = 1; attention's
// batched matmuls: G = heads x batch so that the second operand differs per group).
// Padding is not part of the nest (as in Timeloop): it only changes which input rows exist.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace accelscope {

enum class Dim : std::uint8_t { N = 0, G, K, C, P, Q, R, S };
inline constexpr int kNumDims = 8;
inline constexpr std::array<Dim, kNumDims> kAllDims = {Dim::N, Dim::G, Dim::K, Dim::C,
                                                       Dim::P, Dim::Q, Dim::R, Dim::S};

constexpr std::string_view dimName(Dim d) {
    constexpr std::array<std::string_view, kNumDims> names = {"N", "G", "K", "C", "P", "Q", "R", "S"};
    return names[static_cast<int>(d)];
}
// Returns false when the letter names no dim.
bool dimFromName(std::string_view name, Dim& out);
// The letters of the dims in a bit set (bit d for Dim d), in canonical order: "CRS".
std::string dimLetters(std::uint32_t mask);

enum class Tensor : std::uint8_t { Weights = 0, Inputs, Outputs };
inline constexpr int kNumTensors = 3;
inline constexpr std::array<Tensor, kNumTensors> kAllTensors = {Tensor::Weights, Tensor::Inputs,
                                                                Tensor::Outputs};
constexpr std::string_view tensorName(Tensor t) {
    constexpr std::array<std::string_view, kNumTensors> names = {"weights", "inputs", "outputs"};
    return names[static_cast<int>(t)];
}

// Which dims index which tensor. Inputs depend on P,R (rows) and Q,S (columns) through the
// sliding window; that coupling is handled by the footprint functions, not by this table.
constexpr bool isRelevant(Tensor t, Dim d) {
    switch (t) {
    case Tensor::Weights: return d == Dim::G || d == Dim::K || d == Dim::C || d == Dim::R || d == Dim::S;
    case Tensor::Inputs:  return d != Dim::K;
    case Tensor::Outputs: return d == Dim::N || d == Dim::G || d == Dim::K || d == Dim::P || d == Dim::Q;
    }
    return false;
}

struct ProblemShape {
    std::array<std::int64_t, kNumDims> size{1, 1, 1, 1, 1, 1, 1, 1};
    int strideH = 1, strideW = 1;
    int dilationH = 1, dilationW = 1;

    std::int64_t& operator[](Dim d) { return size[static_cast<int>(d)]; }
    std::int64_t operator[](Dim d) const { return size[static_cast<int>(d)]; }

    // Multiply-accumulates of the full nest.
    std::int64_t macs() const {
        std::int64_t m = 1;
        for (auto s : size) m *= s;
        return m;
    }
    // Input rows touched by P output rows and R filter rows: (P-1)*stride + (R-1)*dilation + 1.
    static constexpr std::int64_t slidingExtent(std::int64_t outExtent, std::int64_t filterExtent,
                                                int stride, int dilation) {
        return (outExtent - 1) * stride + (filterExtent - 1) * dilation + 1;
    }
    std::int64_t inputRows() const { return slidingExtent((*this)[Dim::P], (*this)[Dim::R], strideH, dilationH); }
    std::int64_t inputCols() const { return slidingExtent((*this)[Dim::Q], (*this)[Dim::S], strideW, dilationW); }

    std::int64_t tensorSize(Tensor t) const {
        const auto& s = *this;
        switch (t) {
        case Tensor::Weights: return s[Dim::G] * s[Dim::K] * s[Dim::C] * s[Dim::R] * s[Dim::S];
        case Tensor::Inputs:  return s[Dim::N] * s[Dim::G] * s[Dim::C] * inputRows() * inputCols();
        case Tensor::Outputs: return s[Dim::N] * s[Dim::G] * s[Dim::K] * s[Dim::P] * s[Dim::Q];
        }
        return 0;
    }
    friend bool operator==(const ProblemShape&, const ProblemShape&) = default;
};

}  // namespace accelscope
