#include "timeloop/timeloop_mapping.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>
#include <vector>

#include "mapping/mapping_io.h"
#include "timeloop/timeloop_directives.h"
#include "timeloop/timeloop_problem.h"
#include "timeloop/timeloop_yaml.h"
#include "util/input_error.h"

namespace accelscope::timeloop {
namespace {

// One level's loops as Timeloop lists them.
struct Loops {
    DimFactors factors = kUnitFactors;
    std::vector<Dim> permutation;  // innermost first, as written
    std::optional<std::int64_t> split;
    bool present = false;
};

struct LevelDirectives {
    Loops temporal, spatial;
    std::optional<std::array<bool, kNumTensors>> keep;
};

// AccelScope's order (outermost first): dims the permutation leaves out, then the permutation reversed.
std::array<Dim, kNumDims> orderOf(const std::vector<Dim>& permutation) {
    std::array<Dim, kNumDims> order{};
    int n = 0;
    for (Dim d : kAllDims)
        if (std::find(permutation.begin(), permutation.end(), d) == permutation.end()) order[n++] = d;
    for (auto it = permutation.rbegin(); it != permutation.rend(); ++it) order[n++] = *it;
    return order;
}

}  // namespace

Mapping importTimeloopMapping(const Section& section, const TimeloopArch& tl, const ProblemShape& shape) {
    const YamlReader r(section.source);
    const std::string root = "mapping";
    r.requireSequence(section.node, root);
    const Architecture& arch = tl.arch;
    std::map<std::string, LevelDirectives> byTarget;  // Timeloop level name -> its directives
    std::map<std::string, std::string> pathOf;
    for (std::size_t i = 0; i < section.node.size(); ++i) {
        const std::string p = root + "[" + std::to_string(i) + "]";
        const YAML::Node& d = section.node[i];
        r.requireMap(d, p);
        std::string target;
        std::int64_t ignored = 1;
        const std::string raw = r.string(r.child(d, p, "target"), p + ".target");
        if (!splitInstanceName(raw, target, ignored) || !tl.levelOf.count(target))
            r.fail(p + ".target", "'" + raw + "' is not a storage level of the architecture");
        const std::string type = r.string(r.child(d, p, "type"), p + ".type");
        LevelDirectives& level = byTarget[target];
        pathOf[target] = p;
        if (type == "temporal" || type == "spatial") {
            Loops& loops = type == "temporal" ? level.temporal : level.spatial;
            if (loops.present) r.fail(p, "a second " + type + " directive for " + target);
            loops.present = true;
            loops.factors = parseFactors(r, d["factors"], p + ".factors");
            loops.permutation = parsePermutation(r, d["permutation"], p + ".permutation");
            if (type == "spatial") loops.split = r.optionalInteger(d, p, "split", 0);
        } else if (type == "bypass" || type == "datatype" || type == "dataspace") {
            std::array<bool, kNumTensors> keep = arch.levels[tl.levelOf.at(target)].keeps;
            if (level.keep) keep = *level.keep;
            const auto named = parseKeepBypass(r, d, p);
            for (Tensor t : kAllTensors)
                if (named[static_cast<int>(t)]) keep[static_cast<int>(t)] = *named[static_cast<int>(t)];
            level.keep = keep;
        } else {
            r.fail(p + ".type", "must be temporal, spatial, bypass or datatype, got '" + type + "'");
        }
    }

    Mapping m;
    m.levelCount = arch.levelCount();
    for (int i = 0; i < m.levelCount; ++i) m.levels[i].keep = arch.levels[i].keeps;
    for (const auto& [name, dir] : byTarget) {
        LevelMapping& lm = m.levels[tl.levelOf.at(name)];
        if (dir.temporal.present) {
            lm.temporal = dir.temporal.factors;
            lm.order = orderOf(dir.temporal.permutation);
        }
        if (dir.spatial.present) {
            // Timeloop: the permutation's first `split` dims (innermost first) over X, the rest over Y;
            // the permutation also numbers the children (its first dim varies fastest).
            const Loops& s = dir.spatial;
            lm.spatialOrder = orderOf(s.permutation);
            const std::int64_t split = s.split.value_or(kNumDims);
            for (Dim d : kAllDims) {
                const int di = static_cast<int>(d);
                if (s.factors[di] == 1) continue;
                const auto at = std::find(s.permutation.begin(), s.permutation.end(), d);
                const std::int64_t pos = at == s.permutation.end() ? static_cast<std::int64_t>(s.permutation.size())
                                                                   : at - s.permutation.begin();
                (pos < split ? lm.spatialX : lm.spatialY)[di] *= s.factors[di];
            }
        }
        if (dir.keep) lm.keep = *dir.keep;
    }

    for (int i = 0; i < m.levelCount; ++i) {
        const LevelMapping& lm = m.levels[i];
        const StorageLevel& level = arch.levels[i];
        std::int64_t x = 1, y = 1;
        for (Dim d : kAllDims) {
            x *= lm.spatialX[static_cast<int>(d)];
            y *= lm.spatialY[static_cast<int>(d)];
        }
        const std::string p = pathOf.count(level.name) ? pathOf.at(level.name) : root;
        if (x > level.meshX || y > level.meshY)
            r.fail(p, "spatial factors of " + level.name + " need " + std::to_string(x) + " x " + std::to_string(y) +
                          " instances, more than its fan-out of " + std::to_string(level.meshX) + " x " +
                          std::to_string(level.meshY));
    }
    for (Dim d : kAllDims)
        if (m.coverage(d) != shape[d])
            r.fail(root, "the factors of " + std::string(timeloopDimName(d)) + " multiply to " +
                             std::to_string(m.coverage(d)) + ", not its bound " + std::to_string(shape[d]));
    // The mapping loader's checks (keeps against the architecture, the outermost level keeping all);
    // its canonical form (order normalised) is what a mapping file gives.
    return parseMapping(serializeMapping(m, arch), section.source, arch);
}

YAML::Node exportTimeloopMapping(const Mapping& m, const Architecture& arch, const ProblemShape& shape) {
    const std::vector<Dim> dims = timeloopDims(shape);
    for (Dim d : kAllDims) {
        if (m.coverage(d) != shape[d])
            throw InputError(arch.name, "mapping", "the factors of " + std::string(dimName(d)) + " multiply to " +
                                                       std::to_string(m.coverage(d)) + ", not its bound " +
                                                       std::to_string(shape[d]) + " (Timeloop needs them equal)");
        if (std::find(dims.begin(), dims.end(), d) == dims.end() && m.coverage(d) != 1)
            throw InputError(arch.name, "mapping", "dim " + std::string(dimName(d)) + " has no Timeloop counterpart");
    }
    YAML::Node out(YAML::NodeType::Sequence);
    const auto factorText = [&](const DimFactors& f) {
        std::string text;
        for (Dim d : dims)
            text += (text.empty() ? "" : " ") + std::string(timeloopDimName(d)) + "=" + std::to_string(f[static_cast<int>(d)]);
        return text;
    };
    for (int i = 0; i < m.levelCount; ++i) {
        const LevelMapping& lm = m.levels[i];
        const std::string& name = arch.levels[i].name;
        YAML::Node temporal;
        temporal["target"] = name;
        temporal["type"] = "temporal";
        temporal["factors"] = factorText(lm.temporal);
        std::string permutation;  // innermost first
        for (auto it = lm.order.rbegin(); it != lm.order.rend(); ++it)
            if (std::find(dims.begin(), dims.end(), *it) != dims.end()) permutation += timeloopDimName(*it);
        temporal["permutation"] = permutation;
        out.push_back(temporal);
        if (arch.levels[i].fanout() > 1) {
            DimFactors spatial = kUnitFactors;
            std::string xDims, yDims;  // innermost first, as the children are numbered (spatialOrder)
            for (auto it = lm.spatialOrder.rbegin(); it != lm.spatialOrder.rend(); ++it) {
                const Dim d = *it;
                if (std::find(dims.begin(), dims.end(), d) == dims.end()) continue;
                const int di = static_cast<int>(d);
                if (lm.spatialX[di] > 1 && lm.spatialY[di] > 1)
                    throw InputError(arch.name, "mapping level \"" + name + "\"",
                                     "dim " + std::string(dimName(d)) + " is split over both meshX and meshY, "
                                     "which a Timeloop spatial directive cannot express");
                spatial[di] = lm.spatialX[di] * lm.spatialY[di];
                (lm.spatialY[di] > 1 ? yDims : xDims) += timeloopDimName(d);
            }
            YAML::Node s;
            s["target"] = name;
            s["type"] = "spatial";
            s["factors"] = factorText(spatial);
            s["permutation"] = xDims + yDims;
            s["split"] = static_cast<int>(xDims.size());
            out.push_back(s);
        }
        YAML::Node keep(YAML::NodeType::Sequence), bypass(YAML::NodeType::Sequence);
        for (Tensor t : kAllTensors) (lm.keep[static_cast<int>(t)] ? keep : bypass).push_back(timeloopTensorName(t));
        YAML::Node datatype;
        datatype["target"] = name;
        datatype["type"] = "datatype";
        datatype["keep"] = keep;
        datatype["bypass"] = bypass;
        out.push_back(datatype);
    }
    return out;
}

}  // namespace accelscope::timeloop
