// Timeloop constraints into AccelScope map constraints (see timeloop_constraints.h).
#include "timeloop/timeloop_constraints.h"

#include <algorithm>

#include "timeloop/timeloop_directives.h"
#include "timeloop/timeloop_problem.h"

namespace accelscope::timeloop {

MapConstraints importTimeloopConstraints(const Section& section, const TimeloopArch& tl) {
    MapConstraints c;
    c.name = "timeloop";
    if (!section.present()) return c;
    const YamlReader r(section.source);
    const std::string root = "architecture_constraints";
    r.requireMap(section.node, root);
    const YAML::Node targets = r.child(section.node, root, "targets");
    if (!targets.IsDefined() || targets.IsNull()) return c;
    r.requireSequence(targets, root + ".targets");
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const std::string p = root + ".targets[" + std::to_string(i) + "]";
        const YAML::Node& d = targets[i];
        r.requireMap(d, p);
        std::string target;
        std::int64_t ignored = 1;
        const std::string raw = r.string(r.child(d, p, "target"), p + ".target");
        if (!splitInstanceName(raw, target, ignored) || !tl.levelOf.count(target))
            r.fail(p + ".target", "'" + raw + "' is not a level of the architecture");
        const int level = tl.levelOf.at(target);
        LevelConstraint& lc = c.levels[level];
        const std::string type = r.string(r.child(d, p, "type"), p + ".type");
        if (type == "temporal") {
            std::vector<Dim> named;
            const DimFactors f = parseFactors(r, d["factors"], p + ".factors", &named);
            for (Dim dim : named) lc.fixedTemporal[static_cast<int>(dim)] = f[static_cast<int>(dim)];
            if (d["permutation"].IsDefined()) {
                const std::vector<Dim> perm = parsePermutation(r, d["permutation"], p + ".permutation");
                lc.innermostCount = 0;
                for (auto it = perm.rbegin(); it != perm.rend(); ++it) lc.innermost[lc.innermostCount++] = *it;
            }
        } else if (type == "spatial") {
            std::vector<Dim> named;
            const DimFactors f = parseFactors(r, d["factors"], p + ".factors", &named);
            std::uint32_t x = kAllDimsMask, y = kAllDimsMask;
            std::vector<Dim> perm;
            // Without a split the mapper chooses each dim's direction; with one, the dims before it go
            // over meshX and the rest over meshY.
            if (d["permutation"].IsDefined() && d["split"].IsDefined()) {
                perm = parsePermutation(r, d["permutation"], p + ".permutation");
                const std::int64_t split = r.integer(d["split"], p + ".split", 0);
                x = y = 0;
                for (std::size_t k = 0; k < perm.size(); ++k)
                    (static_cast<std::int64_t>(k) < split ? x : y) |= dimBit(perm[k]);
                // Dims the permutation leaves out may go either way.
                for (Dim dim : kAllDims)
                    if (std::find(perm.begin(), perm.end(), dim) == perm.end()) x |= dimBit(dim), y |= dimBit(dim);
            }
            for (Dim dim : named) {
                const std::int64_t v = f[static_cast<int>(dim)];
                if (v == 1) {
                    x &= ~dimBit(dim);
                    y &= ~dimBit(dim);
                } else if (y & dimBit(dim) && !(x & dimBit(dim))) {
                    lc.fixedSpatialY[static_cast<int>(dim)] = v;
                } else {
                    lc.fixedSpatialX[static_cast<int>(dim)] = v;
                    y &= ~dimBit(dim);
                }
            }
            lc.spatialX = x;
            lc.spatialY = y;
        } else if (type == "bypass" || type == "datatype" || type == "dataspace") {
            const auto named = parseKeepBypass(r, d, p);
            for (Tensor t : kAllTensors)
                if (named[static_cast<int>(t)]) lc.keep[static_cast<int>(t)] = *named[static_cast<int>(t)] ? 1 : 0;
        } else {
            r.fail(p + ".type", "constraint type '" + type +
                                    "' is not supported (AccelScope imports temporal, spatial and bypass/dataspace "
                                    "constraints)");
        }
    }
    // What the architecture itself cannot keep is no choice either.
    for (int i = 0; i < tl.arch.levelCount(); ++i)
        for (Tensor t : kAllTensors)
            if (!tl.arch.levels[i].keeps[static_cast<int>(t)]) c.levels[i].keep[static_cast<int>(t)] = 0;
    return c;
}

}  // namespace accelscope::timeloop
