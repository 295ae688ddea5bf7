// Timeloop's printed map read as a mapping (see timeloop_map_text.h).
#include "timeloop/timeloop_map_text.h"

#include <cctype>
#include <charconv>
#include <sstream>
#include <string_view>

#include "mapping/mapping_io.h"
#include "timeloop/timeloop_problem.h"
#include "util/input_error.h"

namespace accelscope::timeloop {
namespace {

// Loop bounds above this are refused (no layer dim comes near it; products of them stay in int64).
constexpr std::int64_t kMaxBound = std::int64_t{1} << 31;

// A cursor over one line (hand-written rather than std::regex, whose recursion a long line overflows).
struct Cursor {
    std::string_view rest;
    void skip(std::string_view chars) {
        while (!rest.empty() && chars.find(rest.front()) != std::string_view::npos) rest.remove_prefix(1);
    }
    void spaces() { skip(" \t"); }
    bool literal(std::string_view word) {
        if (rest.substr(0, word.size()) != word) return false;
        rest.remove_prefix(word.size());
        return true;
    }
    std::string_view take(const auto& accept) {
        std::size_t n = 0;
        while (n < rest.size() && accept(static_cast<unsigned char>(rest[n]))) ++n;
        const std::string_view out = rest.substr(0, n);
        rest.remove_prefix(n);
        return out;
    }
};

bool isNameStart(unsigned char c) { return std::isalpha(c) || c == '_'; }
bool isNameChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c == '-'; }

// "Name [ ... ]": the level's name and what its brackets hold.
bool parseHeader(std::string_view line, std::string_view& name, std::string_view& kept) {
    Cursor c{line};
    c.spaces();
    if (c.rest.empty() || !isNameStart(static_cast<unsigned char>(c.rest.front()))) return false;
    name = c.take(isNameChar);
    c.spaces();
    if (!c.literal("[")) return false;
    const std::size_t close = c.rest.rfind(']');
    if (close == std::string_view::npos) return false;
    kept = c.rest.substr(0, close);
    Cursor after{c.rest.substr(close + 1)};
    after.spaces();
    return after.rest.empty();
}

struct LoopLine {
    std::string_view dim;
    std::string_view bound;  // digits
    char spatial = 0;        // 'X', 'Y' or 0 (temporal)
};

// "| for P in [0:8)", "for Q in [0:14) (Spatial-X)".
bool parseLoop(std::string_view line, LoopLine& out) {
    Cursor c{line};
    c.skip("| \t");
    if (!c.literal("for")) return false;
    const std::size_t before = c.rest.size();
    c.spaces();
    if (c.rest.size() == before) return false;
    out.dim = c.take([](unsigned char ch) { return std::isalpha(ch) != 0; });
    if (out.dim.empty()) return false;
    c.spaces();
    if (!c.literal("in")) return false;
    c.spaces();
    if (!c.literal("[0:")) return false;
    out.bound = c.take([](unsigned char ch) { return std::isdigit(ch) != 0; });
    if (out.bound.empty() || !c.literal(")")) return false;
    c.spaces();
    out.spatial = 0;
    if (c.literal("(Spatial-")) {
        if (c.literal("X")) out.spatial = 'X';
        else if (c.literal("Y")) out.spatial = 'Y';
        else return false;
        if (!c.literal(")")) return false;
        c.spaces();
    }
    return c.rest.empty();
}

}  // namespace

bool looksLikeMapText(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::string_view name, kept;
        return parseHeader(line, name, kept);
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
    std::array<std::int64_t, kNumDims> covered;  // per dim, the product of its loops so far
    covered.fill(1);
    const auto fail = [&](const std::string& what) {
        throw InputError(source, "line " + std::to_string(lineNo), what);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line.find_first_not_of("- ") == std::string::npos)
            continue;
        if (line.find("<< Compute >>") != std::string::npos) break;
        std::string_view headerName, kept;
        if (parseHeader(line, headerName, kept)) {
            const std::string name(headerName);
            if (!tl.levelOf.count(name)) fail("'" + name + "' is not a level of architecture \"" + arch.name + "\"");
            level = tl.levelOf.at(name);
            if (seen[static_cast<std::size_t>(level)]) fail("level '" + name + "' appears twice");
            seen[static_cast<std::size_t>(level)] = true;
            // "Weights:864 (864) Inputs:9831 (9831)": the tensors it keeps (a name before a colon).
            std::array<bool, kNumTensors> keep{false, false, false};
            Cursor c{kept};
            while (true) {
                c.skip(" \t");
                if (c.rest.empty()) break;
                const std::string_view word = c.take([](unsigned char ch) { return std::isalpha(ch) != 0; });
                if (!word.empty() && c.literal(":")) {
                    Tensor t;
                    if (!tensorFromTimeloop(word, t)) fail("'" + std::string(word) + "' is not Weights, Inputs or Outputs");
                    keep[static_cast<int>(t)] = true;
                }
                c.take([](unsigned char ch) { return ch != ' ' && ch != '\t'; });  // the counts
            }
            m.levels[level].keep = keep;
            continue;
        }
        LoopLine loop;
        if (!parseLoop(line, loop))
            fail("expected a level header (Name [ ... ]) or a loop (for X in [0:n)), got '" +
                 (line.size() > 80 ? line.substr(0, 77) + "..." : line) + "'");
        if (level < 0) fail("a loop before the first level header");
        Dim d;
        if (!dimFromTimeloop(loop.dim, d)) fail("unknown dim '" + std::string(loop.dim) + "'");
        std::int64_t bound = 0;
        const auto [end, ec] = std::from_chars(loop.bound.data(), loop.bound.data() + loop.bound.size(), bound);
        if (ec != std::errc() || end != loop.bound.data() + loop.bound.size() || bound > kMaxBound)
            fail("a loop bound must be at most " + std::to_string(kMaxBound) + ", got " +
                 (loop.bound.size() > 24 ? std::string(loop.bound.substr(0, 21)) + "..." : std::string(loop.bound)));
        if (bound < 1) fail("a loop bound must be at least 1");
        const int k = static_cast<int>(d);
        // The loops of a dim cannot multiply to more than its bound (checked as they come: no overflow).
        if (covered[k] > shape[d] / bound)
            fail("the loops of " + std::string(loop.dim) + " multiply to more than its bound " + std::to_string(shape[d]));
        covered[k] *= bound;
        LevelMapping& lm = m.levels[level];
        if (loop.spatial) {
            auto& factors = loop.spatial == 'X' ? lm.spatialX : lm.spatialY;
            if (factors[k] != 1)
                fail("a second Spatial-" + std::string(1, loop.spatial) + " loop of " + std::string(loop.dim) + " in one level");
            factors[k] = bound;
            auto& spatial = spatialOrders[level];
            if (std::find(spatial.begin(), spatial.end(), d) == spatial.end()) spatial.push_back(d);
        } else {
            if (lm.temporal[k] != 1) fail("a second temporal loop of " + std::string(loop.dim) + " in one level");
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
