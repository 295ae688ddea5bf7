#pragma once
// Importing an ONNX model as a workload (docs/workloads.md): the model is loaded, ONNX's
// shape inference run, and every node translated to AccelScope's op kinds with the conventions of the
// shipped networks (scripts/gen_workloads.py), so an imported ResNet-50 has the shipped file's figures.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "workload/workload.h"

namespace accelscope {

// Where an import is: the phase ("reading", "parsing", "inferring shapes", "translating", "checking")
// and the fraction of the whole import done, 0..1 (each phase has a fixed share of it; reading moves by
// bytes, translating by nodes). Called on the importing thread.
using OnnxImportProgress = std::function<void(std::string_view phase, double fraction)>;

struct OnnxImportOptions {
    std::int64_t batch = 1;          // the size of free (symbolic or unset) batch dims of the inputs
    bool ignoreUnsupported = false;  // drop unsupported nodes (their outputs become graph inputs)
    std::map<std::string, std::int64_t> dims = {};  // symbolic dims of the inputs by name (dim_param): --dim seq=128
    OnnxImportProgress progress = {};                // optional
    // A stop request ends the import with OnnxImportCancelled. It is checked between the file's chunks
    // while reading, right after the protobuf parse (one library call that cannot be interrupted: a
    // request during it waits for it to end), during shape inference (its child process is killed),
    // between nodes of the translation and before the final check.
    std::stop_token stop = {};
};

// The import was stopped through OnnxImportOptions::stop: nothing was imported (not an input error).
class OnnxImportCancelled : public std::runtime_error {
public:
    explicit OnnxImportCancelled(const std::string& source) : std::runtime_error(source + ": the import was cancelled") {}
};

// A symbolic dim (dim_param) of the model's graph inputs, which OnnxImportOptions::dims must fix.
struct OnnxSymbolicDim {
    std::string name;
    std::vector<std::string> places;  // where it occurs, in the model's order: `input "x", axis 1`
    // Every occurrence is axis 0 of an input: a batch axis, which OnnxImportOptions::batch fixes when
    // `dims` does not name it (unless the input holds weights).
    bool batchAxis = false;
    friend bool operator==(const OnnxSymbolicDim&, const OnnxSymbolicDim&) = default;
};

// The symbolic dims of the model's graph inputs (initializers listed as inputs left out), in order of
// first appearance. Cheap on a big model: only the graph's inputs are parsed, and the nodes and the
// initializers' data are skipped over without being read. Throws InputError naming the file when it
// cannot be read or is not a protobuf message.
std::vector<OnnxSymbolicDim> onnxSymbolicDims(const std::filesystem::path& file);

struct UnsupportedOperator {
    std::string opType;
    std::int64_t count = 0;
    friend bool operator==(const UnsupportedOperator&, const UnsupportedOperator&) = default;
};

struct OnnxImport {
    Workload workload;
    std::int64_t nodes = 0;                   // nodes in the model's graph
    std::int64_t foldedNodes = 0;             // carrying no compute: constants, shape arithmetic, identities, fused
    std::vector<UnsupportedOperator> dropped;  // with ignoreUnsupported, in order of first appearance
};

// Throws InputError naming the file (and the node and field) for anything it cannot import: not an ONNX
// model, free dims other than the batch that `dims` does not fix, a name in `dims` no input has, a
// shape computation that fails (shape_folding.h), a node it cannot size, or, without ignoreUnsupported,
//   model.onnx: unsupported operators: Resize x2, NonMaxSuppression x1 (use --ignore-unsupported to drop them)
// Throws OnnxImportCancelled when options.stop is requested before it ends.
OnnxImport importOnnxModel(const std::filesystem::path& file, const OnnxImportOptions& options);
Workload importOnnx(const std::filesystem::path& file, const OnnxImportOptions& options);

}  // namespace accelscope
