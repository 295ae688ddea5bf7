#pragma once
// Text transformers as torch.onnx exports them, at tiny sizes with the node patterns of the real export
// (onnx_torch_export.h): torch's nn.TransformerEncoder (BERT-base-like: post-LN, GELU, batch_first, a key
// padding mask) and a hand-written GPT-2 (nanoGPT-style: tied embedding, causal mask built in the graph).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "onnx/onnx_torch_export.h"

namespace onnxtest {

struct EncoderShape {
    std::int64_t d = 32, heads = 4, ff = 64, layers = 2;
};

// nn.MultiheadAttention(d, heads, batch_first=True)(x, x, x, key_padding_mask=mask, need_weights=False) in
// F.multi_head_attention_forward as torch.onnx traces it: x.transpose(1, 0); the packed in-projection
// (linear, then proj.unflatten(-1, (3, d)).unsqueeze(0).transpose(0, -2).squeeze(-2) and q, k, v =
// proj[0], proj[1], proj[2], Gathers on an activation); the float key padding mask
// .view(B, 1, 1, T).expand(-1, heads, -1, -1).reshape(B heads, 1, T), later .view(B, heads, -1, T); the
// heads, scaled_dot_product_attention with the mask added, out_proj (Gemm), transpose back.
inline std::string multiheadAttentionPacked(TorchExport& g, const std::string& scope, const std::string& module,
                                            const std::string& x, const std::string& paddingMask, std::int64_t d,
                                            std::int64_t heads) {
    const std::int64_t dh = d / heads;
    const auto query = g.transpose(scope, x, {1, 0, 2});  // [T, B, d]
    const auto tgtLen = g.size(scope, query, 0), bsz = g.size(scope, query, 1), srcLen = g.size(scope, query, 0);
    const auto proj = g.linear(scope, module + ".in_proj", query, d, 3 * d);
    // unflatten(-1, (3, d)): the target is the input's shape up to the last axis, then [3, d].
    const auto lead = g.slice(scope, g.op(scope, "Shape", {proj}), Dims{0}, Dims{-1}, Dims{0}, Dims{1});
    auto packed = g.op(scope, "Reshape", {proj, g.op(scope, "Concat", {lead, g.ints(scope, {3, d})}, {{"axis", std::int64_t{0}}})});
    packed = g.op(scope, "Unsqueeze", {packed, g.ints(scope, {0})});        // [1, T, B, 3, d]
    packed = g.transpose(scope, packed, {3, 1, 2, 0, 4});                    // [3, T, B, 1, d]
    packed = g.op(scope, "Squeeze", {packed, g.ints(scope, {-2})});          // [3, T, B, d]
    std::vector<std::string> qkv;
    for (std::int64_t i = 0; i < 3; ++i)
        qkv.push_back(g.op(scope, "Gather", {packed, g.scalar(scope, i)}, {{"axis", std::int64_t{0}}}));
    // key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len)
    auto mask = g.view(scope, paddingMask, {bsz, std::int64_t{1}, std::int64_t{1}, srcLen});
    const auto sizes = g.ints(scope, {-1, heads, -1, -1});
    const auto free = g.op(scope, "Equal", {sizes, g.ints(scope, {-1})});
    mask = g.op(scope, "Expand", {mask, g.op(scope, "Where", {free, g.ints(scope, {1, 1, 1, 1}), sizes})});
    const auto bh = g.mul(scope, bsz, g.scalar(scope, heads));
    mask = g.view(scope, mask, {bh, std::int64_t{1}, srcLen});
    std::vector<std::string> split;
    for (int i = 0; i < 3; ++i) {
        const auto len = i == 0 ? tgtLen : g.size(scope, qkv[i], 0);
        split.push_back(g.transpose(scope, g.view(scope, qkv[i], {len, bh, dh}), {1, 0, 2}));
    }
    mask = g.view(scope, mask, {bsz, heads, std::int64_t{-1}, srcLen});  // attn_mask.view(bsz, num_heads, -1, src_len)
    std::vector<std::string> four;
    for (const auto& t : split) four.push_back(g.view(scope, t, {bsz, heads, tgtLen, dh}));
    const auto ctx = g.sdpa(scope, four[0], four[1], four[2], 4, mask);
    const auto merged = g.view(scope, g.transpose(scope, ctx, {2, 0, 1, 3}), {g.mul(scope, bsz, tgtLen), d});
    const auto out = g.gemm(scope, module + ".out_proj", merged, d, d);
    return g.transpose(scope, g.view(scope, out, {tgtLen, bsz, g.size(scope, out, 1)}), {1, 0, 2});
}

// nn.TransformerEncoder(nn.TransformerEncoderLayer(d, heads, ff, activation="gelu", batch_first=True,
// norm_first=False), layers) called with src_key_padding_mask, exported at opset 14 (LayerNorm
// decomposed): the bool mask made float by F._canonical_mask (zeros_like(mask).masked_fill(mask, -inf):
// a ConstantOfShape and a Where on the mask), then per layer x = norm1(x + self_attn(x)),
// x = norm2(x + linear2(gelu(linear1(x)))). Inputs "src" [batch, seq, d] and
// "src_key_padding_mask" (bool) [batch, seq], both dims symbolic.
inline OnnxBuilder transformerEncoder(const EncoderShape& s = {}) {
    TorchExport g(14);
    const std::int64_t d = s.d;
    const std::string batch = "batch", seq = "seq";
    g.b.typedInput("src", {batch, seq, d});
    g.b.typedInput("src_key_padding_mask", {batch, seq}, onnx::TensorProto_DataType_BOOL);
    const auto zeros = g.b.constantOfShape(g.name("", "ConstantOfShape"), g.op("", "Shape", {"src_key_padding_mask"}), 0.0f);
    const auto mask = g.op("", "Where", {"src_key_padding_mask", g.real("", -std::numeric_limits<float>::infinity()), zeros});
    std::string x = "src";
    for (std::int64_t l = 0; l < s.layers; ++l) {
        const std::string scopeL = "/layers." + std::to_string(l);
        const std::string module = "layers." + std::to_string(l);
        const auto attn = multiheadAttentionPacked(g, scopeL + "/self_attn", module + ".self_attn", x, mask, d, s.heads);
        x = g.layerNormDecomposed(scopeL + "/norm1", module + ".norm1", g.op(scopeL, "Add", {x, attn}), d);
        const auto h = g.geluErf(scopeL, g.linear(scopeL + "/linear1", module + ".linear1", x, d, s.ff));
        const auto y = g.linear(scopeL + "/linear2", module + ".linear2", h, s.ff, d);
        x = g.layerNormDecomposed(scopeL + "/norm2", module + ".norm2", g.op(scopeL, "Add", {x, y}), d);
    }
    g.b.output(x);
    return g.b;
}

struct GptShape {
    std::int64_t vocab = 50, blockSize = 16, d = 32, heads = 4, layers = 2;
};

enum class CausalMask {
    Buffer,  // self.bias = torch.tril(torch.ones(L, L)).view(1, 1, L, L), sliced [:, :, :T, :T]
    Trilu,   // torch.tril(torch.ones(T, T)) in forward: ConstantOfShape -> Trilu
};

// A hand-written GPT-2 (nanoGPT's model.py): tok_emb = wte(idx) (a Gather of the table by the token ids),
// pos_emb = wpe(arange(t)); per block x = x + attn(ln_1(x)), x = x + mlp(ln_2(x)) with c_attn then
// .split(d, dim=2) (Split with a `split` input), q/k/v .view(B, T, nh, C // nh).transpose(1, 2),
// (q @ k^T) * (1 / sqrt(dh)), masked_fill(mask == 0, -inf) (Equal, Where on the scores), softmax, @ v,
// transpose(1, 2).view(B, T, C), c_proj; MLP c_fc, NewGELU (tanh form), c_proj; ln_f; logits = lm_head(x)
// with lm_head.weight tied to wte (MatMul with the table transposed). Input "idx" (int64) [batch, seq].
inline OnnxBuilder gpt2Style(CausalMask maskKind, const GptShape& s = {}) {
    TorchExport g(17);
    const std::int64_t d = s.d, nh = s.heads;
    g.b.typedInput("idx", {std::string("batch"), std::string("seq")}, onnx::TensorProto_DataType_INT64);
    const auto T = g.size("", "idx", 1);
    const auto pos = g.op("", "Range", {g.scalar("", 0), T, g.scalar("", 1)});
    const auto wte = g.b.weight("transformer.wte.weight", {s.vocab, d});
    const auto tok = g.op("/transformer/wte", "Gather", {wte, "idx"});
    const auto posEmb = g.op("/transformer/wpe", "Gather", {g.b.weight("transformer.wpe.weight", {s.blockSize, d}), pos});
    std::string x = g.op("/transformer", "Add", {tok, posEmb});
    std::string bias;
    if (maskKind == CausalMask::Buffer) {
        std::vector<float> tril;
        for (std::int64_t i = 0; i < s.blockSize; ++i)
            for (std::int64_t j = 0; j < s.blockSize; ++j) tril.push_back(j <= i ? 1.0f : 0.0f);
        bias = g.b.constant("transformer.h.0.attn.bias", {1, 1, s.blockSize, s.blockSize}, tril);
    }
    for (std::int64_t l = 0; l < s.layers; ++l) {
        const std::string scope = "/transformer/h." + std::to_string(l);
        const std::string module = "transformer.h." + std::to_string(l);
        const std::string a = scope + "/attn";
        const auto h = g.layerNorm(scope + "/ln_1", module + ".ln_1", x, d);
        const auto B = g.size(a, h, 0), Tt = g.size(a, h, 1), C = g.size(a, h, 2);
        const auto qkvLinear = g.linear(a + "/c_attn", module + ".attn.c_attn", h, d, 3 * d);
        const auto qkv = g.ops(a, "Split", {qkvLinear, g.ints(a, {d, d, d})}, 3, {{"axis", std::int64_t{2}}});
        std::vector<std::string> heads;
        for (int i : {1, 0, 2})  // k, q, v in the order of the source
            heads.push_back(g.transpose(a, g.view(a, qkv[i], {B, Tt, nh, g.div(a, C, nh)}), {0, 2, 1, 3}));
        const auto &k = heads[0], &q = heads[1], &v = heads[2];
        auto att = g.op(a, "MatMul", {q, g.transpose(a, k, {0, 1, 3, 2})});
        att = g.op(a, "Mul", {att, g.real(a, 1.0f / std::sqrt(static_cast<float>(d / nh)))});
        std::string keep;
        if (maskKind == CausalMask::Buffer) {
            const auto end = g.op(a, "Unsqueeze", {Tt, g.ints(a, {0})});
            const auto ends = g.op(a, "Concat", {end, end}, {{"axis", std::int64_t{0}}});
            keep = g.slice(a, bias, g.ints(a, {0, 0}), ends, Dims{2, 3}, Dims{1, 1});  // [1, 1, T, T]
        } else {
            const auto tt = g.shape(a, {Tt, Tt});
            const auto ones = g.b.constantOfShape(g.name(a, "ConstantOfShape"), tt, 1.0f);
            keep = g.op(a, "Trilu", {ones, g.scalar(a, 0)}, {{"upper", std::int64_t{0}}});  // [T, T]
        }
        const auto masked = g.op(a, "Equal", {keep, g.real(a, 0.0f)});
        att = g.op(a, "Where", {masked, g.real(a, -std::numeric_limits<float>::infinity()), att});
        att = g.op(a, "Softmax", {att}, {{"axis", std::int64_t{-1}}});
        auto y = g.op(a, "MatMul", {att, v});
        y = g.view(a, g.transpose(a, y, {0, 2, 1, 3}), {B, Tt, C});
        y = g.linear(a + "/c_proj", module + ".attn.c_proj", y, d, d);
        x = g.op(scope, "Add", {x, y});
        const auto h2 = g.layerNorm(scope + "/ln_2", module + ".ln_2", x, d);
        const auto f = g.geluTanh(scope + "/mlp/gelu", g.linear(scope + "/mlp/c_fc", module + ".mlp.c_fc", h2, d, 4 * d));
        x = g.op(scope, "Add", {x, g.linear(scope + "/mlp/c_proj", module + ".mlp.c_proj", f, 4 * d, d)});
    }
    x = g.layerNorm("/transformer/ln_f", "transformer.ln_f", x, d);
    const auto tied = g.transpose("/lm_head", wte, {1, 0});  // lm_head.weight is wte.weight
    g.b.output(g.op("/lm_head", "MatMul", {x, tied}));
    return g.b;
}

}  // namespace onnxtest
