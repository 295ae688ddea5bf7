#pragma once
// ConfuciuX's problem (Kao, Jeong, Krishna, MICRO 2020; maestro-project/confuciux): every layer of a
// network gets its own sub-accelerator - a PE count and a buffer level from 12 each, on a fixed
// dataflow - and the layers' sub-accelerators share one area budget. The objective is the sum of
// the layers' latencies (ConfuciuX's default fitness). ConfuciuX sets the budget between the
// all-smallest and the all-largest designs: min + share x (max - min), share 0.5 by default.
//
// The space of one sub-accelerator is a design space of template "confuciux" (confuciux_edge); this
// search gives each MAC layer of the workload its own copy of that space's parameters (pe, l1_words,
// and dataflow when it has several choices) and costs a design layer by layer: each layer mapped on
// its own sub-accelerator by the software searcher, results cached per (layer shape, sub-accelerator)
// as ConfuciuX caches MAESTRO's answers. Any ask/tell searcher runs it; "confuciux" gets each
// parameter's layer shape as its policy's context and a head per kind of parameter.
#include <cstdint>
#include <string>
#include <vector>

#include "explore/search_engine.h"
#include "search/design_space.h"
#include "search/searcher.h"
#include "workload/workload.h"

namespace accelscope {

class ThreadPool;
class RunControl;

// ConfuciuX's run settings: searcher confuciux, a budget of 500 valid layer-wise designs (its
// epochs), each layer's schedule by the annealing mapper at 300 mappings, objective delay (delay,
// energy or edp of the sum over layers).
RunSettings layerwiseRunSettings();

struct LayerwiseJob {
    Workload workload;
    DesignSpace space;                            // template "confuciux": one sub-accelerator
    RunSettings settings = layerwiseRunSettings();
    double budgetShare = 0.5;                     // ConfuciuX's --mul
};

struct LayerChoice {
    std::string op;
    std::int64_t repeat = 1;
    std::string design;  // "pe=16 PEs, l1_words=96 words, dataflow=..."
    double latencyS = 0, energyJ = 0, areaMm2 = 0;  // per instance of the op
};

struct LayerwiseDesign {
    Point point;  // per layer: the sub-accelerator's parameters, in layer order
    bool valid = false;
    std::string why;
    double latencyS = 0, energyJ = 0, areaMm2 = 0, objective = 0;
    std::vector<double> parts;  // each layer's share of a delay or energy objective (x repeat)
    std::vector<LayerChoice> layers;
};

struct LayerwiseRun {
    std::vector<LayerwiseDesign> designs;  // every evaluated design, in order (layers left empty but the best's)
    int best = -1;
    std::vector<double> bestHistory;       // best objective after each valid design
    double areaBudgetMm2 = 0, areaMinMm2 = 0, areaMaxMm2 = 0;
    std::int64_t layerMappings = 0;        // distinct (layer shape, sub-accelerator) pairs mapped
    double seconds = 0;
    bool cancelled = false;
};

// The layer-wise parameter space of `job` (parameters "pe@conv1", "l1_words@conv1", ...).
ParamSpace layerwiseSpace(const LayerwiseJob& job);
// Throws InputError for a space of another template, a workload without MAC layers or a bad setting.
LayerwiseRun runLayerwiseSearch(const LayerwiseJob& job, ThreadPool& pool, RunControl* control = nullptr);
// ConfuciuX's area budget for `job` (mm^2).
double layerwiseBudgetMm2(const LayerwiseJob& job);
// One layer-wise design (a point of layerwiseSpace(job)) costed as the search costs it, layers included;
// `valid` is true when every layer maps and the area is within the budget.
LayerwiseDesign evaluateLayerwiseDesign(const LayerwiseJob& job, const Point& point, ThreadPool& pool);

}  // namespace accelscope
