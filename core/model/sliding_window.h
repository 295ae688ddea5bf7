#pragma once
// The input rows (or columns) a tile touches: the set {p*stride + r*dilation : p < P, r < R}.
// Its size, and its overlap with the same set shifted by a number of rows (the part of an input
// tile a buffer keeps when the tile slides: the halo).
#include <cstdint>

namespace accelscope {

// |{p*stride + r*dilation : 0 <= p < outExtent, 0 <= r < filterExtent}|
std::int64_t slidingCount(std::int64_t outExtent, std::int64_t filterExtent, std::int64_t stride,
                          std::int64_t dilation);

// |A ∩ (A + shift)| for the set A above.
std::int64_t slidingOverlap(std::int64_t outExtent, std::int64_t filterExtent, std::int64_t stride,
                            std::int64_t dilation, std::int64_t shift);

}  // namespace accelscope
