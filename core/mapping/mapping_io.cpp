// Reading and writing mapping files, validated against the architecture they are written for.
#include "mapping/mapping_io.h"

#include <nlohmann/json.hpp>

#include "util/data_paths.h"
#include "util/json_reader.h"

namespace accelscope {
namespace {
using nlohmann::json;
using ojson = nlohmann::ordered_json;
constexpr std::int64_t kMaxFactor = std::int64_t{1} << 24;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// {"K": 4, "C": 3} -> factors; every key a dim letter, every value a positive integer.
void readFactors(ObjectReader& r, std::string_view key, DimFactors& out) {
    const json* obj = r.optionalObject(key);
    if (!obj) return;
    for (auto it = obj->begin(); it != obj->end(); ++it) {
        Dim d;
        if (!dimFromName(it.key(), d)) {
            r.problem(std::string(key) + ": \"" + it.key() + "\" is not a dim (N, G, K, C, P, Q, R, S)");
            continue;
        }
        const json& v = it.value();
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > kMaxFactor) {
            r.problem(std::string(key) + "." + it.key() + " must be a positive integer, got " + describeJson(v));
            continue;
        }
        out[static_cast<int>(d)] = v.get<std::int64_t>();
    }
}

void readOrder(ObjectReader& r, LevelMapping& lm) {
    const auto text = r.optionalString("order", "");
    if (!text) return;
    std::array<bool, kNumDims> seen{};
    std::array<Dim, kNumDims> order{};
    int n = 0;
    for (char ch : *text) {
        Dim d;
        if (!dimFromName(std::string_view(&ch, 1), d)) {
            r.problem(std::string("order: '") + ch + "' is not a dim (N, G, K, C, P, Q, R, S)");
            return;
        }
        if (seen[static_cast<int>(d)]) {
            r.problem(std::string("order: ") + std::string(dimName(d)) + " appears twice");
            return;
        }
        seen[static_cast<int>(d)] = true;
        order[n++] = d;
    }
    for (Dim d : kAllDims) {
        if (seen[static_cast<int>(d)]) continue;
        if (lm.temporal[static_cast<int>(d)] > 1)
            r.problem("order must list " + std::string(dimName(d)) + ", which has temporal factor " +
                      std::to_string(lm.temporal[static_cast<int>(d)]));
        order[n++] = d;
    }
    lm.order = order;
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
                readFactors(r, "temporal", lm.temporal);
                readFactors(r, "spatial_x", lm.spatialX);
                readFactors(r, "spatial_y", lm.spatialY);
                readOrder(r, lm);
                readKeep(r, al, lm);
                std::int64_t x = 1, y = 1;
                for (int d = 0; d < kNumDims; ++d) {
                    x *= lm.spatialX[d];
                    y *= lm.spatialY[d];
                }
                if (x > al.meshX)
                    r.problem("spatial_x factors multiply to " + std::to_string(x) + ", more than the level's fan-out x " +
                              std::to_string(al.meshX));
                if (y > al.meshY)
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
        ojson keep = ojson::array();
        for (Tensor tn : kAllTensors)
            if (lm.keep[static_cast<int>(tn)]) keep.push_back(std::string(tensorName(tn)));
        j["keep"] = keep;
        t += "    " + j.dump() + (i + 1 < m.levelCount ? ",\n" : "\n");
    }
    return t + "  ]\n}\n";
}

}  // namespace accelscope
