// Timeloop's printed map read as a mapping (see timeloop_map_text.h).
#include "timeloop/timeloop_map_text.h"

#include <regex>
#include <sstream>

#include "mapping/mapping_io.h"
#include "timeloop/timeloop_problem.h"
#include "util/input_error.h"

namespace accelscope::timeloop {
namespace {

const std::regex& headerLine() {
    static const std::regex re(R"(^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\[(.*)\]\s*$)");
    return re;
}
const std::regex& loopLine() {
    static const std::regex re(R"(^[|\s]*for\s+([A-Za-z]+)\s+in\s+\[0:([0-9]+)\)\s*(\(Spatial-([XY])\))?\s*$)");
    return re;
}

}  // namespace

bool looksLikeMapText(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        return std::regex_match(line, headerLine());
    }
    return false;
}

Mapping importTimeloopMapText(const std::string& text, const std::string& source, const TimeloopArch& tl,
                              const ProblemShape& shape) {
    const Architecture& arch = tl.arch;
    Mapping m;
    m.levelCount = arch.levelCount();
    std::vector<bool> seen(static_cast<std::size_t>(arch.levelCount()), false);
    std::array<std::vector<Dim>, kMaxLevels> orders, spatialOrders;  // temporal / spatial loops, outermost first
    int level = -1, lineNo = 0;
    std::istringstream in(text);
    std::string line;
    std::smatch mm;
    const auto fail = [&](const std::string& what) {
        throw InputError(source, "line " + std::to_string(lineNo), what);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line.find_first_not_of("- ") == std::string::npos)
            continue;
        if (line.find("<< Compute >>") != std::string::npos) break;
        if (std::regex_match(line, mm, headerLine())) {
            const std::string name = mm[1];
            if (!tl.levelOf.count(name)) fail("'" + name + "' is not a level of architecture \"" + arch.name + "\"");
            level = tl.levelOf.at(name);
            if (seen[static_cast<std::size_t>(level)]) fail("level '" + name + "' appears twice");
            seen[static_cast<std::size_t>(level)] = true;
            // "Weights:864 (864) Inputs:9831 (9831)": the tensors it keeps.
            std::array<bool, kNumTensors> keep{false, false, false};
            const std::string kept = mm[2];
            static const std::regex tensorRe(R"(([A-Za-z]+):[0-9]+)");
            for (auto it = std::sregex_iterator(kept.begin(), kept.end(), tensorRe); it != std::sregex_iterator(); ++it) {
                Tensor t;
                if (!tensorFromTimeloop((*it)[1].str(), t)) fail("'" + (*it)[1].str() + "' is not Weights, Inputs or Outputs");
                keep[static_cast<int>(t)] = true;
            }
            m.levels[level].keep = keep;
            continue;
        }
        if (!std::regex_match(line, mm, loopLine()))
            fail("expected a level header (Name [ ... ]) or a loop (for X in [0:n)), got '" + line + "'");
        if (level < 0) fail("a loop before the first level header");
        Dim d;
        if (!dimFromTimeloop(mm[1].str(), d)) fail("unknown dim '" + mm[1].str() + "'");
        const std::int64_t bound = std::stoll(mm[2].str());
        if (bound < 1) fail("a loop bound must be at least 1");
        LevelMapping& lm = m.levels[level];
        const int k = static_cast<int>(d);
        if (mm[4].matched) {
            auto& factors = mm[4].str() == "X" ? lm.spatialX : lm.spatialY;
            factors[k] *= bound;
            spatialOrders[level].push_back(d);
        } else {
            if (lm.temporal[k] != 1) fail("a second temporal loop of " + mm[1].str() + " in one level");
            lm.temporal[k] = bound;
            orders[level].push_back(d);
        }
    }
    for (int i = 0; i < arch.levelCount(); ++i) {
        if (!seen[static_cast<std::size_t>(i)])
            throw InputError(source, "", "has no header for level '" + arch.levels[i].name + "' of the architecture");
        // Order: the printed loops (outermost first), then the unit loops.
        LevelMapping& lm = m.levels[i];
        int n = 0;
        for (Dim d : kAllDims)
            if (std::find(orders[i].begin(), orders[i].end(), d) == orders[i].end()) lm.order[n++] = d;
        for (Dim d : orders[i]) lm.order[n++] = d;
        n = 0;
        for (Dim d : spatialOrders[i]) lm.spatialOrder[n++] = d;
        for (Dim d : kAllDims)
            if (std::find(spatialOrders[i].begin(), spatialOrders[i].end(), d) == spatialOrders[i].end())
                lm.spatialOrder[n++] = d;
    }
    for (Dim d : kAllDims)
        if (m.coverage(d) != shape[d])
            throw InputError(source, "", "the loops of " + std::string(timeloopDimName(d)) + " multiply to " +
                                             std::to_string(m.coverage(d)) + ", not its bound " + std::to_string(shape[d]));
    return parseMapping(serializeMapping(m, arch), source, arch);
}

}  // namespace accelscope::timeloop
