#include "onnx/load_any_workload.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "onnx/onnx_import.h"
#include "workload/workload_io.h"

namespace accelscope {

Workload loadAnyWorkload(std::string_view nameOrPath, std::int64_t batch) {
    std::string extension = std::filesystem::path(nameOrPath).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".onnx") {
        OnnxImportOptions options;
        options.batch = batch;
        return importOnnx(std::filesystem::path(nameOrPath), options);
    }
    return loadWorkloadByNameOrPath(nameOrPath);
}

}  // namespace accelscope
