// Reading an ONNX model for import: parse, fix the batch, infer shapes, classify tensors.
#include "onnx/onnx_model.h"

#include <algorithm>
#include <fstream>
#include <set>


#include "onnx/folded_value.h"
#include "onnx/isolated_shape_inference.h"
#include "onnx/shape_folding.h"
#include "util/input_error.h"

namespace accelscope::onnximport {
namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Inputs of an op that hold parameters rather than activations. A graph input used only in such slots
// is a weight of a model exported without its weights.
// `rank` is the graph input's: a batched (rank > 2) second MatMul operand is an activation.
bool isWeightSlot(const std::string& opType, int slot, int rank) {
    if (opType == "Conv" || opType == "ConvInteger" || opType == "ConvTranspose" || opType == "Gemm" ||
        opType == "LayerNormalization" || opType == "InstanceNormalization")
        return slot >= 1;
    if (opType == "BatchNormalization") return slot >= 1 && slot <= 4;
    if (opType == "MatMul" || opType == "MatMulInteger") return slot == 1 ? rank <= 2 : slot >= 2;
    if (opType == "PRelu") return slot == 1;
    return false;
}

// Element-wise ops that take a bias or scale vector as a parameter.
bool isParameterSlot(const std::string& opType, std::size_t rank) {
    const bool binary = opType == "Add" || opType == "Sub" || opType == "Mul" || opType == "Div";
    return binary && rank <= 1;
}

// ONNX requires a graph's nodes in topological order with each tensor produced once (the checker's
// rule); ONNX 1.12's shape inference reads freed memory on a graph that breaks it (a cycle of two
// Gemms crashed it under the fuzzer), so the order is checked first. Subgraphs (If/Loop bodies) may
// also use the names of their enclosing scopes.
void checkOrder(const onnx::GraphProto& g, std::set<std::string> known, const std::string& scope,
                ProblemList& problems, int depth) {
    if (depth > 64) {
        problems.add(scope, "subgraphs nested more than 64 deep");
        return;
    }
    for (const auto& t : g.initializer()) known.insert(t.name());
    for (const auto& v : g.input()) known.insert(v.name());
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& node = g.node(i);
        const std::string where = scope + nodeLabel(node, i);
        for (const auto& in : node.input())
            if (!in.empty() && !known.count(in))
                problems.add(where, "input " + quoted(in) +
                                        " is not a graph input, an initializer or the output of an earlier node "
                                        "(the graph is cyclic or not in topological order)");
        for (const auto& a : node.attribute()) {
            if (a.has_g()) checkOrder(a.g(), known, where + ", attribute " + a.name() + ": ", problems, depth + 1);
            for (const auto& sub : a.graphs())
                checkOrder(sub, known, where + ", attribute " + a.name() + ": ", problems, depth + 1);
        }
        for (const auto& out : node.output()) {
            if (out.empty()) continue;
            if (!known.insert(out).second)
                problems.add(where, "output " + quoted(out) + " is already defined (each tensor must be produced once)");
        }
    }
}

bool isFree(const onnx::TensorShapeProto_Dimension& d) { return !d.has_dim_value() || d.dim_value() <= 0; }

}  // namespace

std::string nodeLabel(const onnx::NodeProto& node, int index) {
    const std::string name = !node.name().empty() ? node.name() : node.output_size() > 0 ? node.output(0) : "";
    return (name.empty() ? "node #" + std::to_string(index + 1) : "node " + quoted(name)) + " (" + node.op_type() + ")";
}

bool isPassThrough(const std::string& opType) {
    return opType == "Identity" || opType == "Dropout" || opType == "Cast" || opType == "Transpose" ||
           opType == "Reshape" || opType == "Flatten" || opType == "Squeeze" || opType == "Unsqueeze";
}

OnnxModel::OnnxModel(const std::filesystem::path& file, std::int64_t batch,
                     const std::map<std::string, std::int64_t>& dims, const ImportMonitor& monitor)
    : source_(file.string()) {
    read(file, monitor);
    dropWeightValues();
    indexGraph();
    fixFreeDims(batch, dims);
    checkDivisors();
    checkGraphOrder();
    checkGemmRanks();
    inferShapes(monitor);
    collectShapes();
    propagateConstants();
}

// Read in chunks, so that a stop request is heard and the progress moves while a big file is read;
// the parse is one call into protobuf, which cannot be interrupted.
void OnnxModel::read(const std::filesystem::path& file, const ImportMonitor& monitor) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(source_, "", "cannot open the file");
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    std::string data;
    if (!error) data.reserve(static_cast<std::size_t>(size));
    constexpr std::size_t kChunk = std::size_t{4} << 20;
    std::string chunk(kChunk, '\0');
    monitor.report(kReading, 0);
    while (in) {
        monitor.checkStop();
        in.read(chunk.data(), static_cast<std::streamsize>(kChunk));
        data.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (!error && size > 0) monitor.report(kReading, static_cast<double>(data.size()) / static_cast<double>(size));
    }
    if (in.bad()) throw InputError(source_, "", "cannot read the file");
    if (data.empty()) throw InputError(source_, "", "the file is empty, not an ONNX model");
    monitor.checkStop();
    monitor.report(kParsing, 0);
    const bool parsed = model_.ParseFromString(data);
    monitor.checkStop();  // a request made during the parse takes effect here
    if (!parsed)
        throw InputError(source_, "", "not an ONNX model (the protobuf does not parse; a truncated or non-ONNX file?)");
    if (!model_.has_graph() || model_.graph().node_size() == 0)
        throw InputError(source_, "", "the model holds no graph nodes (not an ONNX model, or an empty one)");
    for (const auto& o : model_.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") opset_ = o.version();
    if (opset_ <= 0) throw InputError(source_, "", "the model imports no version of the standard ONNX operator set");
}

// Weights are read for their shapes only. Dropping the values of large floating-point tensors keeps each
// round of shape inference (the model is copied to a child process and back) as small as the graph.
void OnnxModel::dropWeightValues() {
    auto drop = [](onnx::TensorProto& t) {
        const int type = t.data_type();
        if (!FoldedValue::isRealType(type) && type != onnx::TensorProto_DataType_FLOAT16 &&
            type != onnx::TensorProto_DataType_BFLOAT16)
            return;
        std::int64_t n = 1;
        for (auto d : t.dims()) n = d > 0 && n <= kMaxFoldedRealSource ? n * d : n;
        if (n <= kMaxFoldedRealSource) return;
        t.clear_raw_data();
        t.clear_float_data();
        t.clear_double_data();
        t.clear_int32_data();
    };
    auto* g = model_.mutable_graph();
    for (auto& t : *g->mutable_initializer()) drop(t);
    for (auto& node : *g->mutable_node())
        if (node.op_type() == "Constant")
            for (auto& a : *node.mutable_attribute())
                if (a.has_t()) drop(*a.mutable_t());
}

void OnnxModel::indexGraph() {
    initializers_.clear();
    constantNodeValues_.clear();
    uses_.clear();
    graphOutputs_.clear();
    const auto& g = graph();
    for (const auto& t : g.initializer()) initializers_[t.name()] = &t;
    for (const auto& o : g.output()) graphOutputs_.insert(o.name());
    for (const auto& node : g.node()) {
        for (int i = 0; i < node.input_size(); ++i)
            if (!node.input(i).empty()) uses_[node.input(i)].push_back({&node, i});
        if (node.op_type() == "Constant" && node.output_size() > 0)
            for (const auto& a : node.attribute())
                if (a.name() == "value" && a.has_t()) constantNodeValues_[node.output(0)] = &a.t();
    }
}

const std::vector<TensorUse>& OnnxModel::uses(const std::string& tensor) const {
    static const std::vector<TensorUse> none;
    auto it = uses_.find(tensor);
    return it == uses_.end() ? none : it->second;
}

bool OnnxModel::consumedOnlyAsWeight(const std::string& tensor, int rank, int depth) const {
    const auto& u = uses(tensor);
    if (u.empty() || isGraphOutput(tensor) || depth > 8) return false;
    for (const auto& use : u) {
        const std::string& type = use.node->op_type();
        if (isWeightSlot(type, use.slot, rank)) continue;
        if (isPassThrough(type) && use.slot == 0 && use.node->output_size() > 0 &&
            consumedOnlyAsWeight(use.node->output(0), rank, depth + 1))
            continue;
        return false;
    }
    return true;
}

void OnnxModel::fixFreeDims(std::int64_t batch, const std::map<std::string, std::int64_t>& dims) {
    ProblemList problems(source_);
    bool freeBatch = false;
    std::optional<std::int64_t> fixedBatch;
    std::set<std::string> named;  // every symbolic dim of the inputs, for checking --dim's names
    auto* g = model_.mutable_graph();
    for (const auto& input : g->input())
        if (input.type().has_tensor_type())
            for (const auto& d : input.type().tensor_type().shape().dim())
                if (d.has_dim_param() && !d.dim_param().empty()) named.insert(d.dim_param());
    for (const auto& [name, size] : dims) {
        if (!named.count(name)) {
            std::string list;
            for (const auto& n : named) list += (list.empty() ? "" : ", ") + n;
            problems.add("", "--dim " + name + ": no input of the model has a dim named " + quoted(name) +
                                 (list.empty() ? " (it has no symbolic dims)" : " (its symbolic dims: " + list + ")"));
        }
        if (size < 1 || size > (std::int64_t{1} << 24))
            problems.add("", "--dim " + name + "=" + std::to_string(size) + ": a size must be in 1..2^24");
    }
    for (auto& input : *g->mutable_input()) {
        if (initializers_.count(input.name())) continue;  // IR < 4 lists initializers as inputs
        if (uses(input.name()).empty()) continue;
        const std::string where = "input " + quoted(input.name());
        if (!input.type().has_tensor_type() || !input.type().tensor_type().has_shape()) {
            problems.add(where, "has no tensor shape");
            continue;
        }
        auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
        bool weight = consumedOnlyAsWeight(input.name(), shape->dim_size(), 0);
        if (!weight) {
            weight = true;
            for (const auto& use : uses(input.name()))
                if (!isParameterSlot(use.node->op_type(), static_cast<std::size_t>(shape->dim_size())))
                    weight = false;
        }
        if (weight) {
            constants_.insert(input.name());
        } else {
            activationInputs_.push_back(input.name());
        }
        for (int i = 0; i < shape->dim_size(); ++i) {
            auto* d = shape->mutable_dim(i);
            const std::string param = d->has_dim_param() ? d->dim_param() : "";
            if (auto it = dims.find(param); isFree(*d) && !param.empty() && it != dims.end() && it->second >= 1) {
                d->clear_dim_param();
                d->set_dim_value(it->second);
            }
            if (!isFree(*d)) {
                if (i == 0 && !weight && !fixedBatch) fixedBatch = d->dim_value();
                continue;
            }
            if (d->has_dim_value() && d->dim_value() == 0 && param.empty()) {
                problems.add(where, "axis " + std::to_string(i) + " has size 0");
            } else if (i == 0 && !weight) {
                d->clear_dim_param();
                d->set_dim_value(batch);
                freeBatch = true;
            } else if (!param.empty()) {
                problems.add(where, "axis " + std::to_string(i) + " (" + quoted(param) +
                                        ") has no fixed size; give it with --dim " + param +
                                        "=SIZE (only the batch axis (0) of an activation input takes --batch)");
            } else {
                problems.add(where, "axis " + std::to_string(i) +
                                        " has no fixed size and no name to give it with --dim; only the batch axis (0) of an "
                                        "activation input takes --batch");
            }
        }
    }
    problems.throwIfAny();
    batch_ = freeBatch ? batch : fixedBatch.value_or(1);
}

// ONNX 1.12's shape inference divides by these without checking them (a zero stride is a SIGFPE in
// convPoolShapeInference), so they are checked first.
void OnnxModel::checkDivisors() const {
    ProblemList problems(source_);
    for (int i = 0; i < graph().node_size(); ++i) {
        const auto& node = graph().node(i);
        for (const auto& a : node.attribute()) {
            const std::string& n = a.name();
            if (n != "strides" && n != "dilations" && n != "kernel_shape" && n != "group" && n != "blocksize") continue;
            if (a.type() != onnx::AttributeProto_AttributeType_INT && a.type() != onnx::AttributeProto_AttributeType_INTS)
                continue;  // a wrong type is reported by the translation
            bool bad = a.i() < 1 && a.ints_size() == 0;
            for (auto v : a.ints()) bad = bad || v < 1;
            if (!bad) continue;
            problems.add(nodeLabel(node, i), "attribute " + n + " must hold positive integers");
        }
    }
    problems.throwIfAny();
}

void OnnxModel::checkGraphOrder() const {
    ProblemList problems(source_);
    checkOrder(graph(), {}, "", problems, 0);
    problems.throwIfAny();
}

// Gemm's operands are matrices. ONNX 1.12's shape inference for opset-6 Gemm reads out of bounds on a
// rank-1 B (a fuzzer finding): it crashes the isolated child on some runs and not on others, so
// operands whose rank the file states (initializers, typed graph inputs) are checked before it runs.
void OnnxModel::checkGemmRanks() const {
    std::map<std::string, int> declaredRank;
    for (const auto& input : graph().input())
        if (input.type().has_tensor_type() && input.type().tensor_type().has_shape())
            declaredRank[input.name()] = input.type().tensor_type().shape().dim_size();
    for (const auto& [name, t] : initializers_) declaredRank[name] = t->dims_size();
    ProblemList problems(source_);
    for (int i = 0; i < graph().node_size(); ++i) {
        const auto& node = graph().node(i);
        if (node.op_type() != "Gemm") continue;
        for (int slot = 0; slot < std::min(node.input_size(), 2); ++slot) {
            const auto it = declaredRank.find(node.input(slot));
            if (it == declaredRank.end() || it->second == 2) continue;
            problems.add(nodeLabel(node, i), "Gemm takes 2-D operands; input #" + std::to_string(slot + 1) + " " +
                                                 quoted(node.input(slot)) + " has rank " + std::to_string(it->second));
        }
    }
    problems.throwIfAny();
}

// Shape inference and folding alternate: a Reshape whose target folds in one round has its output shape
// inferred in the next, which lets the Shape nodes reading it fold in turn (one round per attention
// block whose shapes ONNX's own data propagation does not follow). The graph is indexed again after,
// its shape nodes now Constant nodes.
void OnnxModel::inferShapes(const ImportMonitor& monitor) {
    // Folding first, from the inputs' shapes, names a bad index in the chain before ONNX's data
    // propagation trips over it in its own words.
    constexpr int kMaxRounds = 200;
    for (int round = 0; round <= kMaxRounds; ++round) {
        monitor.checkStop();
        monitor.report(kInferring, 1.0 - 1.0 / (round + 1));  // rounds are few, their number unknown
        ProblemList problems(source_);
        const int folded = foldShapeComputations(model_, problems);
        problems.throwIfAny();
        if (round > 0 && folded == 0) break;
        inferShapesIsolated(model_, source_, 300, monitor.stopToken());
    }
    indexGraph();
}

void OnnxModel::collectShapes() {
    auto take = [&](const onnx::ValueInfoProto& v) {
        if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
        const auto& s = v.type().tensor_type().shape();
        std::vector<std::int64_t> dims;
        for (const auto& d : s.dim()) {
            if (isFree(d)) return;
            dims.push_back(d.dim_value());
        }
        shapes_[v.name()] = std::move(dims);
    };
    const auto& g = graph();
    for (const auto& v : g.input()) take(v);
    for (const auto& v : g.value_info()) take(v);
    for (const auto& v : g.output()) take(v);
    for (const auto& t : g.initializer()) {
        std::vector<std::int64_t> dims(t.dims().begin(), t.dims().end());
        bool ok = true;
        for (auto d : dims) ok = ok && d > 0;
        if (ok) shapes_[t.name()] = std::move(dims);
    }
}

void OnnxModel::propagateConstants() {
    for (const auto& [name, t] : initializers_) constants_.insert(name);
    for (const auto& node : graph().node()) {
        bool constant = node.op_type() == "Shape" || node.op_type() == "Size";
        if (!constant) {
            constant = true;
            for (const auto& in : node.input())
                if (!in.empty() && !constants_.count(in)) constant = false;
        }
        if (constant)
            for (const auto& out : node.output()) constants_.insert(out);
    }
}

std::optional<std::vector<std::int64_t>> OnnxModel::shape(const std::string& tensor) const {
    auto it = shapes_.find(tensor);
    if (it == shapes_.end()) return std::nullopt;
    return it->second;
}

const onnx::TensorProto* OnnxModel::valueOf(const std::string& tensor) const {
    if (auto it = constantNodeValues_.find(tensor); it != constantNodeValues_.end()) return it->second;
    if (auto it = initializers_.find(tensor); it != initializers_.end()) return it->second;
    return nullptr;
}

std::optional<double> OnnxModel::scalarValue(const std::string& tensor) const {
    const onnx::TensorProto* t = valueOf(tensor);
    if (!t) return std::nullopt;
    const auto v = readTensor(*t, 1);  // the folding's reader: raw or typed data, every folded type
    if (!v || v->size() != 1) return std::nullopt;
    return v->real(0);
}

std::optional<std::vector<std::int64_t>> OnnxModel::integerValues(const std::string& tensor) const {
    const onnx::TensorProto* t = valueOf(tensor);
    if (!t) return std::nullopt;
    const auto v = readTensor(*t, kMaxFoldedElements);
    if (!v || v->isReal()) return std::nullopt;
    return v->ints;
}

}  // namespace accelscope::onnximport
