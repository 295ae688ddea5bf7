#pragma once
// Portable draws from a 64-bit Mersenne Twister. The standard distributions are
// implementation-defined, so a seed would give different searches under different standard
// libraries; these give the same sequence everywhere.
#include <cstdint>
#include <random>

namespace accelscope {

// Uniform in [0, n), n > 0; rejection keeps it unbiased.
inline std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r = rng();
    while (r >= limit) r = rng();
    return r % n;
}

inline int uniformIndex(std::mt19937_64& rng, int n) {
    return static_cast<int>(uniformBelow(rng, static_cast<std::uint64_t>(n)));
}

// Uniform in [0, 1) with 53 random bits.
inline double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace accelscope
