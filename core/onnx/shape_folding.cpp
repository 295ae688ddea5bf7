// The folding pass: one walk over the nodes in graph order with the values known so far, one rule per
// operator. A rule throws NotFolded when an input it needs is not known (an activation, a shape not
// inferred yet, a tensor too large to fold), NodeError when the model is wrong.
#include "onnx/shape_folding.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "onnx/folded_value.h"
#include "onnx/onnx_attributes.h"
#include "onnx/onnx_model.h"
#include "onnx/onnx_translation.h"  // normalizeAxis

namespace accelscope::onnximport {
namespace {
using T = onnx::TensorProto;
using Dims = std::vector<std::int64_t>;

struct NotFolded {};

std::int64_t product(const Dims& dims, std::size_t from, std::size_t to) {
    std::int64_t n = 1;
    for (std::size_t i = from; i < to; ++i) n *= dims[i];
    return n;
}

void append(FoldedValue& out, const FoldedValue& in, std::size_t i) {
    if (in.isReal()) out.reals.push_back(in.reals[i]);
    else out.ints.push_back(in.ints[i]);
}

FoldedValue like(const FoldedValue& in, Dims dims) {
    FoldedValue v;
    v.type = in.type;
    v.dims = std::move(dims);
    return v;
}

FoldedValue int64Vector(const Dims& values) {
    FoldedValue v;
    v.dims = {static_cast<std::int64_t>(values.size())};
    v.ints = values;
    return v;
}

// The output dims checked and counted; too large to fold is NotFolded.
std::int64_t outputElements(const Dims& dims) {
    const auto n = foldedElements(dims, "the output shape");
    if (!n) throw NotFolded{};
    return *n;
}

// What one rule sees: the node, the values and shapes known, the opset.
struct Ctx {
    const onnx::NodeProto& node;
    const std::map<std::string, FoldedValue>& values;
    const std::map<std::string, Dims>& shapes;  // -1 where a dim is not known
    std::int64_t opset;

    bool present(int slot) const { return slot < node.input_size() && !node.input(slot).empty(); }
    const FoldedValue& in(int slot) const {
        if (!present(slot)) throw NodeError("input #" + std::to_string(slot + 1) + " is missing");
        auto it = values.find(node.input(slot));
        if (it == values.end()) throw NotFolded{};
        return it->second;
    }
    Dims ints(int slot) const {
        const FoldedValue& v = in(slot);
        if (v.isReal()) throw NodeError("input #" + std::to_string(slot + 1) + " must hold integers");
        return v.ints;
    }
    // The input's shape when every dim is known: from its value or from shape inference.
    std::optional<Dims> shape(int slot) const {
        if (!present(slot)) return std::nullopt;
        if (auto it = values.find(node.input(slot)); it != values.end()) return it->second.dims;
        auto it = shapes.find(node.input(slot));
        if (it == shapes.end() || std::any_of(it->second.begin(), it->second.end(), [](auto d) { return d < 0; }))
            return std::nullopt;
        return it->second;
    }
    NodeAttributes attrs() const { return NodeAttributes(node); }
    // Axes of Squeeze/Unsqueeze/Reduce: an attribute before opset 13, an input since.
    std::optional<Dims> axes(int slot) const {
        if (opset < 13) return attrs().integers("axes");
        if (!present(slot)) return std::nullopt;
        return ints(slot);
    }
};

FoldedValue foldConstant(const Ctx& c) {
    const auto& node = c.node;
    for (const auto& a : node.attribute()) {
        if (a.name() == "value" && a.has_t()) {
            if (auto v = readTensor(a.t(), kMaxFoldedElements)) return *v;
        } else if (a.name() == "value_int") {
            FoldedValue v;
            v.ints = {a.i()};
            return v;
        } else if (a.name() == "value_ints") {
            return int64Vector(Dims(a.ints().begin(), a.ints().end()));
        } else if (a.name() == "value_float" || a.name() == "value_floats") {
            FoldedValue v;
            v.type = T::FLOAT;
            if (a.name() == "value_float") v.reals = {a.f()};
            else v.reals.assign(a.floats().begin(), a.floats().end());
            if (a.name() == "value_floats") v.dims = {static_cast<std::int64_t>(v.reals.size())};
            return v;
        }
    }
    throw NotFolded{};
}

FoldedValue foldShape(const Ctx& c) {
    if (!c.present(0)) throw NodeError("input #1 is missing");
    Dims dims;
    if (auto it = c.values.find(c.node.input(0)); it != c.values.end()) dims = it->second.dims;
    else if (auto s = c.shapes.find(c.node.input(0)); s != c.shapes.end()) dims = s->second;
    else throw NotFolded{};
    const auto rank = static_cast<std::int64_t>(dims.size());
    auto clampIndex = [&](std::int64_t i) { return std::clamp(i < 0 ? i + rank : i, std::int64_t{0}, rank); };
    const NodeAttributes a = c.attrs();
    const std::int64_t start = clampIndex(a.integer("start", 0)), end = clampIndex(a.integer("end", rank));
    Dims out;
    for (std::int64_t i = start; i < end; ++i) {
        if (dims[i] < 0) throw NotFolded{};
        out.push_back(dims[i]);
    }
    return int64Vector(out);
}

FoldedValue foldSize(const Ctx& c) {
    const auto dims = c.shape(0);
    if (!dims) throw NotFolded{};
    FoldedValue v;
    v.ints = {1};
    for (auto d : *dims)
        if (__builtin_mul_overflow(v.ints[0], d, &v.ints[0])) throw NodeError("the input has more than 2^63 elements");
    return v;
}

FoldedValue foldGather(const Ctx& c) {
    const FoldedValue& data = c.in(0);
    const Dims indices = c.ints(1);
    const Dims& indexDims = c.in(1).dims;
    const std::size_t axis = static_cast<std::size_t>(normalizeAxis(c.attrs().integer("axis", 0), data.dims.size()));
    const std::int64_t n = data.dims[axis];
    Dims outDims(data.dims.begin(), data.dims.begin() + static_cast<std::ptrdiff_t>(axis));
    outDims.insert(outDims.end(), indexDims.begin(), indexDims.end());
    outDims.insert(outDims.end(), data.dims.begin() + static_cast<std::ptrdiff_t>(axis) + 1, data.dims.end());
    outputElements(outDims);
    const std::int64_t outer = product(data.dims, 0, axis), inner = product(data.dims, axis + 1, data.dims.size());
    FoldedValue out = like(data, outDims);
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t index : indices) {
            if (index < -n || index >= n)
                throw NodeError("index " + std::to_string(index) + " is out of range for axis " + std::to_string(axis) +
                                " of size " + std::to_string(n) + " (data " + listText(data.dims) + ")");
            const std::int64_t j = index < 0 ? index + n : index;
            for (std::int64_t k = 0; k < inner; ++k) append(out, data, static_cast<std::size_t>((o * n + j) * inner + k));
        }
    return out;
}

FoldedValue foldUnsqueeze(const Ctx& c) {
    const FoldedValue& data = c.in(0);
    const auto axes = c.axes(1);
    if (!axes) throw NodeError("Unsqueeze needs axes");
    const std::size_t rank = data.dims.size() + axes->size();
    std::vector<bool> inserted(rank, false);
    for (auto a : *axes) {
        const auto i = static_cast<std::size_t>(normalizeAxis(a, rank));
        if (inserted[i]) throw NodeError("axis " + std::to_string(a) + " is repeated");
        inserted[i] = true;
    }
    FoldedValue out = data;
    out.dims.clear();
    for (std::size_t i = 0, from = 0; i < rank; ++i) out.dims.push_back(inserted[i] ? 1 : data.dims[from++]);
    return out;
}

FoldedValue foldSqueeze(const Ctx& c) {
    const FoldedValue& data = c.in(0);
    const auto axes = c.axes(1);
    std::vector<bool> removed(data.dims.size(), false);
    for (std::size_t i = 0; i < data.dims.size(); ++i) removed[i] = !axes && data.dims[i] == 1;
    for (auto a : axes.value_or(Dims{})) {
        const auto i = static_cast<std::size_t>(normalizeAxis(a, data.dims.size()));
        if (data.dims[i] != 1)
            throw NodeError("cannot squeeze axis " + std::to_string(a) + " of size " + std::to_string(data.dims[i]));
        removed[i] = true;
    }
    FoldedValue out = data;
    out.dims.clear();
    for (std::size_t i = 0; i < data.dims.size(); ++i)
        if (!removed[i]) out.dims.push_back(data.dims[i]);
    return out;
}

FoldedValue foldConcat(const Ctx& c) {
    std::vector<const FoldedValue*> parts;
    for (int i = 0; i < c.node.input_size(); ++i) parts.push_back(&c.in(i));
    if (parts.empty()) throw NodeError("Concat needs inputs");
    const Dims& first = parts[0]->dims;
    const auto axis = static_cast<std::size_t>(normalizeAxis(c.attrs().integer("axis", 0), first.size()));
    Dims outDims = first;
    outDims[axis] = 0;
    for (const auto* p : parts) {
        Dims a = p->dims, b = first;
        if (a.size() != b.size() || p->isReal() != parts[0]->isReal())
            throw NodeError("inputs " + listText(first) + " and " + listText(p->dims) + " do not concatenate");
        a[axis] = b[axis] = 0;
        if (a != b) throw NodeError("inputs " + listText(first) + " and " + listText(p->dims) + " differ off the axis");
        outDims[axis] += p->dims[axis];
    }
    outputElements(outDims);
    FoldedValue out = like(*parts[0], outDims);
    const std::int64_t outer = product(first, 0, axis);
    for (std::int64_t o = 0; o < outer; ++o)
        for (const auto* p : parts) {
            const std::int64_t chunk = product(p->dims, axis, p->dims.size());
            for (std::int64_t k = 0; k < chunk; ++k) append(out, *p, static_cast<std::size_t>(o * chunk + k));
        }
    return out;
}

FoldedValue foldSlice(const Ctx& c) {
    const FoldedValue& data = c.in(0);
    const std::size_t rank = data.dims.size();
    Dims starts, ends, axes, steps;
    if (c.opset < 10) {
        const NodeAttributes a = c.attrs();
        starts = a.integers("starts").value_or(Dims{});
        ends = a.integers("ends").value_or(Dims{});
        axes = a.integers("axes").value_or(Dims{});
    } else {
        starts = c.ints(1);
        ends = c.ints(2);
        if (c.present(3)) axes = c.ints(3);
        if (c.present(4)) steps = c.ints(4);
    }
    if (axes.empty())
        for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
        throw NodeError("starts, ends, axes and steps differ in length");
    Dims first(rank, 0), step(rank, 1), outDims = data.dims;
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const auto axis = static_cast<std::size_t>(normalizeAxis(axes[k], rank));
        const std::int64_t d = data.dims[axis], s = steps[k];
        if (s == 0) throw NodeError("step 0 on axis " + std::to_string(axes[k]));
        if (d == 0) continue;  // an empty axis stays empty
        std::int64_t b = starts[k] < 0 ? starts[k] + d : starts[k], e = ends[k] < 0 ? ends[k] + d : ends[k];
        b = s > 0 ? std::clamp<std::int64_t>(b, 0, d) : std::clamp<std::int64_t>(b, 0, d - 1);
        e = s > 0 ? std::clamp<std::int64_t>(e, 0, d) : std::clamp<std::int64_t>(e, -1, d - 1);
        const std::int64_t span = s > 0 ? e - b : b - e, stride = s > 0 ? s : -s;
        outDims[axis] = span <= 0 ? 0 : (span + stride - 1) / stride;
        first[axis] = b;
        step[axis] = s;
    }
    FoldedValue out = like(data, outDims);
    const std::int64_t total = outputElements(outDims);
    Dims index(rank, 0);
    for (std::int64_t i = 0; i < total; ++i) {
        std::int64_t source = 0;
        for (std::size_t a = 0; a < rank; ++a) source = source * data.dims[a] + first[a] + index[a] * step[a];
        append(out, data, static_cast<std::size_t>(source));
        for (std::size_t a = rank; a-- > 0;) {
            if (++index[a] < outDims[a]) break;
            index[a] = 0;
        }
    }
    return out;
}

// Reshape's target with 0 (copy the input's dim, unless allowzero) and -1 (the rest) resolved.
Dims reshapeTarget(const Dims& in, const Dims& target, bool allowZero) {
    Dims out = target;
    std::optional<std::size_t> inferred;
    std::int64_t known = 1;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == 0 && !allowZero) {
            if (i >= in.size()) throw NodeError("target " + listText(target) + " copies dim " + std::to_string(i) +
                                                " that the input " + listText(in) + " does not have");
            out[i] = in[i];
        }
        if (out[i] == -1) {
            if (inferred) throw NodeError("target " + listText(target) + " has more than one -1");
            inferred = i;
        } else if (out[i] < 0) {
            throw NodeError("target " + listText(target) + " has a negative dim");
        } else if (__builtin_mul_overflow(known, out[i], &known)) {
            throw NodeError("target " + listText(target) + " has more elements than a 64-bit count holds");
        }
    }
    std::int64_t elements = 1;
    for (auto d : in)
        if (__builtin_mul_overflow(elements, d, &elements))
            throw NodeError("the input " + listText(in) + " has more elements than a 64-bit count holds");
    if (inferred && known > 0 && elements % known == 0) out[*inferred] = elements / known;
    if ((inferred && (known == 0 || elements % known != 0)) || (!inferred && known != elements))
        throw NodeError("target " + listText(target) + " does not match the " + std::to_string(elements) +
                        " elements of the input " + listText(in));
    return out;
}

// Checks the target against the input whenever both are known; folds when the input's values are.
FoldedValue foldReshape(const Ctx& c) {
    const auto in = c.shape(0);
    if (!in) throw NotFolded{};
    const Dims target = reshapeTarget(*in, c.ints(1), c.opset >= 14 && c.attrs().integer("allowzero", 0) != 0);
    FoldedValue out = c.in(0);
    out.dims = target;
    return out;
}

FoldedValue foldCast(const Ctx& c) {
    const FoldedValue& in = c.in(0);
    const auto to = c.attrs().integer("to");
    if (!to || !FoldedValue::isFoldableType(static_cast<int>(*to))) throw NotFolded{};
    FoldedValue out = like(in, in.dims);
    out.type = static_cast<int>(*to);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const double x = in.real(i);
        if (out.isReal()) out.reals.push_back(x);
        else if (out.type == T::BOOL) out.ints.push_back(x != 0 ? 1 : 0);
        else if (in.isReal() && !(std::abs(x) < 9.2e18)) throw NodeError("cannot cast " + std::to_string(x) + " to an integer");
        else out.ints.push_back(in.isReal() ? static_cast<std::int64_t>(x) : in.ints[i]);
    }
    return out;
}

std::int64_t checkedInt(const std::string& op, std::int64_t a, std::int64_t b, bool fmod) {
    std::int64_t r = 0;
    bool overflow = false;
    if (op == "Add") overflow = __builtin_add_overflow(a, b, &r);
    else if (op == "Sub") overflow = __builtin_sub_overflow(a, b, &r);
    else if (op == "Mul") overflow = __builtin_mul_overflow(a, b, &r);
    else if (op == "Div" || op == "Mod") {
        if (b == 0) throw NodeError("integer division by zero");
        if (a == INT64_MIN && b == -1) overflow = true;
        else r = op == "Div" || fmod ? (op == "Div" ? a / b : a % b) : ((a % b) + b) % b;  // Mod: the divisor's sign
    } else if (op == "Max") r = std::max(a, b);
    else r = std::min(a, b);
    if (overflow) throw NodeError("integer overflow in " + std::to_string(a) + " " + op + " " + std::to_string(b));
    return r;
}

double realOp(const std::string& op, double a, double b) {
    if (op == "Add") return a + b;
    if (op == "Sub") return a - b;
    if (op == "Mul") return a * b;
    if (op == "Div") return a / b;
    if (op == "Mod") return std::fmod(a, b);
    return op == "Max" ? std::max(a, b) : std::min(a, b);
}

bool compare(const std::string& op, double a, double b) {
    if (op == "Equal") return a == b;
    if (op == "Less") return a < b;
    if (op == "LessOrEqual") return a <= b;
    if (op == "Greater") return a > b;
    if (op == "GreaterOrEqual") return a >= b;
    if (op == "And") return a != 0 && b != 0;
    if (op == "Or") return a != 0 || b != 0;
    return (a != 0) != (b != 0);  // Xor
}

// Arithmetic, comparisons and logic on two broadcast operands.
FoldedValue foldBinary(const Ctx& c) {
    const FoldedValue &a = c.in(0), &b = c.in(1);
    const std::string& op = c.node.op_type();
    const bool comparison = op != "Add" && op != "Sub" && op != "Mul" && op != "Div" && op != "Mod" && op != "Max" && op != "Min";
    const Dims outDims = broadcastDims(a.dims, b.dims);
    outputElements(outDims);
    FoldedValue out = like(a, outDims);
    if (comparison) out.type = T::BOOL;
    const bool real = a.isReal() || b.isReal();
    if (!comparison && real) out.type = a.isReal() ? a.type : b.type;
    const bool fmod = op == "Mod" && c.attrs().integer("fmod", 0) != 0;
    const auto ia = broadcastSources(outDims, a.dims), ib = broadcastSources(outDims, b.dims);
    for (std::size_t i = 0; i < ia.size(); ++i) {
        if (comparison) out.ints.push_back(compare(op, a.real(ia[i]), b.real(ib[i])) ? 1 : 0);
        else if (real) out.reals.push_back(realOp(op, a.real(ia[i]), b.real(ib[i])));
        else out.ints.push_back(checkedInt(op, a.ints[ia[i]], b.ints[ib[i]], fmod));
    }
    return out;
}

FoldedValue foldUnary(const Ctx& c) {
    const FoldedValue& in = c.in(0);
    const std::string& op = c.node.op_type();
    FoldedValue out = in;
    for (auto& x : out.ints) {
        if ((op == "Neg" || op == "Abs") && x == INT64_MIN) throw NodeError("integer overflow in " + op);
        x = op == "Neg" ? -x : op == "Abs" ? std::abs(x) : op == "Not" ? (x == 0 ? 1 : 0) : x;
    }
    for (auto& x : out.reals)
        x = op == "Neg" ? -x : op == "Abs" ? std::abs(x) : op == "Floor" ? std::floor(x) : op == "Ceil" ? std::ceil(x)
          : op == "Sqrt" ? std::sqrt(x) : x;
    return out;
}

FoldedValue foldWhere(const Ctx& c) {
    const FoldedValue &cond = c.in(0), &x = c.in(1), &y = c.in(2);
    if (x.isReal() != y.isReal()) throw NodeError("the two branches differ in type");
    const Dims outDims = broadcastDims(broadcastDims(cond.dims, x.dims), y.dims);
    outputElements(outDims);
    FoldedValue out = like(x, outDims);
    const auto ic = broadcastSources(outDims, cond.dims), ix = broadcastSources(outDims, x.dims),
               iy = broadcastSources(outDims, y.dims);
    for (std::size_t i = 0; i < ic.size(); ++i) append(out, cond.real(ic[i]) != 0 ? x : y, cond.real(ic[i]) != 0 ? ix[i] : iy[i]);
    return out;
}

FoldedValue foldRange(const Ctx& c) {
    const FoldedValue &start = c.in(0), &limit = c.in(1), &delta = c.in(2);
    if (start.size() != 1 || limit.size() != 1 || delta.size() != 1) throw NodeError("start, limit and delta must be scalars");
    if (start.isReal() != delta.isReal()) throw NodeError("start and delta differ in type");
    if (delta.real(0) == 0) throw NodeError("delta (the step) is 0");
    const double count = std::max(0.0, std::ceil((limit.real(0) - start.real(0)) / delta.real(0)));
    if (!(count <= static_cast<double>(std::int64_t{1} << 40)))
        throw NodeError("makes " + std::to_string(count) + " elements, more than 2^40");
    const Dims dims = {static_cast<std::int64_t>(count)};
    outputElements(dims);
    FoldedValue out = like(start, dims);
    for (std::int64_t i = 0; i < dims[0]; ++i) {
        if (out.isReal()) out.reals.push_back(start.reals[0] + static_cast<double>(i) * delta.real(0));
        else out.ints.push_back(start.ints[0] + i * delta.ints[0]);
    }
    return out;
}

FoldedValue foldConstantOfShape(const Ctx& c) {
    const Dims dims = c.ints(0);
    std::optional<FoldedValue> fill;
    for (const auto& a : c.node.attribute())
        if (a.name() == "value" && a.has_t()) fill = readTensor(a.t(), 1);
    if (!fill) {  // default: a float 0; an unreadable value type is not folded
        for (const auto& a : c.node.attribute())
            if (a.name() == "value") throw NotFolded{};
        fill = FoldedValue{T::FLOAT, {1}, {}, {0.0}};
    }
    if (fill->size() != 1) throw NodeError("value must hold one element");
    const std::int64_t n = outputElements(dims);
    FoldedValue out = like(*fill, dims);
    for (std::int64_t i = 0; i < n; ++i) append(out, *fill, 0);
    return out;
}

FoldedValue foldExpand(const Ctx& c) {
    const FoldedValue& in = c.in(0);
    const Dims outDims = broadcastDims(in.dims, c.ints(1));
    outputElements(outDims);
    FoldedValue out = like(in, outDims);
    for (std::size_t i : broadcastSources(outDims, in.dims)) append(out, in, i);
    return out;
}

FoldedValue foldIdentity(const Ctx& c) { return c.in(0); }

// Trilu (torch.tril/triu of a constant, a causal mask): the other triangle of the last two axes zeroed.
FoldedValue foldTrilu(const Ctx& c) {
    FoldedValue out = c.in(0);
    const std::size_t rank = out.dims.size();
    if (rank < 2) throw NodeError("the input " + listText(out.dims) + " has rank below 2");
    const std::int64_t k = c.present(1) ? c.in(1).scalarInt() : 0;
    const bool upper = c.attrs().integer("upper", 1) != 0;
    const std::int64_t rows = out.dims[rank - 2], cols = out.dims[rank - 1];
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::int64_t col = static_cast<std::int64_t>(i) % cols, row = static_cast<std::int64_t>(i) / cols % rows;
        if (upper ? col - row >= k : col - row <= k) continue;
        if (out.isReal()) out.reals[i] = 0;
        else out.ints[i] = 0;
    }
    return out;
}

// Tile: the input repeated `repeats[a]` times along each axis a.
FoldedValue foldTile(const Ctx& c) {
    const FoldedValue& in = c.in(0);
    const Dims repeats = c.ints(1);
    const std::size_t rank = in.dims.size();
    if (repeats.size() != rank)
        throw NodeError("repeats " + listText(repeats) + " must hold one value per axis of the input " + listText(in.dims));
    Dims outDims = in.dims;
    for (std::size_t a = 0; a < rank; ++a)
        if (repeats[a] < 0 || __builtin_mul_overflow(in.dims[a], repeats[a], &outDims[a]))
            throw NodeError("repeats " + listText(repeats) + " must be non-negative and fit the input " + listText(in.dims));
    const std::int64_t total = outputElements(outDims);
    FoldedValue out = like(in, outDims);
    Dims index(rank, 0);
    for (std::int64_t i = 0; i < total; ++i) {
        std::int64_t source = 0;
        for (std::size_t a = 0; a < rank; ++a) source = source * in.dims[a] + index[a] % in.dims[a];
        append(out, in, static_cast<std::size_t>(source));
        for (std::size_t a = rank; a-- > 0;) {
            if (++index[a] < outDims[a]) break;
            index[a] = 0;
        }
    }
    return out;
}

// ReduceProd (torch's numel(): the product of a shape): over `axes` (an attribute before opset 18, an
// input since; all axes when none), keepdims as ONNX says.
FoldedValue foldReduceProd(const Ctx& c) {
    const FoldedValue& in = c.in(0);
    const std::size_t rank = in.dims.size();
    const NodeAttributes attrs = c.attrs();
    std::optional<Dims> axes = c.opset < 18 ? attrs.integers("axes") : std::nullopt;
    if (c.opset >= 18 && c.present(1)) axes = c.ints(1);
    const bool all = !axes || axes->empty();
    if (all && attrs.integer("noop_with_empty_axes", 0) != 0) return in;
    std::vector<bool> reduced(rank, all);
    for (auto a : axes.value_or(Dims{})) reduced[static_cast<std::size_t>(normalizeAxis(a, rank))] = true;
    const bool keep = attrs.integer("keepdims", 1) != 0;
    Dims outDims, kept;  // kept: the sizes of the axes not reduced, for the output index
    for (std::size_t a = 0; a < rank; ++a) {
        if (!reduced[a]) kept.push_back(in.dims[a]);
        if (!reduced[a] || keep) outDims.push_back(reduced[a] ? 1 : in.dims[a]);
    }
    const std::int64_t total = outputElements(outDims);
    FoldedValue out = like(in, outDims);
    out.ints.assign(in.isReal() ? 0 : static_cast<std::size_t>(total), 1);
    out.reals.assign(in.isReal() ? static_cast<std::size_t>(total) : 0, 1.0);
    Dims index(rank, 0);
    for (std::size_t i = 0; i < in.size(); ++i) {
        std::size_t target = 0;
        for (std::size_t a = 0, k = 0; a < rank; ++a)
            if (!reduced[a]) target = target * static_cast<std::size_t>(kept[k++]) + static_cast<std::size_t>(index[a]);
        if (in.isReal()) out.reals[target] *= in.reals[i];
        else if (__builtin_mul_overflow(out.ints[target], in.ints[i], &out.ints[target]))
            throw NodeError("the product overflows a 64-bit integer");
        for (std::size_t a = rank; a-- > 0;) {
            if (++index[a] < in.dims[a]) break;
            index[a] = 0;
        }
    }
    return out;
}

using FoldRule = std::function<FoldedValue(const Ctx&)>;
const FoldRule* findRule(const std::string& op) {
    static const std::unordered_map<std::string, FoldRule> rules = {
        {"Constant", foldConstant}, {"Shape", foldShape}, {"Size", foldSize}, {"Gather", foldGather},
        {"Unsqueeze", foldUnsqueeze}, {"Squeeze", foldSqueeze}, {"Concat", foldConcat}, {"Slice", foldSlice},
        {"Reshape", foldReshape}, {"Cast", foldCast}, {"Identity", foldIdentity}, {"Add", foldBinary},
        {"Sub", foldBinary}, {"Mul", foldBinary}, {"Div", foldBinary}, {"Mod", foldBinary}, {"Max", foldBinary},
        {"Min", foldBinary}, {"Equal", foldBinary}, {"Less", foldBinary}, {"LessOrEqual", foldBinary},
        {"Greater", foldBinary}, {"GreaterOrEqual", foldBinary}, {"And", foldBinary}, {"Or", foldBinary},
        {"Xor", foldBinary}, {"Neg", foldUnary}, {"Abs", foldUnary}, {"Floor", foldUnary}, {"Ceil", foldUnary},
        {"Sqrt", foldUnary}, {"Not", foldUnary}, {"Where", foldWhere}, {"Range", foldRange},
        {"ConstantOfShape", foldConstantOfShape}, {"Expand", foldExpand}, {"Trilu", foldTrilu}, {"Tile", foldTile},
        {"ReduceProd", foldReduceProd},
    };
    auto it = rules.find(op);
    return it == rules.end() ? nullptr : &it->second;
}

std::map<std::string, Dims> knownShapes(const onnx::GraphProto& g) {
    std::map<std::string, Dims> shapes;
    auto take = [&](const onnx::ValueInfoProto& v) {
        if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
        Dims dims;
        for (const auto& d : v.type().tensor_type().shape().dim())
            dims.push_back(d.has_dim_value() && d.dim_value() >= 0 ? d.dim_value() : -1);
        shapes[v.name()] = std::move(dims);
    };
    for (const auto& v : g.input()) take(v);
    for (const auto& v : g.value_info()) take(v);
    for (const auto& v : g.output()) take(v);
    for (const auto& t : g.initializer()) shapes[t.name()] = Dims(t.dims().begin(), t.dims().end());
    return shapes;
}

void rewriteAsConstant(onnx::NodeProto& node, const FoldedValue& value) {
    node.clear_input();
    node.clear_attribute();
    node.clear_domain();
    node.set_op_type("Constant");
    auto* a = node.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    *a->mutable_t() = writeTensor(value);
}

}  // namespace

int foldShapeComputations(onnx::ModelProto& model, ProblemList& problems) {
    std::int64_t opset = 0;
    for (const auto& o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") opset = o.version();
    auto* g = model.mutable_graph();
    const auto shapes = knownShapes(*g);
    std::map<std::string, FoldedValue> values;
    for (const auto& t : g->initializer()) {
        const bool real = FoldedValue::isRealType(t.data_type());
        if (auto v = readTensor(t, real ? kMaxFoldedRealSource : kMaxFoldedElements)) values[t.name()] = std::move(*v);
    }
    int rewritten = 0;
    for (int i = 0; i < g->node_size(); ++i) {
        onnx::NodeProto& node = *g->mutable_node(i);
        const bool standard = node.domain().empty() || node.domain() == "ai.onnx";
        const FoldRule* rule = standard ? findRule(node.op_type()) : nullptr;
        if (!rule || node.output_size() != 1 || node.output(0).empty()) continue;
        try {
            FoldedValue v = (*rule)(Ctx{node, values, shapes, opset});
            if (static_cast<std::int64_t>(v.size()) > kMaxFoldedElements) continue;
            if (node.op_type() != "Constant") {
                rewriteAsConstant(node, v);
                ++rewritten;
            }
            values[node.output(0)] = std::move(v);
        } catch (const NotFolded&) {
        } catch (const NodeError& e) {
            problems.add(nodeLabel(node, i), e.what());
        }
    }
    return rewritten;
}

std::string whyNotFolded(const onnx::GraphProto& graph, const std::string& tensor) {
    std::map<std::string, int> producer;
    for (int i = 0; i < graph.node_size(); ++i)
        for (const auto& out : graph.node(i).output()) producer[out] = i;
    std::set<std::string> initializers;
    for (const auto& t : graph.initializer()) initializers.insert(t.name());
    auto known = [&](const std::string& t) {
        auto it = producer.find(t);
        return initializers.count(t) || (it != producer.end() && graph.node(it->second).op_type() == "Constant");
    };
    std::string t = tensor;
    for (int depth = 0; depth < graph.node_size() + 1; ++depth) {
        if (known(t)) return "";
        auto it = producer.find(t);
        if (it == producer.end())
            return "it depends on the values of the graph input \"" + t + "\", known only when the model runs";
        const auto& node = graph.node(it->second);
        const std::string label = nodeLabel(node, it->second);
        if (node.op_type() == "Shape" || node.op_type() == "Size")
            return label + " reads a shape that shape inference did not find";
        auto next = std::find_if(node.input().begin(), node.input().end(),
                                 [&](const std::string& in) { return !in.empty() && !known(in); });
        if (next == node.input().end())
            return label + " was not folded (AccelScope's shape folding does not compute this operator or type, "
                           "or the result is larger than 10^6 elements)";
        t = *next;
    }
    return "";
}

}  // namespace accelscope::onnximport
