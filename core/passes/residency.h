#pragma once
// Which intermediate tensors stay resident in the on-chip global buffer (FAST's global-memory
// fusion): each candidate occupies `bytes` of the buffer over the op steps [first, last] of the
// schedule and, if resident, saves `benefitBytes` of DRAM traffic. At every step the resident
// tensors live there must fit in the capacity. This is unsplittable flow on a path (a knapsack with
// one capacity constraint per step), NP-hard in general.
//
// Exact: a dynamic programme along the schedule whose state is the set of chosen tensors crossing
// from one step to the next (a path decomposition). It is linear for chains (at most two tensors
// live at a step) and affordable while few tensors are live at once; beyond `maxLiveForExact` the
// greedy heuristic answers, and its gap to the exact answer is measured where both run.
#include <cstdint>
#include <string>
#include <vector>

namespace accelscope {

struct ResidencyCandidate {
    std::int64_t bytes = 0;
    std::int64_t benefitBytes = 0;
    int first = 0, last = 0;  // op steps, inclusive
};

struct ResidencyChoice {
    std::vector<bool> resident;
    std::int64_t savedBytes = 0;
    bool exact = false;
    std::string method;  // "dynamic programming" or "greedy"
};

// Exact when at most maxLiveForExact candidates are live at any step; otherwise greedy.
ResidencyChoice chooseResidentTensors(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacityBytes,
                                      int maxLiveForExact = 20);
ResidencyChoice chooseResidentExact(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacityBytes);
ResidencyChoice chooseResidentGreedy(const std::vector<ResidencyCandidate>& candidates, std::int64_t capacityBytes);
// The largest number of candidates live at one step (the DP's cost is exponential in it).
int maxLiveCandidates(const std::vector<ResidencyCandidate>& candidates);

}  // namespace accelscope
