#pragma once
// One entry point for every place that takes --workload: a shipped network's name, a workload file, or
// an ONNX model (a path ending in .onnx, imported with its free batch dims set to `batch`).
// core/workload knows nothing of ONNX; this is where the two meet.
#include <cstdint>
#include <string_view>

#include "workload/workload.h"

namespace accelscope {

Workload loadAnyWorkload(std::string_view nameOrPath, std::int64_t batch = 1);

}  // namespace accelscope
