#pragma once
// torchvision's vision transformers as torch.onnx exports them, at tiny sizes with every node pattern of
// the real export (onnx_torch_export.h): vit_b_16 (VisionTransformer with nn.MultiheadAttention) and
// swin_t (SwinTransformer: shifted windows, relative position bias, patch merging).
#include <cstdint>
#include <string>

#include "onnx/onnx_torch_export.h"

namespace onnxtest {

struct VitShape {
    std::int64_t image = 32, patch = 8, d = 16, heads = 2, mlp = 32, layers = 2, classes = 10;
};

// nn.MultiheadAttention(d, heads, batch_first=True) called as self_attention(x, x, x, need_weights=False),
// through F.multi_head_attention_forward as torch.onnx traces it: x.transpose(1, 0) (sequence first),
// one in_proj linear of 3d outputs, q, k, v = its chunk(3, -1) (a Split with a `split` input), each
// q.view(T, B * heads, dh).transpose(0, 1), then .view(B, heads, T, dh) for scaled_dot_product_attention,
// the context permute(2, 0, 1, 3).view(B * T, d), out_proj as a Gemm, .view(T, B, d), transpose(1, 0).
inline std::string multiheadAttentionSplit(TorchExport& g, const std::string& scope, const std::string& module,
                                           const std::string& x, std::int64_t d, std::int64_t heads) {
    const std::int64_t dh = d / heads;
    const auto query = g.transpose(scope, x, {1, 0, 2});  // [T, B, d]
    const auto tgtLen = g.size(scope, query, 0), bsz = g.size(scope, query, 1);
    const auto proj = g.linear(scope, module + ".in_proj", query, d, 3 * d);
    const auto qkv = g.ops(scope, "Split", {proj, g.ints(scope, {d, d, d})}, 3, {{"axis", std::int64_t{-1}}});
    const auto bh = g.mul(scope, bsz, g.scalar(scope, heads));
    std::vector<std::string> heads4;
    for (int i = 0; i < 3; ++i) {
        const auto len = i == 0 ? tgtLen : g.size(scope, qkv[i], 0);  // k.shape[0], v.shape[0]
        const auto split = g.transpose(scope, g.view(scope, qkv[i], {len, bh, dh}), {1, 0, 2});  // [B heads, T, dh]
        heads4.push_back(g.view(scope, split, {bsz, heads, tgtLen, dh}));
    }
    const auto ctx = g.sdpa(scope, heads4[0], heads4[1], heads4[2], 4);  // [B, heads, T, dh]
    const auto merged = g.view(scope, g.transpose(scope, ctx, {2, 0, 1, 3}), {g.mul(scope, bsz, tgtLen), d});
    const auto out = g.gemm(scope, module + ".out_proj", merged, d, d);  // [T B, d]
    const auto back = g.view(scope, out, {tgtLen, bsz, g.size(scope, out, 1)});
    return g.transpose(scope, back, {1, 0, 2});
}

// torchvision vit_b_16 at image x image with patch x patch patches: conv_proj (a conv of stride patch),
// x.reshape(n, d, n_h * n_w) with n_h = h // p computed in the graph, permute, the class token expanded
// to the batch (Where/Equal resolving expand's -1) and concatenated, + pos_embedding, `layers`
// EncoderBlocks (ln_1, self_attention, residual, ln_2, MLP Linear/GELU/Linear, residual), ln, the class
// token x[:, 0] (Gather on axis 1) and the head as a Gemm. Input "image" [batch, 3, S, S], batch symbolic.
inline OnnxBuilder vitB16Style(const VitShape& s = {}) {
    TorchExport g(17);
    const std::int64_t d = s.d, p = s.patch, tokens = (s.image / p) * (s.image / p) + 1;
    g.b.typedInput("image", {std::string("batch"), 3, s.image, s.image});
    const auto conv = g.op("/conv_proj", "Conv",
                           {"image", g.b.weight("conv_proj.weight", {d, 3, p, p}), g.b.weight("conv_proj.bias", {d})},
                           {{"kernel_shape", Dims{p, p}}, {"strides", Dims{p, p}}, {"pads", Dims{0, 0, 0, 0}},
                            {"dilations", Dims{1, 1}}, {"group", std::int64_t{1}}});
    const auto n = g.size("", "image", 0), h = g.size("", "image", 2), w = g.size("", "image", 3);
    const auto grid = g.mul("", g.div("", h, p), g.div("", w, p));
    auto x = g.transpose("", g.view("", conv, {n, d, grid}), {0, 2, 1});  // [n, n_h n_w, d]
    // batch_class_token = self.class_token.expand(n, -1, -1)
    g.b.weight("class_token", {1, 1, d});
    const auto target = g.shape("", {n, std::int64_t{-1}, std::int64_t{-1}});
    const auto isFree = g.op("", "Equal", {target, g.ints("", {-1})});
    const auto sizes = g.op("", "Where", {isFree, g.ints("", {1, 1, 1}), target});  // [n, 1, 1]
    const auto cls = g.op("", "Expand", {"class_token", sizes});
    x = g.op("", "Concat", {cls, x}, {{"axis", std::int64_t{1}}});
    x = g.op("/encoder", "Add", {x, g.b.weight("encoder.pos_embedding", {1, tokens, d})});
    for (std::int64_t l = 0; l < s.layers; ++l) {
        const std::string scope = "/encoder/layers/encoder_layer_" + std::to_string(l);
        const std::string module = "encoder.layers.encoder_layer_" + std::to_string(l);
        const auto ln1 = g.layerNorm(scope + "/ln_1", module + ".ln_1", x, d);
        const auto attn = multiheadAttentionSplit(g, scope + "/self_attention", module + ".self_attention", ln1, d, s.heads);
        x = g.op(scope, "Add", {attn, x});
        const auto ln2 = g.layerNorm(scope + "/ln_2", module + ".ln_2", x, d);
        const auto h1 = g.linear(scope + "/mlp/mlp.0", module + ".mlp.0", ln2, d, s.mlp);
        const auto act = g.geluErf(scope + "/mlp/mlp.1", h1);
        const auto h2 = g.linear(scope + "/mlp/mlp.3", module + ".mlp.3", act, s.mlp, d);
        x = g.op(scope, "Add", {x, h2});
    }
    x = g.layerNorm("/encoder/ln", "encoder.ln", x, d);
    const auto token = g.op("", "Gather", {x, g.scalar("", 0)}, {{"axis", std::int64_t{1}}});  // x[:, 0]
    g.b.output(g.gemm("/heads/head", "heads.head", token, d, s.classes));
    return g.b;
}

struct SwinShape {
    std::int64_t image = 32, patch = 4, c = 8, window = 4, classes = 10;
    std::int64_t heads1 = 2, heads2 = 4;  // stage 1: 2 blocks (the second shifted); stage 2: 1 block
};

// torch.roll(x, shifts=(s, s), dims=(1, 2)) as torch.onnx writes it: per axis, Slice(-s:) and Slice(:-s)
// concatenated.
inline std::string roll(TorchExport& g, const std::string& scope, std::string x, std::int64_t shift) {
    for (std::int64_t axis : {1, 2}) {
        const auto tail = g.slice(scope, x, Dims{-shift}, Dims{TorchExport::kEnd}, Dims{axis}, Dims{1});
        const auto head = g.slice(scope, x, Dims{0}, Dims{-shift}, Dims{axis}, Dims{1});
        x = g.op(scope, "Concat", {tail, head}, {{"axis", axis}});
    }
    return x;
}

// torchvision's shifted_window_attention on x [B, H, W, C]: the pad to whole windows (F.pad with pads
// computed from the shape; zero here), roll by -shift, window partition view/permute/reshape, the qkv
// linear, reshape/permute to [3, B nW, heads, N, dh], q, k, v = qkv[0], qkv[1], qkv[2] (Gathers on an
// activation), q * dh^-0.5, q @ k^T, + relative position bias (a Gather from the bias table), for a
// shifted window + the attention mask (region map -> window partition -> pairwise Sub -> Where -100),
// softmax, @ v, proj, window reverse, roll back, x[:, :H, :W, :].
inline std::string shiftedWindowAttention(TorchExport& g, const std::string& scope, const std::string& module,
                                          const std::string& x, std::int64_t c, std::int64_t heads,
                                          std::int64_t window, std::int64_t shift, std::int64_t side) {
    const std::int64_t n = window * window;
    const auto B = g.size(scope, x, 0), H = g.size(scope, x, 1), W = g.size(scope, x, 2), C = g.size(scope, x, 3);
    // pad_r = (w - W % w) % w; pad_b likewise; F.pad(x, (0, 0, 0, pad_r, 0, pad_b)).
    auto padOf = [&](const std::string& dim) {
        const auto rem = g.op(scope, "Mod", {dim, g.scalar(scope, window)});
        return g.op(scope, "Mod", {g.op(scope, "Sub", {g.scalar(scope, window), rem}), g.scalar(scope, window)});
    };
    const auto pads = g.shape(scope, {std::int64_t{0}, std::int64_t{0}, std::int64_t{0}, std::int64_t{0},
                                      std::int64_t{0}, padOf(H), padOf(W), std::int64_t{0}});
    auto y = g.op(scope, "Pad", {x, pads}, {{"mode", std::string("constant")}});
    const auto pH = g.size(scope, y, 1), pW = g.size(scope, y, 2);
    if (shift > 0) y = roll(g, scope, y, -shift);
    const auto rows = g.div(scope, pH, window), cols = g.div(scope, pW, window);
    const auto windows = g.mul(scope, rows, cols);
    y = g.view(scope, y, {B, rows, window, cols, window, C});
    y = g.view(scope, g.transpose(scope, y, {0, 1, 3, 2, 4, 5}), {g.mul(scope, B, windows), n, C});  // [B nW, N, C]
    const auto qkvLinear = g.linear(scope, module + ".qkv", y, c, 3 * c);
    const auto qkv = g.transpose(scope,
                                 g.view(scope, qkvLinear, {g.size(scope, y, 0), g.size(scope, y, 1), std::int64_t{3}, heads,
                                                           g.div(scope, C, heads)}),
                                 {2, 0, 3, 1, 4});  // [3, B nW, heads, N, dh]
    const auto q0 = g.op(scope, "Gather", {qkv, g.scalar(scope, 0)}, {{"axis", std::int64_t{0}}});
    const auto k = g.op(scope, "Gather", {qkv, g.scalar(scope, 1)}, {{"axis", std::int64_t{0}}});
    const auto v = g.op(scope, "Gather", {qkv, g.scalar(scope, 2)}, {{"axis", std::int64_t{0}}});
    // q * (C // num_heads) ** -0.5
    const auto dh = g.op(scope, "Cast", {g.div(scope, C, heads)}, {{"to", std::int64_t{onnx::TensorProto_DataType_FLOAT}}});
    const auto q = g.op(scope, "Mul", {q0, g.op(scope, "Pow", {dh, g.real(scope, -0.5f)})});
    auto attn = g.op(scope, "MatMul", {q, g.transpose(scope, k, {0, 1, 3, 2})});
    // relative_position_bias_table[relative_position_index].view(N, N, -1).permute(2, 0, 1).unsqueeze(0)
    const std::int64_t span = (2 * window - 1) * (2 * window - 1);
    std::vector<std::int64_t> index;
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j)
            index.push_back((i / window - j / window + window - 1) * (2 * window - 1) + (i % window - j % window + window - 1));
    const auto table = g.b.weight(module + ".relative_position_bias_table", {span, heads});
    const auto rpi = g.b.constantInt64(module + ".relative_position_index", {n * n}, index);
    auto bias = g.op(scope, "Gather", {table, rpi}, {{"axis", std::int64_t{0}}});
    bias = g.op(scope, "Reshape", {bias, g.ints(scope, {n, n, -1})});
    bias = g.op(scope, "Unsqueeze", {g.transpose(scope, bias, {2, 0, 1}), g.ints(scope, {0})});
    attn = g.op(scope, "Add", {attn, bias});
    if (shift > 0) {
        // The region map torchvision fills by slice assignment (0..8 for the 3 x 3 regions of a shift).
        std::vector<std::int64_t> region;
        auto band = [&](std::int64_t i) { return i < side - window ? 0 : i < side - shift ? 1 : 2; };
        for (std::int64_t i = 0; i < side; ++i)
            for (std::int64_t j = 0; j < side; ++j) region.push_back(3 * band(i) + band(j));
        auto mask = g.b.constantInt64(g.name(scope, "attn_mask"), {side, side}, region);
        mask = g.view(scope, mask, {rows, window, cols, window});
        mask = g.view(scope, g.transpose(scope, mask, {0, 2, 1, 3}), {windows, n});
        mask = g.op(scope, "Sub", {g.op(scope, "Unsqueeze", {mask, g.ints(scope, {1})}),
                                   g.op(scope, "Unsqueeze", {mask, g.ints(scope, {2})})});
        const auto differs = g.op(scope, "Not", {g.op(scope, "Equal", {mask, g.scalar(scope, 0)})});
        const auto maskF = g.op(scope, "Cast", {mask}, {{"to", std::int64_t{onnx::TensorProto_DataType_FLOAT}}});
        mask = g.op(scope, "Where", {differs, g.real(scope, -100.0f), maskF});
        attn = g.view(scope, attn, {g.op(scope, "Div", {g.size(scope, y, 0), windows}), windows, heads, n, n});
        mask = g.op(scope, "Unsqueeze", {g.op(scope, "Unsqueeze", {mask, g.ints(scope, {1})}), g.ints(scope, {0})});
        attn = g.op(scope, "Add", {attn, mask});
        attn = g.view(scope, attn, {std::int64_t{-1}, heads, n, n});
    }
    attn = g.op(scope, "Softmax", {attn}, {{"axis", std::int64_t{-1}}});
    auto out = g.op(scope, "MatMul", {attn, v});
    out = g.view(scope, g.transpose(scope, out, {0, 2, 1, 3}), {g.size(scope, y, 0), g.size(scope, y, 1), C});
    out = g.linear(scope, module + ".proj", out, c, c);
    // window reverse: view(B, pH // w, pW // w, w, w, C).permute(0, 1, 3, 2, 4, 5).reshape(B, pH, pW, C)
    out = g.view(scope, out, {B, rows, cols, window, window, C});
    out = g.view(scope, g.transpose(scope, out, {0, 1, 3, 2, 4, 5}), {B, pH, pW, C});
    if (shift > 0) out = roll(g, scope, out, shift);
    // x[:, :H, :W, :] (whole here: nothing was padded)
    out = g.slice(scope, out, g.ints(scope, {0}), g.op(scope, "Unsqueeze", {H, g.ints(scope, {0})}), Dims{1}, Dims{1});
    return g.slice(scope, out, g.ints(scope, {0}), g.op(scope, "Unsqueeze", {W, g.ints(scope, {0})}), Dims{2}, Dims{1});
}

inline std::string swinBlock(TorchExport& g, const std::string& scope, const std::string& module, std::string x,
                             std::int64_t c, std::int64_t heads, std::int64_t window, std::int64_t shift,
                             std::int64_t side) {
    const auto n1 = g.layerNorm(scope + "/norm1", module + ".norm1", x, c);
    const auto a = shiftedWindowAttention(g, scope + "/attn", module + ".attn", n1, c, heads, window, shift, side);
    x = g.op(scope, "Add", {x, a});
    const auto n2 = g.layerNorm(scope + "/norm2", module + ".norm2", x, c);
    const auto h = g.geluErf(scope + "/mlp/mlp.1", g.linear(scope + "/mlp/mlp.0", module + ".mlp.0", n2, c, 4 * c));
    return g.op(scope, "Add", {x, g.linear(scope + "/mlp/mlp.3", module + ".mlp.3", h, 4 * c, c)});
}

// torchvision swin_t's structure at a tiny size: features[0] = Conv 4x4 stride 4, Permute to NHWC,
// LayerNorm; stage 1 = 2 SwinTransformerBlocks (window attention, then shifted by window // 2); PatchMerging
// (F.pad to even sides, x[..., 0::2, 0::2, :] and its 3 siblings as two strided Slices each, Concat,
// LayerNorm, Linear 4C -> 2C without bias); stage 2 = 1 block (its window covers the map: no shift);
// norm, permute to NCHW, AdaptiveAvgPool2d(1) (GlobalAveragePool), flatten, head (Gemm).
// Input "image" [N, 3, S, S] with a free batch.
inline OnnxBuilder swinTStyle(const SwinShape& s = {}) {
    TorchExport g(17);
    const std::int64_t c = s.c, side = s.image / s.patch;
    g.b.input("image", {-1, 3, s.image, s.image});
    auto x = g.op("/features/features.0/features.0.0", "Conv",
                  {"image", g.b.weight("features.0.0.weight", {c, 3, s.patch, s.patch}), g.b.weight("features.0.0.bias", {c})},
                  {{"kernel_shape", Dims{s.patch, s.patch}}, {"strides", Dims{s.patch, s.patch}}});
    x = g.transpose("/features/features.0/features.0.1", x, {0, 2, 3, 1});  // Permute([0, 2, 3, 1])
    x = g.layerNorm("/features/features.0/features.0.2", "features.0.2", x, c);
    for (std::int64_t i = 0; i < 2; ++i)
        x = swinBlock(g, "/features/features.1/features.1." + std::to_string(i), "features.1." + std::to_string(i), x, c,
                      s.heads1, s.window, i == 0 ? 0 : s.window / 2, side);
    // PatchMerging
    const std::string m = "/features/features.2";
    const auto H = g.size(m, x, 1), W = g.size(m, x, 2);
    const auto pads = g.shape(m, {std::int64_t{0}, std::int64_t{0}, std::int64_t{0}, std::int64_t{0}, std::int64_t{0},
                                  g.op(m, "Mod", {H, g.scalar(m, 2)}), g.op(m, "Mod", {W, g.scalar(m, 2)}), std::int64_t{0}});
    x = g.op(m, "Pad", {x, pads}, {{"mode", std::string("constant")}});
    std::vector<std::string> quarters;
    for (auto [r, col] : {std::pair<std::int64_t, std::int64_t>{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
        const auto rowsSliced = g.slice(m, x, Dims{r}, Dims{TorchExport::kEnd}, Dims{1}, Dims{2});
        quarters.push_back(g.slice(m, rowsSliced, Dims{col}, Dims{TorchExport::kEnd}, Dims{2}, Dims{2}));
    }
    x = g.op(m, "Concat", quarters, {{"axis", std::int64_t{-1}}});
    x = g.layerNorm(m + "/norm", "features.2.norm", x, 4 * c);
    x = g.linear(m + "/reduction", "features.2.reduction", x, 4 * c, 2 * c, /*bias=*/false);
    x = swinBlock(g, "/features/features.3/features.3.0", "features.3.0", x, 2 * c, s.heads2, s.window, 0, side / 2);
    x = g.layerNorm("/norm", "norm", x, 2 * c);
    x = g.transpose("/permute", x, {0, 3, 1, 2});
    x = g.op("/avgpool", "GlobalAveragePool", {x});
    x = g.op("/flatten", "Flatten", {x}, {{"axis", std::int64_t{1}}});
    g.b.output(g.gemm("/head", "head", x, 2 * c, s.classes));
    return g.b;
}

}  // namespace onnxtest
