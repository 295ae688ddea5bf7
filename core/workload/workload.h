#pragma once
// A network as a graph of operations. Ops are plain values; derived figures (MACs, element ops,
// tensor sizes) are computed here from the dims, never stored in files.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "workload/op_kind.h"
#include "workload/problem.h"

namespace accelscope {

struct Op {
    std::string name;
    OpKind kind = OpKind::Relu;
    std::vector<std::string> inputs;
    std::int64_t repeat = 1;

    // Window layout (conv, maxpool, avgpool) and Global layout (global_avgpool): N C H W [K P Q R S].
    // C and K are total channels; H, W input rows/cols; P, Q output rows/cols.
    std::int64_t N = 1, C = 1, K = 1, H = 1, W = 1, P = 1, Q = 1, R = 1, S = 1;
    std::array<std::int64_t, 2> stride{1, 1}, padding{0, 0}, dilation{1, 1};
    std::int64_t groups = 1;

    // Matrix layout: linear out[M][N] = in[M][K] x W[K][N]; matmul: B products [M][K] x [K][N].
    // (N and K are shared with the window fields: for a matrix op they mean columns and depth.)
    std::int64_t B = 1, M = 1;
    bool bias = false;

    // Shaped layout: the output shape; axis for softmax/layernorm; foldable for batchnorm.
    std::vector<std::int64_t> shape;
    std::int64_t axis = -1;
    bool foldable = false;

    bool isMacOp() const { return opFamily(kind) == OpFamily::Mac; }
    // The canonical loop nest of a MAC op (see problem.h); for other ops, a shape of ones.
    ProblemShape problem() const;

    friend bool operator==(const Op&, const Op&) = default;
};

struct OpFigures {  // for ONE instance of the op; multiply by repeat for the network
    std::int64_t macs = 0;
    std::int64_t elementOps = 0;
    std::int64_t inputElements = 0;   // activations read (both operands for matmul)
    std::int64_t weightElements = 0;  // parameters (incl. bias)
    std::int64_t outputElements = 0;
};

struct GraphInput {
    std::string name;
    std::vector<std::int64_t> shape;
    friend bool operator==(const GraphInput&, const GraphInput&) = default;
};

class Workload {
public:
    std::string name;
    std::string source;
    std::int64_t batch = 1;
    std::vector<GraphInput> inputs;
    std::vector<Op> ops;

    const Op* findOp(std::string_view opName) const;
    // Elements produced by a graph input or op of that name (0 when unknown).
    std::int64_t producedElements(std::string_view tensorName) const;
    OpFigures figures(const Op& op) const;
    // Network totals (repeat counted).
    std::int64_t totalMacs() const;
    std::int64_t macOpCount() const;  // distinct MAC ops in the file (repeat not counted)

    friend bool operator==(const Workload& a, const Workload& b) {
        return a.name == b.name && a.source == b.source && a.batch == b.batch && a.inputs == b.inputs &&
               a.ops == b.ops;
    }
};

std::int64_t shapeElements(const std::vector<std::int64_t>& shape);
// Elements of the op's output tensor, from its own fields.
std::int64_t outputElements(const Op& op);

}  // namespace accelscope
