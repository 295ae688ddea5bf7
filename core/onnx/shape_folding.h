#pragma once
// Constant folding of the shape computations inside a graph. Transformer exports compute their Reshape
// targets at run time (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Slice, Squeeze, Cast,
// arithmetic on small integer tensors, Range, ConstantOfShape, Expand, Where, Equal, Tile, ReduceProd;
// causal masks through Trilu). ONNX 1.12's
// data propagation follows only part of such chains (no Div, Range, Where, Expand, ConstantOfShape,
// float detours), which leaves the Reshape after them without a shape. This pass computes the values
// of such tensors from the constants and the shapes inference has found so far, and rewrites each
// node it computed into a Constant node holding its value; OnnxModel then runs shape inference again,
// which now sees constant targets, until nothing more folds.
#include <string>

#include <onnx/onnx_pb.h>

#include "util/input_error.h"

namespace accelscope::onnximport {

// Folds every node whose single output can be computed from constants (initializers, Constant nodes,
// nodes folded before it) and the static shapes the graph states now (inputs, value_info, outputs),
// and rewrites it into a Constant node. Tensors above kMaxFoldedElements (folded_value.h) are left to
// shape inference. Also checks every Reshape whose target and input shape are known. Bad input (a
// Gather index out of range, a Range with step 0, a Reshape target that does not match the element
// count) is added to `problems` naming the node. Returns the number of nodes rewritten.
int foldShapeComputations(onnx::ModelProto& model, ProblemList& problems);

// After folding, why `tensor` (the target of a Reshape or Expand left without a shape) holds no value:
// the first node back along its chain that was not folded, or the activation its value depends on.
// Empty when it has a value.
std::string whyNotFolded(const onnx::GraphProto& graph, const std::string& tensor);

}  // namespace accelscope::onnximport
