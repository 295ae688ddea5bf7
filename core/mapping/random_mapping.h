#pragma once
// Uniformly random mappings of a layer onto an architecture: every dim's size split into a random
// ordered factorisation over the levels' temporal and spatial slots (spatial slots bounded by the
// fan-out left), random loop orders, every tensor kept where the architecture allows. The result
// always covers the layer exactly; it may still exceed a buffer's capacity (evaluate() says so).
// The first building block of the mappers; also what the benchmarks feed the cost model.
#include <cstdint>
#include <random>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "workload/problem.h"

namespace accelscope {

Mapping randomMapping(const Architecture& arch, const ProblemShape& problem, std::mt19937_64& rng);

}  // namespace accelscope
