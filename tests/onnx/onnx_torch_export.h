#pragma once
// The node patterns torch.onnx writes for the building blocks of transformers, for the models in
// onnx_vision_transformers.h and onnx_text_transformers.h: nodes named "<module scope>/<Op>[_k]",
// sizes read back from the graph (x.size(i) is Shape -> Gather, a view's target a Concat of
// Unsqueezed scalars and Constant pieces), nn.Linear on a 3-D input as MatMul with the transposed
// weight then Add of the bias and on a 2-D input as Gemm(transB = 1), LayerNorm as LayerNormalization
// (opset 17) or ReduceMean/Sub/Pow/Add/Sqrt/Div/Mul/Add (before it), GELU as its Erf or tanh formula,
// scaled_dot_product_attention as torch's opset-14 symbolic writes it, Slice with Constant inputs.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "onnx/onnx_builder.h"

namespace onnxtest {

class TorchExport {
public:
    explicit TorchExport(int opset) : b(opset) {}
    OnnxBuilder b;

    // "<scope>/<type>", then "<scope>/<type>_1", ... (torch.onnx's node names).
    std::string name(const std::string& scope, const std::string& type) {
        const std::string base = scope + "/" + type;
        const int n = counts_[base]++;
        return n == 0 ? base : base + "_" + std::to_string(n);
    }
    std::string op(const std::string& scope, const std::string& type, const std::vector<std::string>& in,
                   const std::vector<Attribute>& attrs = {}) {
        return b.node(type, name(scope, type), in, attrs);
    }
    std::vector<std::string> ops(const std::string& scope, const std::string& type, const std::vector<std::string>& in,
                                 int outputs, const std::vector<Attribute>& attrs = {}) {
        return b.nodeOutputs(type, name(scope, type), in, outputs, attrs);
    }
    // An int64 Constant node: 1-D, or 0-d with `scalar`.
    std::string ints(const std::string& scope, const Dims& values, bool scalar = false) {
        return b.constantNode(name(scope, "Constant"), scalar ? Dims{} : Dims{static_cast<std::int64_t>(values.size())},
                              values);
    }
    std::string scalar(const std::string& scope, std::int64_t v) { return ints(scope, {v}, true); }
    // A float scalar (an initializer: torch.onnx lifts such constants).
    std::string real(const std::string& scope, float v) { return b.constant(name(scope, "Constant") + ".value", {}, {v}); }

    // x.size(i): Shape -> Gather(i), a 0-d int64.
    std::string size(const std::string& scope, const std::string& x, std::int64_t i) {
        return op(scope, "Gather", {op(scope, "Shape", {x}), scalar(scope, i)}, {{"axis", std::int64_t{0}}});
    }
    std::string div(const std::string& scope, const std::string& a, std::int64_t v) { return op(scope, "Div", {a, scalar(scope, v)}); }
    std::string mul(const std::string& scope, const std::string& a, const std::string& c) { return op(scope, "Mul", {a, c}); }

    // A view's target: integer literals and 0-d tensors (each Unsqueezed), concatenated.
    using Piece = std::variant<std::int64_t, std::string>;
    std::string shape(const std::string& scope, const std::vector<Piece>& pieces) {
        std::vector<std::string> parts;
        for (const auto& p : pieces) {
            if (auto* v = std::get_if<std::int64_t>(&p)) parts.push_back(ints(scope, {*v}));
            else parts.push_back(op(scope, "Unsqueeze", {std::get<std::string>(p), ints(scope, {0})}));
        }
        return op(scope, "Concat", parts, {{"axis", std::int64_t{0}}});
    }
    std::string view(const std::string& scope, const std::string& x, const std::vector<Piece>& pieces) {
        return op(scope, "Reshape", {x, shape(scope, pieces)});
    }
    std::string transpose(const std::string& scope, const std::string& x, const Dims& perm) {
        return op(scope, "Transpose", {x}, {{"perm", perm}});
    }
    // x[..., start:end:step] along `axes`, the bounds as Constant nodes (or tensors given by name).
    std::string slice(const std::string& scope, const std::string& x, const std::string& starts, const std::string& ends,
                      const Dims& axes, const Dims& steps) {
        return op(scope, "Slice", {x, starts, ends, ints(scope, axes), ints(scope, steps)});
    }
    std::string slice(const std::string& scope, const std::string& x, const Dims& starts, const Dims& ends,
                      const Dims& axes, const Dims& steps) {
        return slice(scope, x, ints(scope, starts), ints(scope, ends), axes, steps);
    }
    static constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();  // torch's "to the end"

    // nn.Linear on a 3-D (or higher) input: MatMul with the transposed weight, which torch.onnx stores as
    // an initializer "onnx::MatMul_k" [in, out], then Add of the bias.
    std::string linear(const std::string& scope, const std::string& module, const std::string& x, std::int64_t in,
                       std::int64_t out, bool bias = true) {
        const std::string w = b.weight("onnx::MatMul_" + std::to_string(weights_++), {in, out});
        const std::string y = op(scope, "MatMul", {x, w});
        if (!bias) return y;
        return op(scope, "Add", {b.weight(module + ".bias", {out}), y});
    }
    // nn.Linear on a 2-D input: Gemm(x, W [out, in], bias, transB = 1).
    std::string gemm(const std::string& scope, const std::string& module, const std::string& x, std::int64_t in,
                     std::int64_t out) {
        return op(scope, "Gemm",
                  {x, b.weight(module + ".weight", {out, in}), b.weight(module + ".bias", {out})},
                  {{"alpha", 1.0f}, {"beta", 1.0f}, {"transB", std::int64_t{1}}});
    }
    std::string layerNorm(const std::string& scope, const std::string& module, const std::string& x, std::int64_t d) {
        return op(scope, "LayerNormalization", {x, b.weight(module + ".weight", {d}), b.weight(module + ".bias", {d})},
                  {{"axis", std::int64_t{-1}}, {"epsilon", 1e-5f}});
    }
    // nn.LayerNorm before opset 17: (x - mean) / sqrt(var + eps) * weight + bias.
    std::string layerNormDecomposed(const std::string& scope, const std::string& module, const std::string& x,
                                    std::int64_t d) {
        const auto mean = op(scope, "ReduceMean", {x}, {{"axes", Dims{-1}}});
        const auto centered = op(scope, "Sub", {x, mean});
        const auto sq = op(scope, "Pow", {centered, real(scope, 2.0f)});
        const auto var = op(scope, "ReduceMean", {sq}, {{"axes", Dims{-1}}});
        const auto std = op(scope, "Sqrt", {op(scope, "Add", {var, real(scope, 1e-5f)})});
        const auto normed = op(scope, "Div", {centered, std});
        const auto scaled = op(scope, "Mul", {normed, b.weight(module + ".weight", {d})});
        return op(scope, "Add", {scaled, b.weight(module + ".bias", {d})});
    }
    // nn.GELU(): x * 0.5 * (1 + erf(x / sqrt(2))), as Div, Erf, Add, Mul, Mul.
    std::string geluErf(const std::string& scope, const std::string& x) {
        const auto e = op(scope, "Erf", {op(scope, "Div", {x, real(scope, 1.4142135f)})});
        const auto y = op(scope, "Mul", {x, op(scope, "Add", {e, real(scope, 1.0f)})});
        return op(scope, "Mul", {y, real(scope, 0.5f)});
    }
    // GPT-2's NewGELU: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
    std::string geluTanh(const std::string& scope, const std::string& x) {
        const auto half = op(scope, "Mul", {real(scope, 0.5f), x});
        const auto cube = op(scope, "Pow", {x, real(scope, 3.0f)});
        const auto inner = op(scope, "Add", {x, op(scope, "Mul", {real(scope, 0.044715f), cube})});
        const auto t = op(scope, "Tanh", {op(scope, "Mul", {real(scope, 0.7978846f), inner})});
        return op(scope, "Mul", {half, op(scope, "Add", {real(scope, 1.0f), t})});
    }
    // F.scaled_dot_product_attention(q, k, v, mask) as torch's opset-14 symbolic writes it: the scale
    // 1/sqrt(q.size(-1)) from Shape/Slice/Cast/Sqrt/Div, K transposed, both scaled by sqrt(scale), Q.K^T,
    // Add of a float mask, Softmax, scores.V. `rank` is the operands' rank.
    std::string sdpa(const std::string& scope, const std::string& q, const std::string& k, const std::string& v,
                     std::size_t rank, const std::string& mask = "") {
        const auto last = slice(scope, op(scope, "Shape", {q}), Dims{-1}, Dims{kEnd}, Dims{0}, Dims{1});
        const auto dh = op(scope, "Cast", {last}, {{"to", std::int64_t{onnx::TensorProto_DataType_FLOAT}}});
        const auto scale = op(scope, "Div", {real(scope, 1.0f), op(scope, "Sqrt", {dh})});
        Dims perm;
        for (std::size_t i = 0; i < rank; ++i) perm.push_back(static_cast<std::int64_t>(i));
        std::swap(perm[rank - 1], perm[rank - 2]);
        const auto kT = transpose(scope, k, perm);
        const auto root = op(scope, "Sqrt", {scale});
        const auto qs = op(scope, "Mul", {q, root});
        const auto ks = op(scope, "Mul", {kT, root});
        std::string scores = op(scope, "MatMul", {qs, ks});
        if (!mask.empty()) scores = op(scope, "Add", {scores, mask});
        return op(scope, "MatMul", {op(scope, "Softmax", {scores}, {{"axis", std::int64_t{-1}}}), v});
    }

private:
    std::map<std::string, int> counts_;
    int weights_ = 0;
};

}  // namespace onnxtest
