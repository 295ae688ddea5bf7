#pragma once
// The kinds of operation a workload graph holds, and what each kind is made of.
#include <optional>
#include <string_view>
#include <vector>

namespace accelscope {

enum class OpKind {
    Conv, Linear, MatMul,                       // multiply-accumulate ops
    MaxPool, AvgPool, GlobalAvgPool,            // pooling
    Add, Mul,                                   // element-wise
    Relu, Relu6, Sigmoid, Swish, Gelu, HardSwish, Tanh,  // activations
    Softmax, LayerNorm, BatchNorm,              // normalisations
    Reshape, Flatten, Expand,                   // views: move no data
    Transpose, Concat, Gather,                  // data movement
};

// How an op's size is described in a file.
enum class OpLayout {
    Window,      // conv, maxpool, avgpool: N C K H W P Q R S + stride/padding(/dilation, groups)
    Global,      // global_avgpool: N C H W
    Matrix,      // linear (M N K bias), matmul (B M N K)
    Shaped,      // everything else: the output shape
};

enum class OpFamily { Mac, Pooling, Elementwise, Activation, Normalization, View, DataMovement };

std::string_view opKindName(OpKind kind);
std::optional<OpKind> opKindFromName(std::string_view name);
const std::vector<OpKind>& allOpKinds();
OpLayout opLayout(OpKind kind);
OpFamily opFamily(OpKind kind);
std::string_view opFamilyName(OpFamily family);

// Vector-unit operations per output element for element-wise ops, activations and normalisations.
// Our convention (documented in docs/network_model.md): one per add, multiply, compare or divide, and four for a
// transcendental (exp, tanh) by a short polynomial; softmax counts FAST's two-pass online form.
int elementOpsPerElement(OpKind kind);

}  // namespace accelscope
