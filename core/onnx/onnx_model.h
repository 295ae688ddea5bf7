#pragma once
// An ONNX model read for import: parsed, its symbolic dims fixed (--dim, and --batch for a free batch
// axis), shapes inferred by ONNX's own shape inference alternating with the folding of shape
// computations (shape_folding.h) until nothing more folds, and every tensor classified as a constant
// (initializers, Constant nodes, weights given as graph inputs, anything computed only from those,
// shapes) or an activation.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "onnx/import_monitor.h"

namespace accelscope::onnximport {

struct TensorUse {
    const onnx::NodeProto* node;
    int slot;  // which input of the node
};

class OnnxModel {
public:
    // Throws InputError naming `file` when it is not a readable ONNX model, when an input has a free dim
    // that neither `dims` (symbolic dim name -> size) nor, on the batch axis of an activation, `batch`
    // fixes, when `dims` names a dim no input has, or when shape inference or folding fails.
    // `monitor` hears of the reading, parsing and shape inference, and stops them (OnnxImportCancelled).
    OnnxModel(const std::filesystem::path& file, std::int64_t batch,
              const std::map<std::string, std::int64_t>& dims = {}, const ImportMonitor& monitor = {});

    const std::string& source() const { return source_; }
    const onnx::ModelProto& model() const { return model_; }
    const onnx::GraphProto& graph() const { return model_.graph(); }
    std::int64_t opsetVersion() const { return opset_; }
    // The batch the imported ops are written at: --batch when the batch axis was free, else its size.
    std::int64_t batch() const { return batch_; }

    // Fully known shape (every dim a positive number), or nothing.
    std::optional<std::vector<std::int64_t>> shape(const std::string& tensor) const;
    bool isConstant(const std::string& tensor) const { return constants_.count(tensor) > 0; }
    const std::vector<TensorUse>& uses(const std::string& tensor) const;
    bool isGraphOutput(const std::string& tensor) const { return graphOutputs_.count(tensor) > 0; }
    // Activation graph inputs, in the model's order (weights given as inputs are constants).
    const std::vector<std::string>& activationInputs() const { return activationInputs_; }
    // An initializer or Constant node value, when it holds exactly one number.
    std::optional<double> scalarValue(const std::string& tensor) const;
    // An initializer's or Constant node's values when it holds integers (a Pad's pads, a Split's sizes,
    // Trilu's k), folded ones included; nothing otherwise.
    std::optional<std::vector<std::int64_t>> integerValues(const std::string& tensor) const;

private:
    const onnx::TensorProto* valueOf(const std::string& tensor) const;
    void read(const std::filesystem::path& file, const ImportMonitor& monitor);
    void indexGraph();
    bool consumedOnlyAsWeight(const std::string& tensor, int rank, int depth) const;
    void dropWeightValues();
    void fixFreeDims(std::int64_t batch, const std::map<std::string, std::int64_t>& dims);
    void checkDivisors() const;
    void checkGraphOrder() const;
    void checkGemmRanks() const;
    void inferShapes(const ImportMonitor& monitor);
    void collectShapes();
    void propagateConstants();

    std::string source_;
    onnx::ModelProto model_;
    std::int64_t opset_ = 0;
    std::int64_t batch_ = 1;
    std::map<std::string, std::vector<std::int64_t>> shapes_;
    std::map<std::string, const onnx::TensorProto*> initializers_;
    std::map<std::string, const onnx::TensorProto*> constantNodeValues_;
    std::map<std::string, std::vector<TensorUse>> uses_;
    std::set<std::string> constants_;
    std::set<std::string> graphOutputs_;
    std::vector<std::string> activationInputs_;
};

// "node \"name\" (OpType)", or "node #index (OpType)" for an unnamed node without outputs; for messages.
std::string nodeLabel(const onnx::NodeProto& node, int index);

// Ops whose output is their input re-labelled (a weight may flow through them on its way to a slot).
bool isPassThrough(const std::string& opType);

}  // namespace accelscope::onnximport
