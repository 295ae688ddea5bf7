// Dim-named JSON fields (see dim_fields.h).
#include "mapping/dim_fields.h"

namespace accelscope {
namespace {
constexpr std::int64_t kMaxFactor = std::int64_t{1} << 24;
}

void readDimFactors(ObjectReader& r, std::string_view key, DimFactors& out) {
    const nlohmann::json* obj = r.optionalObject(key);
    if (!obj) return;
    for (auto it = obj->begin(); it != obj->end(); ++it) {
        Dim d;
        if (!dimFromName(it.key(), d)) {
            r.problem(std::string(key) + ": \"" + it.key() + "\" is not a dim (N, G, K, C, P, Q, R, S)");
            continue;
        }
        const nlohmann::json& v = it.value();
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > kMaxFactor) {
            r.problem(std::string(key) + "." + it.key() + " must be a positive integer, got " + describeJson(v));
            continue;
        }
        out[static_cast<int>(d)] = v.get<std::int64_t>();
    }
}

int readDimList(ObjectReader& r, std::string_view key, const std::string& text, std::array<Dim, kNumDims>& out) {
    std::array<bool, kNumDims> seen{};
    int n = 0;
    for (char ch : text) {
        Dim d;
        if (!dimFromName(std::string_view(&ch, 1), d)) {
            r.problem(std::string(key) + ": '" + ch + "' is not a dim (N, G, K, C, P, Q, R, S)");
            return -1;
        }
        if (seen[static_cast<int>(d)]) {
            r.problem(std::string(key) + ": " + std::string(dimName(d)) + " appears twice");
            return -1;
        }
        seen[static_cast<int>(d)] = true;
        out[n++] = d;
    }
    return n;
}

nlohmann::ordered_json dimFactorsJson(const DimFactors& f, std::int64_t above) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (Dim d : kAllDims)
        if (f[static_cast<int>(d)] > above) o[std::string(dimName(d))] = f[static_cast<int>(d)];
    return o;
}

}  // namespace accelscope
