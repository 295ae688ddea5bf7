#pragma once
// A network at another batch size: every batch axis scaled (conv/pool N, linear M, matmul B, the first
// axis of shapes and graph inputs). Files are written at their `batch`; the new batch must be a
// multiple of it (FAST searches the batch as a compiler-level parameter).
#include <cstdint>

#include "workload/workload.h"

namespace accelscope {

// Throws InputError when `batch` is not a positive multiple of the file's batch.
Workload withBatch(const Workload& workload, std::int64_t batch);

}  // namespace accelscope
