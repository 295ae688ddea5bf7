#pragma once
// A causal self-attention block as torch.onnx exports a hand-written GPT-style layer: the head split
// `q.view(B, T, H, C // H)` computed in the graph (Shape -> Gather -> Unsqueeze -> Concat -> Reshape), K
// transposed for Q.K^T, the scale 1/sqrt(dh) computed from Shape/Slice/Cast/Sqrt/Div, a causal mask from
// Range/Unsqueeze/Greater/Where expanded to [B, 1, T, T] (Concat + Expand), a padding mask from
// ConstantOfShape/Equal/Where, Softmax, scores.V and the merge `ctx.view(B, T, -1)`.
#include <cstdint>
#include <limits>
#include <string>

#include "onnx/onnx_builder.h"

namespace onnxtest {

struct AttentionShape {
    std::int64_t batch = -1;  // -1: symbolic ("batch"), fixed by --dim
    std::int64_t seq = -1;    // -1: symbolic ("seq")
    std::int64_t dModel = 64;
    std::int64_t heads = 4;
};

inline OnnxBuilder attentionBlock(const AttentionShape& s = {}) {
    OnnxBuilder b(17);
    b.input("x", {s.batch, s.seq, s.dModel});
    auto* shape = b.model().mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
    if (s.batch < 0) shape->mutable_dim(0)->set_dim_param("batch");
    if (s.seq < 0) shape->mutable_dim(1)->set_dim_param("seq");
    const std::int64_t d = s.dModel;
    b.weight("ln.weight", {d});
    b.weight("ln.bias", {d});
    b.node("LayerNormalization", "/ln/LayerNormalization", {"x", "ln.weight", "ln.bias"}, {{"axis", std::int64_t{-1}}});
    const std::string h = "/ln/LayerNormalization";
    for (const char* p : {"q", "k", "v", "o"}) {
        b.weight(std::string(p) + ".weight", {d, d});
        b.weight(std::string(p) + ".bias", {d});
    }
    auto linear = [&](const std::string& p, const std::string& in) {
        b.node("MatMul", "/" + p + "/MatMul", {in, p + ".weight"});
        return b.node("Add", "/" + p + "/Add", {"/" + p + "/MatMul", p + ".bias"});
    };
    const auto q = linear("q", h), k = linear("k", h), v = linear("v", h);
    // B, T = h.size()[:2]; the head split's target [B, T, heads, dh].
    b.constantNode("/Constant", {}, {0});
    b.constantNode("/Constant_1", {}, {1});
    b.node("Shape", "/Shape", {h});
    b.node("Gather", "/Gather", {"/Shape", "/Constant"}, {{"axis", std::int64_t{0}}});
    b.node("Shape", "/Shape_1", {h});
    b.node("Gather", "/Gather_1", {"/Shape_1", "/Constant_1"}, {{"axis", std::int64_t{0}}});
    b.constantNode("/Constant_2", {1}, {0});
    b.node("Unsqueeze", "/Unsqueeze", {"/Gather", "/Constant_2"});
    b.node("Unsqueeze", "/Unsqueeze_1", {"/Gather_1", "/Constant_2"});
    // nanoGPT's q.view(B, T, n_head, C // n_head): the head size divided in the graph. ONNX 1.12's data
    // propagation stops at the Div (it has none), so this Reshape needs AccelScope's folding.
    b.constantNode("/Constant_3", {1}, {s.heads});
    b.constantNode("/Constant_4", {}, {2});
    b.node("Shape", "/Shape_3", {h});
    b.node("Gather", "/Gather_2", {"/Shape_3", "/Constant_4"}, {{"axis", std::int64_t{0}}});  // C
    b.constantNode("/Constant_10", {}, {s.heads});
    b.node("Div", "/Div_1", {"/Gather_2", "/Constant_10"});
    b.node("Unsqueeze", "/Unsqueeze_5", {"/Div_1", "/Constant_2"});
    b.node("Concat", "/Concat", {"/Unsqueeze", "/Unsqueeze_1", "/Constant_3", "/Unsqueeze_5"}, {{"axis", std::int64_t{0}}});
    b.node("Reshape", "/Reshape", {q, "/Concat"});
    b.node("Transpose", "/Transpose", {"/Reshape"}, {{"perm", Dims{0, 2, 1, 3}}});      // Q [B, H, T, dh]
    b.node("Reshape", "/Reshape_1", {k, "/Concat"});
    b.node("Transpose", "/Transpose_1", {"/Reshape_1"}, {{"perm", Dims{0, 2, 3, 1}}});  // K^T [B, H, dh, T]
    b.node("Reshape", "/Reshape_2", {v, "/Concat"});
    b.node("Transpose", "/Transpose_2", {"/Reshape_2"}, {{"perm", Dims{0, 2, 1, 3}}});  // V [B, H, T, dh]
    b.node("MatMul", "/MatMul", {"/Transpose", "/Transpose_1"});                          // scores [B, H, T, T]
    // scale = 1 / sqrt(Q.size(-1)), as torch's scaled_dot_product_attention exports it.
    b.node("Shape", "/Shape_2", {"/Transpose"});
    b.constantNode("/Constant_5", {1}, {-1});
    b.constantNode("/Constant_6", {1}, {std::numeric_limits<std::int64_t>::max()});
    b.node("Slice", "/Slice", {"/Shape_2", "/Constant_5", "/Constant_6"});
    b.node("Cast", "/Cast", {"/Slice"}, {{"to", std::int64_t{onnx::TensorProto_DataType_FLOAT}}});
    b.node("Sqrt", "/Sqrt", {"/Cast"});
    b.constant("one", {}, {1.0f});
    b.node("Div", "/Div", {"one", "/Sqrt"});
    b.node("Mul", "/Mul", {"/MatMul", "/Div"});
    // Causal mask: position j > i is -inf, expanded to [B, 1, T, T].
    b.node("Range", "/Range", {"/Constant", "/Gather_1", "/Constant_1"});
    b.node("Unsqueeze", "/Unsqueeze_2", {"/Range", "/Constant_2"});       // [1, T] (keys)
    b.constantNode("/Constant_7", {1}, {1});
    b.node("Unsqueeze", "/Unsqueeze_3", {"/Range", "/Constant_7"});       // [T, 1] (queries)
    b.node("Greater", "/Greater", {"/Unsqueeze_2", "/Unsqueeze_3"});
    b.constant("minus_inf", {}, {-std::numeric_limits<float>::infinity()});
    b.constant("zero", {}, {0.0f});
    b.node("Where", "/Where", {"/Greater", "minus_inf", "zero"});
    b.node("Concat", "/Concat_1", {"/Unsqueeze", "/Constant_7", "/Unsqueeze_1", "/Unsqueeze_1"}, {{"axis", std::int64_t{0}}});
    b.node("Expand", "/Expand", {"/Where", "/Concat_1"});
    b.node("Add", "/Add", {"/Mul", "/Expand"});
    // Padding mask of an all-valid batch: ones [B, T], Equal 0, as a bias [B, 1, 1, T].
    b.node("Concat", "/Concat_2", {"/Unsqueeze", "/Unsqueeze_1"}, {{"axis", std::int64_t{0}}});
    auto* fill = b.model().mutable_graph()->add_node();
    fill->set_op_type("ConstantOfShape");
    fill->set_name("/ConstantOfShape");
    fill->add_input("/Concat_2");
    fill->add_output("/ConstantOfShape");
    auto* value = fill->add_attribute();
    value->set_name("value");
    value->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    value->mutable_t()->set_data_type(onnx::TensorProto_DataType_INT64);
    value->mutable_t()->add_dims(1);
    value->mutable_t()->add_int64_data(1);
    b.node("Equal", "/Equal", {"/ConstantOfShape", "/Constant"});
    b.constantNode("/Constant_8", {2}, {1, 2});
    b.node("Unsqueeze", "/Unsqueeze_4", {"/Equal", "/Constant_8"});
    b.node("Where", "/Where_1", {"/Unsqueeze_4", "minus_inf", "zero"});
    b.node("Add", "/Add_1", {"/Add", "/Where_1"});
    b.node("Softmax", "/Softmax", {"/Add_1"}, {{"axis", std::int64_t{-1}}});
    b.node("MatMul", "/MatMul_1", {"/Softmax", "/Transpose_2"});  // context [B, H, T, dh]
    b.node("Transpose", "/Transpose_3", {"/MatMul_1"}, {{"perm", Dims{0, 2, 1, 3}}});
    b.constantNode("/Constant_9", {1}, {-1});
    b.node("Concat", "/Concat_3", {"/Unsqueeze", "/Unsqueeze_1", "/Constant_9"}, {{"axis", std::int64_t{0}}});
    b.node("Reshape", "/Reshape_3", {"/Transpose_3", "/Concat_3"});  // [B, T, d]
    const auto o = linear("o", "/Reshape_3");
    b.node("Add", "/Add_2", {"x", o});  // the residual
    b.output("/Add_2");
    return b;
}

// torchvision's VisionTransformer._process_input and class token as torch.onnx exports them: image
// [batch, 3, S, S] -> conv_proj (patch p, d channels) -> x.reshape(n, d, (h // p) * (w // p)) with h, w
// from the image's Shape (Div and Mul, which ONNX 1.12's data propagation does not follow) ->
// permute -> class_token.expand(n, -1, -1) (the -1 resolved by Equal/Where on the target, as torch
// writes it) -> Concat -> a linear head over every token.
inline OnnxBuilder vitStem(std::int64_t imageSize = 32, std::int64_t patch = 8, std::int64_t d = 16) {
    OnnxBuilder b(17);
    b.input("image", {-1, 3, imageSize, imageSize}, "batch");
    b.weight("conv_proj.weight", {d, 3, patch, patch});
    b.node("Conv", "/conv_proj/Conv", {"image", "conv_proj.weight"},
           {{"kernel_shape", Dims{patch, patch}}, {"strides", Dims{patch, patch}}});
    b.node("Shape", "/Shape", {"image"});
    b.constantNode("/Constant", {}, {0});
    b.constantNode("/Constant_1", {}, {2});
    b.constantNode("/Constant_2", {}, {3});
    b.constantNode("/Constant_3", {}, {patch});
    b.constantNode("/Constant_4", {1}, {0});
    b.node("Gather", "/Gather", {"/Shape", "/Constant"});    // n
    b.node("Gather", "/Gather_1", {"/Shape", "/Constant_1"});  // h
    b.node("Gather", "/Gather_2", {"/Shape", "/Constant_2"});  // w
    b.node("Div", "/Div", {"/Gather_1", "/Constant_3"});
    b.node("Div", "/Div_1", {"/Gather_2", "/Constant_3"});
    b.node("Mul", "/Mul", {"/Div", "/Div_1"});
    b.node("Unsqueeze", "/Unsqueeze", {"/Gather", "/Constant_4"});
    b.constantNode("/Constant_5", {1}, {d});
    b.node("Unsqueeze", "/Unsqueeze_1", {"/Mul", "/Constant_4"});
    b.node("Concat", "/Concat", {"/Unsqueeze", "/Constant_5", "/Unsqueeze_1"}, {{"axis", std::int64_t{0}}});
    b.node("Reshape", "/Reshape", {"/conv_proj/Conv", "/Concat"});
    b.node("Transpose", "/Transpose", {"/Reshape"}, {{"perm", Dims{0, 2, 1}}});
    b.constant("class_token", {1, 1, d}, std::vector<float>(static_cast<std::size_t>(d), 0.5f));
    b.constantNode("/Constant_6", {2}, {-1, -1});
    b.node("Concat", "/Concat_1", {"/Unsqueeze", "/Constant_6"}, {{"axis", std::int64_t{0}}});  // [n, -1, -1]
    b.constantNode("/Constant_7", {1}, {-1});
    b.node("Equal", "/Equal", {"/Concat_1", "/Constant_7"});
    b.constantNode("/Constant_8", {3}, {1, 1, 1});
    b.node("Where", "/Where", {"/Equal", "/Constant_8", "/Concat_1"});  // [n, 1, 1]
    b.node("Expand", "/Expand", {"class_token", "/Where"});
    b.node("Concat", "/Concat_2", {"/Expand", "/Transpose"}, {{"axis", std::int64_t{1}}});
    b.weight("head.weight", {d, d});
    b.node("MatMul", "/head/MatMul", {"/Concat_2", "head.weight"});
    b.output("/head/MatMul");
    return b;
}

}  // namespace onnxtest
