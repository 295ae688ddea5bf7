#pragma once
// SCALE-Sim v2 topology files (CSV), in either of SCALE-Sim's two kinds:
//   conv:  Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
//          Conv1, 224, 224, 7, 7, 3, 64, 2,
//   GEMM:  Layer, M, N, K,            (SCALE-Sim's -i gemm; read as the conv row M, K, 1, K, 1, N, 1)
//          fc1, 128, 1000, 4096,
// The first line is the header (SCALE-Sim skips it unread; here its column count tells the kinds
// apart); blank lines are skipped; every field is stripped of spaces; a trailing comma ends a row, as
// in SCALE-Sim's own files (a row without one is read the same). A conv row may carry a ninth column:
// the stride across (SCALE-Sim's writer puts one there) or a sparsity ratio N:M (only dense, N = M,
// is accepted); a GEMM row a fifth, the sparsity ratio. A conv row whose name contains "DP" is
// depthwise: SCALE-Sim runs it as Channels layers of one channel each. Refused, with the file, the
// line and the column: a row with too few or too many fields, a field that is not a whole number, a
// size of 0 (or negative), a filter larger than the ifmap, an empty name or one used twice, a file
// with no layers, a first line that is a layer rather than a header.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace accelscope::scalesim {

enum class TopologyKind { Conv, Gemm };

struct TopologyLayer {
    std::string name;
    int line = 0;  // in the file, from 1
    // A conv row (a GEMM row is stored as SCALE-Sim converts it, see gemmM/gemmN/gemmK).
    std::int64_t ifmapHeight = 1, ifmapWidth = 1, filterHeight = 1, filterWidth = 1;
    std::int64_t channels = 1, numFilters = 1, strideHeight = 1, strideWidth = 1;
    // A GEMM row: out[M][N] = in[M][K] x W[K][N].
    std::int64_t gemmM = 0, gemmN = 0, gemmK = 0;
    // A conv row named with "DP": Channels separate one-channel layers (SCALE-Sim's depthwise rows).
    bool depthwise = false;

    // SCALE-Sim's ofmap: ceil((ifmap - filter + stride) / stride) per axis.
    std::int64_t ofmapHeight() const { return (ifmapHeight - filterHeight) / strideHeight + 1; }
    std::int64_t ofmapWidth() const { return (ifmapWidth - filterWidth) / strideWidth + 1; }
};

struct ScalesimTopology {
    TopologyKind kind = TopologyKind::Conv;
    std::string name;  // the file name without its extension (SCALE-Sim's topology name)
    std::vector<TopologyLayer> layers;
};

// Throws InputError naming `source` with every problem found.
ScalesimTopology parseScalesimTopology(const std::string& text, const std::string& source);
ScalesimTopology loadScalesimTopology(const std::filesystem::path& path);
// The CSV SCALE-Sim reads: the header of the kind, then one row per layer, each ending with a comma.
// Conv rows are written with one stride column (SCALE-Sim v2 takes it for both axes); a layer whose
// strides differ gets the ninth column (older v2 releases read it; the writer's caller decides).
std::string writeScalesimTopology(const ScalesimTopology& topology);

}  // namespace accelscope::scalesim
