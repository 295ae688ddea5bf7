#pragma once
// Exports of a session's run for other tools: every design (or the Pareto set) as CSV, the Pareto
// set as JSON, a design as files `evaluate` accepts, a layer's mapping as a loop nest.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explore/session.h"

namespace accelscope {

class ThreadPool;

// One row per design: index, valid, why, every parameter (with its unit in the header), latency_s,
// energy_j, edp_js, area_mm2, tdp_w, perf_per_tdp, objective, pareto (0/1). RFC 4180 quoting.
std::string designsCsv(const Session& session, int run, bool paretoOnly);
// {"run", "objective", "designs": [the Pareto designs as in the session file]}
nlohmann::ordered_json paretoJson(const Session& session, int run);

// Writes DIR/arch.json (an architecture file) and DIR/<workload>.mappings.json (`map --json`'s shape)
// for every workload: `evaluate --arch DIR/arch.json --workload W --layer L --mapping
// DIR/W.mappings.json` reproduces the design's layer. Returns the files written.
std::vector<std::filesystem::path> writeDesignFiles(const Session& session, int run, int design,
                                                    const std::filesystem::path& dir, ThreadPool& pool);
// The loop nest of one layer's mapping in the design (Timeloop's style, loop_nest_printer.h).
std::string designLayerLoopNest(const Session& session, int run, int design, const std::string& layer,
                                ThreadPool& pool);

// Checks run (-1: the last) and design (-1: the run's best) against the session; throws InputError
// naming `source` otherwise. Returns the resolved pair.
std::pair<int, int> resolveRunAndDesign(const Session& session, int run, int design, const std::string& source);

}  // namespace accelscope
