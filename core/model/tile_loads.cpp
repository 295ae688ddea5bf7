// Tile sizes and temporal reuse (see tile_loads.h).
#include "model/tile_loads.h"

#include "model/sliding_window.h"

namespace accelscope {
namespace {

constexpr int idx(Dim d) { return static_cast<int>(d); }

bool isZero(const Translation& v) {
    for (auto x : v)
        if (x != 0) return false;
    return true;
}

// Words a tile of t keeps when it moves by v. Only input windows overlap after a move: every other
// move of a tile steps by whole tile extents.
std::int64_t overlap(Tensor t, const Extents& e, std::int64_t tileSize, const Translation& v, const ProblemShape& p) {
    if (isZero(v)) return tileSize;
    if (t != Tensor::Inputs || v[0] != 0 || v[1] != 0 || v[2] != 0) return 0;
    const auto g = [&](Dim d) { return e[idx(d)]; };
    const std::int64_t rows = slidingOverlap(g(Dim::P), g(Dim::R), p.strideH, p.dilationH, v[3]);
    if (rows == 0) return 0;
    const std::int64_t cols = slidingOverlap(g(Dim::Q), g(Dim::S), p.strideW, p.dilationW, v[4]);
    return g(Dim::N) * g(Dim::G) * g(Dim::C) * rows * cols;
}

// Which distinct move each step is (for the Timeloop rules' stride comparison).
int distinctMoves(const TileSteps& steps, int count, std::array<int, kMaxLevels * kNumDims>& id) {
    int moves = 0;
    for (int k = 0; k < count; ++k) {
        int j = 0;
        while (j < k && steps.move[j] != steps.move[k]) ++j;
        id[k] = j < k ? id[j] : moves++;
    }
    return moves;
}

// The Timeloop rules as a state machine over the step sequence. The state is the stride of the last
// move that kept its overlap (0: none since the first tile or the last full reload). A block of loop
// k is its inner loops' whole sequence; blocks repeat, so each is summarised per starting state and
// long runs are folded once their states cycle.
constexpr int kMaxSteps = kMaxLevels * kNumDims;
constexpr int kMaxStates = kMaxSteps + 1;
struct Outcome {  // trivial: memo tables stay uninitialised until written
    std::int64_t loads;
    int state;
};

class StrideCounter {
public:
    // `stayIsAMove`: TimeloopLegacy (a stay in place is a stride of its own); else Timeloop.
    StrideCounter(const TileSteps& steps, const LoopsAbove& loops, std::int64_t tileSize, bool stayIsAMove)
        : steps_(steps), loops_(loops), tile_(tileSize), stayIsAMove_(stayIsAMove) {
        states_ = distinctMoves(steps, loops.count, moveId_) + 1;
        for (int k = 0; k < loops.count; ++k) stay_[k] = isZero(steps.move[k]);
        known_.fill(0);
    }

    std::int64_t loads() { return tile_ + (loops_.count > 0 ? block(loops_.count - 1, 0).loads : 0); }

private:
    // Loops 0..k run once through, starting in `state` (memoised: blocks repeat).
    Outcome block(int k, int state) {
        const int key = k * states_ + state;
        if (key < kMemo && (known_[key / 64] >> (key % 64) & 1)) return memo_[key];
        const Outcome start = k == 0 ? Outcome{0, state} : block(k - 1, state);
        const Outcome reps = repeat(loops_.loop[k].bound - 1, start.state, [&](int x) {
            Outcome o = step(k, x);
            if (k > 0) {
                const Outcome inner = block(k - 1, o.state);  // o.state < states_
                o.loads += inner.loads;
                o.state = inner.state;
            }
            return o;
        });
        const Outcome result{start.loads + reps.loads, reps.state};
        if (key < kMemo) {
            known_[key / 64] |= std::uint64_t{1} << (key % 64);
            memo_[key] = result;
        }
        return result;
    }

    // A move equal to the last reusing move (or the first since a reset) loads the delta; any other
    // move reloads the whole tile and resets. A stay loads nothing and, under Timeloop, leaves the
    // state as it was.
    Outcome step(int k, int state) const {
        if (stay_[k] && !stayIsAMove_) return {0, state};
        const int move = moveId_[k] + 1;
        if (state == 0 || state == move) return {steps_.delta[k], move};
        return {tile_, 0};
    }

    // `times` repetitions of a deterministic transition; once a state recurs, whole cycles are folded.
    template <typename Transition>
    Outcome repeat(std::int64_t times, int state, Transition next) const {
        std::array<std::int64_t, kMaxStates> seenAt, loadsAt;
        std::fill(seenAt.begin(), seenAt.begin() + states_, -1);
        std::int64_t loads = 0;
        for (std::int64_t r = 0; r < times; ++r) {
            if (seenAt[state] >= 0) {
                const std::int64_t length = r - seenAt[state], perCycle = loads - loadsAt[state];
                const std::int64_t cycles = (times - r) / length;
                loads += cycles * perCycle;
                r += cycles * length;
                for (; r < times; ++r) {
                    const Outcome o = next(state);
                    loads += o.loads;
                    state = o.state;
                }
                break;
            }
            seenAt[state] = r;
            loadsAt[state] = loads;
            const Outcome o = next(state);
            loads += o.loads;
            state = o.state;
        }
        return {loads, state};
    }

    const TileSteps& steps_;
    const LoopsAbove& loops_;
    std::int64_t tile_;
    bool stayIsAMove_;
    int states_ = 1;
    std::array<int, kMaxLevels * kNumDims> moveId_;
    std::array<bool, kMaxLevels * kNumDims> stay_;
    // Blocks memoised by (loop, starting state) while that index stays small (beyond it they are
    // recomputed: deep nests with many strides are rare, and the result is the same).
    static constexpr int kMemo = 1024;
    std::array<std::uint64_t, kMemo / 64> known_;
    std::array<Outcome, kMemo> memo_;
};

}  // namespace

std::int64_t tileWords(Tensor t, const Extents& e, const ProblemShape& p) {
    const auto g = [&](Dim d) { return e[idx(d)]; };
    switch (t) {
    case Tensor::Weights: return g(Dim::G) * g(Dim::K) * g(Dim::C) * g(Dim::R) * g(Dim::S);
    case Tensor::Inputs:
        return g(Dim::N) * g(Dim::G) * g(Dim::C) * slidingCount(g(Dim::P), g(Dim::R), p.strideH, p.dilationH) *
               slidingCount(g(Dim::Q), g(Dim::S), p.strideW, p.dilationW);
    case Tensor::Outputs: return g(Dim::N) * g(Dim::G) * g(Dim::K) * g(Dim::P) * g(Dim::Q);
    }
    return 0;
}

void describeLoops(const Mapping& m, const std::array<Extents, kMaxLevels + 1>& below, LoopNest& out) {
    out.count = 0;
    const int L = m.levelCount;
    out.firstAbove[0] = 0;  // set below, once the count is known
    std::array<int, kMaxLevels + 1> start{};
    for (int j = L - 1; j >= 0; --j) {
        const LevelMapping& lm = m.levels[j];
        start[j] = out.count;
        for (int pos = kNumDims - 1; pos >= 0; --pos) {  // the level's loops, innermost first
            const Dim d = lm.order[pos];
            const std::int64_t b = lm.temporal[idx(d)];
            if (b > 1) out.loop[out.count++] = {d, b, below[j + 1][idx(d)] * lm.spatial(d)};
        }
    }
    // Above level i: the loops of levels i-1 .. 0, a tail of the list.
    std::int64_t product = 1;
    int k = out.count;
    out.firstAbove[0] = out.count;
    out.iterationsAbove[0] = 1;
    for (int i = 1; i <= L; ++i) {
        for (; k > start[i - 1]; --k) product *= out.loop[k - 1].bound;
        out.firstAbove[i] = start[i - 1];
        out.iterationsAbove[i] = product;
    }
}

Translation translationOf(Tensor t, const Extents& shift, const ProblemShape& p) {
    const auto s = [&](Dim d) { return shift[idx(d)]; };
    switch (t) {
    case Tensor::Weights: return {s(Dim::G), s(Dim::K), s(Dim::C), s(Dim::R), s(Dim::S)};
    case Tensor::Inputs:
        return {s(Dim::N), s(Dim::G), s(Dim::C), s(Dim::P) * p.strideH + s(Dim::R) * p.dilationH,
                s(Dim::Q) * p.strideW + s(Dim::S) * p.dilationW};
    case Tensor::Outputs: return {s(Dim::N), s(Dim::G), s(Dim::K), s(Dim::P), s(Dim::Q)};
    }
    return {};
}

void describeSteps(Tensor t, const Extents& tile, std::int64_t tileSize, const LoopsAbove& loops, const ProblemShape& p,
                   HaloReuse reuse, TileSteps& out) {
    Extents back{};  // how far the loops inside the current one move each dim back when they restart
    for (int k = 0; k < loops.count; ++k) {
        const Loop& l = loops.loop[k];
        Extents shift;
        for (int d = 0; d < kNumDims; ++d) shift[d] = -back[d];
        shift[idx(l.dim)] += l.stride;
        out.move[k] = translationOf(t, shift, p);
        out.delta[k] = tileSize - overlap(t, tile, tileSize, out.move[k], p);
        back[idx(l.dim)] += (reuse == HaloReuse::Exact ? l.bound - 1 : 1) * l.stride;
    }
}

namespace {
constexpr std::uint32_t bit(Dim d) { return 1u << idx(d); }
constexpr std::uint32_t relevantMask(Tensor t) {
    std::uint32_t m = 0;
    for (Dim d : kAllDims) m |= isRelevant(t, d) ? bit(d) : 0u;
    return m;
}
constexpr std::uint32_t kWindowDims = bit(Dim::P) | bit(Dim::Q) | bit(Dim::R) | bit(Dim::S);
}  // namespace

std::int64_t tileLoads(Tensor t, const Extents& tile, std::int64_t tileSize, const LoopsAbove& loops,
                       const ProblemShape& p, HaloReuse reuse) {
    // The common case first, without describing the moves: when no move can keep part of the tile
    // (no input window slides), every move loads the whole tile or nothing, whatever the rule
    // (TimeloopLegacy aside, where a stay can reload). A move loads nothing when every dim it moves
    // (its own and those of the loops inside it, which restart) leaves the tensor unchanged.
    if (reuse != HaloReuse::TimeloopLegacy) {
        const std::uint32_t relevant = relevantMask(t);
        std::uint32_t moved = 0;  // dims of the loops inside the current one
        bool slides = false;
        std::int64_t total = tileSize, inner = 1;
        for (int k = 0; k < loops.count && !slides; ++k) {
            const Loop& l = loops.loop[k];
            moved |= bit(l.dim);
            inner *= l.bound;
            if ((moved & relevant) == 0) continue;
            if (t == Tensor::Inputs && (moved & relevant & ~kWindowDims) == 0) slides = true;  // maybe partial
            else total += (l.bound - 1) * (loops.iterations / inner) * tileSize;
        }
        if (!slides) return total;
    }
    TileSteps steps;
    describeSteps(t, tile, tileSize, loops, p, reuse, steps);
    if (reuse == HaloReuse::TimeloopLegacy) return StrideCounter(steps, loops, tileSize, true).loads();
    if (reuse == HaloReuse::Timeloop) {
        // Only a move that keeps part of the tile can reload it whole: without one, every move loads
        // either nothing (a stay) or the whole tile, whatever the stride history.
        bool partial = false;
        for (int k = 0; k < loops.count && !partial; ++k) partial = steps.delta[k] > 0 && steps.delta[k] < tileSize;
        if (partial) return StrideCounter(steps, loops, tileSize, false).loads();
    }
    // Every step of loop k loads its delta; loop k steps (bound - 1) times per run of the loops
    // outside it.
    std::int64_t total = tileSize, inner = 1;
    for (int k = 0; k < loops.count; ++k) {
        const Loop& l = loops.loop[k];
        inner *= l.bound;
        total += (l.bound - 1) * (loops.iterations / inner) * steps.delta[k];
    }
    return total;
}

}  // namespace accelscope
