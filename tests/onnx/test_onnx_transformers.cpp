// ONNX import of whole transformers as torch.onnx exports them (onnx_vision_transformers.h,
// onnx_text_transformers.h): every MAC op's MACs against the architecture's formula written out here,
// the total their sum, the masks, softmaxes, norms, GELUs, head splits and slices vector, view or
// data-movement ops, no operator left unsupported; the errors of the operators these models brought in
// (Gather, Slice, Split, Expand, Tile, Pad, Where, Trilu on activations); the folding of Trilu, Tile and
// ReduceProd; and the fuzz seed corpus holding the four models.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <vector>

#include "onnx/folded_value.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_text_transformers.h"
#include "onnx/onnx_vision_transformers.h"
#include "onnx/shape_folding.h"
#include "support/cli_run.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
using onnxtest::Dims;
using onnxtest::OnnxBuilder;

namespace {
namespace fs = std::filesystem;
using Macs = std::map<std::string, std::int64_t>;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every MAC op of `w` is in `expected` with exactly those MACs, and every entry is a MAC op of `w`.
void compareMacOps(const Workload& w, const Macs& expected) {
    Macs got;
    for (const auto& op : w.ops)
        if (op.isMacOp()) got[op.name] = w.figures(op).macs;
    for (const auto& [name, macs] : got) {
        auto it = expected.find(name);
        QVERIFY2(it != expected.end(), ("unexpected MAC op " + name).c_str());
        QVERIFY2(it->second == macs, (name + ": " + std::to_string(macs) + " MACs, expected " +
                                      std::to_string(it->second)).c_str());
    }
    for (const auto& [name, macs] : expected) QVERIFY2(got.count(name), ("missing MAC op " + name).c_str());
}

std::int64_t sum(const Macs& m) {
    std::int64_t s = 0;
    for (const auto& [name, macs] : m) s += macs;
    return s;
}

std::int64_t count(const Workload& w, OpKind kind) {
    std::int64_t n = 0;
    for (const auto& op : w.ops) n += op.kind == kind ? 1 : 0;
    return n;
}

const Op& op(const Workload& w, const std::string& name) {
    const Op* o = w.findOp(name);
    if (!o) throw std::runtime_error("no op " + name);
    return *o;
}

using Shape = std::vector<std::int64_t>;

// The fuzz seed form of a model: its symbolic dims fixed at `dims` (the fuzz target passes no --dim), every
// tensor and node renamed n1, n2, ... (graph inputs keep their names), so that the model fits libFuzzer's
// 64 KiB inputs with its structure unchanged.
std::string seedForm(onnx::ModelProto m, const std::map<std::string, std::int64_t>& dims) {
    std::map<std::string, std::string> names;
    auto* g = m.mutable_graph();
    for (auto& v : *g->mutable_input())
        for (auto& d : *v.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim())
            if (d.has_dim_param()) d.set_dim_value(dims.at(d.dim_param()));
    for (const auto& v : g->input()) names[v.name()] = v.name();
    auto rename = [&](std::string* s) {
        if (s->empty()) return;
        auto [it, fresh] = names.emplace(*s, "");
        if (fresh) it->second = "n" + std::to_string(names.size());
        *s = it->second;
    };
    for (auto& t : *g->mutable_initializer()) rename(t.mutable_name());
    for (auto& n : *g->mutable_node()) {
        n.clear_name();
        for (auto& in : *n.mutable_input()) rename(&in);
        for (auto& out : *n.mutable_output()) rename(&out);
    }
    for (auto& v : *g->mutable_output()) rename(v.mutable_name());
    return m.SerializeAsString();
}

// What a seed must share with its model whichever compiler built the model: the models' builders nest
// node-making calls as function arguments, whose order C++ leaves to the compiler (GCC and Clang number
// the nodes differently), so the bytes may differ while the graph does not. The operators with their
// attributes' names, the initializers' sizes and the graph's inputs and outputs, each sorted.
std::vector<std::string> structureOf(const std::string& bytes) {
    onnx::ModelProto m;
    if (!m.ParseFromString(bytes)) return {"unparsable"};
    std::vector<std::string> parts;
    for (const auto& n : m.graph().node()) {
        std::string s = "node " + n.op_type() + " in " + std::to_string(n.input_size()) + " out " + std::to_string(n.output_size());
        for (const auto& a : n.attribute()) s += " " + a.name();
        parts.push_back(s);
    }
    for (const auto& t : m.graph().initializer()) {
        std::string s = "initializer";
        for (auto d : t.dims()) s += " " + std::to_string(d);
        parts.push_back(s);
    }
    for (const auto& v : m.graph().input()) parts.push_back("input " + v.name());
    parts.push_back("outputs " + std::to_string(m.graph().output_size()));
    std::sort(parts.begin(), parts.end());
    return parts;
}

}  // namespace

class TestOnnxTransformers : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path file(const std::string& name) const { return fs::path(dir_.path().toStdString()) / name; }
    std::string errorOf(const OnnxBuilder& b, const std::string& name, const OnnxImportOptions& options = {}) {
        try {
            importOnnx(b.save(file(name)), options);
        } catch (const InputError& e) {
            return e.what();
        }
        return "(no error)";
    }

private slots:
    void vitB16Style() {
        // torchvision vit_b_16's structure at image S = 32, patch p = 8, d = 16, H = 2 heads of dh = 8, MLP 32,
        // 2 encoder layers, 10 classes; --dim batch=2. Tokens T = (S / p)^2 + 1 = 17 with the class token.
        const std::int64_t B = 2, S = 32, p = 8, d = 16, H = 2, dh = 8, mlp = 32, T = 17, classes = 10;
        const OnnxImport r = importOnnxModel(onnxtest::vitB16Style().save(file("vit.onnx")),
                                             {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", B}}});
        const Workload& w = r.workload;
        QVERIFY(r.dropped.empty());
        Macs want;
        want["/conv_proj/Conv"] = B * d * (S / p) * (S / p) * 3 * p * p;  // N K P Q C R S
        for (int l = 0; l < 2; ++l) {
            const std::string layer = "/encoder/layers/encoder_layer_" + std::to_string(l), sa = layer + "/self_attention";
            want[sa + "/MatMul"] = B * T * d * (3 * d);  // in_proj: [B T, d] x [d, 3d]
            want[sa + "/MatMul_1"] = B * H * T * T * dh;  // Q.K^T per (batch, head): [T, dh] x [dh, T]
            want[sa + "/MatMul_2"] = B * H * T * T * dh;  // scores.V: [T, T] x [T, dh]
            want[sa + "/Gemm"] = B * T * d * d;           // out_proj on the [T B, d] view
            want[layer + "/mlp/mlp.0/MatMul"] = B * T * d * mlp;
            want[layer + "/mlp/mlp.3/MatMul"] = B * T * mlp * d;
        }
        want["/heads/head/Gemm"] = B * d * classes;  // on the class token only
        compareMacOps(w, want);
        // 98304 + 2 (26112 + 2 * 9248 + 8704 + 2 * 17408) + 320
        QCOMPARE(w.totalMacs(), sum(want));
        QCOMPARE(w.totalMacs(), std::int64_t{274880});
        const Op& qk = op(w, "/encoder/layers/encoder_layer_0/self_attention/MatMul_1");
        QCOMPARE((Shape{qk.B, qk.M, qk.N, qk.K}), (Shape{B * H, T, T, dh}));
        // chunk(3, -1) of the in_proj output: three copies [T, B, d] of a third of it.
        const Op& k = op(w, "/encoder/layers/encoder_layer_0/self_attention/Split_output_1");
        QCOMPARE(k.kind, OpKind::Gather);
        QCOMPARE(k.shape, (Shape{T, B, d}));
        QCOMPARE(k.inputs, std::vector<std::string>{"/encoder/layers/encoder_layer_0/self_attention/MatMul"});
        // x[:, 0] before the head: the class token of each image.
        const Op& cls = op(w, "/Gather_3");
        QCOMPARE(cls.kind, OpKind::Gather);
        QCOMPARE(cls.shape, (Shape{B, d}));
        QCOMPARE(w.figures(cls).inputElements, B * d);  // reads what it copies
        QCOMPARE(op(w, "/heads/head/Gemm").inputs, std::vector<std::string>{"/Gather_3"});
        // Vector and view ops: 2 per layer + the final layernorm, a softmax per layer, the Erf of each GELU.
        QCOMPARE(count(w, OpKind::LayerNorm), std::int64_t{5});
        QCOMPARE(count(w, OpKind::Softmax), std::int64_t{2});
        QCOMPARE(count(w, OpKind::Tanh), std::int64_t{2});
        QCOMPARE(count(w, OpKind::Gather), std::int64_t{2 * 3 + 1});
        QCOMPARE(op(w, "/encoder/layers/encoder_layer_1/self_attention/Reshape_1").shape, (Shape{B, H, T, dh}));
        QCOMPARE(op(w, "/Concat_2").shape, (Shape{B, T, d}));  // the class token concatenated
    }

    void swinTStyle() {
        // torchvision swin_t's structure at image 32, patch 4 (an 8 x 8 map), C = 8, window w = 4 (N = w^2 = 16
        // tokens a window), 10 classes; batch B = 2 from --batch. Stage 1: 2 blocks of 2 heads (dh = 4) over
        // nW = (8 / 4)^2 = 4 windows, L1 = 64 tokens; the second shifted by 2. Patch merging to a 4 x 4 map of
        // 2C = 16 (L2 = 16 tokens); stage 2: 1 block of 4 heads (dh = 4), one window.
        const std::int64_t B = 2, C = 8, N = 16, L1 = 64, nW1 = 4, H1 = 2, L2 = 16, C2 = 16, nW2 = 1, H2 = 4, dh = 4;
        const OnnxImport r = importOnnxModel(onnxtest::swinTStyle().save(file("swin.onnx")),
                                             {.batch = B, .ignoreUnsupported = false});
        const Workload& w = r.workload;
        QVERIFY(r.dropped.empty());
        Macs want;
        want["/features/features.0/features.0.0/Conv"] = B * C * 8 * 8 * 3 * 4 * 4;  // N K P Q C R S
        auto block = [&](const std::string& scope, std::int64_t L, std::int64_t c, std::int64_t windows, std::int64_t heads) {
            want[scope + "/attn/MatMul"] = B * L * c * (3 * c);            // qkv over every token
            want[scope + "/attn/MatMul_1"] = B * windows * heads * N * N * dh;  // Q.K^T per window and head
            want[scope + "/attn/MatMul_2"] = B * windows * heads * N * N * dh;  // scores.V
            want[scope + "/attn/MatMul_3"] = B * L * c * c;                // proj
            want[scope + "/mlp/mlp.0/MatMul"] = B * L * c * (4 * c);
            want[scope + "/mlp/mlp.3/MatMul"] = B * L * (4 * c) * c;
        };
        block("/features/features.1/features.1.0", L1, C, nW1, H1);
        block("/features/features.1/features.1.1", L1, C, nW1, H1);
        want["/features/features.2/reduction/MatMul"] = B * L2 * (4 * C) * (2 * C);  // 4C -> 2C, no bias
        block("/features/features.3/features.3.0", L2, C2, nW2, H2);
        want["/head/Gemm"] = B * C2 * 10;
        compareMacOps(w, want);
        // 49152 + 2 (24576 + 2 * 16384 + 8192 + 2 * 32768) + 16384 + (24576 + 2 * 8192 + 8192 + 2 * 32768) + 320
        QCOMPARE(w.totalMacs(), sum(want));
        QCOMPARE(w.totalMacs(), std::int64_t{442688});
        QVERIFY(!op(w, "/features/features.2/reduction/MatMul").bias);
        const std::string s0 = "/features/features.1/features.1.0/attn", s1 = "/features/features.1/features.1.1/attn";
        // Window partition: [B, 8, 8, C] viewed [B, 2, 4, 2, 4, C], permuted, [B nW, N, C].
        QCOMPARE(op(w, s0 + "/Reshape").shape, (Shape{B, 2, 4, 2, 4, C}));
        QCOMPARE(op(w, s0 + "/Transpose").shape, (Shape{B, 2, 2, 4, 4, C}));
        QCOMPARE(op(w, s0 + "/Reshape_1").shape, (Shape{B * nW1, N, C}));
        // q, k, v = qkv[0], qkv[1], qkv[2] of [3, B nW, heads, N, dh].
        for (const char* g : {"/Gather_8", "/Gather_9", "/Gather_10"}) {
            QCOMPARE(op(w, s0 + g).kind, OpKind::Gather);
            QCOMPARE(op(w, s0 + g).shape, (Shape{B * nW1, H1, N, dh}));
        }
        // The relative position bias (a Gather from the table, folded as a constant) is a one-input add.
        QCOMPARE(op(w, s0 + "/Add_1").inputs, std::vector<std::string>{s0 + "/MatMul_1"});
        // The shifted block's mask: scores viewed [B, nW, heads, N, N], + the constant mask, viewed back.
        QCOMPARE(op(w, s1 + "/Reshape_6").shape, (Shape{B, nW1, H1, N, N}));
        QCOMPARE(op(w, s1 + "/Add_2").inputs, std::vector<std::string>{s1 + "/Reshape_6"});
        QCOMPARE(op(w, s1 + "/Softmax").inputs, std::vector<std::string>{s1 + "/Reshape_7"});
        // torch.roll(x, (-2, -2), (1, 2)): per axis Slice [2:] and [:2] concatenated, rows then columns.
        QCOMPARE(op(w, s1 + "/Slice").shape, (Shape{B, 6, 8, C}));
        QCOMPARE(op(w, s1 + "/Slice_1").shape, (Shape{B, 2, 8, C}));
        QCOMPARE(op(w, s1 + "/Concat_1").inputs, (std::vector<std::string>{s1 + "/Slice", s1 + "/Slice_1"}));
        QCOMPARE(op(w, s1 + "/Slice_2").shape, (Shape{B, 8, 6, C}));
        QCOMPARE(op(w, s1 + "/Reshape").inputs, std::vector<std::string>{s1 + "/Concat_2"});
        // Rolled back by +2 after the window reverse: [-2:] then [:-2].
        QCOMPARE(op(w, s1 + "/Slice_4").shape, (Shape{B, 2, 8, C}));
        QCOMPARE(op(w, s1 + "/Slice_5").shape, (Shape{B, 6, 8, C}));
        // The pad to whole windows (zero here) and x[:, :H, :W, :] are no ops: the residual reads the roll.
        QCOMPARE(op(w, "/features/features.1/features.1.1/Add").inputs,
                 (std::vector<std::string>{"/features/features.1/features.1.0/Add_1", s1 + "/Concat_14"}));
        QVERIFY(!w.findOp(s0 + "/Pad"));
        // Patch merging: x[..., r::2, c::2, :] as two strided Slices each ([B, 4, 8, C] then [B, 4, 4, C]).
        QCOMPARE(op(w, "/features/features.2/Slice").shape, (Shape{B, 4, 8, C}));
        QCOMPARE(op(w, "/features/features.2/Slice_1").shape, (Shape{B, 4, 4, C}));
        QCOMPARE(op(w, "/features/features.2/Concat_1").shape, (Shape{B, 4, 4, 4 * C}));
        QCOMPARE(op(w, "/features/features.2/Concat_1").inputs.size(), std::size_t{4});
        // Gathers: 3 per block (q, k, v), 4 for each roll of the shifted block (2 rolls), 8 in the merge.
        QCOMPARE(count(w, OpKind::Gather), std::int64_t{3 * 3 + 2 * 4 + 8});
        QCOMPARE(count(w, OpKind::Softmax), std::int64_t{3});
        QCOMPARE(count(w, OpKind::LayerNorm), std::int64_t{1 + 2 * 3 + 1 + 1});
        QCOMPARE(op(w, "/avgpool/GlobalAveragePool").kind, OpKind::GlobalAvgPool);
    }

    void transformerEncoderWithPaddingMask() {
        // nn.TransformerEncoder: 2 post-LN layers of d = 32, H = 4 heads of dh = 8, feed-forward 64, GELU;
        // --dim batch=2,seq=10 (B = 2, T = 10).
        const std::int64_t B = 2, T = 10, d = 32, H = 4, dh = 8, ff = 64;
        const fs::path path = onnxtest::transformerEncoder().save(file("encoder.onnx"));
        const OnnxImport r =
            importOnnxModel(path, {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", B}, {"seq", T}}});
        const Workload& w = r.workload;
        QVERIFY(r.dropped.empty());
        Macs want;
        for (int l = 0; l < 2; ++l) {
            const std::string layer = "/layers." + std::to_string(l), sa = layer + "/self_attn";
            want[sa + "/MatMul"] = B * T * d * (3 * d);  // the packed in_proj
            want[sa + "/MatMul_1"] = B * H * T * T * dh;  // Q.K^T
            want[sa + "/MatMul_2"] = B * H * T * T * dh;  // scores.V
            want[sa + "/Gemm"] = B * T * d * d;           // out_proj
            want[layer + "/linear1/MatMul"] = B * T * d * ff;
            want[layer + "/linear2/MatMul"] = B * T * ff * d;
        }
        compareMacOps(w, want);
        // 2 (61440 + 2 * 6400 + 20480 + 2 * 40960)
        QCOMPARE(w.totalMacs(), sum(want));
        QCOMPARE(w.totalMacs(), std::int64_t{353280});
        QCOMPARE(w.inputs, (std::vector<GraphInput>{{"src", {B, T, d}}, {"src_key_padding_mask", {B, T}}}));
        // The bool mask to a float bias: a Where on the graph input ([B, T], one select per element).
        const Op& where = op(w, "/Where");
        QCOMPARE(where.kind, OpKind::Add);
        QCOMPARE(where.inputs, std::vector<std::string>{"src_key_padding_mask"});
        QCOMPARE(where.shape, (Shape{B, T}));
        // .view(B, 1, 1, T).expand(-1, H, -1, -1): a broadcast view; then added to the scores [B, H, T, T].
        const std::string sa = "/layers.1/self_attn";
        const Op& expand = op(w, sa + "/Expand");
        QCOMPARE(expand.kind, OpKind::Expand);
        QCOMPARE(expand.shape, (Shape{B, H, 1, T}));
        QCOMPARE(w.figures(expand).macs + w.figures(expand).elementOps, std::int64_t{0});
        QCOMPARE(op(w, sa + "/Add_1").inputs, (std::vector<std::string>{sa + "/MatMul_1", sa + "/Reshape_6"}));
        QCOMPARE(op(w, sa + "/Reshape_6").shape, (Shape{B, H, 1, T}));
        // proj.unflatten(-1, (3, d)).unsqueeze(0).transpose(0, -2).squeeze(-2), then proj[0..2].
        QCOMPARE(op(w, sa + "/Squeeze").shape, (Shape{3, T, B, d}));
        QCOMPARE(op(w, sa + "/Gather_4").kind, OpKind::Gather);
        QCOMPARE(op(w, sa + "/Gather_4").shape, (Shape{T, B, d}));
        // Decomposed layernorm: the means as reductions over d, the rest element-wise; no MACs anywhere else.
        QCOMPARE(op(w, "/layers.0/norm1/ReduceMean").kind, OpKind::GlobalAvgPool);
        QCOMPARE(op(w, "/layers.0/norm1/ReduceMean").W, d);
        QCOMPARE(count(w, OpKind::GlobalAvgPool), std::int64_t{2 * 2 * 2});
        QCOMPARE(count(w, OpKind::Softmax), std::int64_t{2});
        QCOMPARE(count(w, OpKind::Expand), std::int64_t{2});
        // The command line's --dim gives the same workload.
        const std::string out = file("encoder.json").string();
        const auto cli = testsupport::runCli({"import", "--onnx", path.string(), "--dim", "batch=2,seq=10", "--out", out});
        QVERIFY2(cli.status == 0, cli.err.c_str());
        QCOMPARE(loadWorkload(out).totalMacs(), std::int64_t{353280});
    }

    void gpt2Style_data() {
        QTest::addColumn<int>("mask");
        QTest::newRow("registered tril buffer, sliced") << static_cast<int>(onnxtest::CausalMask::Buffer);
        QTest::newRow("tril of ones (Trilu)") << static_cast<int>(onnxtest::CausalMask::Trilu);
    }
    void gpt2Style() {
        QFETCH(int, mask);
        // nanoGPT-style GPT-2: vocabulary V = 50, d = 32, H = 4 heads of dh = 8, MLP 4d, 2 blocks, lm_head tied
        // to wte; --dim batch=2,seq=10.
        const std::int64_t B = 2, T = 10, V = 50, d = 32, H = 4, dh = 8;
        const auto kind = static_cast<onnxtest::CausalMask>(mask);
        const OnnxImport r = importOnnxModel(onnxtest::gpt2Style(kind).save(file("gpt2.onnx")),
                                             {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", B}, {"seq", T}}});
        const Workload& w = r.workload;
        QVERIFY(r.dropped.empty());
        Macs want;
        for (int l = 0; l < 2; ++l) {
            const std::string h = "/transformer/h." + std::to_string(l);
            want[h + "/attn/c_attn/MatMul"] = B * T * d * (3 * d);
            want[h + "/attn/MatMul"] = B * H * T * T * dh;    // q @ k^T
            want[h + "/attn/MatMul_1"] = B * H * T * T * dh;  // att @ v
            want[h + "/attn/c_proj/MatMul"] = B * T * d * d;
            want[h + "/mlp/c_fc/MatMul"] = B * T * d * (4 * d);
            want[h + "/mlp/c_proj/MatMul"] = B * T * (4 * d) * d;
        }
        want["/lm_head/MatMul"] = B * T * d * V;  // x @ wte^T
        compareMacOps(w, want);
        // 2 (61440 + 2 * 6400 + 20480 + 2 * 81920) + 32000
        QCOMPARE(w.totalMacs(), sum(want));
        QCOMPARE(w.totalMacs(), std::int64_t{549120});
        const Op& head = op(w, "/lm_head/MatMul");
        QCOMPARE((Shape{head.M, head.N, head.K}), (Shape{B * T, V, d}));
        // The token embedding: rows of wte picked by the ids, [B, T, d]; + the folded position embedding.
        const Op& tok = op(w, "/transformer/wte/Gather");
        QCOMPARE(tok.kind, OpKind::Gather);
        QCOMPARE(tok.inputs, std::vector<std::string>{"idx"});
        QCOMPARE(tok.shape, (Shape{B, T, d}));
        QCOMPARE(op(w, "/transformer/Add").inputs, std::vector<std::string>{"/transformer/wte/Gather"});
        QCOMPARE(w.inputs, (std::vector<GraphInput>{{"idx", {B, T}}}));
        // masked_fill(mask == 0, -inf): the mask is folded (buffer slice or Trilu), the Where a vector op on the
        // scaled scores.
        for (int l = 0; l < 2; ++l) {
            const std::string a = "/transformer/h." + std::to_string(l) + "/attn";
            const Op& where = op(w, a + "/Where");
            QCOMPARE(where.kind, OpKind::Add);
            QCOMPARE(where.inputs, std::vector<std::string>{a + "/Mul"});
            QCOMPARE(where.shape, (Shape{B, H, T, T}));
            QCOMPARE(op(w, a + "/Softmax").inputs, std::vector<std::string>{a + "/Where"});
            // split(d, dim=2): three [B, T, d] pieces of c_attn's [B, T, 3d].
            QCOMPARE(op(w, a + "/Split_output_2").shape, (Shape{B, T, d}));
        }
        QVERIFY(!w.findOp("/transformer/h.0/attn/Trilu"));
        // GELU's tanh form: Pow, Mul, Add, Mul, Tanh, Add, Mul, Mul per block, no MACs.
        QCOMPARE(count(w, OpKind::Tanh), std::int64_t{2});
        QCOMPARE(count(w, OpKind::LayerNorm), std::int64_t{2 * 2 + 1});
        QCOMPARE(count(w, OpKind::Gather), std::int64_t{1 + 2 * 3});
    }

    void causalMaskShorterThanTheSequence() {
        // The registered buffer holds block_size = 16 positions; seq 17 slices it to [1, 1, 16, 16], which
        // does not broadcast against the scores [B, H, 17, 17]: refused, not imported with a wrong mask.
        const std::string e = errorOf(onnxtest::gpt2Style(onnxtest::CausalMask::Buffer), "gpt2_long.onnx",
                                      {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", 1}, {"seq", 17}}});
        QVERIFY2(contains(e, "gpt2_long.onnx: node \"/transformer/h.0/attn/Where\" (Where): shapes [1, 1, 16, 16] and "
                             "[1, 4, 17, 17] do not broadcast"),
                 e.c_str());
        QVERIFY2(!contains(e, "Softmax"), e.c_str());  // the ops reading it say nothing more (one message per cause)
        QCOMPARE(importOnnx(onnxtest::gpt2Style(onnxtest::CausalMask::Buffer).save(file("gpt2_16.onnx")),
                            {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", 1}, {"seq", 16}}})
                     .findOp("/transformer/h.0/attn/Where")
                     ->shape,
                 (Shape{1, 4, 16, 16}));
    }

    void sizesComputedFromActivationsAreNamed() {
        // x [2, 4, 4] and an int64 graph input "n": each size that must be known before the model runs, taken
        // from an activation instead, is refused naming the node and the input.
        auto model = [&](const std::string& type, std::vector<std::string> inputs, const Dims& nShape,
                         const std::vector<onnxtest::Attribute>& attrs = {}) {
            OnnxBuilder b(17);
            b.input("x", {2, 4, 4});
            std::vector<OnnxBuilder::DimSpec> dims(nShape.begin(), nShape.end());
            b.typedInput("n", dims, onnx::TensorProto_DataType_INT64);
            inputs.insert(inputs.begin(), "x");
            b.node(type, "op", inputs, attrs);
            b.node("Relu", "relu", {"op"});
            b.output("relu");
            return b;
        };
        const std::string after = " is computed from activations; AccelScope needs it before the model runs";
        struct Case {
            std::string type;
            std::vector<std::string> inputs;
            Dims nShape;
            std::string message;
        };
        OnnxBuilder constants(17);
        for (const Case& c : std::vector<Case>{
                 {"Trilu", {"n"}, {}, "its k (the diagonal offset): input #2 \"n\"" + after},
                 {"Slice", {"n", "end", "axis"}, {1}, "its bounds (starts, ends, axes, steps): input #2 \"n\"" + after},
                 {"Split", {"n"}, {2}, "its split sizes: input #2 \"n\"" + after},
                 {"Expand", {"n"}, {3}, "its target shape: input #2 \"n\"" + after},
                 {"Tile", {"n"}, {3}, "its repeats: input #2 \"n\"" + after},
                 {"Pad", {"n"}, {6}, "its pads (or fill value, axes): input #2 \"n\"" + after}}) {
            OnnxBuilder b = model(c.type, c.inputs, c.nShape);
            b.constantInt64("end", {1}, {2});
            b.constantInt64("axis", {1}, {1});
            const std::string e = errorOf(b, c.type + ".onnx");
            QVERIFY2(contains(e, c.type + ".onnx: node \"op\" (" + c.type + "): " + c.message), e.c_str());
        }
        // Where of three activations: the format's element-wise ops take one or two inputs.
        OnnxBuilder where(17);
        where.typedInput("c", {2, 4}, onnx::TensorProto_DataType_BOOL);
        where.input("a", {2, 4});
        where.input("b", {2, 4});
        where.node("Where", "select", {"c", "a", "b"});
        where.output("select");
        const std::string e1 = errorOf(where, "where3.onnx");
        QVERIFY2(contains(e1, "where3.onnx: node \"select\" (Where): its condition and both branches are activations"),
                 e1.c_str());
        // x[:, 7] of [2, 4, 4]: ONNX's shape inference does not read the index.
        OnnxBuilder gather(17);
        gather.input("x", {2, 4, 4});
        gather.constantNode("seven", {}, {7});
        gather.node("Gather", "pick", {"x", "seven"}, {{"axis", std::int64_t{1}}});
        gather.output("pick");
        const std::string e2 = errorOf(gather, "gather.onnx");
        QVERIFY2(contains(e2, "gather.onnx: node \"pick\" (Gather): index 7 is out of range for axis 1 of size 4 (data "
                              "[2, 4, 4])"),
                 e2.c_str());
        // Padding by something is not supported (listed); by nothing the Pad is no op.
        for (std::int64_t p : {0, 1}) {
            OnnxBuilder pad(17);
            pad.input("x", {1, 2, 4, 4});
            pad.constantNode("pads", {8}, {0, 0, 0, 0, 0, 0, p, p});
            pad.node("Pad", "pad", {"x", "pads"});
            pad.node("Relu", "relu", {"pad"});
            pad.output("relu");
            const std::string e = errorOf(pad, "pad.onnx");
            if (p == 0) {
                QCOMPARE(e, std::string("(no error)"));
                QCOMPARE(importOnnx(file("pad.onnx"), {}).findOp("relu")->inputs, std::vector<std::string>{"x"});
            } else {
                QVERIFY2(contains(e, "pad.onnx: unsupported operators: Pad x1"), e.c_str());
            }
        }
    }

    void selectionsOfActivations() {
        // x [2, 6, 4]: Slice [1:5:2] on axis 1 copies [2, 2, 4]; a Slice of everything is x itself; Split
        // [2, 4] on axis 1 gives [2, 2, 4] and [2, 4, 4]; Expand to [3, 2, 6, 4] is a view; Tile [1, 2, 1] a
        // copy [2, 12, 4]; Trilu of an activation a 0/1 mask multiply.
        OnnxBuilder b(17);
        b.input("x", {2, 6, 4});
        b.constantInt64("s", {1}, {1});
        b.constantInt64("e", {1}, {5});
        b.constantInt64("big", {1}, {100});
        b.constantInt64("zero", {1}, {0});
        b.constantInt64("ax", {1}, {1});
        b.constantInt64("two", {1}, {2});
        b.constantInt64("one", {1}, {1});
        b.node("Slice", "strided", {"x", "s", "e", "ax", "two"});
        b.node("Slice", "whole", {"x", "zero", "big", "ax", "one"});
        b.constantInt64("sizes", {2}, {2, 4});
        b.nodeOutputs("Split", "split", {"whole", "sizes"}, 2, {{"axis", std::int64_t{1}}});
        b.constantInt64("to", {4}, {3, 1, 1, 1});
        b.node("Expand", "expand", {"x", "to"});
        b.constantInt64("reps", {3}, {1, 2, 1});
        b.node("Tile", "tile", {"x", "reps"});
        b.node("Trilu", "tril", {"x"}, {{"upper", std::int64_t{0}}});
        for (const char* o : {"strided", "split_output_0", "split_output_1", "expand", "tile", "tril"}) b.output(o);
        const Workload w = importOnnx(b.save(file("selections.onnx")), {});
        QCOMPARE(op(w, "strided").kind, OpKind::Gather);
        QCOMPARE(op(w, "strided").shape, (Shape{2, 2, 4}));
        QVERIFY(!w.findOp("whole"));
        QCOMPARE(op(w, "split_output_0").shape, (Shape{2, 2, 4}));
        QCOMPARE(op(w, "split_output_1").shape, (Shape{2, 4, 4}));
        QCOMPARE(op(w, "split_output_1").inputs, std::vector<std::string>{"x"});
        QCOMPARE(w.figures(op(w, "split_output_1")).inputElements, std::int64_t{2 * 4 * 4});
        QCOMPARE(op(w, "expand").kind, OpKind::Expand);
        QCOMPARE(op(w, "expand").shape, (Shape{3, 2, 6, 4}));
        QCOMPARE(op(w, "tile").kind, OpKind::Gather);
        QCOMPARE(op(w, "tile").shape, (Shape{2, 12, 4}));
        QCOMPARE(op(w, "tril").kind, OpKind::Mul);
        QCOMPARE(w.figures(op(w, "tril")).elementOps, std::int64_t{2 * 6 * 4});
        QCOMPARE(w.totalMacs(), std::int64_t{0});
        // The written file reads back: the loader knows gather and expand.
        const std::string json = serializeWorkload(w);
        QVERIFY(contains(json, "\"kind\":\"gather\"") && contains(json, "\"kind\":\"expand\""));
        QCOMPARE(parseWorkload(json, "selections.json"), w);
    }

    void foldsTriluTileAndReduceProd() {
        using accelscope::onnximport::FoldedValue;
        OnnxBuilder b(17);
        b.constantNode("ones", {3, 3}, std::vector<std::int64_t>(9, 1));
        b.node("Trilu", "lower", {"ones"}, {{"upper", std::int64_t{0}}});  // torch.tril
        b.constantNode("k1", {}, {1});
        b.node("Trilu", "upper1", {"ones", "k1"});  // torch.triu(ones, diagonal=1): the causal mask's -inf part
        b.constantNode("row", {1, 2}, {2, 3});
        b.constantNode("reps", {2}, {2, 2});
        b.node("Tile", "tiled", {"row", "reps"});
        b.constantNode("dims", {3}, {2, 3, 4});
        b.node("ReduceProd", "numel", {"dims"}, {{"keepdims", std::int64_t{0}}});  // x.numel() of a [2, 3, 4]
        b.constantNode("m", {2, 2}, {1, 2, 3, 4});
        b.node("ReduceProd", "rows", {"m"}, {{"axes", Dims{1}}});
        ProblemList problems("fold");
        QCOMPARE(onnximport::foldShapeComputations(b.model(), problems), 5);
        QVERIFY(problems.empty());
        auto value = [&](const std::string& name) {
            for (const auto& n : b.model().graph().node())
                if (n.output(0) == name) return *onnximport::readTensor(n.attribute(0).t(), 100);
            throw std::runtime_error("no node " + name);
        };
        QCOMPARE(value("lower").ints, (Dims{1, 0, 0, 1, 1, 0, 1, 1, 1}));
        QCOMPARE(value("upper1").ints, (Dims{0, 1, 1, 0, 0, 1, 0, 0, 0}));
        QCOMPARE(value("tiled").dims, (Dims{2, 4}));
        QCOMPARE(value("tiled").ints, (Dims{2, 3, 2, 3, 2, 3, 2, 3}));
        QCOMPARE(value("numel").dims, Dims{});
        QCOMPARE(value("numel").ints, Dims{24});  // 2 * 3 * 4
        QCOMPARE(value("rows").dims, (Dims{2, 1}));
        QCOMPARE(value("rows").ints, (Dims{2, 12}));  // 1 * 2, 3 * 4
        // In an import: a flatten whose target is [x.size(0), prod(x.shape[1:])], as numel-style exports write it.
        OnnxBuilder flat(17);
        flat.input("x", {2, 3, 4});
        flat.node("Shape", "shape", {"x"});
        flat.constantNode("zero", {}, {0});
        flat.node("Gather", "n", {"shape", "zero"});
        flat.constantNode("axes", {1}, {0});
        flat.node("Unsqueeze", "n1", {"n", "axes"});
        flat.constantNode("from", {1}, {1});
        flat.constantNode("to", {1}, {3});
        flat.node("Slice", "rest", {"shape", "from", "to"});
        flat.node("ReduceProd", "prod", {"rest"}, {{"keepdims", std::int64_t{1}}});
        flat.node("Concat", "target", {"n1", "prod"}, {{"axis", std::int64_t{0}}});
        flat.node("Reshape", "flat", {"x", "target"});
        flat.node("Relu", "relu", {"flat"});
        flat.output("relu");
        QCOMPARE(importOnnx(flat.save(file("numel.onnx")), {}).findOp("relu")->shape, (Shape{2, 12}));
        // Bad folds name the node: Tile's repeats one per axis, Trilu's input a matrix at least.
        OnnxBuilder bad(17);
        bad.constantNode("v", {3}, {1, 2, 3});
        bad.constantNode("r", {2}, {1, 2});
        bad.node("Tile", "tile", {"v", "r"});
        bad.node("Trilu", "tri", {"v"});
        ProblemList badProblems("bad");
        onnximport::foldShapeComputations(bad.model(), badProblems);
        try {
            badProblems.throwIfAny();
            QFAIL("no error");
        } catch (const InputError& e) {
            const std::string m = e.what();
            QVERIFY2(contains(m, "node \"tile\" (Tile): repeats [1, 2] must hold one value per axis of the input [3]"),
                     m.c_str());
            QVERIFY2(contains(m, "node \"tri\" (Trilu): the input [3] has rank below 2"), m.c_str());
        }
    }

    void fuzzSeedCorpusHoldsTheModels() {
        // tests/fuzz/corpus/onnx/ holds each model in its seed form (seedForm: batch 2, seq 10 fixed, names
        // shortened) and nothing else changed (structureOf: the same operators, initializers and inputs;
        // the bytes depend on the compiler): the seeds import, without options as the fuzz target does,
        // to the MACs above. After changing a model, rewrite them with
        //   ACCELSCOPE_WRITE_ONNX_SEEDS=1 build/tests/onnx/test_onnx_transformers fuzzSeedCorpusHoldsTheModels
        const fs::path dir = fs::path(ACCELSCOPE_TESTS_DIR) / "fuzz" / "corpus" / "onnx";
        const std::map<std::string, std::int64_t> dims = {{"batch", 2}, {"seq", 10}, {"N", 2}};
        const std::vector<std::tuple<std::string, OnnxBuilder, std::int64_t>> seeds = {
            {"vit_b16_style.onnx", onnxtest::vitB16Style(), 274880},
            {"swin_t_style.onnx", onnxtest::swinTStyle(), 442688},
            {"transformer_encoder_padding_mask.onnx", onnxtest::transformerEncoder(), 353280},
            {"gpt2_style_tril_buffer.onnx", onnxtest::gpt2Style(onnxtest::CausalMask::Buffer), 549120},
            {"gpt2_style_trilu.onnx", onnxtest::gpt2Style(onnxtest::CausalMask::Trilu), 549120}};
        for (const auto& [name, model, macs] : seeds) {
            const std::string bytes = seedForm(model.model(), dims);
            QVERIFY2(bytes.size() <= 65536, (name + ": " + std::to_string(bytes.size()) + " bytes").c_str());
            if (qEnvironmentVariableIsSet("ACCELSCOPE_WRITE_ONNX_SEEDS")) std::ofstream(dir / name, std::ios::binary) << bytes;
            std::ifstream in(dir / name, std::ios::binary);
            std::stringstream seed;
            seed << in.rdbuf();
            QVERIFY2(structureOf(seed.str()) == structureOf(bytes),
                     (name + " differs from its model: rewrite the seeds (see above)").c_str());
            QCOMPARE(importOnnx(dir / name, {}).totalMacs(), macs);
        }
    }
};

QTEST_GUILESS_MAIN(TestOnnxTransformers)
#include "test_onnx_transformers.moc"
