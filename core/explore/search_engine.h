#pragma once
// The exploration engine: a hardware searcher proposes batches of design points, the thread pool
// evaluates them (each design's layers mapped by the software searcher, the whole network costed by
// the full-stack model), observers hear about every batch, and the run keeps every point, the Pareto
// front over (latency, energy, area), the best objective and the hypervolume after every sample.
//
// Nested co-search (Spotlight): the hardware searcher outside, each layer's schedule found by the
// annealing mapper, random mapping or software daBO inside, with its own budget per distinct layer shape. Joint search
// (FAST): the same loop over a space that also holds fusion, padding and batch.
// Results depend only on the seed: batches are evaluated in parallel but told in order.
#include <cstdint>
#include <string>
#include <vector>

#include "network/network_model.h"
#include "explore/run_settings.h"
#include "search/design_space.h"
#include "workload/workload.h"

namespace accelscope {

class ThreadPool;
class RunControl;

// A run: what it searches for (the workloads of a suite with their weights) and where (the space),
// and how (the run's settings).
struct SearchJob {
    std::vector<Workload> workloads;
    std::vector<double> weights;  // suite weights (empty: all 1)
    DesignSpace space;
    RunSettings settings;         // settings.searcherSettings.budget counts valid hardware samples
                                  // (Spotlight's budget): invalid designs - over a cap, unmappable - are
                                  // kept but not counted, up to 20 x budget attempts
};

// One evaluated design point. For a suite, the metrics are weighted geometric means over workloads.
struct DesignRecord {
    int index = 0;          // sample number, from 0
    Point point;
    std::string description;
    bool valid = false;
    std::string why;        // why not valid
    double latencyS = 0, energyJ = 0, edp = 0, areaMm2 = 0, tdpW = 0, perfPerTdp = 0;
    double objective = 0;   // minimised (perf-per-tdp: its inverse)
};

struct SearchProgress {
    std::int64_t done = 0, budget = 0;  // valid designs so far, and the budget of valid designs
    std::int64_t proposed = 0;          // designs evaluated so far, valid or not
    double seconds = 0;
    double designsPerSecond = 0;
    double bestObjective = 0;  // 0 while no valid design
    double hypervolume = 0;
    bool finished = false;
};

class SearchObserver {
public:
    virtual ~SearchObserver() = default;
    // After every batch, from the thread that runs the search.
    virtual void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress& progress) = 0;
};

struct SearchRun {
    std::vector<DesignRecord> designs;
    std::vector<int> pareto;               // indices into designs: non-dominated (latency, energy, area)
    int best = -1;
    std::vector<double> bestHistory;       // best objective after each sample (0 before the first valid)
    std::vector<double> hypervolumeHistory;
    std::vector<double> hypervolumeReference;  // log10 of (latency, energy, area): first valid design + 1
    bool cancelled = false;
    double seconds = 0;
};

// One network's figures as the engine records them for a design: per inference (energy and EDP
// divided by the batch), area, TDP and Perf/TDP; valid when every layer was mapped.
DesignRecord networkRecord(const NetworkResult& r);

// A suite's figures from each workload's record: weighted geometric means of latency, energy, EDP and
// Perf/TDP (weights empty: all 1); area and TDP are the design's; valid when every record is.
DesignRecord suiteRecord(const std::vector<DesignRecord>& perWorkload, const std::vector<double>& weights);

// What each layer's schedule minimises for a design objective: delay for delay and Perf/TDP (a
// design's TDP does not depend on its schedules, so its Perf/TDP is highest when its latency is
// lowest), energy for energy, EDP for EDP.
Objective layerObjective(DesignObjective o);

// How a design's layers are scheduled: the run's software searcher (its name is the mapper's
// algorithm), its budget per distinct layer shape, the seed, and layerObjective(objective).
MapperSettings scheduleSettings(const RunSettings& settings);

// How a design of a run with `settings` and compiler settings `cs` is costed: batch, fusion, padding,
// and the schedules of scheduleSettings(settings).
NetworkSettings designNetworkSettings(const RunSettings& settings, const CompilerSettings& cs);

// Evaluates one design point; `details` (optional) receives each workload's full result.
DesignRecord evaluateDesign(const SearchJob& job, const Point& point, ThreadPool& pool, RunControl* control = nullptr,
                            std::vector<NetworkResult>* details = nullptr);

// Runs the search. With `resumeFrom` (an earlier run of the same job that stopped early), the searcher
// is first replayed over its designs - asked again from the same seed, told the recorded results -
// and the run goes on from there: the result equals an uninterrupted run's. Throws InputError when
// the searcher does not propose the recorded designs again (the job differs from the recorded one).
SearchRun runSearch(const SearchJob& job, ThreadPool& pool, RunControl* control = nullptr,
                    SearchObserver* observer = nullptr, const SearchRun* resumeFrom = nullptr);

// Recomputes best, Pareto front and histories from the designs alone (a run recovered from a journal).
void rebuildRunSummary(SearchRun& run);

}  // namespace accelscope
