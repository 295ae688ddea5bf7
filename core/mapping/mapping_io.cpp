// Reading and writing mapping files, validated against the architecture they are written for.
#include "mapping/mapping_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "mapping/dim_fields.h"
#include "util/data_paths.h"
#include "util/json_reader.h"

namespace accelscope {
namespace {
using nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

void readOrder(ObjectReader& r, LevelMapping& lm) {
    const auto text = r.optionalString("order", "");
    if (!text) return;
    std::array<Dim, kNumDims> order{};
    int n = readDimList(r, "order", *text, order);
    if (n < 0) return;
    for (Dim d : kAllDims) {
        if (std::find(order.begin(), order.begin() + n, d) != order.begin() + n) continue;
        if (lm.temporal[static_cast<int>(d)] > 1)
            r.problem("order must list " + std::string(dimName(d)) + ", which has temporal factor " +
                      std::to_string(lm.temporal[static_cast<int>(d)]));
        order[n++] = d;
    }
    lm.order = order;
}

// "spatial_order": the spatial loops outermost first (canonical dim order without it). Kept in a
// canonical form: the y dims, then the x dims (x loops are inside y loops), each in the given order,
// then the dims without a spatial factor.
void readSpatialOrder(ObjectReader& r, LevelMapping& lm) {
    std::array<Dim, kNumDims> given = kAllDims;
    if (r.has("spatial_order")) {
        const auto text = r.string("spatial_order");
        std::array<Dim, kNumDims> order{};
        const int n = text ? readDimList(r, "spatial_order", *text, order) : -1;
        if (n >= 0) {
            int k = n;
            for (Dim d : kAllDims)
                if (std::find(order.begin(), order.begin() + n, d) == order.begin() + n) order[k++] = d;
            given = order;
        }
    }
    int k = 0;
    for (Dim d : given)
        if (lm.spatialY[static_cast<int>(d)] > 1) lm.spatialOrder[k++] = d;
    for (Dim d : given)
        if (lm.spatialY[static_cast<int>(d)] <= 1 && lm.spatialX[static_cast<int>(d)] > 1) lm.spatialOrder[k++] = d;
    for (Dim d : kAllDims)
        if (lm.spatial(d) <= 1) lm.spatialOrder[k++] = d;
}

void readKeep(ObjectReader& r, const StorageLevel& level, LevelMapping& lm) {
    lm.keep = level.keeps;
    const json* arr = r.optionalArray("keep");
    if (!arr) return;
    lm.keep = {false, false, false};
    for (const json& v : *arr) {
        bool ok = false;
        for (Tensor t : kAllTensors)
            if (v.is_string() && v.get<std::string>() == tensorName(t)) {
                ok = true;
                if (!level.keeps[static_cast<int>(t)])
                    r.problem("keep: the architecture's level does not keep " + std::string(tensorName(t)));
                lm.keep[static_cast<int>(t)] = true;
            }
        if (!ok) r.problem("keep: " + describeJson(v) + " is not a tensor (weights, inputs, outputs)");
    }
}
}  // namespace

Mapping parseMapping(const std::string& text, const std::string& source, const Architecture& arch) {
    ProblemList problems(source);
    const json root = parseJson(text, source);
    ObjectReader top(root, "", problems);
    if (!top.valid()) problems.throwIfAny();
    if (auto f = top.string("format"); f && *f != kMappingFormat)
        top.problem("format must be \"" + std::string(kMappingFormat) + "\", got \"" + *f + "\"");
    top.integer("version", 1, 1);
    top.allow({"architecture", "layer", "workload", "comment"});
    Mapping m;
    const json* levels = top.array("levels");
    top.rejectUnknownKeys();
    if (levels) {
        if (static_cast<int>(levels->size()) != arch.levelCount())
            top.problem("levels lists " + std::to_string(levels->size()) + " levels; architecture \"" + arch.name +
                        "\" has " + std::to_string(arch.levelCount()) + " (outermost first)");
        else if (arch.levelCount() > kMaxLevels)
            top.problem("the architecture has more than " + std::to_string(kMaxLevels) + " levels");
        else {
            m.levelCount = arch.levelCount();
            for (int i = 0; i < m.levelCount; ++i) {
                const StorageLevel& al = arch.levels[i];
                ObjectReader r((*levels)[i], "level " + std::to_string(i + 1) + " (" + inQuotes(al.name) + ")", problems);
                if (!r.valid()) continue;
                if (auto name = r.string("level"); name && *name != al.name)
                    r.problem("level is " + inQuotes(*name) + ", but the architecture's level " + std::to_string(i + 1) +
                              " is " + inQuotes(al.name));
                LevelMapping& lm = m.levels[i];
                readDimFactors(r, "temporal", lm.temporal);
                readDimFactors(r, "spatial_x", lm.spatialX);
                readDimFactors(r, "spatial_y", lm.spatialY);
                readOrder(r, lm);
                readSpatialOrder(r, lm);
                readKeep(r, al, lm);
                std::int64_t x = 1, y = 1;
                for (int d = 0; d < kNumDims; ++d) {
                    x *= lm.spatialX[d];
                    y *= lm.spatialY[d];
                }
                if (x > al.spatialWorkX())
                    r.problem("spatial_x factors multiply to " + std::to_string(x) + ", more than the level's fan-out x " +
                              std::to_string(al.meshX));
                if (y > al.spatialWorkY())
                    r.problem("spatial_y factors multiply to " + std::to_string(y) + ", more than the level's fan-out y " +
                              std::to_string(al.meshY));
                if (i == 0)
                    for (Tensor t : kAllTensors)
                        if (!lm.keep[static_cast<int>(t)])
                            r.problem("keep: the outermost level must keep " + std::string(tensorName(t)));
                r.rejectUnknownKeys();
            }
        }
    }
    problems.throwIfAny();
    return m;
}

Mapping loadMapping(const std::filesystem::path& path, const Architecture& arch) {
    return parseMapping(readTextFile(path), path.string(), arch);
}

std::string serializeMapping(const Mapping& m, const Architecture& arch) {
    std::string t = "{\n  \"format\": \"accelscope-mapping\",\n  \"version\": 1,\n  \"levels\": [\n";
    for (int i = 0; i < m.levelCount; ++i) {
        const LevelMapping& lm = m.levels[i];
        ojson j;
        j["level"] = i < arch.levelCount() ? arch.levels[i].name : std::to_string(i);
        auto factors = [&](const DimFactors& f) {
            ojson o = ojson::object();
            for (Dim d : lm.order)
                if (f[static_cast<int>(d)] > 1) o[std::string(dimName(d))] = f[static_cast<int>(d)];
            return o;
        };
        j["temporal"] = factors(lm.temporal);
        std::string order;
        for (Dim d : lm.order)
            if (lm.temporal[static_cast<int>(d)] > 1) order += dimName(d);
        j["order"] = order;
        if (factors(lm.spatialX).size() > 0) j["spatial_x"] = factors(lm.spatialX);
        if (factors(lm.spatialY).size() > 0) j["spatial_y"] = factors(lm.spatialY);
        // The numbering of the children matters only with two spatial dims in one direction.
        int xs = 0, ys = 0;
        for (int d = 0; d < kNumDims; ++d) xs += lm.spatialX[d] > 1 ? 1 : 0, ys += lm.spatialY[d] > 1 ? 1 : 0;
        if (xs > 1 || ys > 1) {
            std::string so;
            for (Dim d : lm.spatialOrder)
                if (lm.spatial(d) > 1) so += dimName(d);
            j["spatial_order"] = so;
        }
        ojson keep = ojson::array();
        for (Tensor tn : kAllTensors)
            if (lm.keep[static_cast<int>(tn)]) keep.push_back(std::string(tensorName(tn)));
        j["keep"] = keep;
        t += "    " + j.dump() + (i + 1 < m.levelCount ? ",\n" : "\n");
    }
    return t + "  ]\n}\n";
}

}  // namespace accelscope
