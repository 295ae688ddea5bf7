#include "workload/op_kind.h"

#include <array>
#include <utility>

namespace accelscope {
namespace {
struct KindInfo {
    OpKind kind;
    std::string_view name;
    OpLayout layout;
    OpFamily family;
    int opsPerElement;
};

// Element-op counts: relu = max(x,0); relu6 = min(max(x,0),6); sigmoid = 1/(1+exp(-x)): exp (4) +
// add + divide; swish = x*sigmoid(x); gelu (tanh form) = 0.5x(1+tanh(c(x+0.044715x^3))): 4 mul/add
// + tanh (4) + 2; hardswish = x*relu6(x+3)/6; softmax (FAST's online two-pass): running max and
// running sum (compare, sub, exp, add) then one divide; layernorm: mean (add), variance (sub, mul,
// add), normalise (sub, mul) and affine (mul, add); batchnorm at inference: one multiply-add pair.
constexpr std::array<KindInfo, 24> kKinds = {{
    {OpKind::Conv, "conv", OpLayout::Window, OpFamily::Mac, 0},
    {OpKind::Linear, "linear", OpLayout::Matrix, OpFamily::Mac, 0},
    {OpKind::MatMul, "matmul", OpLayout::Matrix, OpFamily::Mac, 0},
    {OpKind::MaxPool, "maxpool", OpLayout::Window, OpFamily::Pooling, 0},
    {OpKind::AvgPool, "avgpool", OpLayout::Window, OpFamily::Pooling, 0},
    {OpKind::GlobalAvgPool, "global_avgpool", OpLayout::Global, OpFamily::Pooling, 0},
    {OpKind::Add, "add", OpLayout::Shaped, OpFamily::Elementwise, 1},
    {OpKind::Mul, "mul", OpLayout::Shaped, OpFamily::Elementwise, 1},
    {OpKind::Relu, "relu", OpLayout::Shaped, OpFamily::Activation, 1},
    {OpKind::Relu6, "relu6", OpLayout::Shaped, OpFamily::Activation, 2},
    {OpKind::Sigmoid, "sigmoid", OpLayout::Shaped, OpFamily::Activation, 6},
    {OpKind::Swish, "swish", OpLayout::Shaped, OpFamily::Activation, 7},
    {OpKind::Gelu, "gelu", OpLayout::Shaped, OpFamily::Activation, 10},
    {OpKind::HardSwish, "hardswish", OpLayout::Shaped, OpFamily::Activation, 5},
    {OpKind::Tanh, "tanh", OpLayout::Shaped, OpFamily::Activation, 4},
    {OpKind::Softmax, "softmax", OpLayout::Shaped, OpFamily::Normalization, 8},
    {OpKind::LayerNorm, "layernorm", OpLayout::Shaped, OpFamily::Normalization, 7},
    {OpKind::BatchNorm, "batchnorm", OpLayout::Shaped, OpFamily::Normalization, 2},
    {OpKind::Reshape, "reshape", OpLayout::Shaped, OpFamily::View, 0},
    {OpKind::Flatten, "flatten", OpLayout::Shaped, OpFamily::View, 0},
    {OpKind::Expand, "expand", OpLayout::Shaped, OpFamily::View, 0},
    {OpKind::Transpose, "transpose", OpLayout::Shaped, OpFamily::DataMovement, 0},
    {OpKind::Concat, "concat", OpLayout::Shaped, OpFamily::DataMovement, 0},
    {OpKind::Gather, "gather", OpLayout::Shaped, OpFamily::DataMovement, 0},
}};

const KindInfo& info(OpKind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind) return k;
    return kKinds[0];
}
}  // namespace

std::string_view opKindName(OpKind kind) { return info(kind).name; }

std::optional<OpKind> opKindFromName(std::string_view name) {
    for (const auto& k : kKinds)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

const std::vector<OpKind>& allOpKinds() {
    static const std::vector<OpKind> kinds = [] {
        std::vector<OpKind> v;
        for (const auto& k : kKinds) v.push_back(k.kind);
        return v;
    }();
    return kinds;
}

OpLayout opLayout(OpKind kind) { return info(kind).layout; }
OpFamily opFamily(OpKind kind) { return info(kind).family; }
int elementOpsPerElement(OpKind kind) { return info(kind).opsPerElement; }

std::string_view opFamilyName(OpFamily family) {
    switch (family) {
    case OpFamily::Mac: return "mac";
    case OpFamily::Pooling: return "pooling";
    case OpFamily::Elementwise: return "elementwise";
    case OpFamily::Activation: return "activation";
    case OpFamily::Normalization: return "normalization";
    case OpFamily::View: return "view";
    case OpFamily::DataMovement: return "data movement";
    }
    return "";
}

}  // namespace accelscope
