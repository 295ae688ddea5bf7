#pragma once
// The value of a small tensor known before the model runs (a shape, an index, a mask built from them),
// as the shape folding (shape_folding.h) computes it: integers and booleans exactly as int64, floating
// point as double. Read from and written to ONNX TensorProtos; broadcasting as numpy (and ONNX) does.
#include <cstdint>
#include <optional>
#include <vector>

#include <onnx/onnx_pb.h>

namespace accelscope::onnximport {

// Folded tensors hold at most this many elements: a larger computed tensor (a causal mask of a long
// sequence) is left to ONNX's shape inference, which knows its shape without its values.
inline constexpr std::int64_t kMaxFoldedElements = 1000000;

// Floating-point tensors in the file are read only up to this size (a scale, a bound); larger ones are
// weights, whose values the import never needs (OnnxModel drops them before shape inference).
inline constexpr std::int64_t kMaxFoldedRealSource = 4096;

struct FoldedValue {
    int type = onnx::TensorProto_DataType_INT64;  // an onnx::TensorProto_DataType
    std::vector<std::int64_t> dims;
    std::vector<std::int64_t> ints;  // integer and bool types
    std::vector<double> reals;       // float and double

    bool isReal() const { return isRealType(type); }
    std::size_t size() const { return isReal() ? reals.size() : ints.size(); }
    double real(std::size_t i) const { return isReal() ? reals[i] : static_cast<double>(ints[i]); }
    // A 0-d or one-element tensor as an integer (a Gather index, a Range bound).
    std::int64_t scalarInt() const;

    static bool isRealType(int type);
    // The types folded: signed and unsigned integers up to 64 bits, bool, float and double.
    static bool isFoldableType(int type);
};

// The tensor's values; nothing for a type not folded, external or missing data, or more than
// `maxElements` elements.
std::optional<FoldedValue> readTensor(const onnx::TensorProto& tensor, std::int64_t maxElements);
onnx::TensorProto writeTensor(const FoldedValue& value);

// Element count of a tensor of `dims`. Throws NodeError on a negative dim or more than 2^40 elements
// (what the workload format can hold); nothing when above kMaxFoldedElements (not folded).
std::optional<std::int64_t> foldedElements(const std::vector<std::int64_t>& dims, const char* what);

// numpy broadcasting of two shapes; throws NodeError when they do not broadcast.
std::vector<std::int64_t> broadcastDims(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b);
// For each element of a tensor of `out` (row-major), the element of a tensor of `in` broadcast to it.
std::vector<std::size_t> broadcastSources(const std::vector<std::int64_t>& out, const std::vector<std::int64_t>& in);

}  // namespace accelscope::onnximport
