#pragma once
// Deriving independent seeds from one (a run's seed, a layer shape, a chain index): splitmix64's
// finaliser, so that nearby inputs give unrelated streams and results depend only on the run's seed.
#include <cstdint>

namespace accelscope {

constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ull;

constexpr std::uint64_t mixSeed(std::uint64_t x) {
    x += kGoldenGamma;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace accelscope
