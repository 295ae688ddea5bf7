#include "onnx/onnx_translation.h"

#include <algorithm>
#include <unordered_map>

#include "onnx/shape_folding.h"

namespace accelscope::onnximport {
namespace {
std::string quoted(const std::string& s) { return "\"" + s + "\""; }
}  // namespace

Translation::Translation(const OnnxModel& model) : model_(model) {
    for (const auto& name : model.activationInputs()) {
        const auto shape = model.shape(name);
        if (!shape) continue;  // reported by OnnxModel
        const std::string claimed = claimName(name);
        producers_[name] = claimed;
        pendingInputs_[claimed] = GraphInput{claimed, shape->empty() ? std::vector<std::int64_t>{1} : *shape};
        const std::size_t order = inputOrder_.size();
        inputOrder_[claimed] = order;
    }
}

std::string Translation::claimName(const std::string& wanted) {
    std::string name = wanted.empty() ? std::string("op") : wanted;
    for (int i = 1; names_.count(name); ++i) name = wanted + "." + std::to_string(i);
    names_.insert(name);
    return name;
}

std::optional<std::vector<std::int64_t>> Translation::knownShape(const std::string& tensor) const {
    if (auto s = model_.shape(tensor)) return s;
    auto it = emittedShapes_.find(tensor);
    if (it == emittedShapes_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::int64_t> Translation::shapeOf(const std::string& tensor) const {
    auto s = knownShape(tensor);
    if (!s && failed(tensor)) throw CascadeFailure{};
    if (!s) throw NodeError("the shape of " + quoted(tensor) + " is unknown after shape inference (or has a zero or free dim)");
    checkedElements(*s, tensor);
    return *s;
}

std::int64_t checkedElements(const std::vector<std::int64_t>& shape, const std::string& tensor) {
    if (shape.size() > kMaxRank)
        throw NodeError(quoted(tensor) + " has rank " + std::to_string(shape.size()) + "; at most " +
                        std::to_string(kMaxRank) + " is supported");
    std::int64_t n = 1;
    for (auto d : shape) {
        if (d <= 0 || d > kMaxDim)
            throw NodeError(quoted(tensor) + " has shape " + listText(shape) + "; every dim must be in 1..2^24");
        n *= d;
        if (n > kMaxElements) throw NodeError(quoted(tensor) + " has shape " + listText(shape) + ", more than 2^40 elements");
    }
    return n;
}

const std::string& Translation::input(const onnx::NodeProto& node, int slot) const {
    if (slot >= node.input_size() || node.input(slot).empty())
        throw NodeError("input #" + std::to_string(slot + 1) + " is missing");
    return node.input(slot);
}

std::string Translation::producer(const std::string& tensor) {
    if (failed_.count(tensor)) throw CascadeFailure{};
    auto it = producers_.find(tensor);
    if (it == producers_.end()) throw NodeError("input " + quoted(tensor) + " is produced by no earlier node");
    const std::string& name = it->second;
    if (auto p = pendingInputs_.find(name); p != pendingInputs_.end()) {
        usedInputs_.push_back(std::move(p->second));
        pendingInputs_.erase(p);
    }
    return name;
}

std::vector<std::string> Translation::activationProducers(const onnx::NodeProto& node) {
    std::vector<std::string> out;
    for (const auto& in : node.input())
        if (!in.empty() && !isConstant(in)) out.push_back(producer(in));
    return out;
}

std::string Translation::constantAsInput(const std::string& tensor) {
    if (!producers_.count(tensor)) {
        const auto shape = shapeOf(tensor);
        const std::string name = claimName(tensor);
        producers_[tensor] = name;
        pendingInputs_[name] = GraphInput{name, shape.empty() ? std::vector<std::int64_t>{1} : shape};
        const std::size_t order = inputOrder_.size();
        inputOrder_[name] = order;
    }
    return producer(tensor);
}

Op* Translation::producerOp(const std::string& tensor) {
    auto it = producers_.find(tensor);
    if (it == producers_.end()) return nullptr;
    auto op = opIndex_.find(it->second);
    return op == opIndex_.end() ? nullptr : &ops_[op->second];
}

Op& Translation::emit(const onnx::NodeProto& node, Op op) {
    if (node.output_size() == 0 || node.output(0).empty()) throw NodeError("the node has no output");
    return add(node.output(0), !node.name().empty() ? node.name() : node.output(0), std::move(op));
}

Op& Translation::emitOutput(const onnx::NodeProto& node, int slot, Op op) {
    if (slot >= node.output_size() || node.output(slot).empty())
        throw NodeError("output #" + std::to_string(slot + 1) + " is missing");
    return add(node.output(slot), node.output(slot), std::move(op));
}

Op& Translation::add(const std::string& output, const std::string& wantedName, Op op) {
    if (opLayout(op.kind) == OpLayout::Shaped && op.shape.empty()) op.shape = {1};  // a scalar: the format has rank >= 1
    op.name = claimName(wantedName);
    producers_[output] = op.name;
    if (opLayout(op.kind) == OpLayout::Shaped && !model_.shape(output)) emittedShapes_[output] = op.shape;
    opIndex_[op.name] = ops_.size();
    ops_.push_back(std::move(op));
    return ops_.back();
}

void Translation::aliasOutput(const onnx::NodeProto& node, int slot, const std::string& tensor) {
    if (slot >= node.output_size() || node.output(slot).empty()) return;
    if (failed_.count(tensor)) throw CascadeFailure{};
    auto it = producers_.find(tensor);
    if (it == producers_.end()) throw NodeError("input " + quoted(tensor) + " is produced by no earlier node");
    const std::string& output = node.output(slot);
    producers_[output] = it->second;
    if (auto s = knownShape(tensor); s && !model_.shape(output)) emittedShapes_[output] = *s;
}

void Translation::markFailed(const onnx::NodeProto& node) {
    for (const auto& out : node.output()) failed_.insert(out);
}

void Translation::markDropped(const onnx::NodeProto& node) {
    for (const auto& out : node.output()) {
        if (out.empty() || isConstant(out)) continue;
        const auto shape = model_.shape(out);
        if (!shape) {
            failed_.insert(out);  // a consumer cannot be sized; it is dropped with it (reported below)
            continue;
        }
        const std::string name = claimName(out);
        producers_[out] = name;
        pendingInputs_[name] = GraphInput{name, shape->empty() ? std::vector<std::int64_t>{1} : *shape};
        const std::size_t order = inputOrder_.size();
        inputOrder_[name] = order;
    }
}

Workload Translation::finish(std::string name, std::string source, std::int64_t batch) {
    Workload w;
    w.name = std::move(name);
    w.source = std::move(source);
    w.batch = batch;
    // The model's own inputs first, in its order; then the inputs standing for dropped nodes' outputs.
    w.inputs = std::move(usedInputs_);
    std::stable_sort(w.inputs.begin(), w.inputs.end(), [&](const GraphInput& a, const GraphInput& b) {
        return inputOrder_.at(a.name) < inputOrder_.at(b.name);
    });
    w.ops = std::move(ops_);
    return w;
}

const Translator* findTranslator(const std::string& opType) {
    static const std::unordered_map<std::string, Translator> table = {
        {"Conv", translateConv},
        {"ConvInteger", translateConv},  // quantized: the same MACs
        {"MaxPool", translatePool},
        {"AveragePool", translatePool},
        {"GlobalAveragePool", translateGlobalPool},
        {"GlobalMaxPool", translateGlobalPool},
        {"ReduceMean", translateReduce},
        {"ReduceSum", translateReduce},
        {"ReduceMax", translateReduce},
        {"Gemm", translateGemm},
        {"MatMul", translateMatMul},
        {"MatMulInteger", translateMatMul},
        {"Add", translateElementwise},
        {"Sub", translateElementwise},
        {"Mul", translateElementwise},
        {"Div", translateElementwise},
        {"Pow", translateElementwise},
        {"Sqrt", translateElementwise},
        {"Reciprocal", translateElementwise},
        {"Neg", translateElementwise},
        {"Relu", translateActivation},
        {"LeakyRelu", translateActivation},
        {"Clip", translateActivation},
        {"Sigmoid", translateActivation},
        {"HardSigmoid", translateActivation},
        {"Tanh", translateActivation},
        {"Erf", translateActivation},
        {"Exp", translateActivation},
        {"HardSwish", translateActivation},
        {"Gelu", translateActivation},
        {"FastGelu", translateActivation},
        {"Softmax", translateNormalization},
        {"LogSoftmax", translateNormalization},
        {"LayerNormalization", translateNormalization},
        {"BatchNormalization", translateNormalization},
        {"Flatten", translateView},
        {"Reshape", translateView},
        {"Squeeze", translateView},
        {"Unsqueeze", translateView},
        {"Transpose", translateDataMovement},
        {"Concat", translateDataMovement},
        {"Identity", translatePassThrough},
        {"Dropout", translatePassThrough},
        {"Cast", translatePassThrough},
        {"Where", translateWhere},
        {"Trilu", translateTrilu},
        {"Gather", translateGather},
        {"Slice", translateSlice},
        {"Split", translateSplit},
        {"Expand", translateExpand},
        {"Tile", translateTile},
        {"Pad", translatePad},
    };
    auto it = table.find(opType);
    return it == table.end() ? nullptr : &it->second;
}

std::vector<std::int64_t> outputShape(const onnx::NodeProto& node, Translation& t) {
    if (node.output_size() == 0 || node.output(0).empty()) throw NodeError("the node has no output");
    if (auto s = t.knownShape(node.output(0))) {
        checkedElements(*s, node.output(0));
        return *s;
    }
    for (const auto& in : node.input())
        if (t.failed(in)) throw CascadeFailure{};  // its producer's error says why
    // The sizes of a Reshape/Expand target, Tile's repeats, Slice's bounds and Pad's pads: the first
    // that holds no value says why.
    std::string why;
    const std::string& type = node.op_type();
    const bool target = type == "Reshape" || type == "Expand";
    if (target || type == "Tile" || type == "Slice" || type == "Pad")
        for (int slot = 1; slot < node.input_size() && why.empty(); ++slot) {
            if (node.input(slot).empty()) continue;
            why = whyNotFolded(t.model().graph(), node.input(slot));
            if (!why.empty())
                why = "; its " + (target ? std::string("target") : "input #" + std::to_string(slot + 1)) + " " +
                      quoted(node.input(slot)) + " is not computed before the model runs: " + why;
        }
    throw NodeError("the shape of its output " + quoted(node.output(0)) +
                    " is unknown after shape inference (or has a zero or free dim)" + why);
}

std::int64_t normalizeAxis(std::int64_t axis, std::size_t rank) {
    const auto r = static_cast<std::int64_t>(rank);
    if (axis < -r || axis >= r)
        throw NodeError("axis " + std::to_string(axis) + " is outside a tensor of rank " + std::to_string(rank));
    return axis < 0 ? axis + r : axis;
}

}  // namespace accelscope::onnximport
