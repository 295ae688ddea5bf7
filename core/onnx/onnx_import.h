#pragma once
// Importing an ONNX model as a workload (docs/workloads.md): the model is loaded, ONNX's
// shape inference run, and every node translated to AccelScope's op kinds with the conventions of the
// shipped networks (scripts/gen_workloads.py), so an imported ResNet-50 has the shipped file's figures.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "workload/workload.h"

namespace accelscope {

struct OnnxImportOptions {
    std::int64_t batch = 1;          // the size of free (symbolic or unset) batch dims of the inputs
    bool ignoreUnsupported = false;  // drop unsupported nodes (their outputs become graph inputs)
    std::map<std::string, std::int64_t> dims = {};  // symbolic dims of the inputs by name (dim_param): --dim seq=128
};

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
OnnxImport importOnnxModel(const std::filesystem::path& file, const OnnxImportOptions& options);
Workload importOnnx(const std::filesystem::path& file, const OnnxImportOptions& options);

}  // namespace accelscope
