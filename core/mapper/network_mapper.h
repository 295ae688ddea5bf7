#pragma once
// Mapping a whole network: every MAC op gets its best mapping; ops of identical shape are mapped
// once (the cache key is the canonical loop nest; the architecture is the same for all). Layers run
// in parallel on a thread pool; each distinct shape's search is seeded from the run's seed and the
// shape alone, so the result is the same whatever the thread count.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "arch/architecture.h"
#include "mapping/map_constraints.h"
#include "mapper/mapper.h"
#include "workload/workload.h"

namespace accelscope {

class ThreadPool;
class RunControl;

struct LayerMapping {
    std::string op;          // the op's name
    std::int64_t repeat = 1; // instances of the op in the network
    ProblemShape problem;
    int shape = 0;           // index of its distinct shape (ops sharing it were mapped once)
    double log10Space = 0;
    LayerMapResult result;
};

struct NetworkMapResult {
    std::vector<LayerMapping> layers;  // the MAC ops, in network order
    int distinctShapes = 0;
    bool complete = true;              // every layer has a valid mapping (and nothing was cancelled)
    bool cancelled = false;
    double cycles = 0;                 // sum over layers x repeat (layers run one after another)
    double energyPj = 0;
    double edp() const { return cycles * energyPj; }  // pJ x cycles
    std::int64_t evaluated = 0;
};

// `progress(done, total)` is called (from any thread, one call at a time) as distinct shapes finish.
NetworkMapResult mapWorkload(const Architecture& arch, const Workload& workload, const MapConstraints& constraints,
                             const MapperSettings& settings, ThreadPool& pool, RunControl* control = nullptr,
                             const std::function<void(int, int)>& progress = {});

// The seed of one distinct shape's search: the run's seed mixed with the shape (splitmix64).
std::uint64_t shapeSeed(std::uint64_t seed, const ProblemShape& p);

}  // namespace accelscope
