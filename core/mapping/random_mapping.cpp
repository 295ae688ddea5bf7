// Random factorisations: each dim's prime factors are dealt to random slots, so every ordered
// factorisation can come out.
#include "mapping/random_mapping.h"

#include <algorithm>
#include <array>

namespace accelscope {
namespace {

struct Slot {
    int level;
    int kind;  // 0 temporal, 1 spatial x, 2 spatial y
};

int primeFactors(std::int64_t n, std::array<std::int64_t, 64>& out) {
    int count = 0;
    for (std::int64_t p = 2; p * p <= n; ++p)
        while (n % p == 0) {
            out[count++] = p;
            n /= p;
        }
    if (n > 1) out[count++] = n;
    return count;
}
}  // namespace

Mapping randomMapping(const Architecture& arch, const ProblemShape& problem, std::mt19937_64& rng) {
    Mapping m;
    m.levelCount = std::min(arch.levelCount(), kMaxLevels);
    std::array<std::int64_t, kMaxLevels> roomX{}, roomY{};
    std::array<Slot, kMaxLevels * 3> slots{};
    int slotCount = 0;
    for (int i = 0; i < m.levelCount; ++i) {
        roomX[i] = arch.levels[i].meshX;
        roomY[i] = arch.levels[i].meshY;
        slots[slotCount++] = {i, 0};
        if (roomX[i] > 1) slots[slotCount++] = {i, 1};
        if (roomY[i] > 1) slots[slotCount++] = {i, 2};
        m.levels[i].keep = arch.levels[i].keeps;
        std::shuffle(m.levels[i].order.begin(), m.levels[i].order.end(), rng);
    }
    std::array<int, kNumDims> dims{};
    for (int d = 0; d < kNumDims; ++d) dims[d] = d;
    std::shuffle(dims.begin(), dims.end(), rng);  // no dim always gets the fan-out first
    std::array<std::int64_t, 64> primes{};
    for (int d : dims) {
        const int n = primeFactors(problem.size[d], primes);
        std::shuffle(primes.begin(), primes.begin() + n, rng);
        for (int k = 0; k < n; ++k) {
            const std::int64_t p = primes[k];
            const Slot s = slots[std::uniform_int_distribution<int>(0, slotCount - 1)(rng)];
            LevelMapping& lm = m.levels[s.level];
            if (s.kind == 1 && p <= roomX[s.level]) {
                lm.spatialX[d] *= p;
                roomX[s.level] /= p;  // what is left of the fan-out: floor(mesh / used)
            } else if (s.kind == 2 && p <= roomY[s.level]) {
                lm.spatialY[d] *= p;
                roomY[s.level] /= p;
            } else {
                m.levels[s.kind == 0 ? s.level : 0].temporal[d] *= p;  // no room: the outermost loop takes it
            }
        }
    }
    return m;
}

}  // namespace accelscope
