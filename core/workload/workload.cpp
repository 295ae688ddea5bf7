#include "workload/workload.h"

namespace accelscope {

std::int64_t shapeElements(const std::vector<std::int64_t>& shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

ProblemShape Op::problem() const {
    ProblemShape p;
    switch (kind) {
    case OpKind::Conv:
        p[Dim::N] = N;
        p[Dim::G] = groups;
        p[Dim::K] = K / groups;
        p[Dim::C] = C / groups;
        p[Dim::P] = P;
        p[Dim::Q] = Q;
        p[Dim::R] = R;
        p[Dim::S] = S;
        p.strideH = static_cast<int>(stride[0]);
        p.strideW = static_cast<int>(stride[1]);
        p.dilationH = static_cast<int>(dilation[0]);
        p.dilationW = static_cast<int>(dilation[1]);
        break;
    case OpKind::Linear:  // rows of the input as output rows P, weights shared over them
        p[Dim::K] = N;
        p[Dim::C] = K;
        p[Dim::P] = M;
        break;
    case OpKind::MatMul:  // the second operand differs per product: one group per product
        p[Dim::G] = B;
        p[Dim::K] = N;
        p[Dim::C] = K;
        p[Dim::P] = M;
        break;
    default: break;
    }
    return p;
}

const Op* Workload::findOp(std::string_view opName) const {
    for (const auto& op : ops)
        if (op.name == opName) return &op;
    return nullptr;
}

std::int64_t Workload::producedElements(std::string_view tensorName) const {
    for (const auto& in : inputs)
        if (in.name == tensorName) return shapeElements(in.shape);
    if (const Op* op = findOp(tensorName)) return outputElements(*op);
    return 0;
}

std::int64_t outputElements(const Op& op) {
    switch (opLayout(op.kind)) {
    case OpLayout::Window: return op.N * (op.kind == OpKind::Conv ? op.K : op.C) * op.P * op.Q;
    case OpLayout::Global: return op.N * op.C;
    case OpLayout::Matrix: return op.B * op.M * op.N;
    case OpLayout::Shaped: return shapeElements(op.shape);
    }
    return 0;
}

OpFigures Workload::figures(const Op& op) const {
    OpFigures f;
    switch (opLayout(op.kind)) {
    case OpLayout::Window:
        f.inputElements = op.N * op.C * op.H * op.W;
        if (op.kind == OpKind::Conv) {
            f.outputElements = op.N * op.K * op.P * op.Q;
            f.weightElements = op.K * (op.C / op.groups) * op.R * op.S;
            f.macs = f.outputElements * (op.C / op.groups) * op.R * op.S;
        } else {
            f.outputElements = op.N * op.C * op.P * op.Q;
            // max: R*S-1 compares per output; average: R*S-1 adds and one multiply by 1/(R*S).
            f.elementOps = f.outputElements * op.R * op.S;
        }
        break;
    case OpLayout::Global:
        f.inputElements = op.N * op.C * op.H * op.W;
        f.outputElements = op.N * op.C;
        f.elementOps = f.inputElements;  // one add per input element (the final scale folds in)
        break;
    case OpLayout::Matrix:
        f.outputElements = op.B * op.M * op.N;
        f.macs = op.B * op.M * op.N * op.K;
        if (op.kind == OpKind::Linear) {
            f.inputElements = op.M * op.K;
            f.weightElements = op.K * op.N + (op.bias ? op.N : 0);
        } else {
            f.inputElements = op.B * op.M * op.K + op.B * op.K * op.N;
        }
        break;
    case OpLayout::Shaped:
        f.outputElements = shapeElements(op.shape);
        for (const auto& in : op.inputs) f.inputElements += producedElements(in);
        if (op.kind == OpKind::Gather) f.inputElements = f.outputElements;  // reads what it copies, once
        f.elementOps = f.outputElements * elementOpsPerElement(op.kind);
        if (op.kind == OpKind::BatchNorm && !op.shape.empty() && op.shape.size() >= 2)
            f.weightElements = 2 * op.shape[1];  // folded scale and shift per channel
        if (op.kind == OpKind::LayerNorm && !op.shape.empty())
            f.weightElements = 2 * op.shape.back();  // gamma and beta
        break;
    }
    return f;
}

std::int64_t Workload::totalMacs() const {
    std::int64_t total = 0;
    for (const auto& op : ops) total += figures(op).macs * op.repeat;
    return total;
}

std::int64_t Workload::macOpCount() const {
    std::int64_t n = 0;
    for (const auto& op : ops) n += op.isMacOp() ? 1 : 0;
    return n;
}

}  // namespace accelscope
