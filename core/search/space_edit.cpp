// Text edits of design spaces, re-validated by parseDesignSpace.
#include "search/space_edit.h"

#include <cmath>
#include <charconv>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "util/input_error.h"

namespace accelscope {

namespace {

std::string numberText(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

bool parseNumber(const std::string& text, double& out) {
    const std::string t = trim(text);
    if (t.empty()) return false;
    char* end = nullptr;
    out = std::strtod(t.c_str(), &end);
    return end && *end == '\0' && std::isfinite(out);
}

DesignSpace reparse(const DesignSpace& space, const nlohmann::ordered_json& j, const std::string& where) {
    try {
        DesignSpace edited = parseDesignSpace(j.dump(1), space.name);
        edited.source = space.source;
        return edited;
    } catch (const InputError& e) {
        throw InputError(space.name, where, e.what());
    }
}

}  // namespace

bool parameterEditable(const Param& p) { return p.kind == ParamKind::Integer || p.kind == ParamKind::Ordinal; }

std::string parameterValuesText(const Param& p) {
    switch (p.kind) {
    case ParamKind::Integer:
        if (p.lo == p.hi) return std::to_string(p.lo);
        return std::to_string(p.lo) + ".." + std::to_string(p.hi) + (p.step == 1 ? "" : " step " + std::to_string(p.step));
    case ParamKind::Ordinal: {
        std::string t;
        for (double v : p.values) t += (t.empty() ? "" : ", ") + numberText(v);
        return t;
    }
    case ParamKind::Categorical: {
        std::string t;
        for (const auto& c : p.choices) t += (t.empty() ? "" : " | ") + c;
        return t;
    }
    case ParamKind::Boolean: return "false | true";
    }
    return {};
}

DesignSpace withParameterValues(const DesignSpace& space, const std::string& param, const std::string& text) {
    const std::string where = "parameter \"" + param + "\"";
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(space.text);
    nlohmann::ordered_json* entry = nullptr;
    for (auto& p : j["parameters"])
        if (p.value("name", "") == param) entry = &p;
    if (!entry) throw InputError(space.name, where, "is not a parameter of this space");
    const std::string kind = entry->value("kind", "");
    if (kind != "integer" && kind != "ordinal")
        throw InputError(space.name, where, "is " + kind + "; only integer and ordinal parameters are edited as text");

    if (text.size() > 1000) throw InputError(space.name, where, "the values are over 1000 characters long");
    static const std::regex range(R"(^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?:step\s+(\d+))?\s*$)");
    std::smatch m;
    const auto integer = [&](const std::string& digits) {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || end != digits.data() + digits.size())
            throw InputError(space.name, where, digits + " is out of range");
        return v;
    };
    nlohmann::ordered_json edited = nlohmann::ordered_json::object();
    edited["name"] = param;
    if (std::regex_match(text, m, range)) {
        edited["kind"] = "integer";
        edited["min"] = integer(m[1]);
        edited["max"] = integer(m[2]);
        if (m[3].matched) edited["step"] = integer(m[3]);
    } else {
        std::vector<double> values;
        std::stringstream in(text);
        std::string item;
        while (std::getline(in, item, ',')) {
            double v = 0;
            if (!parseNumber(item, v))
                throw InputError(space.name, where,
                                 "\"" + trim(text) + "\" is not a range (32..256 or 32..256 step 8), a list (8, 16, 32) "
                                 "or a single value");
            values.push_back(v);
        }
        if (values.empty()) throw InputError(space.name, where, "needs at least one value");
        edited["kind"] = "ordinal";
        edited["values"] = values;
    }
    for (const char* keep : {"unit", "help"})
        if (entry->contains(keep)) edited[keep] = (*entry)[keep];
    *entry = edited;
    // Named points whose value of this parameter the edit leaves out are no longer points of the
    // space: they go (the caller tells the user which, by comparing the points before and after).
    if (j.contains("points") && j["points"].is_array()) {
        Param next;
        next.name = param;
        if (edited["kind"] == "integer") {
            next.kind = ParamKind::Integer;
            next.lo = edited["min"].get<std::int64_t>();
            next.hi = edited["max"].get<std::int64_t>();
            next.step = edited.value("step", std::int64_t{1});
        } else {
            next.kind = ParamKind::Ordinal;
            next.values = edited["values"].get<std::vector<double>>();
        }
        nlohmann::ordered_json kept = nlohmann::ordered_json::array();
        for (const auto& point : j["points"]) {
            const bool has = point.contains("values") && point["values"].contains(param);
            bool outside = false;  // a hand design already outside the space in this parameter stays
            if (point.contains("outside_space") && point["outside_space"].is_array())
                for (const auto& n : point["outside_space"]) outside = outside || n == param;
            if (!has || outside || valueIndex(next, point["values"][param].dump()) >= 0) kept.push_back(point);
        }
        j["points"] = kept;
    }
    return reparse(space, j, where);
}

DesignSpace withCap(const DesignSpace& space, const std::string& cap, double value) {
    if (cap != "area_mm2" && cap != "power_w") throw InputError(space.name, cap, "is not a cap (area_mm2, power_w)");
    if (!(value >= 0) || !std::isfinite(value))
        throw InputError(space.name, "constraints." + cap, "must be a positive number, or 0 for no cap");
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(space.text);
    if (value == 0) {
        if (j.contains("constraints")) j["constraints"].erase(cap);
    } else {
        j["constraints"][cap] = value;
    }
    return reparse(space, j, "constraints." + cap);
}

}  // namespace accelscope
