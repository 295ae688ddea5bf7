// Closed forms for the shapes convolutions produce (dense windows, or strided windows whose blocks
// do not touch), and exact enumeration for the rest (strided and dilated at once).
#include "model/sliding_window.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace accelscope {
namespace {

enum class Shape { Dense, Blocks, SwappedBlocks, Other };

// Dense: one interval. Blocks: P disjoint runs of R rows, `stride` apart (dilation 1, stride > R).
// SwappedBlocks: the same with the roles of (P, stride) and (R, dilation) exchanged.
Shape classify(std::int64_t pe, std::int64_t re, std::int64_t s, std::int64_t d) {
    if (pe == 1 || re == 1) {
        const std::int64_t n = pe == 1 ? re : pe, step = pe == 1 ? d : s;
        return (step == 1 || n == 1) ? Shape::Dense : Shape::Other;  // a progression: handled below
    }
    if (d == 1) return s <= re ? Shape::Dense : Shape::Blocks;
    if (s == 1) return d <= pe ? Shape::Dense : Shape::SwappedBlocks;
    return Shape::Other;
}

std::int64_t blocksOverlap(std::int64_t blocks, std::int64_t run, std::int64_t pitch, std::int64_t shift) {
    // Runs [k*pitch, k*pitch + run) for k < blocks, against the same shifted by `shift`.
    const std::int64_t q = shift >= 0 ? shift / pitch : -((-shift + pitch - 1) / pitch);
    const std::int64_t rem = shift - q * pitch;  // 0 <= rem < pitch
    const auto pairs = [&](std::int64_t dq) { return std::max<std::int64_t>(0, blocks - std::llabs(dq)); };
    return pairs(q) * std::max<std::int64_t>(0, run - rem) + pairs(q + 1) * std::max<std::int64_t>(0, run + rem - pitch);
}

// An arithmetic progression of n terms with step `step`: overlap with itself shifted.
std::int64_t progressionOverlap(std::int64_t n, std::int64_t step, std::int64_t shift) {
    if (shift % step != 0) return 0;
    return std::max<std::int64_t>(0, n - std::llabs(shift / step));
}

// Exact enumeration for strided-and-dilated windows (rare): a bitset on the stack when it fits.
constexpr std::int64_t kMaxSpan = 1 << 15;
using Bits = std::array<std::uint64_t, kMaxSpan / 64>;

std::int64_t fill(Bits& bits, std::int64_t pe, std::int64_t re, std::int64_t s, std::int64_t d) {
    bits.fill(0);
    std::int64_t n = 0;
    for (std::int64_t p = 0; p < pe; ++p)
        for (std::int64_t r = 0; r < re; ++r) {
            const std::int64_t v = p * s + r * d;
            auto& word = bits[static_cast<std::size_t>(v >> 6)];
            const std::uint64_t bit = std::uint64_t{1} << (v & 63);
            n += (word & bit) ? 0 : 1;
            word |= bit;
        }
    return n;
}

bool has(const Bits& bits, std::int64_t v) {
    return v >= 0 && v < kMaxSpan && (bits[static_cast<std::size_t>(v >> 6)] >> (v & 63)) & 1;
}
}  // namespace

std::int64_t slidingCount(std::int64_t pe, std::int64_t re, std::int64_t s, std::int64_t d) {
    if (pe == 1) return re;
    if (re == 1) return pe;
    switch (classify(pe, re, s, d)) {
    case Shape::Dense: return (pe - 1) * s + (re - 1) * d + 1;
    case Shape::Blocks:
    case Shape::SwappedBlocks: return pe * re;
    case Shape::Other: break;
    }
    const std::int64_t span = (pe - 1) * s + (re - 1) * d + 1;
    if (span > kMaxSpan) return std::min(pe * re, span);  // beyond any real layer; bounded estimate
    Bits bits;
    return fill(bits, pe, re, s, d);
}

std::int64_t slidingOverlap(std::int64_t pe, std::int64_t re, std::int64_t s, std::int64_t d, std::int64_t shift) {
    if (shift == 0) return slidingCount(pe, re, s, d);
    if (pe == 1) return d == 1 ? std::max<std::int64_t>(0, re - std::llabs(shift)) : progressionOverlap(re, d, shift);
    if (re == 1) return s == 1 ? std::max<std::int64_t>(0, pe - std::llabs(shift)) : progressionOverlap(pe, s, shift);
    switch (classify(pe, re, s, d)) {
    case Shape::Dense: return std::max<std::int64_t>(0, (pe - 1) * s + (re - 1) * d + 1 - std::llabs(shift));
    case Shape::Blocks: return blocksOverlap(pe, re, s, shift);
    case Shape::SwappedBlocks: return blocksOverlap(re, pe, d, shift);
    case Shape::Other: break;
    }
    const std::int64_t span = (pe - 1) * s + (re - 1) * d + 1;
    if (std::llabs(shift) >= span) return 0;
    if (span > kMaxSpan) return std::max<std::int64_t>(0, slidingCount(pe, re, s, d) * (span - std::llabs(shift)) / span);
    Bits bits;
    fill(bits, pe, re, s, d);
    std::int64_t n = 0;
    for (std::int64_t v = 0; v < span; ++v) n += (has(bits, v) && has(bits, v - shift)) ? 1 : 0;
    return n;
}

}  // namespace accelscope
