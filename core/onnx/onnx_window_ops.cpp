// Conv, MaxPool/AveragePool, global pooling and reductions: ONNX nodes to window-layout ops.
// The workload format writes one symmetric padding per axis with P = floor((H + 2 pad - dil (R - 1) - 1)
// / stride) + 1; ONNX allows begin != end pads, auto_pad and ceil_mode. Each is written as the symmetric
// padding that gives ONNX's output size (one exists whenever the stride is above 1 or the total padding
// is even), so MACs and every tensor size stay exact.
#include <numeric>

#include "onnx/onnx_translation.h"

namespace accelscope::onnximport {
namespace {

struct Window {
    std::int64_t in = 1, kernel = 1, stride = 1, dilation = 1, padBegin = 0, padEnd = 0;
};

struct WindowAttributes {
    std::vector<std::int64_t> kernel, strides, dilations, pads;
    std::string autoPad = "NOTSET";
    bool ceilMode = false;
};

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

WindowAttributes readWindowAttributes(const onnx::NodeProto& node, std::size_t spatial) {
    const NodeAttributes a(node);
    WindowAttributes w;
    w.kernel = a.integers("kernel_shape").value_or(std::vector<std::int64_t>{});
    w.strides = a.integers("strides").value_or(std::vector<std::int64_t>(spatial, 1));
    w.dilations = a.integers("dilations").value_or(std::vector<std::int64_t>(spatial, 1));
    w.pads = a.integers("pads").value_or(std::vector<std::int64_t>(2 * spatial, 0));
    w.autoPad = a.text("auto_pad").value_or("NOTSET");
    w.ceilMode = a.integer("ceil_mode", 0) != 0;
    auto need = [&](const char* name, const std::vector<std::int64_t>& v, std::size_t n, std::int64_t min) {
        if (v.size() != n)
            throw NodeError(std::string(name) + " must have " + std::to_string(n) + " values, got " + listText(v));
        for (auto x : v)
            if (x < min || x > kMaxDim)
                throw NodeError(std::string(name) + " must be in " + std::to_string(min) + "..2^24, got " + listText(v));
    };
    need("strides", w.strides, spatial, 1);
    need("dilations", w.dilations, spatial, 1);
    need("pads", w.pads, 2 * spatial, 0);
    if (!w.kernel.empty()) need("kernel_shape", w.kernel, spatial, 1);
    if (w.autoPad != "NOTSET" && w.autoPad != "VALID" && w.autoPad != "SAME_UPPER" && w.autoPad != "SAME_LOWER")
        throw NodeError("auto_pad " + w.autoPad + " is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
    return w;
}

// ONNX's output size along one axis (the Conv and pooling operator definitions).
std::int64_t onnxOutputSize(const Window& w, const std::string& autoPad, bool ceilMode) {
    const std::int64_t effective = w.dilation * (w.kernel - 1) + 1;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") return ceilDiv(w.in, w.stride);
    const std::int64_t pads = autoPad == "VALID" ? 0 : w.padBegin + w.padEnd;
    const std::int64_t span = w.in + pads - effective;
    if (span < 0) return 0;
    return (ceilMode ? ceilDiv(span, w.stride) : span / w.stride) + 1;
}

// The symmetric padding that yields `out` under the floor rule, nearest the model's own padding.
std::int64_t symmetricPad(const Window& w, std::int64_t out, const char* axis) {
    const std::int64_t effective = w.dilation * (w.kernel - 1) + 1;
    const std::int64_t lo = (out - 1) * w.stride - w.in + effective;  // 2 pad must lie in [lo, lo + stride - 1]
    const std::int64_t hi = lo + w.stride - 1;
    const std::int64_t preferred = (w.padBegin + w.padEnd) / 2;
    for (std::int64_t p : {preferred, preferred + 1, std::max<std::int64_t>(0, ceilDiv(std::max<std::int64_t>(lo, 0), 2))})
        if (p >= 0 && 2 * p >= lo && 2 * p <= hi) return p;
    throw NodeError(std::string("along ") + axis + ": pads " + std::to_string(w.padBegin) + " and " +
                    std::to_string(w.padEnd) + " (stride " + std::to_string(w.stride) + ", kernel " +
                    std::to_string(w.kernel) + ") give " + std::to_string(out) +
                    " outputs, which no symmetric padding gives (the workload format pads both sides alike)");
}

// Resolves the window along each spatial axis into (input, kernel, stride, dilation, pad, output) of
// the 2-D form; a 1-D window is the W axis with H = 1.
struct Geometry {
    std::array<Window, 2> axes;
    std::array<std::int64_t, 2> out{1, 1}, pad{0, 0};
};

Geometry resolve(const WindowAttributes& a, const std::vector<std::int64_t>& inShape,
                 const std::vector<std::int64_t>& kernel, const std::optional<std::vector<std::int64_t>>& outShape) {
    const std::size_t spatial = inShape.size() - 2;
    Geometry g;
    for (std::size_t i = 0; i < spatial; ++i) {
        const std::size_t axis = 2 - spatial + i;  // 1-D: only axis 1 (W)
        Window& w = g.axes[axis];
        w.in = inShape[2 + i];
        w.kernel = kernel[i];
        w.stride = a.strides[i];
        w.dilation = a.dilations[i];
        if (a.autoPad == "NOTSET") {
            w.padBegin = a.pads[i];
            w.padEnd = a.pads[i + spatial];
        }
        std::int64_t out = onnxOutputSize(w, a.autoPad, a.ceilMode);
        if (outShape && outShape->size() == inShape.size()) out = (*outShape)[2 + i];
        if (out <= 0)
            throw NodeError("the window (kernel " + std::to_string(w.kernel) + ", dilation " + std::to_string(w.dilation) +
                            ") is larger than the padded input (" + std::to_string(w.in) + ")");
        if (a.autoPad == "SAME_UPPER" || a.autoPad == "SAME_LOWER") {
            const std::int64_t total =
                std::max<std::int64_t>(0, (out - 1) * w.stride + w.dilation * (w.kernel - 1) + 1 - w.in);
            w.padBegin = a.autoPad == "SAME_LOWER" ? (total + 1) / 2 : total / 2;
            w.padEnd = total - w.padBegin;
        }
        g.out[axis] = out;
        g.pad[axis] = symmetricPad(w, out, axis == 0 ? "H" : "W");
    }
    return g;
}

void setWindow(Op& op, const Geometry& g) {
    op.H = g.axes[0].in;
    op.W = g.axes[1].in;
    op.R = g.axes[0].kernel;
    op.S = g.axes[1].kernel;
    op.P = g.out[0];
    op.Q = g.out[1];
    op.stride = {g.axes[0].stride, g.axes[1].stride};
    op.padding = {g.pad[0], g.pad[1]};
    op.dilation = {g.axes[0].dilation, g.axes[1].dilation};
}

std::vector<std::int64_t> spatialInput(Translation& t, const std::string& x, const char* what) {
    auto s = t.shapeOf(x);
    if (s.size() != 3 && s.size() != 4)
        throw NodeError(std::string(what) + " input " + listText(s) + " must have rank 3 (1-D) or 4 (2-D)");
    return s;
}

}  // namespace

Rule translateConv(const onnx::NodeProto& node, Translation& t) {
    const auto& x = t.input(node, 0);
    const auto& w = t.input(node, 1);
    if (!t.isConstant(w)) return Rule::Unsupported;  // a weight computed from activations (dynamic conv)
    const auto xs = t.shapeOf(x);
    if (xs.size() == 5) return Rule::Unsupported;  // 3-D convolution: the format is 2-D
    spatialInput(t, x, "the");
    const auto ws = t.shapeOf(w);
    if (ws.size() != xs.size())
        throw NodeError("weight shape " + listText(ws) + " does not match input shape " + listText(xs));
    const std::size_t spatial = xs.size() - 2;
    const auto a = readWindowAttributes(node, spatial);
    const std::vector<std::int64_t> kernel(ws.begin() + 2, ws.end());
    if (!a.kernel.empty() && a.kernel != kernel)
        throw NodeError("kernel_shape " + listText(a.kernel) + " does not match the weight shape " + listText(ws));
    const std::int64_t group = NodeAttributes(node).integer("group", 1);
    if (group < 1) throw NodeError("group must be at least 1, got " + std::to_string(group));
    if (ws[1] * group != xs[1])
        throw NodeError("input channels " + std::to_string(xs[1]) + " do not match the weight " + listText(ws) +
                        " with group " + std::to_string(group));
    if (ws[0] % group != 0)
        throw NodeError("output channels " + std::to_string(ws[0]) + " are not divisible by group " + std::to_string(group));

    Op op;
    op.kind = OpKind::Conv;
    op.inputs = {t.producer(x)};
    op.N = xs[0];
    op.C = xs[1];
    op.K = ws[0];
    op.groups = group;
    setWindow(op, resolve(a, xs, kernel, t.model().shape(node.output(0))));
    t.emit(node, std::move(op));
    return Rule::Translated;
}

Rule translatePool(const onnx::NodeProto& node, Translation& t) {
    const auto& x = t.input(node, 0);
    const auto xs = t.shapeOf(x);
    if (xs.size() == 5) return Rule::Unsupported;
    spatialInput(t, x, "the");
    const auto a = readWindowAttributes(node, xs.size() - 2);
    if (a.kernel.empty()) throw NodeError("kernel_shape is missing");
    for (auto d : a.dilations)
        if (d != 1) return Rule::Unsupported;  // dilated pooling: the format's pools have no dilation
    Op op;
    op.kind = node.op_type() == "MaxPool" ? OpKind::MaxPool : OpKind::AvgPool;
    op.inputs = {t.producer(x)};
    op.N = xs[0];
    op.C = xs[1];
    setWindow(op, resolve(a, xs, a.kernel, t.model().shape(node.output(0))));
    t.emit(node, std::move(op));
    return Rule::Translated;
}

// GlobalAveragePool, and GlobalMaxPool with the same cost (one compare per element instead of an add).
Rule translateGlobalPool(const onnx::NodeProto& node, Translation& t) {
    const auto& x = t.input(node, 0);
    const auto xs = t.shapeOf(x);
    if (xs.size() < 3) throw NodeError("input shape " + listText(xs) + " has no spatial axes");
    Op op;
    op.kind = OpKind::GlobalAvgPool;
    op.inputs = {t.producer(x)};
    op.N = xs[0];
    op.C = xs[1];
    op.H = xs.size() == 3 ? 1 : xs[2];
    op.W = std::accumulate(xs.begin() + (xs.size() == 3 ? 2 : 3), xs.end(), std::int64_t{1}, std::multiplies<>());
    t.emit(node, std::move(op));
    return Rule::Translated;
}

// ReduceMean/ReduceSum/ReduceMax as a global pooling: every output element reduces W inputs (the
// decomposed layernorm's means, a squeeze-excite's pooling written as ReduceMean).
Rule translateReduce(const onnx::NodeProto& node, Translation& t) {
    const auto& x = t.input(node, 0);
    const auto xs = t.shapeOf(x);
    const auto os = outputShape(node, t);
    const std::int64_t in = checkedElements(xs, x);
    const std::int64_t out = checkedElements(os, node.output(0));
    if (out <= 0 || in % out != 0)
        throw NodeError("output shape " + listText(os) + " is not a reduction of input shape " + listText(xs));
    Op op;
    op.kind = OpKind::GlobalAvgPool;
    op.inputs = {t.producer(x)};
    const bool keepsBatch = !xs.empty() && !os.empty() && os[0] == xs[0] && out % xs[0] == 0;
    op.N = keepsBatch ? xs[0] : 1;
    op.C = out / op.N;
    op.H = 1;
    op.W = in / out;
    if (xs.size() == 4 && keepsBatch && op.C == xs[1] && op.W == xs[2] * xs[3]) {  // over H and W
        op.H = xs[2];
        op.W = xs[3];
    }
    t.emit(node, std::move(op));
    return Rule::Translated;
}

}  // namespace accelscope::onnximport
