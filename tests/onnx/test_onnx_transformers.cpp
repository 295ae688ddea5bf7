// ONNX import of the operators transformer exports bring: Gather, Slice, Split, Expand, Tile and Pad on
// activations, Where and Trilu as element-wise ops, the errors for sizes computed from activations, and
// the folding of Trilu, Tile and ReduceProd.
#include <QtTest>

#include <filesystem>

#include "onnx/folded_value.h"
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"
#include "onnx/shape_folding.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using namespace accelscope;
using onnxtest::Dims;
using onnxtest::OnnxBuilder;

namespace {
namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Op& op(const Workload& w, const std::string& name) {
    const Op* o = w.findOp(name);
    if (!o) throw std::runtime_error("no op " + name);
    return *o;
}

using Shape = std::vector<std::int64_t>;

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
};

QTEST_GUILESS_MAIN(TestOnnxTransformers)
#include "test_onnx_transformers.moc"
