// Element-wise ops (Where and Trilu included), activations, normalisations, views and data movement:
// ONNX nodes to shaped ops (the output shape). Decomposed forms (layernorm as ReduceMean/Sub/Pow/Sqrt/Div, GELU through Erf) map
// op by op; two exporter patterns are folded back into the form scripts/gen_workloads.py writes:
// MatMul + Add(bias) into one linear with bias, and x * Sigmoid(x) into swish.
#include "onnx/folded_value.h"
#include "onnx/onnx_translation.h"

namespace accelscope::onnximport {
namespace {

Op shaped(OpKind kind, std::vector<std::string> inputs, std::vector<std::int64_t> shape) {
    Op op;
    op.kind = kind;
    op.inputs = std::move(inputs);
    op.shape = std::move(shape);
    return op;
}

// Ops that keep their input's shape: the inferred output shape, else the input's (an operator shape
// inference does not know, such as a contrib Gelu).
std::vector<std::int64_t> sameShape(const onnx::NodeProto& node, Translation& t) {
    if (node.output_size() > 0 && t.knownShape(node.output(0))) return outputShape(node, t);
    return t.shapeOf(t.input(node, 0));
}

// Element-wise ops with broadcast operands: the inferred output shape; when inference left it unknown
// and every operand's shape is known, their broadcast, or the error that they do not broadcast (a
// causal mask buffer shorter than the sequence).
std::vector<std::int64_t> broadcastShape(const onnx::NodeProto& node, Translation& t) {
    if (node.output_size() > 0 && !node.output(0).empty() && !t.knownShape(node.output(0))) {
        std::vector<std::int64_t> shape;
        bool known = true;
        for (const auto& in : node.input()) {
            const auto s = in.empty() ? std::nullopt : t.knownShape(in);
            if (!s) {
                known = false;
                break;
            }
            shape = broadcastDims(shape, *s);
        }
        if (known) {
            checkedElements(shape, node.output(0));
            return shape;
        }
    }
    return outputShape(node, t);
}

bool soleUse(Translation& t, const std::string& tensor) {
    return t.model().uses(tensor).size() == 1 && !t.model().isGraphOutput(tensor);
}

// Add(linear, bias vector) right after a bias-less linear: the linear's bias.
bool foldBias(const onnx::NodeProto& node, Translation& t) {
    if (node.op_type() != "Add" || node.input_size() != 2) return false;
    for (int i = 0; i < 2; ++i) {
        const std::string& act = node.input(i);
        const std::string& other = node.input(1 - i);
        if (act.empty() || other.empty() || t.isConstant(act) || !t.isConstant(other)) continue;
        Op* op = t.producerOp(act);
        const auto biasShape = t.model().shape(other);
        if (!op || op->kind != OpKind::Linear || op->bias || !biasShape || !soleUse(t, act)) return false;
        const std::int64_t elements = checkedElements(*biasShape, other);
        if (elements != op->N || biasShape->empty() || biasShape->back() != op->N) return false;
        op->bias = true;
        t.rebind(node.output(0), op->name);
        return true;
    }
    return false;
}

// Mul(x, Sigmoid(x)) where the sigmoid feeds only this Mul: the sigmoid op becomes swish.
bool foldSwish(const onnx::NodeProto& node, Translation& t) {
    if (node.op_type() != "Mul" || node.input_size() != 2) return false;
    for (int i = 0; i < 2; ++i) {
        const std::string& gate = node.input(i);
        const std::string& x = node.input(1 - i);
        if (gate.empty() || x.empty() || t.isConstant(gate) || t.isConstant(x)) continue;
        Op* op = t.producerOp(gate);
        if (!op || op->kind != OpKind::Sigmoid || !soleUse(t, gate) || op->inputs.size() != 1) continue;
        if (op->inputs[0] != t.producer(x)) continue;
        op->kind = OpKind::Swish;
        t.rebind(node.output(0), op->name);
        return true;
    }
    return false;
}

}  // namespace

// Add/Sub as add; Mul/Div/Pow/Sqrt/Reciprocal/Neg as mul (one vector operation per element). Constant
// operands are left out of the inputs (a one-input add/mul is with a constant).
Rule translateElementwise(const onnx::NodeProto& node, Translation& t) {
    if (foldBias(node, t) || foldSwish(node, t)) return Rule::Translated;
    const std::string& type = node.op_type();
    const OpKind kind = type == "Add" || type == "Sub" ? OpKind::Add : OpKind::Mul;
    auto inputs = t.activationProducers(node);
    if (inputs.size() > 2) throw NodeError("takes at most two operands");
    t.emit(node, shaped(kind, std::move(inputs), node.input_size() == 1 ? sameShape(node, t) : broadcastShape(node, t)));
    return Rule::Translated;
}

// Where(condition, x, y) with at least one activation operand (a mask applied to the scores, a bool
// padding mask turned into a float bias): one select per output element, costed as an add; constant
// operands are left out of the inputs.
Rule translateWhere(const onnx::NodeProto& node, Translation& t) {
    for (int slot = 0; slot < 3; ++slot) t.input(node, slot);
    auto inputs = t.activationProducers(node);
    if (inputs.size() > 2)
        throw NodeError("its condition and both branches are activations; the workload format's element-wise ops "
                        "take at most two");
    t.emit(node, shaped(OpKind::Add, std::move(inputs), broadcastShape(node, t)));
    return Rule::Translated;
}

// Trilu of an activation: the other triangle zeroed, one multiply by a 0/1 mask per element. The
// diagonal offset k must be known before the model runs. (Trilu of a constant, the usual causal
// mask, is folded.)
Rule translateTrilu(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = t.input(node, 0);
    if (node.input_size() > 1 && !node.input(1).empty() && !t.isConstant(node.input(1)))
        throw NodeError("its k (the diagonal offset): input #2 \"" + node.input(1) +
                        "\" is computed from activations; AccelScope needs it before the model runs");
    const auto shape = sameShape(node, t);
    if (shape.size() < 2) throw NodeError("its input " + listText(shape) + " has rank below 2");
    t.emit(node, shaped(OpKind::Mul, {t.producer(x)}, shape));
    return Rule::Translated;
}

Rule translateActivation(const onnx::NodeProto& node, Translation& t) {
    const std::string& type = node.op_type();
    OpKind kind = OpKind::Relu;
    if (type == "Clip") {
        // min/max: attributes up to opset 10, optional constant inputs since 11.
        const NodeAttributes a(node);
        auto bound = [&](int slot, const char* attr) -> std::optional<double> {
            if (auto v = a.number(attr)) return v;
            if (node.input_size() > slot && !node.input(slot).empty()) return t.model().scalarValue(node.input(slot));
            return std::nullopt;
        };
        const auto lo = bound(1, "min");
        const bool hasMax = a.number("max").has_value() || (node.input_size() > 2 && !node.input(2).empty());
        // Clip(0, 6) is relu6, Clip(0, none) relu; any other clip costs relu6's two compares.
        kind = lo && *lo == 0.0 && !hasMax ? OpKind::Relu : OpKind::Relu6;
    } else if (type == "Sigmoid" || type == "HardSigmoid") {
        kind = OpKind::Sigmoid;
    } else if (type == "Tanh" || type == "Erf" || type == "Exp") {
        kind = OpKind::Tanh;  // a transcendental by a short polynomial
    } else if (type == "HardSwish") {
        kind = OpKind::HardSwish;
    } else if (type == "Gelu" || type == "FastGelu") {
        kind = OpKind::Gelu;
    }
    const std::string& x = t.input(node, 0);
    t.emit(node, shaped(kind, {t.producer(x)}, sameShape(node, t)));
    return Rule::Translated;
}

Rule translateNormalization(const onnx::NodeProto& node, Translation& t) {
    const std::string& type = node.op_type();
    const std::string& x = t.input(node, 0);
    auto shape = sameShape(node, t);
    Op op = shaped(OpKind::BatchNorm, {t.producer(x)}, shape);
    if (type == "BatchNormalization") {
        const Op* before = t.producerOp(x);
        op.foldable = before && before->kind == OpKind::Conv;  // folded into the conv's weights at inference
    } else {
        // Softmax's default axis is the last since opset 13, 1 before; LayerNormalization's the last.
        const bool softmax = type == "Softmax" || type == "LogSoftmax";
        const std::int64_t fallback = softmax && t.model().opsetVersion() < 13 ? 1 : -1;
        op.kind = softmax ? OpKind::Softmax : OpKind::LayerNorm;
        const std::int64_t axis = normalizeAxis(NodeAttributes(node).integer("axis", fallback), shape.size());
        op.axis = axis - static_cast<std::int64_t>(shape.size());  // written counted from the end, as shipped files
    }
    t.emit(node, std::move(op));
    return Rule::Translated;
}

Rule translateView(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = t.input(node, 0);
    const auto shape = outputShape(node, t);
    if (checkedElements(shape, node.output(0)) != checkedElements(t.shapeOf(x), x))
        throw NodeError("changes the element count from " + listText(t.shapeOf(x)) + " to " + listText(shape));
    t.emit(node, shaped(node.op_type() == "Flatten" ? OpKind::Flatten : OpKind::Reshape, {t.producer(x)}, shape));
    return Rule::Translated;
}

Rule translateDataMovement(const onnx::NodeProto& node, Translation& t) {
    const auto shape = outputShape(node, t);
    std::vector<std::string> inputs;
    if (node.op_type() == "Transpose") {
        inputs = {t.producer(t.input(node, 0))};
    } else {  // Concat: a constant part (a learned token) is read like an input
        for (const auto& in : node.input())
            if (!in.empty()) inputs.push_back(t.isConstant(in) ? t.constantAsInput(in) : t.producer(in));
    }
    t.emit(node, shaped(node.op_type() == "Transpose" ? OpKind::Transpose : OpKind::Concat, std::move(inputs), shape));
    return Rule::Translated;
}

// Identity, Dropout (inference), Cast: no op; the output is the input.
Rule translatePassThrough(const onnx::NodeProto& node, Translation& t) {
    t.alias(node, t.input(node, 0));
    return Rule::Translated;
}

}  // namespace accelscope::onnximport
