// The loop-nest view of a mapping: one block per storage level, loops indented as they nest.
#include "mapper/loop_nest_printer.h"

#include "model/systolic_timing.h"

namespace accelscope {

std::string printLoopNest(const Architecture& arch, const Mapping& m, const Evaluation* e) {
    std::string out;
    int depth = 0;
    const bool tiles = e && e->valid() && e->levelCount == m.levelCount;
    for (int i = 0; i < m.levelCount; ++i) {
        const LevelMapping& lm = m.levels[i];
        std::string header = (i < arch.levelCount() ? arch.levels[i].name : "level " + std::to_string(i)) + " [";
        for (Tensor t : kAllTensors) {
            if (!lm.keep[static_cast<int>(t)]) continue;
            header += " " + std::string(tensorName(t));
            if (tiles) header += ":" + std::to_string(e->levels[i].tensor[static_cast<int>(t)].tileWords);
        }
        header += " ]";
        if (i > 0) out += "\n";
        out += header + "\n" + std::string(header.size(), '-') + "\n";
        auto line = [&](const std::string& text) { out += "|" + std::string(2 * depth + 1, ' ') + text + "\n"; };
        for (Dim d : lm.order) {
            const auto f = lm.temporal[static_cast<int>(d)];
            if (f <= 1) continue;
            line("for " + std::string(dimName(d)) + " in [0:" + std::to_string(f) + ")");
            ++depth;
        }
        for (int axis = 0; axis < 2; ++axis)
            for (Dim d : kAllDims) {
                const auto f = (axis == 0 ? lm.spatialX : lm.spatialY)[static_cast<int>(d)];
                if (f <= 1) continue;
                line("spatial_for " + std::string(dimName(d)) + " in [0:" + std::to_string(f) + ") (" +
                     (axis == 0 ? "X" : "Y") + ")");
                ++depth;
            }
        if (i < arch.levelCount() && arch.levels[i].systolic != Systolic::None) {
            // A systolic array runs the spatial work beyond its PEs in folds (model/systolic_timing.h).
            const StorageLevel& lv = arch.levels[i];
            std::string note = "(systolic " + std::string(systolicName(lv.systolic)) + " array";
            for (int axis = 0; axis < 2; ++axis) {
                const bool x = axis == 0;
                const std::int64_t folds = spatialFolds(arch, m, i, x);
                if (folds > 1)
                    note += std::string(", ") + (x ? "X" : "Y") + " in " + std::to_string(folds) + " folds of " +
                            std::to_string(x ? lv.meshX : lv.meshY);
            }
            line(note + ")");
        }
    }
    out += "|" + std::string(2 * depth + 1, ' ') + "<< compute >>\n";
    return out;
}

}  // namespace accelscope
