// Loop-order classes (see order_classes.h).
#include "mapper/order_classes.h"

namespace accelscope {

std::uint64_t orderSignature(const LoopOrder& order, std::uint32_t nonUnit, bool exact, bool inputsSlide) {
    std::uint64_t sequence = 0;  // 4 bits per loop, innermost first, dim + 1 (no zero digit)
    if (exact) {
        for (int pos = kNumDims - 1; pos >= 0; --pos)
            if (nonUnit & (1u << static_cast<int>(order[pos]))) sequence = sequence << 4 | (static_cast<int>(order[pos]) + 1);
        return sequence;
    }
    // Per tensor: the dims inside its innermost relevant loop (a bit mask), or for sliding inputs the
    // sequence up to its innermost N, G or C loop.
    std::array<std::uint32_t, kNumTensors> inside{};
    std::array<bool, kNumTensors> done{};
    for (int pos = kNumDims - 1; pos >= 0; --pos) {
        const Dim d = order[pos];
        const std::uint32_t b = 1u << static_cast<int>(d);
        if (!(nonUnit & b)) continue;
        for (Tensor t : kAllTensors) {
            const int ti = static_cast<int>(t);
            if (done[ti]) continue;
            if (t == Tensor::Inputs && inputsSlide) {
                sequence = sequence << 4 | (static_cast<int>(d) + 1);
                done[ti] = d == Dim::N || d == Dim::G || d == Dim::C;
                continue;
            }
            if (isRelevant(t, d)) done[ti] = true;
            else inside[ti] |= b;
        }
    }
    return static_cast<std::uint64_t>(inside[0]) | static_cast<std::uint64_t>(inside[2]) << 8 |
           (inputsSlide ? sequence << 16 : static_cast<std::uint64_t>(inside[1]) << 16);
}

}  // namespace accelscope
