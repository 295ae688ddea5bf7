#include "model/systolic_timing.h"

#include <algorithm>

namespace accelscope {

int systolicLevel(const Architecture& arch) {
    for (int i = 0; i < arch.levelCount(); ++i)
        if (arch.levels[static_cast<std::size_t>(i)].systolic != Systolic::None) return i;
    return -1;
}

std::int64_t spatialFolds(const Architecture& arch, const Mapping& m, int level, bool xAxis) {
    const StorageLevel& lv = arch.levels[static_cast<std::size_t>(level)];
    const DimFactors& f = xAxis ? m.levels[level].spatialX : m.levels[level].spatialY;
    std::int64_t work = 1;
    for (std::int64_t v : f) work *= v;
    const std::int64_t pes = xAxis ? lv.meshX : lv.meshY;
    return (work + pes - 1) / pes;
}

SystolicTiming systolicTiming(const Architecture& arch, int level, std::int64_t xFolds, std::int64_t yFolds,
                              const LoopNest& loops, std::int64_t iterations) {
    SystolicTiming t;
    const StorageLevel& lv = arch.levels[static_cast<std::size_t>(level)];
    t.rowFolds = lv.systolicRowsOnX ? xFolds : yFolds;
    t.columnFolds = lv.systolicRowsOnX ? yFolds : xFolds;
    const Tensor stationary = stationaryTensor(lv.systolic);

    // The stream: the innermost loops that leave the stationary tile in place, below the array (in the
    // PEs) and on above it, up to the array's own level when it folds spatially (its folds are the
    // outermost loops of that level). The first loop that changes the stationary tile starts a new
    // fold: a PE holds one stationary operand at a time, as in SCALE-Sim.
    std::int64_t stream = 1;
    const int levelEnd = loops.firstAbove[level];
    const int runEnd = t.rowFolds * t.columnFolds > 1 ? levelEnd : loops.count;
    for (int k = 0; k < runEnd && !isRelevant(stationary, loops.loop[static_cast<std::size_t>(k)].dim); ++k)
        stream *= loops.loop[static_cast<std::size_t>(k)].bound;

    const std::int64_t rows = lv.systolicRows(), columns = lv.systolicColumns();
    t.streamCycles = stream;
    t.fillDrainCycles = lv.systolic == Systolic::OutputStationary ? rows + columns - 2 : 2 * rows + columns - 2;
    t.folds = iterations / stream * t.rowFolds * t.columnFolds;
    const auto folds = static_cast<double>(t.folds);
    if (lv.systolicDoubleBuffered) {
        const double preload = lv.systolic == Systolic::OutputStationary ? 0.0 : static_cast<double>(rows);
        const double period = static_cast<double>(std::max(stream, rows));
        t.cycles = preload + (folds - 1) * period + static_cast<double>(stream + rows + columns - 2) - 1.0;
    } else {
        t.cycles = folds * static_cast<double>(t.streamCycles + t.fillDrainCycles) - 1.0;
    }
    if (t.cycles < 1) t.cycles = 1;
    return t;
}

std::string systolicSummary(const Architecture& arch, const Evaluation& e) {
    const int level = systolicLevel(arch);
    if (e.systolicFolds <= 0 || level < 0) return {};
    const StorageLevel& lv = arch.levels[static_cast<std::size_t>(level)];
    const std::string folds = std::to_string(e.systolicFolds), stream = std::to_string(e.systolicStreamCycles),
                      fill = std::to_string(e.systolicFillDrainCycles);
    const std::string dataflow(systolicName(lv.systolic));
    if (lv.systolicDoubleBuffered)
        return folds + " folds of " + stream + "-cycle streams, each preload hidden behind the previous stream (" +
               dataflow + ", double-buffered; " + fill + " fill/drain cycles per fold without overlap)";
    return folds + " folds x (" + stream + " stream + " + fill + " fill/drain) - 1 cycles (" + dataflow + ")";
}

}  // namespace accelscope
