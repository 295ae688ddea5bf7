// Gemm and MatMul: a product with a weight operand is a `linear` (M = all rows of the activation, as
// scripts/gen_workloads.py writes nn.Linear), a product of two activations a `matmul` with B = the
// product of the batch dims (attention's Q.K^T and scores.V).
#include "onnx/onnx_translation.h"

namespace accelscope::onnximport {
namespace {

Op linear(std::string input, std::int64_t m, std::int64_t n, std::int64_t k, bool bias) {
    Op op;
    op.kind = OpKind::Linear;
    op.inputs = {std::move(input)};
    op.M = m;
    op.N = n;
    op.K = k;
    op.bias = bias;
    return op;
}

std::string dims(std::int64_t a, std::int64_t b) { return "[" + std::to_string(a) + ", " + std::to_string(b) + "]"; }

}  // namespace

Rule translateGemm(const onnx::NodeProto& node, Translation& t) {
    const auto& a = t.input(node, 0);
    const auto& b = t.input(node, 1);
    const auto as = t.shapeOf(a), bs = t.shapeOf(b);
    if (as.size() != 2 || bs.size() != 2)
        throw NodeError("Gemm takes 2-D operands, got " + listText(as) + " and " + listText(bs));
    const NodeAttributes attrs(node);
    const bool transA = attrs.integer("transA", 0) != 0, transB = attrs.integer("transB", 0) != 0;
    const std::int64_t m = transA ? as[1] : as[0], k = transA ? as[0] : as[1];
    const std::int64_t kb = transB ? bs[1] : bs[0], n = transB ? bs[0] : bs[1];
    if (k != kb) throw NodeError("A " + dims(m, k) + " and B " + dims(kb, n) + " (after transA/transB) do not multiply");
    const bool bias = node.input_size() > 2 && !node.input(2).empty() && t.isConstant(node.input(2));
    if (t.isConstant(b)) {
        t.emit(node, linear(t.producer(a), m, n, k, bias));
    } else if (t.isConstant(a)) {  // out^T = B^T A^T: the activation's columns are the rows
        t.emit(node, linear(t.producer(b), n, m, k, bias));
    } else {
        Op op;
        op.kind = OpKind::MatMul;
        op.inputs = {t.producer(a), t.producer(b)};
        op.B = 1;
        op.M = m;
        op.N = n;
        op.K = k;
        t.emit(node, std::move(op));
    }
    return Rule::Translated;
}

Rule translateMatMul(const onnx::NodeProto& node, Translation& t) {
    const auto& a = t.input(node, 0);
    const auto& b = t.input(node, 1);
    auto as = t.shapeOf(a), bs = t.shapeOf(b);
    if (as.empty() || bs.empty()) throw NodeError("MatMul operands must have rank 1 or more");
    // numpy.matmul: a 1-D first operand is a row, a 1-D second operand a column.
    if (as.size() == 1) as.insert(as.begin(), 1);
    if (bs.size() == 1) bs.push_back(1);
    const std::int64_t m = as[as.size() - 2], k = as.back(), kb = bs[bs.size() - 2], n = bs.back();
    if (k != kb)
        throw NodeError("operands " + listText(t.shapeOf(a)) + " and " + listText(t.shapeOf(b)) + " do not multiply");
    const std::int64_t aElements = checkedElements(as, a), bElements = checkedElements(bs, b);
    if (t.isConstant(b)) {
        if (bs.size() != 2) return Rule::Unsupported;  // batched weights
        t.emit(node, linear(t.producer(a), aElements / k, n, k, false));
        return Rule::Translated;
    }
    if (t.isConstant(a)) {
        if (as.size() != 2) return Rule::Unsupported;
        t.emit(node, linear(t.producer(b), bElements / k, m, k, false));  // out^T = B^T A^T
        return Rule::Translated;
    }
    const std::int64_t batch = checkedElements(outputShape(node, t), node.output(0)) / (m * n);
    if (aElements != batch * m * k || bElements != batch * k * n)
        throw NodeError("operands " + listText(t.shapeOf(a)) + " and " + listText(t.shapeOf(b)) +
                        " broadcast over the batch dims; the workload format's matmul needs both at the full batch");
    Op op;
    op.kind = OpKind::MatMul;
    op.inputs = {t.producer(a), t.producer(b)};
    op.B = batch;
    op.M = m;
    op.N = n;
    op.K = k;
    t.emit(node, std::move(op));
    return Rule::Translated;
}

}  // namespace accelscope::onnximport
