// Reading and writing constraint files, validated against the architecture they constrain.
#include "mapping/constraints_io.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "mapping/dim_fields.h"
#include "util/data_paths.h"
#include "util/json_reader.h"

namespace accelscope {
namespace {
using nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::uint32_t maskOf(const std::array<Dim, kNumDims>& dims, int n) {
    std::uint32_t m = 0;
    for (int i = 0; i < n; ++i) m |= dimBit(dims[i]);
    return m;
}

void readLevel(ObjectReader& r, const StorageLevel& level, LevelConstraint& lc) {
    readDimFactors(r, "temporal", lc.fixedTemporal);
    readDimFactors(r, "fixed_spatial_x", lc.fixedSpatialX);
    readDimFactors(r, "fixed_spatial_y", lc.fixedSpatialY);
    for (const auto& [key, mask] : {std::pair{"spatial_x", &lc.spatialX}, std::pair{"spatial_y", &lc.spatialY}}) {
        if (!r.has(key)) continue;
        const auto text = r.string(key);
        if (!text) continue;
        std::array<Dim, kNumDims> dims{};
        const int n = readDimList(r, key, *text, dims);
        if (n >= 0) *mask = maskOf(dims, n);
    }
    if (r.has("innermost")) {
        if (const auto text = r.string("innermost")) {
            const int n = readDimList(r, "innermost", *text, lc.innermost);
            if (n >= 0) lc.innermostCount = n;
        }
    }
    for (const auto& [key, value] : {std::pair{"keep", 1}, std::pair{"bypass", 0}}) {
        const json* list = r.optionalArray(key);
        if (!list) continue;
        for (const json& v : *list) {
            bool ok = false;
            for (Tensor t : kAllTensors)
                if (v.is_string() && v.get<std::string>() == tensorName(t)) {
                    ok = true;
                    auto& slot = lc.keep[static_cast<int>(t)];
                    if (slot >= 0 && slot != value)
                        r.problem(std::string(tensorName(t)) + " is both kept and bypassed");
                    if (value == 1 && !level.keeps[static_cast<int>(t)])
                        r.problem("keep: the architecture's level does not keep " + std::string(tensorName(t)));
                    slot = static_cast<std::int8_t>(value);
                }
            if (!ok) r.problem(std::string(key) + ": " + describeJson(v) + " is not a tensor (weights, inputs, outputs)");
        }
    }
    // Fixed spatial factors must fit the level's fan-out (meshX x meshY; the MAC lanes at the innermost level).
    for (const auto& [key, fixed, mesh] : {std::tuple{"fixed_spatial_x", &lc.fixedSpatialX, level.meshX},
                                           std::tuple{"fixed_spatial_y", &lc.fixedSpatialY, level.meshY}}) {
        std::int64_t product = 1;  // saturates just above the mesh
        for (std::int64_t f : *fixed) product = f > 1 && product > mesh / f ? mesh + 1 : product * std::max<std::int64_t>(f, 1);
        if (product > mesh)
            r.problem(std::string(key) + ": the factors need more children than the level's fan-out (" +
                      std::to_string(mesh) + ")");
    }
    for (Dim d : kAllDims) {
        const int k = static_cast<int>(d);
        if (lc.fixedSpatialX[k] > 1 && !(lc.spatialX & dimBit(d)))
            r.problem("fixed_spatial_x fixes " + std::string(dimName(d)) + ", which spatial_x does not allow");
        if (lc.fixedSpatialY[k] > 1 && !(lc.spatialY & dimBit(d)))
            r.problem("fixed_spatial_y fixes " + std::string(dimName(d)) + ", which spatial_y does not allow");
    }
    r.rejectUnknownKeys();
}
}  // namespace

MapConstraints parseConstraints(const std::string& text, const std::string& source, const Architecture& arch) {
    ProblemList problems(source);
    const json root = parseJson(text, source);
    ObjectReader top(root, "", problems);
    if (!top.valid()) problems.throwIfAny();
    if (auto f = top.string("format"); f && *f != kConstraintsFormat)
        top.problem("format must be \"" + std::string(kConstraintsFormat) + "\", got \"" + *f + "\"");
    top.integer("version", 1, 1);
    MapConstraints c;
    c.source = source;
    c.name = top.optionalString("name", "file").value_or("file");
    top.allow({"source", "architecture", "comment"});
    c.allowPadding = top.optionalBool("allow_padding", false).value_or(false);
    const json* levels = top.object("levels");
    top.rejectUnknownKeys();
    if (levels) {
        for (auto it = levels->begin(); it != levels->end(); ++it) {
            int index = -1;
            for (int i = 0; i < arch.levelCount(); ++i)
                if (arch.levels[i].name == it.key()) index = i;
            if (index < 0) {
                std::string known;
                for (const auto& l : arch.levels) known += (known.empty() ? "" : ", ") + l.name;
                problems.add("levels", inQuotes(it.key()) + " is not a level of architecture " + inQuotes(arch.name) +
                                           " (its levels: " + known + ")");
                continue;
            }
            ObjectReader r(it.value(), "level " + inQuotes(it.key()), problems);
            if (r.valid()) readLevel(r, arch.levels[index], c.levels[index]);
        }
    }
    problems.throwIfAny();
    return c;
}

MapConstraints loadConstraints(const std::filesystem::path& path, const Architecture& arch) {
    return parseConstraints(readTextFile(path), path.string(), arch);
}

std::string serializeConstraints(const MapConstraints& c, const Architecture& arch) {
    ojson root;
    root["format"] = std::string(kConstraintsFormat);
    root["version"] = 1;
    root["name"] = c.name;
    root["architecture"] = arch.name;
    if (c.allowPadding) root["allow_padding"] = true;
    ojson levels = ojson::object();
    for (int i = 0; i < arch.levelCount() && i < kMaxLevels; ++i) {
        const LevelConstraint& lc = c.levels[i];
        ojson l = ojson::object();
        if (auto t = dimFactorsJson(lc.fixedTemporal, 0); !t.empty()) l["temporal"] = t;  // 1 is a fixed factor too
        if (lc.innermostCount > 0) {
            std::string inner;
            for (int j = 0; j < lc.innermostCount; ++j) inner += dimName(lc.innermost[j]);
            l["innermost"] = inner;
        }
        if (lc.spatialX != kAllDimsMask) l["spatial_x"] = dimLetters(lc.spatialX);
        if (lc.spatialY != kAllDimsMask) l["spatial_y"] = dimLetters(lc.spatialY);
        if (auto f = dimFactorsJson(lc.fixedSpatialX, 0); !f.empty()) l["fixed_spatial_x"] = f;
        if (auto f = dimFactorsJson(lc.fixedSpatialY, 0); !f.empty()) l["fixed_spatial_y"] = f;
        ojson keep = ojson::array(), bypass = ojson::array();
        for (Tensor t : kAllTensors) {
            const auto k = lc.keep[static_cast<int>(t)];
            if (k == 1) keep.push_back(std::string(tensorName(t)));
            if (k == 0) bypass.push_back(std::string(tensorName(t)));
        }
        if (!keep.empty()) l["keep"] = keep;
        if (!bypass.empty()) l["bypass"] = bypass;
        if (!l.empty()) levels[arch.levels[i].name] = l;
    }
    root["levels"] = levels;
    return root.dump(2) + "\n";
}

}  // namespace accelscope
