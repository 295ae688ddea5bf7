#pragma once
// A model that is big on disk for its few nodes: x [batch, seq, d] (both symbolic) through a chain of
// MatMuls whose weights, alternately [d, h] and [h, d], hold their data (zeros), with a Relu after
// each. 3 MatMuls of d = 2048, h = 4096 carry 3 * 2048 * 4096 * 4 B = 100.7 MB of weights. Each MatMul
// is a linear over the batch * seq tokens: batch * seq * d * h MACs.
#include <cstdint>
#include <string>

#include "onnx/onnx_builder.h"

namespace onnxtest {

struct BigModelShape {
    std::int64_t d = 2048;
    std::int64_t h = 4096;
    int matmuls = 3;

    std::int64_t weightBytes() const { return matmuls * d * h * 4; }
    std::int64_t macs(std::int64_t batch, std::int64_t seq) const { return matmuls * batch * seq * d * h; }
};

inline OnnxBuilder bigMatMulModel(const BigModelShape& s = {}) {
    OnnxBuilder b(17);
    b.input("x", {-1, -1, s.d});
    auto* shape = b.model().mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->mutable_dim(0)->set_dim_param("batch");
    shape->mutable_dim(1)->set_dim_param("seq");
    std::string x = "x";
    for (int i = 0; i < s.matmuls; ++i) {
        const bool up = i % 2 == 0;
        const std::string w = "w" + std::to_string(i);
        b.weight(w, up ? Dims{s.d, s.h} : Dims{s.h, s.d});
        // The weight's values: raw little-endian floats, all zero.
        auto& t = *b.model().mutable_graph()->mutable_initializer(b.model().graph().initializer_size() - 1);
        t.mutable_raw_data()->assign(static_cast<std::size_t>(s.d * s.h * 4), '\0');
        const std::string m = b.node("MatMul", "matmul" + std::to_string(i), {x, w});
        x = b.node("Relu", "relu" + std::to_string(i), {m});
    }
    b.output(x);
    return b;
}

}  // namespace onnxtest
