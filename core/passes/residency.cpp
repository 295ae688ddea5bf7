#include "passes/residency.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace accelscope {
namespace {

int lastStep(const std::vector<ResidencyCandidate>& c) {
    int s = -1;
    for (const auto& x : c) s = std::max(s, x.last);
    return s;
}

bool fitsAlone(const ResidencyCandidate& c, std::int64_t capacity) {
    return c.bytes <= capacity && c.benefitBytes > 0 && c.first <= c.last;
}

}  // namespace

int maxLiveCandidates(const std::vector<ResidencyCandidate>& candidates) {
    const int steps = lastStep(candidates) + 1;
    std::vector<int> live(std::max(steps, 0) + 1, 0);
    for (const auto& c : candidates) {
        if (c.first < 0 || c.first > c.last) continue;
        live[c.first]++;
        live[c.last + 1]--;
    }
    int best = 0, running = 0;
    for (int v : live) best = std::max(best, running += v);
    return best;
}

ResidencyChoice chooseResidentExact(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacity) {
    // Only candidates that could ever be resident take part.
    std::vector<int> use;
    for (int i = 0; i < static_cast<int>(candidates.size()); ++i)
        if (fitsAlone(candidates[i], capacity)) use.push_back(i);
    const int steps = lastStep(candidates) + 1;

    // State between step s and s+1: the chosen subset of the candidates live at both, as a bit mask
    // over `crossing` (their indices into `use`).
    struct Entry {
        std::int64_t saved;
        std::uint64_t previous;  // state before this step
        std::uint64_t bornTaken; // which candidates born at this step were taken (over `born`)
    };
    std::vector<std::vector<int>> crossingAfter(std::max(steps, 0));
    std::vector<std::vector<int>> bornAt(std::max(steps, 0));
    for (int k = 0; k < static_cast<int>(use.size()); ++k) {
        const auto& c = candidates[use[k]];
        bornAt[c.first].push_back(k);
        for (int s = c.first; s < c.last; ++s) crossingAfter[s].push_back(k);
    }
    std::vector<std::map<std::uint64_t, Entry>> table(std::max(steps, 0));
    std::map<std::uint64_t, Entry> before{{0, {0, 0, 0}}};
    std::vector<int> crossingBefore;
    for (int s = 0; s < steps; ++s) {
        const auto& born = bornAt[s];
        const auto& after = crossingAfter[s];
        std::map<std::uint64_t, Entry> next;
        for (const auto& [mask, entry] : before) {
            std::int64_t usedBefore = 0;
            std::vector<int> chosenLive;
            for (std::size_t b = 0; b < crossingBefore.size(); ++b)
                if (mask >> b & 1) {
                    usedBefore += candidates[use[crossingBefore[b]]].bytes;
                    chosenLive.push_back(crossingBefore[b]);
                }
            for (std::uint64_t take = 0; take < (std::uint64_t{1} << born.size()); ++take) {
                std::int64_t used = usedBefore, gained = 0;
                std::vector<int> chosen = chosenLive;
                for (std::size_t b = 0; b < born.size(); ++b)
                    if (take >> b & 1) {
                        used += candidates[use[born[b]]].bytes;
                        gained += candidates[use[born[b]]].benefitBytes;
                        chosen.push_back(born[b]);
                    }
                if (used > capacity) continue;
                std::uint64_t out = 0;
                for (std::size_t a = 0; a < after.size(); ++a)
                    if (std::find(chosen.begin(), chosen.end(), after[a]) != chosen.end()) out |= std::uint64_t{1} << a;
                const Entry candidate{entry.saved + gained, mask, take};
                auto it = next.find(out);
                // Ties keep the first found (smaller masks first): deterministic.
                if (it == next.end() || candidate.saved > it->second.saved) next[out] = candidate;
            }
        }
        table[s] = next;
        before = std::move(next);
        crossingBefore = after;
    }

    ResidencyChoice result;
    result.resident.assign(candidates.size(), false);
    result.exact = true;
    result.method = "dynamic programming";
    if (steps <= 0 || before.empty()) return result;
    // After the last step nothing crosses: the single state 0 holds the optimum.
    std::uint64_t state = before.begin()->first;
    result.savedBytes = before.begin()->second.saved;
    for (int s = steps - 1; s >= 0; --s) {
        const Entry& e = table[s].at(state);
        for (std::size_t b = 0; b < bornAt[s].size(); ++b)
            if (e.bornTaken >> b & 1) result.resident[use[bornAt[s][b]]] = true;
        state = e.previous;
    }
    return result;
}

ResidencyChoice chooseResidentGreedy(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacity) {
    // Best DRAM bytes saved per byte-step of buffer occupied first; then a pass that adds anything
    // that still fits.
    const int steps = lastStep(candidates) + 1;
    std::vector<std::int64_t> used(std::max(steps, 0), 0);
    std::vector<int> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    auto density = [&](int i) {
        const auto& c = candidates[i];
        return static_cast<double>(c.benefitBytes) / (static_cast<double>(c.bytes) * (c.last - c.first + 1));
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return density(a) > density(b); });
    ResidencyChoice result;
    result.resident.assign(candidates.size(), false);
    result.method = "greedy";
    for (int pass = 0; pass < 2; ++pass)
        for (int i : order) {
            const auto& c = candidates[i];
            if (result.resident[i] || !fitsAlone(c, capacity)) continue;
            bool fits = true;
            for (int s = c.first; s <= c.last && fits; ++s) fits = used[s] + c.bytes <= capacity;
            if (!fits) continue;
            for (int s = c.first; s <= c.last; ++s) used[s] += c.bytes;
            result.resident[i] = true;
            result.savedBytes += c.benefitBytes;
        }
    return result;
}

ResidencyChoice chooseResidentTensors(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacity,
                                      int maxLiveForExact) {
    if (maxLiveCandidates(candidates) <= std::min(maxLiveForExact, 62)) return chooseResidentExact(candidates, capacity);
    return chooseResidentGreedy(candidates, capacity);
}

}  // namespace accelscope
