// ONNX import: small graphs built through the protobuf API (onnx_builder.h) with hand-derived figures,
// ResNet-50 / MobileNetV2 / EfficientNet-B0 against the shipped files op for op, models without
// weights and with a free batch, unsupported operators, malformed files, ONNX's own node test models
// (libonnx-testdata, when installed) and the `import` command.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "onnx/load_any_workload.h"
#include "onnx/onnx_attention.h"
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_networks.h"
#include "support/cli_run.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
using onnxtest::Dims;
using onnxtest::OnnxBuilder;

namespace {
namespace fs = std::filesystem;

std::string errorOf(const fs::path& file, const OnnxImportOptions& options = {}) {
    try {
        importOnnx(file, options);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Op& onlyMacOp(const Workload& w) {
    const Op* found = nullptr;
    for (const auto& op : w.ops)
        if (op.isMacOp()) {
            if (found) QTest::qFail("more than one MAC op", __FILE__, __LINE__);
            found = &op;
        }
    if (!found) throw std::runtime_error("no MAC op");
    return *found;
}

// x [shape] -> Conv(W) -> Relu, with the attributes given.
OnnxBuilder convModel(const Dims& x, const Dims& w, const std::vector<onnxtest::Attribute>& attributes) {
    OnnxBuilder b;
    b.input("x", x);
    b.weight("w", w);
    b.node("Conv", "conv", {"x", "w"}, attributes);
    b.node("Relu", "relu", {"conv"});
    b.output("relu");
    return b;
}

std::int64_t convMacs(const Op& op) { return op.N * op.K * op.P * op.Q * (op.C / op.groups) * op.R * op.S; }

}  // namespace

class TestOnnxImport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path file(const std::string& name) const { return fs::path(dir_.path().toStdString()) / name; }

private slots:
    void convWithPadsStridesDilations() {
        // P = floor((32 + 2 - 2 (3 - 1) - 1) / 2) + 1 = 15; Q = floor((30 + 4 - 2 - 1) / 1) + 1 = 32.
        auto b = convModel({1, 3, 32, 30}, {8, 3, 3, 3},
                           {{"strides", Dims{2, 1}}, {"pads", Dims{1, 2, 1, 2}}, {"dilations", Dims{2, 1}}});
        const Workload w = importOnnx(b.save(file("conv.onnx")), {});
        QCOMPARE(w.ops.size(), std::size_t{2});
        const Op& c = w.ops[0];
        QCOMPARE(c.kind, OpKind::Conv);
        QCOMPARE(c.name, std::string("conv"));
        QCOMPARE(c.inputs, std::vector<std::string>{"x"});
        QCOMPARE(c.P, std::int64_t{15});
        QCOMPARE(c.Q, std::int64_t{32});
        QCOMPARE(c.C, std::int64_t{3});
        QCOMPARE(c.K, std::int64_t{8});
        QCOMPARE(c.padding, (std::array<std::int64_t, 2>{1, 2}));
        QCOMPARE(c.stride, (std::array<std::int64_t, 2>{2, 1}));
        QCOMPARE(c.dilation, (std::array<std::int64_t, 2>{2, 1}));
        QCOMPARE(w.totalMacs(), std::int64_t{8} * 15 * 32 * 3 * 9);
        QCOMPARE(w.ops[1].kind, OpKind::Relu);
        QCOMPARE(w.ops[1].shape, (std::vector<std::int64_t>{1, 8, 15, 32}));
        QCOMPARE(w.inputs.size(), std::size_t{1});
        QCOMPARE(w.inputs[0].shape, (std::vector<std::int64_t>{1, 3, 32, 30}));
    }

    void convAutoPad_data() {
        QTest::addColumn<QString>("autoPad");
        QTest::addColumn<int>("out");
        QTest::addColumn<int>("pad");
        // 15x15, 3x3, stride 2: SAME gives ceil(15/2) = 8 with 2 rows of padding in all (1 + 1);
        // VALID gives floor((15 - 3) / 2) + 1 = 7.
        QTest::newRow("SAME_UPPER") << "SAME_UPPER" << 8 << 1;
        QTest::newRow("SAME_LOWER") << "SAME_LOWER" << 8 << 1;
        QTest::newRow("VALID") << "VALID" << 7 << 0;
    }
    void convAutoPad() {
        QFETCH(QString, autoPad);
        QFETCH(int, out);
        QFETCH(int, pad);
        auto b = convModel({1, 4, 15, 15}, {4, 4, 3, 3}, {{"strides", Dims{2, 2}}, {"auto_pad", autoPad.toStdString()}});
        const Op c = onlyMacOp(importOnnx(b.save(file("autopad.onnx")), {}));
        QCOMPARE(c.P, std::int64_t{out});
        QCOMPARE(c.Q, std::int64_t{out});
        QCOMPARE(c.padding, (std::array<std::int64_t, 2>{pad, pad}));
    }

    void asymmetricPadsBecomeSymmetric() {
        // TensorFlow-style SAME at stride 2 on an even input: pads 0 before, 1 after; P = 112 = ceil(224/2).
        auto b = convModel({1, 3, 224, 224}, {32, 3, 3, 3}, {{"strides", Dims{2, 2}}, {"pads", Dims{0, 0, 1, 1}}});
        const Op c = onlyMacOp(importOnnx(b.save(file("asym.onnx")), {}));
        QCOMPARE(c.P, std::int64_t{112});
        QCOMPARE(c.padding, (std::array<std::int64_t, 2>{1, 1}));  // floor((224 + 2 - 3) / 2) + 1 = 112 as well
        // At stride 1 an odd total padding has no symmetric equivalent: a clear error, not a wrong figure.
        auto odd = convModel({1, 3, 8, 8}, {4, 3, 2, 2}, {{"pads", Dims{0, 0, 1, 1}}});
        const std::string e = errorOf(odd.save(file("odd.onnx")));
        QVERIFY2(contains(e, "odd.onnx: node \"conv\" (Conv): along H: pads 0 and 1"), e.c_str());
    }

    void groupedAndDepthwiseConv() {
        auto dw = convModel({1, 32, 56, 56}, {32, 1, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"group", std::int64_t{32}}});
        const Op d = onlyMacOp(importOnnx(dw.save(file("dw.onnx")), {}));
        QCOMPARE(d.groups, std::int64_t{32});
        QCOMPARE(d.C, std::int64_t{32});
        QCOMPARE(d.K, std::int64_t{32});
        QCOMPARE(convMacs(d), std::int64_t{32} * 56 * 56 * 9);
        auto grouped = convModel({1, 32, 28, 28}, {64, 8, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"group", std::int64_t{4}}});
        const Op g = onlyMacOp(importOnnx(grouped.save(file("grouped.onnx")), {}));
        QCOMPARE(g.groups, std::int64_t{4});
        QCOMPARE(g.K, std::int64_t{64});
        QCOMPARE(convMacs(g), std::int64_t{64} * 28 * 28 * 8 * 9);
        // Weight channels that do not match the input's with this group: named, not a crash.
        auto bad = convModel({1, 32, 28, 28}, {64, 16, 3, 3}, {{"group", std::int64_t{4}}});
        QVERIFY(contains(errorOf(bad.save(file("badgroup.onnx"))), "input channels 32 do not match"));
    }

    void conv1dIsAWindowOverW() {
        auto b = convModel({2, 16, 100}, {32, 16, 5}, {{"pads", Dims{2, 2}}});
        const Workload w = importOnnx(b.save(file("conv1d.onnx")), {});
        const Op& c = onlyMacOp(w);
        QCOMPARE(c.H, std::int64_t{1});
        QCOMPARE(c.R, std::int64_t{1});
        QCOMPARE(c.Q, std::int64_t{100});
        QCOMPARE(w.totalMacs(), std::int64_t{2} * 32 * 100 * 16 * 5);
        QCOMPARE(w.batch, std::int64_t{2});
    }

    void gemmTransposes() {
        OnnxBuilder b;
        b.input("x", {4, 256});
        b.weight("fc.weight", {10, 256});
        b.weight("fc.bias", {10});
        b.node("Gemm", "fc", {"x", "fc.weight", "fc.bias"}, {{"transB", std::int64_t{1}}});
        b.weight("w2", {10, 5});  // transA on the weight side: out = W2^T . fc^T ... as a linear over fc's rows
        b.node("Transpose", "fcT", {"fc"}, {{"perm", Dims{1, 0}}});
        b.node("Gemm", "g2", {"w2", "fcT"}, {{"transA", std::int64_t{1}}});
        b.output("g2");
        const Workload w = importOnnx(b.save(file("gemm.onnx")), {});
        const Op& fc = *w.findOp("fc");
        QCOMPARE(fc.kind, OpKind::Linear);
        QCOMPARE(fc.M, std::int64_t{4});
        QCOMPARE(fc.N, std::int64_t{10});
        QCOMPARE(fc.K, std::int64_t{256});
        QVERIFY(fc.bias);
        const Op& g2 = *w.findOp("g2");  // A^T [5,10] x fcT [10,4]: M 5, N 4, K 10, as a linear over fcT's 4 columns
        QCOMPARE(g2.kind, OpKind::Linear);
        QCOMPARE(g2.M * g2.N * g2.K, std::int64_t{5} * 4 * 10);
        QCOMPARE(g2.inputs, std::vector<std::string>{"fcT"});
    }

    void matmulWithWeightIsALinearWithItsBias() {
        OnnxBuilder b;
        b.input("h", {-1, 128, 768});
        b.weight("ffn.w", {768, 3072});
        b.weight("ffn.b", {3072});
        b.node("MatMul", "ffn.intermediate", {"h", "ffn.w"});
        b.node("Add", "ffn.bias", {"ffn.intermediate", "ffn.b"});
        b.node("Relu", "ffn.relu", {"ffn.bias"});
        b.output("ffn.relu");
        const Workload w = importOnnx(b.save(file("ffn.onnx")), {.batch = 2, .ignoreUnsupported = false});
        QCOMPARE(w.ops.size(), std::size_t{2});
        const Op& l = w.ops[0];
        QCOMPARE(l.kind, OpKind::Linear);
        QCOMPARE(l.M, std::int64_t{256});  // batch 2 x 128 tokens
        QCOMPARE(l.N, std::int64_t{3072});
        QCOMPARE(l.K, std::int64_t{768});
        QVERIFY(l.bias);
        QCOMPARE(w.ops[1].inputs, std::vector<std::string>{"ffn.intermediate"});
    }

    void attentionMatmuls() {
        // BERT-base heads: Q, K, V [1, 12, 128, 64]; scores = Q.K^T, context = softmax(scores).V.
        OnnxBuilder b;
        for (const char* t : {"q", "k", "v"}) b.input(t, {1, 12, 128, 64});
        b.node("Transpose", "kT", {"k"}, {{"perm", Dims{0, 1, 3, 2}}});
        b.node("MatMul", "scores", {"q", "kT"});
        b.constant("scale", {}, {0.125f});
        b.node("Mul", "scaled", {"scores", "scale"});
        b.node("Softmax", "probs", {"scaled"}, {{"axis", std::int64_t{-1}}});
        b.node("MatMul", "context", {"probs", "v"});
        b.output("context");
        const Workload w = importOnnx(b.save(file("attention.onnx")), {});
        const Op& s = *w.findOp("scores");
        QCOMPARE(s.kind, OpKind::MatMul);
        QCOMPARE(s.B, std::int64_t{12});
        QCOMPARE(s.M, std::int64_t{128});
        QCOMPARE(s.N, std::int64_t{128});
        QCOMPARE(s.K, std::int64_t{64});
        QCOMPARE(s.inputs, (std::vector<std::string>{"q", "kT"}));
        QCOMPARE(w.findOp("scaled")->inputs, std::vector<std::string>{"scores"});  // the constant is left out
        QCOMPARE(w.findOp("probs")->axis, std::int64_t{-1});
        const Op& c = *w.findOp("context");
        QCOMPARE(c.B * c.M * c.N * c.K, std::int64_t{12} * 128 * 64 * 128);
        QCOMPARE(w.totalMacs(), std::int64_t{2} * 12 * 128 * 128 * 64);
        QCOMPARE(w.findOp("kT")->kind, OpKind::Transpose);
    }

    void attentionBlockWithShapesComputedInTheGraph() {
        // onnx_attention.h: d = 64, 4 heads of dh = 16; --dim fixes batch B = 2 and sequence T = 10.
        const std::int64_t B = 2, T = 10, d = 64, H = 4, dh = 16;
        const fs::path path = onnxtest::attentionBlock().save(file("attention_block.onnx"));
        const OnnxImport r = importOnnxModel(path, {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", B}, {"seq", T}}});
        const Workload& w = r.workload;
        QVERIFY(r.dropped.empty());
        QCOMPARE(w.batch, B);
        QCOMPARE(w.inputs[0].shape, (std::vector<std::int64_t>{B, T, d}));
        // Projections q, k, v, o: a linear over the B T tokens, [B T, d] x [d, d]: B T d d MACs each.
        for (const char* p : {"/q/MatMul", "/k/MatMul", "/v/MatMul", "/o/MatMul"}) {
            const Op& l = *w.findOp(p);
            QCOMPARE(l.kind, OpKind::Linear);
            QCOMPARE(l.M, B * T);
            QCOMPARE(l.N, d);
            QCOMPARE(l.K, d);
            QVERIFY(l.bias);  // the Add of the bias folded in
            QCOMPARE(w.figures(l).macs, B * T * d * d);
        }
        // Q.K^T: for each of the B H (batch, head) pairs a [T, dh] x [dh, T] product: B H T T dh MACs.
        const Op& s = *w.findOp("/MatMul");
        QCOMPARE(s.kind, OpKind::MatMul);
        QCOMPARE(s.inputs, (std::vector<std::string>{"/Transpose", "/Transpose_1"}));  // two activations, no weight
        QCOMPARE(s.B, B * H);
        QCOMPARE(s.M, T);
        QCOMPARE(s.N, T);
        QCOMPARE(s.K, dh);
        QCOMPARE(w.figures(s).macs, B * H * T * T * dh);
        QCOMPARE(w.figures(s).weightElements, std::int64_t{0});
        // scores.V: for each pair [T, T] x [T, dh]: B H T dh T MACs.
        const Op& c = *w.findOp("/MatMul_1");
        QCOMPARE(c.inputs, (std::vector<std::string>{"/Softmax", "/Transpose_2"}));
        QCOMPARE(c.B, B * H);
        QCOMPARE(c.M, T);
        QCOMPARE(c.N, dh);
        QCOMPARE(c.K, T);
        QCOMPARE(w.figures(c).macs, B * H * T * dh * T);
        // 4 B T d^2 + 2 B H T^2 dh = 4*2*10*64*64 + 2*2*4*10*10*16 = 327680 + 25600.
        QCOMPARE(w.totalMacs(), 4 * B * T * d * d + 2 * B * H * T * T * dh);
        QCOMPARE(w.totalMacs(), std::int64_t{353280});
        QCOMPARE(w.macOpCount(), std::int64_t{6});
        // The folded masks are constant operands of vector adds; the head split and merge are views.
        QCOMPARE(w.findOp("/Add")->inputs, std::vector<std::string>{"/Mul"});
        QCOMPARE(w.findOp("/Add_1")->shape, (std::vector<std::int64_t>{B, H, T, T}));
        QCOMPARE(w.findOp("/Reshape")->shape, (std::vector<std::int64_t>{B, T, H, dh}));
        QCOMPARE(w.findOp("/Reshape_3")->shape, (std::vector<std::int64_t>{B, T, d}));
        QCOMPARE(w.findOp("/Reshape_3")->kind, OpKind::Reshape);
        // Fixed sizes in the file import the same without --dim.
        const fs::path fixed = onnxtest::attentionBlock({.batch = B, .seq = T}).save(file("attention_fixed.onnx"));
        QCOMPARE(importOnnx(fixed, {}).totalMacs(), w.totalMacs());
    }

    void vitPatchGridDividedInTheGraph() {
        // 32 x 32 image, 8 x 8 patches: a 4 x 4 grid of 16 tokens of d = 16, plus the class token.
        const std::int64_t B = 3, d = 16, tokens = (32 / 8) * (32 / 8);
        const Workload w = importOnnx(onnxtest::vitStem().save(file("vit_stem.onnx")),
                                      {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", B}}});
        // conv_proj: N K P Q C R S = B d 4 4 3 8 8.
        QCOMPARE(w.figures(*w.findOp("/conv_proj/Conv")).macs, B * d * 4 * 4 * 3 * 8 * 8);
        QCOMPARE(w.findOp("/Reshape")->shape, (std::vector<std::int64_t>{B, d, tokens}));
        QCOMPARE(w.findOp("/Concat_2")->shape, (std::vector<std::int64_t>{B, tokens + 1, d}));
        // The head over every token: M = B (tokens + 1), N = K = d.
        QCOMPARE(w.figures(*w.findOp("/head/MatMul")).macs, B * (tokens + 1) * d * d);
        QCOMPARE(w.totalMacs(), B * d * 4 * 4 * 3 * 8 * 8 + B * (tokens + 1) * d * d);
    }

    void symbolicDimsFromTheCommandLine() {
        const fs::path path = onnxtest::attentionBlock().save(file("attn.onnx"));
        const std::string e1 = errorOf(path, {.batch = 1, .ignoreUnsupported = false, .dims = {{"batch", 1}}});
        QVERIFY2(contains(e1, "attn.onnx: input \"x\": axis 1 (\"seq\") has no fixed size; give it with --dim seq=SIZE"),
                 e1.c_str());
        const std::string e2 = errorOf(path, {.batch = 1, .ignoreUnsupported = false, .dims = {{"seq", 8}, {"tokens", 8}}});
        QVERIFY2(contains(e2, "attn.onnx: --dim tokens: no input of the model has a dim named \"tokens\" (its symbolic "
                              "dims: batch, seq)"),
                 e2.c_str());
        const std::string e3 = errorOf(path, {.batch = 1, .ignoreUnsupported = false, .dims = {{"seq", 0}}});
        QVERIFY2(contains(e3, "attn.onnx: --dim seq=0: a size must be in 1..2^24"), e3.c_str());
        // A free batch axis not named in --dim still takes --batch: B = 3, T = 8 gives 4*3*8*64*64 + 2*3*4*8*8*16.
        const Workload w = importOnnx(path, {.batch = 3, .ignoreUnsupported = false, .dims = {{"seq", 8}}});
        QCOMPARE(w.totalMacs(), std::int64_t{4} * 3 * 8 * 64 * 64 + 2 * 3 * 4 * 8 * 8 * 16);
        // The command line: exit status 2 for each problem, the message naming it.
        const std::string out = file("attn.json").string();
        auto r = testsupport::runCli({"import", "--onnx", path.string(), "--dim", "batch=1,seq=16", "--out", out});
        QVERIFY2(r.status == 0, r.err.c_str());
        QCOMPARE(loadWorkload(out).totalMacs(), std::int64_t{4} * 16 * 64 * 64 + 2 * 4 * 16 * 16 * 16);
        for (const auto& [dims, message] : std::vector<std::pair<std::string, std::string>>{
                 {"", "give it with --dim seq=SIZE"},
                 {"seq=8,heads=4", "--dim heads: no input of the model has a dim named \"heads\""},
                 {"seq=0", "--dim seq: the size must be an integer from 1 to 16777216, got \"0\""},
                 {"seq=-3", "--dim seq: the size must be an integer from 1 to 16777216"},
                 {"seq", "--dim takes NAME=SIZE"},
                 {"seq=4,seq=8", "--dim names seq twice"}}) {
            std::vector<std::string> argv = {"import", "--onnx", path.string(), "--out", out};
            if (!dims.empty()) argv.insert(argv.end(), {"--dim", dims});
            r = testsupport::runCli(argv);
            QCOMPARE(r.status, 2);
            QVERIFY2(contains(r.err, message), r.err.c_str());
        }
    }

    void badShapeComputationsAreNamed() {
        // x [2, 3, 4] -> Shape -> Gather(index) -> Unsqueeze -> Concat([index's dim, rest]) -> Reshape.
        auto model = [&](std::int64_t index, std::int64_t rest) {
            OnnxBuilder b;
            b.input("x", {2, 3, 4});
            b.node("Shape", "shape", {"x"});
            b.constantNode("index", {}, {index});
            b.node("Gather", "gather", {"shape", "index"});
            b.constantNode("axes", {1}, {0});
            b.node("Unsqueeze", "unsqueeze", {"gather", "axes"});
            b.constantNode("rest", {1}, {rest});
            b.node("Concat", "target", {"unsqueeze", "rest"}, {{"axis", std::int64_t{0}}});
            b.node("Reshape", "reshape", {"x", "target"});
            b.node("Relu", "relu", {"reshape"});
            b.output("relu");
            return b;
        };
        QCOMPARE(importOnnx(model(0, 12).save(file("fold_ok.onnx")), {}).findOp("relu")->shape,
                 (std::vector<std::int64_t>{2, 12}));
        const std::string e1 = errorOf(model(5, 12).save(file("gather.onnx")));
        QVERIFY2(contains(e1, "gather.onnx: node \"gather\" (Gather): index 5 is out of range for axis 0 of size 3"), e1.c_str());
        const std::string e2 = errorOf(model(0, 5).save(file("target.onnx")));
        QVERIFY2(contains(e2, "target.onnx: node \"reshape\" (Reshape): target [2, 5] does not match the 24 elements of "
                              "the input [2, 3, 4]"),
                 e2.c_str());
        const std::string e3 = errorOf(model(-1, -1).save(file("minus.onnx")));  // [4, -1]: 24 / 4 = 6
        QVERIFY2(e3 == "(no error)", e3.c_str());
        // Range with step 0; a ConstantOfShape of 2^21 x 2^21 = 2^42 elements.
        OnnxBuilder range;
        range.input("x", {1, 6});
        range.node("Shape", "shape", {"x"});
        range.constantNode("one", {}, {1});
        range.constantNode("zero", {}, {0});
        range.node("Gather", "n", {"shape", "one"});
        range.node("Range", "range", {"zero", "n", "zero"});
        range.node("Shape", "count", {"range"});
        range.node("Reshape", "reshape", {"x", "count"});
        range.output("reshape");
        const std::string e4 = errorOf(range.save(file("range.onnx")));
        QVERIFY2(contains(e4, "range.onnx: node \"range\" (Range): delta (the step) is 0"), e4.c_str());
        OnnxBuilder huge;
        huge.input("x", {1, 4});
        huge.constantNode("dims", {2}, {std::int64_t{1} << 21, std::int64_t{1} << 21});
        huge.node("ConstantOfShape", "fill", {"dims"});
        huge.node("Add", "add", {"x", "fill"});
        huge.output("add");
        // A target the folding cannot compute is named with the node that stopped it.
        OnnxBuilder sign;
        sign.input("x", {2, 3, 4});
        sign.node("Shape", "shape", {"x"});
        sign.node("Sign", "sign", {"shape"});
        sign.node("Reshape", "reshape", {"x", "sign"});
        sign.output("reshape");
        const std::string e6 = errorOf(sign.save(file("sign.onnx")), {.batch = 1, .ignoreUnsupported = true, .dims = {}});
        QVERIFY2(contains(e6, "sign.onnx: node \"reshape\" (Reshape): the shape of its output \"reshape\" is unknown after "
                              "shape inference (or has a zero or free dim); its target \"sign\" is not computed before the "
                              "model runs: node \"sign\" (Sign) was not folded"),
                 e6.c_str());
        const std::string e5 = errorOf(huge.save(file("huge.onnx")));
        QVERIFY2(contains(e5, "huge.onnx: node \"fill\" (ConstantOfShape): the output shape [2097152, 2097152] has more "
                              "than 2^40 elements"),
                 e5.c_str());
    }

    void decomposedLayerNormAndGelu() {
        // What older exporters write: layernorm as ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add and
        // GELU as x * 0.5 * (1 + erf(x / sqrt(2))): mapped op by op, nothing lost.
        OnnxBuilder b;
        b.input("x", {1, 16, 64});
        b.constant("two", {}, {2.0f});
        b.constant("eps", {}, {1e-5f});
        b.constant("half", {}, {0.5f});
        b.constant("one", {}, {1.0f});
        b.constant("sqrt2", {}, {1.4142135f});
        b.weight("gamma", {64});
        b.weight("beta", {64});
        b.node("ReduceMean", "mean", {"x"}, {{"axes", Dims{-1}}});
        b.node("Sub", "centered", {"x", "mean"});
        b.node("Pow", "sq", {"centered", "two"});
        b.node("ReduceMean", "var", {"sq"}, {{"axes", Dims{-1}}});
        b.node("Add", "var_eps", {"var", "eps"});
        b.node("Sqrt", "std", {"var_eps"});
        b.node("Div", "normed", {"centered", "std"});
        b.node("Mul", "scaled", {"normed", "gamma"});
        b.node("Add", "shifted", {"scaled", "beta"});
        b.node("Div", "xs", {"shifted", "sqrt2"});
        b.node("Erf", "erf", {"xs"});
        b.node("Add", "erf1", {"erf", "one"});
        b.node("Mul", "xe", {"shifted", "erf1"});
        b.node("Mul", "gelu", {"xe", "half"});
        b.output("gelu");
        const Workload w = importOnnx(b.save(file("decomposed.onnx")), {});
        QCOMPARE(w.ops.size(), std::size_t{14});
        const Op& mean = *w.findOp("mean");
        QCOMPARE(mean.kind, OpKind::GlobalAvgPool);
        QCOMPARE(mean.N * mean.C, std::int64_t{16});
        QCOMPARE(mean.N * mean.C * mean.H * mean.W, std::int64_t{16 * 64});
        QCOMPARE(w.findOp("centered")->inputs, (std::vector<std::string>{"x", "mean"}));
        QCOMPARE(w.findOp("erf")->kind, OpKind::Tanh);
        QCOMPARE(w.totalMacs(), std::int64_t{0});
    }

    void layerNormGeluAndHardSwishOps() {
        OnnxBuilder b(17);
        b.useDomain("com.microsoft", 1);
        b.input("x", {1, 8, 32});
        b.weight("ln.w", {32});
        b.weight("ln.b", {32});
        b.node("LayerNormalization", "ln", {"x", "ln.w", "ln.b"}, {{"axis", std::int64_t{-1}}});
        b.node("Gelu", "gelu", {"ln"}, {}, "com.microsoft");
        b.node("HardSwish", "hs", {"gelu"});
        b.node("Clip", "clip", {"hs"}, {});
        b.output("clip");
        const Workload w = importOnnx(b.save(file("ln.onnx")), {});
        QCOMPARE(w.findOp("ln")->kind, OpKind::LayerNorm);
        QCOMPARE(w.findOp("ln")->axis, std::int64_t{-1});
        QCOMPARE(w.findOp("gelu")->kind, OpKind::Gelu);
        QCOMPARE(w.findOp("gelu")->shape, (std::vector<std::int64_t>{1, 8, 32}));
        QCOMPARE(w.findOp("hs")->kind, OpKind::HardSwish);
    }

    void networksMatchShippedFiles_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("resnet50") << "resnet50";
        QTest::newRow("mobilenet_v2") << "mobilenet_v2";
        QTest::newRow("efficientnet_b0") << "efficientnet_b0";
    }
    void networksMatchShippedFiles() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        OnnxBuilder b = n == "resnet50" ? onnxtest::resnet50() : n == "mobilenet_v2" ? onnxtest::mobilenetV2()
                                                                                      : onnxtest::efficientnetB0();
        const OnnxImport r = importOnnxModel(b.save(file(n + ".onnx")), {});
        const Workload shipped = loadWorkloadByNameOrPath(n);
        const Workload& w = r.workload;
        qInfo("%s: imported %lld MACs in %lld MAC ops, shipped %lld in %lld; %lld of %lld nodes folded", n.c_str(),
              static_cast<long long>(w.totalMacs()), static_cast<long long>(w.macOpCount()),
              static_cast<long long>(shipped.totalMacs()), static_cast<long long>(shipped.macOpCount()),
              static_cast<long long>(r.foldedNodes), static_cast<long long>(r.nodes));
        QCOMPARE(w.totalMacs(), shipped.totalMacs());
        QCOMPARE(w.macOpCount(), shipped.macOpCount());
        QCOMPARE(w.inputs, shipped.inputs);
        QCOMPARE(w.ops.size(), shipped.ops.size());
        for (std::size_t i = 0; i < w.ops.size(); ++i) {
            QCOMPARE(w.ops[i].name, shipped.ops[i].name);
            QVERIFY2(w.ops[i] == shipped.ops[i], w.ops[i].name.c_str());  // every field, edges included
        }
        QVERIFY(r.dropped.empty());
    }

    void weightlessModelAndFreeBatch() {
        // Weights as graph inputs (exported without weights) and a free batch dim "N" taking the batch.
        OnnxBuilder b = onnxtest::resnet50(/*weightsAsInputs=*/true, /*batch=*/-1);
        const fs::path path = b.save(file("resnet50_weightless.onnx"));
        QVERIFY(fs::file_size(path) < 100000);
        const Workload shipped = loadWorkloadByNameOrPath("resnet50");
        const Workload one = importOnnx(path, {});
        QCOMPARE(one.totalMacs(), shipped.totalMacs());
        QCOMPARE(one.inputs.size(), std::size_t{1});  // the weights are not activations
        QCOMPARE(one.inputs[0].name, std::string("image"));
        const Workload four = importOnnx(path, {.batch = 4, .ignoreUnsupported = false});
        QCOMPARE(four.batch, std::int64_t{4});
        QCOMPARE(four.totalMacs(), 4 * shipped.totalMacs());
        QCOMPARE(four.inputs[0].shape, (std::vector<std::int64_t>{4, 3, 224, 224}));
        QCOMPARE(four.findOp("fc")->M, std::int64_t{4});
        // A free dim other than the batch axis has no size to take.
        OnnxBuilder seq;
        seq.input("tokens", {1, -1, 64}, "sequence");
        seq.weight("w", {64, 64});
        seq.node("MatMul", "proj", {"tokens", "w"});
        seq.output("proj");
        const std::string e = errorOf(seq.save(file("seq.onnx")));
        QVERIFY2(contains(e, "seq.onnx: input \"tokens\": axis 1 (\"sequence\") has no fixed size"), e.c_str());
    }

    void unsupportedOperatorsAreListed() {
        OnnxBuilder b;
        b.input("x", {1, 8, 16, 16});
        b.weight("w", {8, 8, 3, 3});
        b.constant("scales", {4}, {1.0f, 1.0f, 2.0f, 2.0f});
        b.node("Conv", "conv1", {"x", "w"}, {{"pads", Dims{1, 1, 1, 1}}});
        b.node("Resize", "up1", {"conv1", "", "scales"});
        b.node("Resize", "up2", {"up1", "", "scales"});
        b.node("Conv", "conv2", {"up2", "w"}, {{"pads", Dims{1, 1, 1, 1}}});
        b.input("boxes", {1, 10, 4});
        b.input("scores", {1, 1, 10});
        b.node("NonMaxSuppression", "nms", {"boxes", "scores"});
        b.output("conv2");
        b.output("nms");
        const fs::path path = b.save(file("model.onnx"));
        const std::string e = errorOf(path);
        QCOMPARE(e, path.string() + ": unsupported operators: Resize x2, NonMaxSuppression x1 (use "
                                    "--ignore-unsupported to drop them)");
        const OnnxImport r = importOnnxModel(path, {.batch = 1, .ignoreUnsupported = true});
        QCOMPARE(r.dropped, (std::vector<UnsupportedOperator>{{"Resize", 2}, {"NonMaxSuppression", 1}}));
        const Workload& w = r.workload;
        QCOMPARE(w.macOpCount(), std::int64_t{2});
        // The dropped node's output becomes a graph input, so conv2 keeps its true size.
        QCOMPARE(w.findOp("conv2")->inputs, std::vector<std::string>{"up2"});
        QCOMPARE(w.findOp("conv2")->H, std::int64_t{64});
        QCOMPARE(w.inputs.size(), std::size_t{2});
        QCOMPARE(w.inputs[1].name, std::string("up2"));
        QCOMPARE(w.inputs[1].shape, (std::vector<std::int64_t>{1, 8, 64, 64}));
    }

    void malformedFilesAreInputErrors() {
        OnnxBuilder b = onnxtest::mobilenetV2();
        const std::string bytes = b.bytes();
        auto write = [&](const std::string& name, const std::string& data) {
            std::ofstream(file(name), std::ios::binary) << data;
            return file(name);
        };
        const fs::path cut = write("truncated.onnx", bytes.substr(0, bytes.size() - 1));
        QVERIFY(contains(errorOf(cut), cut.string() + ": not an ONNX model"));
        const fs::path junk = write("garbage.onnx", "this is not a protobuf \xff\xff\xff\xff");
        QVERIFY(contains(errorOf(junk), junk.string() + ": "));
        QVERIFY(contains(errorOf(write("empty.onnx", "")), "empty.onnx: the file is empty"));
        QVERIFY(contains(errorOf(file("missing.onnx")), "missing.onnx: cannot open the file"));
        // Every truncation of a real model: an InputError naming the file or a smaller model, never a crash.
        int errors = 0;
        for (std::size_t n = 0; n < bytes.size(); n += 97) {
            const fs::path p = write("cut.onnx", bytes.substr(0, n));
            try {
                importOnnx(p, {.batch = 1, .ignoreUnsupported = true});
            } catch (const InputError& e) {
                QVERIFY2(contains(e.what(), p.string() + ": "), e.what());
                ++errors;
            }
        }
        QVERIFY(errors > 0);
        // A node without its weight, a zero dim, an input without a shape, a bad attribute.
        OnnxBuilder noWeight;
        noWeight.input("x", {1, 3, 8, 8});
        noWeight.node("Conv", "conv", {"x"});
        noWeight.output("conv");
        const std::string e1 = errorOf(noWeight.save(file("noweight.onnx")));
        QVERIFY2(contains(e1, "noweight.onnx: node \"conv\" (Conv): input #2 is missing"), e1.c_str());
        auto zero = convModel({1, 3, 0, 8}, {4, 3, 3, 3}, {});
        const std::string e2 = errorOf(zero.save(file("zero.onnx")));
        QVERIFY2(contains(e2, "zero.onnx: input \"x\": axis 2 has size 0"), e2.c_str());
        OnnxBuilder noShape;
        noShape.input("x", {1, 3, 8, 8});
        noShape.model().mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->clear_shape();
        noShape.node("Relu", "relu", {"x"});
        noShape.output("relu");
        QVERIFY(contains(errorOf(noShape.save(file("noshape.onnx"))), "noshape.onnx: input \"x\": has no tensor shape"));
        auto badAttr = convModel({1, 3, 8, 8}, {4, 3, 3, 3}, {{"strides", std::string("two")}});
        const std::string e3 = errorOf(badAttr.save(file("badattr.onnx")));
        QVERIFY2(contains(e3, "badattr.onnx: node \"conv\" (Conv): attribute strides must be a list of integers"), e3.c_str());
        auto badStride = convModel({1, 3, 8, 8}, {4, 3, 3, 3}, {{"strides", Dims{0, 1}}});
        // ONNX's shape inference would divide by the zero stride: checked before it runs.
        const std::string e4 = errorOf(badStride.save(file("badstride.onnx")));
        QVERIFY2(contains(e4, "badstride.onnx: node \"conv\" (Conv): attribute strides must hold positive integers"),
                 e4.c_str());
        // Two Relus feeding each other: a cycle (ONNX 1.12's shape inference crashed on one, found by
        // fuzzing); the same name produced twice breaks the single-assignment rule.
        OnnxBuilder cyclic;
        cyclic.input("x", {1, 4});
        cyclic.node("Add", "a", {"x", "b"});
        cyclic.node("Relu", "b", {"a"});
        cyclic.output("b");
        const std::string e5 = errorOf(cyclic.save(file("cyclic.onnx")));
        QVERIFY2(contains(e5, "cyclic.onnx: node \"a\" (Add): input \"b\" is not a graph input, an initializer or the "
                              "output of an earlier node"),
                 e5.c_str());
        OnnxBuilder twice;
        twice.input("x", {1, 4});
        twice.node("Relu", "r", {"x"});
        twice.node("Relu", "r", {"x"});
        twice.output("r");
        const std::string e6 = errorOf(twice.save(file("twice.onnx")));
        QVERIFY2(contains(e6, "twice.onnx: node \"r\" (Relu): output \"r\" is already defined"), e6.c_str());
    }

    void onnxNodeTestModels() {
        const fs::path root = "/usr/share/libonnx-testdata/data/node";
        if (!fs::is_directory(root)) QSKIP("libonnx-testdata is not installed");
        int imported = 0, refused = 0;
        for (const auto& e : fs::directory_iterator(root)) {
            const std::string name = e.path().filename().string();
            if (name.rfind("test_conv", 0) != 0 && name.rfind("test_gemm", 0) != 0 && name.rfind("test_matmul", 0) != 0)
                continue;
            const fs::path model = e.path() / "model.onnx";
            if (!fs::exists(model)) continue;
            const bool transposed = contains(name, "convtranspose");  // not expressible in the format (docs/workloads.md)
            try {
                const Workload w = importOnnx(model, {.batch = 1, .ignoreUnsupported = true});
                QVERIFY2(!transposed, name.c_str());
                QVERIFY2(w.macOpCount() >= 1 && w.totalMacs() > 0, name.c_str());
                ++imported;
            } catch (const InputError& err) {
                QVERIFY2(transposed, (name + ": " + err.what()).c_str());
                ++refused;
            }
        }
        qInfo("libonnx-testdata: %d models imported with MAC ops, %d ConvTranspose models refused", imported, refused);
        QVERIFY(imported >= 20);
    }

    void loadAnyWorkloadDispatches() {
        OnnxBuilder b = onnxtest::mobilenetV2();
        const fs::path path = b.save(file("mnv2.onnx"));
        QCOMPARE(loadAnyWorkload(path.string()).totalMacs(), loadWorkloadByNameOrPath("mobilenet_v2").totalMacs());
        QCOMPARE(loadAnyWorkload("mobilenet_v2"), loadWorkloadByNameOrPath("mobilenet_v2"));
    }

    void cliImport() {
        OnnxBuilder b = onnxtest::resnet50();
        const std::string model = b.save(file("cli_resnet50.onnx")).string();
        const std::string out = file("cli_resnet50.json").string();
        auto r = testsupport::runCli({"import", "--onnx", model, "--out", out});
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY2(contains(r.out, "cli_resnet50.json: 175 ops, 54 MAC ops, 4.09 GMACs at batch 1;"), r.out.c_str());
        const Workload written = loadWorkload(out);
        QCOMPARE(written.totalMacs(), loadWorkloadByNameOrPath("resnet50").totalMacs());
        // The .onnx path works wherever a workload is taken.
        r = testsupport::runCli({"info", "--workload", model});
        QVERIFY2(r.status == 0, r.err.c_str());
        // Bad input: exit status 2 with the message.
        OnnxBuilder u;
        u.input("x", {1, 8, 16, 16});
        u.constant("scales", {4}, {1.0f, 1.0f, 2.0f, 2.0f});
        u.node("Resize", "up", {"x", "", "scales"});
        u.node("Relu", "relu", {"up"});
        u.output("relu");
        const std::string bad = u.save(file("resize.onnx")).string();
        r = testsupport::runCli({"import", "--onnx", bad, "--out", file("resize.json").string()});
        QCOMPARE(r.status, 2);
        QVERIFY2(contains(r.err, "resize.onnx: unsupported operators: Resize x1 (use --ignore-unsupported"), r.err.c_str());
        r = testsupport::runCli({"import", "--onnx", bad, "--ignore-unsupported", "--out", file("resize.json").string()});
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY2(contains(r.out, "dropped unsupported: Resize x1"), r.out.c_str());
        r = testsupport::runCli({"import", "--onnx", model, "--batch", "0", "--out", out});
        QCOMPARE(r.status, 2);
        r = testsupport::runCli({"import", "--onnx", file("nothing.onnx").string(), "--out", out});
        QCOMPARE(r.status, 2);
        QVERIFY2(contains(r.err, "nothing.onnx: cannot open the file"), r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestOnnxImport)
#include "test_onnx_import.moc"
