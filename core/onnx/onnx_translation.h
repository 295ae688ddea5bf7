#pragma once
// The state of one import while the nodes are translated in order: which workload op or graph input
// produces each activation tensor, the ops emitted so far, and what was skipped or dropped. The
// per-operator rules (onnx_window_ops.cpp, onnx_matrix_ops.cpp, onnx_shaped_ops.cpp,
// onnx_selection_ops.cpp) work through it.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "onnx/onnx_attributes.h"
#include "onnx/onnx_model.h"
#include "workload/workload.h"

namespace accelscope::onnximport {

// How a rule handled its node.
enum class Rule { Translated, Unsupported };
using Translator = Rule (*)(const onnx::NodeProto&, class Translation&);

class Translation {
public:
    explicit Translation(const OnnxModel& model);

    const OnnxModel& model() const { return model_; }
    bool isConstant(const std::string& tensor) const { return model_.isConstant(tensor); }
    // The tensor's inferred shape, or the shape of the op emitted for it when shape inference did not know
    // the operator (a contrib Gelu); nothing when neither knows it.
    std::optional<std::vector<std::int64_t>> knownShape(const std::string& tensor) const;
    // Whether the tensor is an output of a node whose translation failed (already reported).
    bool failed(const std::string& tensor) const { return failed_.count(tensor) > 0; }
    // The same, checked against the format's limits; throws NodeError when unknown (CascadeFailure when
    // its producer failed).
    std::vector<std::int64_t> shapeOf(const std::string& tensor) const;
    // The node's input `slot`; throws NodeError when the node has no such input.
    const std::string& input(const onnx::NodeProto& node, int slot) const;

    // The workload name of what produces an activation tensor (an op or a graph input).
    std::string producer(const std::string& tensor);
    // Producers of the node's activation inputs, in order (constants left out).
    std::vector<std::string> activationProducers(const onnx::NodeProto& node);
    // A constant read as data (a learned token concatenated to activations): it becomes a graph input.
    std::string constantAsInput(const std::string& tensor);
    // The op producing the tensor, when it is an op of this workload.
    Op* producerOp(const std::string& tensor);

    // Adds `op`, named after the node, as the producer of the node's first output.
    Op& emit(const onnx::NodeProto& node, Op op);
    // Adds `op`, named after the output, as the producer of the node's output `slot` (one op per piece
    // of a Split).
    Op& emitOutput(const onnx::NodeProto& node, int slot, Op op);
    // The node's first output is `tensor` under another name (Identity, Dropout, Cast...).
    void alias(const onnx::NodeProto& node, const std::string& tensor) { aliasOutput(node, 0, tensor); }
    void aliasOutput(const onnx::NodeProto& node, int slot, const std::string& tensor);
    // `output` is now produced by the existing op `opName` (a fused pair such as MatMul + bias Add).
    void rebind(const std::string& output, const std::string& opName) { producers_[output] = opName; }

    // Outputs of a node whose translation failed: their consumers fail quietly (one message per cause).
    void markFailed(const onnx::NodeProto& node);
    // Outputs of a dropped unsupported node: their consumers read them as graph inputs.
    void markDropped(const onnx::NodeProto& node);

    // The workload so far; graph inputs listed in the model's order, then the dropped nodes' outputs.
    Workload finish(std::string name, std::string source, std::int64_t batch);
    std::size_t opCount() const { return ops_.size(); }

private:
    std::string claimName(const std::string& wanted);
    Op& add(const std::string& output, const std::string& wantedName, Op op);

    const OnnxModel& model_;
    std::vector<Op> ops_;
    std::map<std::string, std::size_t> opIndex_;        // op name -> position in ops_
    std::map<std::string, std::string> producers_;      // tensor -> op or graph input name
    std::map<std::string, GraphInput> pendingInputs_;   // graph input name -> input (not yet used)
    std::vector<GraphInput> usedInputs_;                // graph inputs in order of first use
    std::map<std::string, std::size_t> inputOrder_;     // graph input name -> model order, dropped last
    std::set<std::string> failed_;
    std::map<std::string, std::vector<std::int64_t>> emittedShapes_;  // outputs shape inference left unknown
    std::set<std::string> names_;
};

// A quiet failure: the node reads a tensor whose producer failed (already reported).
struct CascadeFailure {};

// The rules, by ONNX op type (onnx_window_ops.cpp, onnx_matrix_ops.cpp, onnx_shaped_ops.cpp,
// onnx_selection_ops.cpp).
const Translator* findTranslator(const std::string& opType);
Rule translateConv(const onnx::NodeProto&, Translation&);
Rule translatePool(const onnx::NodeProto&, Translation&);
Rule translateGlobalPool(const onnx::NodeProto&, Translation&);
Rule translateReduce(const onnx::NodeProto&, Translation&);
Rule translateGemm(const onnx::NodeProto&, Translation&);
Rule translateMatMul(const onnx::NodeProto&, Translation&);
Rule translateElementwise(const onnx::NodeProto&, Translation&);
Rule translateActivation(const onnx::NodeProto&, Translation&);
Rule translateNormalization(const onnx::NodeProto&, Translation&);
Rule translateView(const onnx::NodeProto&, Translation&);
Rule translateDataMovement(const onnx::NodeProto&, Translation&);
Rule translatePassThrough(const onnx::NodeProto&, Translation&);
Rule translateWhere(const onnx::NodeProto&, Translation&);
Rule translateTrilu(const onnx::NodeProto&, Translation&);
Rule translateGather(const onnx::NodeProto&, Translation&);
Rule translateSlice(const onnx::NodeProto&, Translation&);
Rule translateSplit(const onnx::NodeProto&, Translation&);
Rule translateExpand(const onnx::NodeProto&, Translation&);
Rule translateTile(const onnx::NodeProto&, Translation&);
Rule translatePad(const onnx::NodeProto&, Translation&);

// The op's output shape as shape inference gives it, or (for ops that keep the shape) the input's.
std::vector<std::int64_t> outputShape(const onnx::NodeProto& node, Translation& t);
// The workload format's limits (core/workload/workload_reader.cpp): one dim, one tensor, rank.
inline constexpr std::int64_t kMaxDim = std::int64_t{1} << 24;
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;
inline constexpr std::size_t kMaxRank = 8;
// Elements of a tensor of that shape; throws NodeError when a dim or the total is outside the limits.
std::int64_t checkedElements(const std::vector<std::int64_t>& shape, const std::string& tensor);

// Positive axis in [0, rank); throws NodeError outside [-rank, rank).
std::int64_t normalizeAxis(std::int64_t axis, std::size_t rank);

}  // namespace accelscope::onnximport
