#pragma once
// Systolic timing: the cycles a systolic array (a fan-out declared `systolic`) takes for a layer,
// as SCALE-Sim v2 counts them when nothing stalls (Samajdar et al., ISPASS 2020; scale-sim-v2's
// compute/systolic_compute_{os,ws,is}.py).
//
// A fold is one load of the stationary operand into the array (outputs for os, weights for ws,
// inputs for is) followed by the stream of operands that use it. With R rows and C columns (rows:
// the axis the partial sums reduce down in ws/is; SCALE-Sim's ArrayHeight), one fold takes
//   os:     stream + R + C - 2          (operands skew in over R-1 and C-1 cycles; outputs drain
//                                        while the operands skew)
//   ws, is: R + stream + R + C - 2      (R cycles to preload the stationary operand, then the
//                                        stream skews through R-1 rows and drains over C-1 columns)
// cycles, folds run one after another (SCALE-Sim does not overlap a fold's drain with the next
// fold's fill), and the layer takes  folds x fold cycles - 1  cycles (SCALE-Sim reports the index
// of the last cycle: a layer of one 1-cycle fold takes 0).
//
// A double-buffered array (StorageLevel::systolicDoubleBuffered; TPU's weight FIFO, Jouppi et al.,
// ISCA 2017: a second weight tile shifts in while the first computes) overlaps folds: each fold's
// preload hides behind the previous fold's stream, and the next stream follows the previous one
// into the pipeline, so only the first preload and the last skew and drain are exposed:
//   os:     (folds - 1) x max(stream, R) + stream + R + C - 2 - 1
//   ws, is: R + (folds - 1) x max(stream, R) + stream + R + C - 2 - 1
// (one fold: the same as without double buffering). AccelScope's model, not SCALE-Sim's.
//
// From a mapping: the stream is the run of innermost loops that leave the stationary tile in place,
// in the PEs and on above the array (a weight-stationary array streaming more pixels under the same
// weights keeps going); the first loop that changes the stationary operand ends it, since a PE holds
// one stationary operand at a time. Folds are the other temporal iterations times the spatial folds: an axis given spatial
// factors that multiply to F > its PEs runs them in ceil(F / PEs) folds, as SCALE-Sim tiles its
// operand matrices (the array's folds are the outermost loops of its level).
#include <cstdint>
#include <string>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "model/evaluation.h"
#include "model/tile_loads.h"

namespace accelscope {

struct SystolicTiming {
    std::int64_t rowFolds = 1;       // spatial folds over the rows and over the columns
    std::int64_t columnFolds = 1;
    std::int64_t folds = 0;          // all folds: temporal x row folds x column folds
    std::int64_t streamCycles = 0;   // per fold
    std::int64_t fillDrainCycles = 0;  // per fold: the preload, skew and drain
    double cycles = 0;               // folds x (stream + fill/drain) - 1
};

// The level of the architecture's systolic fan-out, or -1.
int systolicLevel(const Architecture& arch);

// The spatial folds of one axis of level `level`'s fan-out: ceil(the axis's factors / its PEs).
std::int64_t spatialFolds(const Architecture& arch, const Mapping& m, int level, bool xAxis);

// The timing of the systolic fan-out of level `level`, whose axes run xFolds and yFolds spatial folds
// (spatialFolds); `loops` is the mapping's nest (describeLoops), `iterations` every temporal iteration.
SystolicTiming systolicTiming(const Architecture& arch, int level, std::int64_t xFolds, std::int64_t yFolds,
                              const LoopNest& loops, std::int64_t iterations);

// How an evaluated layer ran on the architecture's systolic array, in words and numbers, e.g.
// "184 folds x (576 stream + 62 fill/drain) - 1 cycles (os)" or, double-buffered, "36 folds of
// 49-cycle streams, each preload hidden behind the previous stream (ws, double-buffered; 382
// fill/drain cycles per fold without overlap)"; empty when the layer ran on no systolic array.
std::string systolicSummary(const Architecture& arch, const Evaluation& e);

}  // namespace accelscope
