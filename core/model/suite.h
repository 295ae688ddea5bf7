#pragma once
// Suites of workloads (FAST): one design judged on several networks by the weighted geometric mean of
// a per-workload figure (Perf/TDP, or ratios to a baseline design).
#include <vector>

namespace accelscope {

// exp(sum w_i ln v_i / sum w_i); every value and weight must be positive (throws std::invalid_argument).
double weightedGeometricMean(const std::vector<double>& values, const std::vector<double>& weights);

}  // namespace accelscope
