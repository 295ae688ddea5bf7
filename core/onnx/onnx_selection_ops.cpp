// Ops that pick or repeat parts of an activation: Gather, Slice and Split on an activation (a
// `gather`: copies what it picks), a Gather of a constant table by activation indices (an embedding
// lookup: a `gather` of the looked-up rows), Tile (a `gather` of the copies), Expand (an `expand`: a
// broadcast view) and Pad with zero pads (no op). Their sizes (indices, bounds, repeats, pads) must be
// known before the model runs; one that is computed from activations is an error naming it. A Slice,
// Expand or Tile that keeps its input's shape is the input itself. torch.roll exports as Slice + Concat
// and so needs nothing more.
#include "onnx/onnx_translation.h"

namespace accelscope::onnximport {
namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

Op copyOp(OpKind kind, std::vector<std::string> inputs, std::vector<std::int64_t> shape) {
    Op op;
    op.kind = kind;
    op.inputs = std::move(inputs);
    op.shape = std::move(shape);
    return op;
}

// The inputs from `first` on are sizes: each must be a constant (folded shape arithmetic included).
void requireConstantSizes(const onnx::NodeProto& node, Translation& t, int first, const char* what) {
    for (int slot = first; slot < node.input_size(); ++slot) {
        const std::string& in = node.input(slot);
        if (in.empty() || t.isConstant(in)) continue;
        throw NodeError(std::string(what) + ": input #" + std::to_string(slot + 1) + " " + quoted(in) +
                        " is computed from activations; AccelScope needs it before the model runs");
    }
}

// The activation data input; a node whose data is constant is folded away before it gets here.
const std::string& activationData(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = t.input(node, 0);
    if (t.isConstant(x)) throw NodeError("its data " + quoted(x) + " is a constant but its output is not");
    return x;
}

// A selection or repetition of an activation whose output is a copy (a `gather`), or the input itself
// when it keeps the input's shape. `what` names the constant inputs it needs.
Rule translateCopy(const onnx::NodeProto& node, Translation& t, const char* what) {
    const std::string& x = activationData(node, t);
    requireConstantSizes(node, t, 1, what);
    const auto shape = outputShape(node, t);
    if (shape == t.shapeOf(x)) {
        t.alias(node, x);
        return Rule::Translated;
    }
    t.emit(node, copyOp(OpKind::Gather, {t.producer(x)}, shape));
    return Rule::Translated;
}

}  // namespace

// Gather(data, indices): an activation's elements picked by constant indices (x[:, 0], qkv[1]), or the
// rows of a constant table picked by activation indices (an embedding), or both operands activations.
Rule translateGather(const onnx::NodeProto& node, Translation& t) {
    const std::string& data = t.input(node, 0);
    const std::string& indices = t.input(node, 1);
    const auto shape = outputShape(node, t);
    if (!t.isConstant(data) && t.isConstant(indices))
        if (const auto picked = t.model().integerValues(indices)) {
            const auto ds = t.shapeOf(data);
            const std::int64_t axis = normalizeAxis(NodeAttributes(node).integer("axis", 0), ds.size());
            const std::int64_t n = ds[static_cast<std::size_t>(axis)];
            for (auto i : *picked)
                if (i < -n || i >= n)
                    throw NodeError("index " + std::to_string(i) + " is out of range for axis " + std::to_string(axis) +
                                    " of size " + std::to_string(n) + " (data " + listText(ds) + ")");
        }
    std::vector<std::string> inputs;
    if (!t.isConstant(data)) inputs.push_back(t.producer(data));
    if (!t.isConstant(indices)) inputs.push_back(t.producer(indices));
    t.emit(node, copyOp(OpKind::Gather, std::move(inputs), shape));
    return Rule::Translated;
}

// Slice (x[a:b:s] along some axes): the picked block is copied; a slice that keeps everything (torch's
// x[:, :H, :W] after a pad of zero) is the input itself.
Rule translateSlice(const onnx::NodeProto& node, Translation& t) {
    return translateCopy(node, t, "its bounds (starts, ends, axes, steps)");
}

// Split: one `gather` per piece, named after its output (q, k, v = qkv.split(d, dim=2)).
Rule translateSplit(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = activationData(node, t);
    requireConstantSizes(node, t, 1, "its split sizes");
    const auto in = t.shapeOf(x);
    std::int64_t total = 0;
    for (int slot = 0; slot < node.output_size(); ++slot) {
        const std::string& out = node.output(slot);
        if (out.empty()) continue;
        const auto s = t.knownShape(out);
        if (!s) throw NodeError("the shape of its output " + quoted(out) + " is unknown after shape inference");
        total += checkedElements(*s, out);
        if (*s == in) t.aliasOutput(node, slot, x);
        else t.emitOutput(node, slot, copyOp(OpKind::Gather, {t.producer(x)}, *s));
    }
    if (total > checkedElements(in, x))
        throw NodeError("its outputs hold " + std::to_string(total) + " elements, more than the input " + listText(in));
    return Rule::Translated;
}

// Expand of an activation (key_padding_mask.expand(-1, heads, -1, -1)): a broadcast view.
Rule translateExpand(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = activationData(node, t);
    requireConstantSizes(node, t, 1, "its target shape");
    const auto shape = outputShape(node, t);
    const auto in = t.shapeOf(x);
    if (shape == in) {
        t.alias(node, x);
        return Rule::Translated;
    }
    const std::int64_t made = checkedElements(in, x), out = checkedElements(shape, node.output(0));
    if (out % made != 0)
        throw NodeError("the input " + listText(in) + " does not broadcast to the output " + listText(shape));
    t.emit(node, copyOp(OpKind::Expand, {t.producer(x)}, shape));
    return Rule::Translated;
}

// Tile: the copies are written out (a `gather` whose output holds each input element `repeats` times).
Rule translateTile(const onnx::NodeProto& node, Translation& t) { return translateCopy(node, t, "its repeats"); }

// Pad whose pads are all zero (torchvision's Swin pads to whole windows, by nothing when the map
// divides): the input itself. Padding by something is not supported.
Rule translatePad(const onnx::NodeProto& node, Translation& t) {
    const std::string& x = activationData(node, t);
    requireConstantSizes(node, t, 1, "its pads (or fill value, axes)");
    std::optional<std::vector<std::int64_t>> pads;
    if (t.model().opsetVersion() < 11) pads = NodeAttributes(node).integers("pads");
    else if (node.input_size() > 1 && !node.input(1).empty()) pads = t.model().integerValues(node.input(1));
    if (!pads) return Rule::Unsupported;  // pads whose values were not folded
    for (auto p : *pads)
        if (p != 0) return Rule::Unsupported;
    t.alias(node, x);
    return Rule::Translated;
}

}  // namespace accelscope::onnximport
