#pragma once
// A layer mapped onto a SCALE-Sim array exactly as SCALE-Sim v2 maps it. SCALE-Sim flattens a layer
// into operand matrices: Sr rows and Sc columns of work spread over the array and a stream T run
// through it (topology_utils.py, calc_spatio_temporal_params):
//   os: Sr = ofmap pixels N*P*Q, Sc = filters K, T = window C*R*S   (outputs stay in the PEs)
//   ws: Sr = window C*R*S,       Sc = filters K, T = ofmap pixels   (weights stay)
//   is: Sr = window C*R*S,       Sc = ofmap pixels, T = filters K   (inputs stay)
// So the mapping puts Sr's dims, at their full extents, on the systolic level's rows, Sc's on its
// columns, and T's as the PE's temporal loops; SCALE-Sim's folds (ceil(Sr / rows) x ceil(Sc / columns))
// are the systolic fan-out's folds. Groups (SCALE-Sim's depthwise "DP" rows, one layer per channel)
// run one after another at DRAM. When the whole layer's tiles do not fit the SRAM's partitions, dims
// of Sr or Sc are split between a DRAM loop and the array at a point that keeps every fold full (the
// fold count unchanged), fewest DRAM iterations first, Sr's dims outermost; when no split fits, the
// whole layer stays and `fits` is false.
#include <cstdint>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "workload/problem.h"

namespace accelscope::scalesim {

struct ScalesimLayerMapping {
    Mapping mapping;
    std::int64_t rowFolds = 1, columnFolds = 1;  // as SCALE-Sim counts them (over the whole layer, one group)
    std::int64_t dramIterations = 1;             // of the splits (groups not counted)
    bool fits = true;                            // false: the SRAM's partitions are too small for any split
};

// `arch` is a SCALE-Sim design as importScalesim builds it: DRAM, an SRAM with the systolic fan-out,
// and the PE. Throws std::invalid_argument for any other architecture.
ScalesimLayerMapping mapLikeScalesim(const Architecture& arch, const ProblemShape& shape);

// The dims SCALE-Sim puts on the rows (Sr), the columns (Sc) and the stream (T) for a dataflow, as
// dim bits (bit d for Dim d).
struct OperandDims {
    std::uint32_t rows = 0, columns = 0, stream = 0;
};
OperandDims operandDims(Systolic dataflow);

}  // namespace accelscope::scalesim
