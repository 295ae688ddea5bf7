// Scaling the batch axis of every op.
#include "workload/batch.h"

#include "util/input_error.h"

namespace accelscope {

Workload withBatch(const Workload& w, std::int64_t batch) {
    if (batch <= 0 || batch % w.batch != 0)
        throw InputError(w.name, "", "batch " + std::to_string(batch) + " is not a positive multiple of the file's batch " +
                                         std::to_string(w.batch));
    const std::int64_t f = batch / w.batch;
    if (f == 1) return w;
    Workload out = w;
    out.batch = batch;
    for (auto& in : out.inputs)
        if (!in.shape.empty()) in.shape[0] *= f;
    for (Op& op : out.ops) {
        switch (opLayout(op.kind)) {
        case OpLayout::Window:
        case OpLayout::Global: op.N *= f; break;
        case OpLayout::Matrix:
            if (op.kind == OpKind::MatMul)
                op.B *= f;
            else
                op.M *= f;
            break;
        case OpLayout::Shaped:
            if (!op.shape.empty()) op.shape[0] *= f;
            break;
        }
    }
    return out;
}

}  // namespace accelscope
