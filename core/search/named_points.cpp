// Named and hand-written design points (see named_points.h).
#include "search/named_points.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "util/json_reader.h"

namespace accelscope {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// A JSON value as the text valueIndex reads.
std::string jsonText(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) {
        std::ostringstream out;
        out << v.get<double>();
        return out.str();
    }
    return v.dump();
}

int paramIndex(const ParamSpace& space, const std::string& name) {
    for (std::size_t i = 0; i < space.params.size(); ++i)
        if (space.params[i].name == name) return static_cast<int>(i);
    return -1;
}

std::string paramNames(const ParamSpace& space) {
    std::string t;
    for (const Param& p : space.params) t += (t.empty() ? "" : ", ") + p.name;
    return t;
}

}  // namespace

int valueIndex(const Param& p, const std::string& rawText) {
    const std::string text = trim(rawText);
    if (p.kind == ParamKind::Categorical) {
        for (std::size_t i = 0; i < p.choices.size(); ++i)
            if (p.choices[i] == text) return static_cast<int>(i);
        return -1;
    }
    if (p.kind == ParamKind::Boolean) {
        if (text == "true" || text == "on" || text == "1") return 1;
        if (text == "false" || text == "off" || text == "0") return 0;
        return -1;
    }
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) return -1;
    return valueIndex(p, v);
}

int valueIndex(const Param& p, double value) {
    for (int i = 0; i < p.levels(); ++i)
        if (p.numeric(i) == value) return i;
    return -1;
}

std::string specName(const std::string& spec) {
    const std::string head = trim(spec.substr(0, spec.find(',')));
    return head.find('=') == std::string::npos ? head : std::string();
}

std::string allowedValues(const Param& p) {
    switch (p.kind) {
    case ParamKind::Integer:
        return std::to_string(p.lo) + ".." + std::to_string(p.hi) + (p.step != 1 ? " step " + std::to_string(p.step) : "");
    case ParamKind::Boolean: return "true, false";
    case ParamKind::Categorical: {
        std::string t;
        for (const auto& c : p.choices) t += (t.empty() ? "" : ", ") + c;
        return t;
    }
    case ParamKind::Ordinal: {
        std::string t;
        for (int i = 0; i < p.levels(); ++i) {
            std::ostringstream v;
            v << p.numeric(i);
            t += (t.empty() ? "" : ", ") + v.str();
        }
        return t;
    }
    }
    return {};
}

std::vector<NamedPoint> readNamedPoints(const nlohmann::json& points, const ParamSpace& space, ProblemList& problems) {
    std::vector<NamedPoint> out;
    if (!points.is_array()) {
        problems.add("points", "must be an array of {\"name\", \"values\"} objects");
        return out;
    }
    for (std::size_t k = 0; k < points.size(); ++k) {
        ObjectReader r(points[k], "points[" + std::to_string(k) + "]", problems);
        if (!r.valid()) continue;
        NamedPoint np;
        np.name = r.string("name").value_or("");
        ObjectReader named(points[k], "point \"" + np.name + "\"", problems);
        named.allow({"name"});
        if (np.name.empty()) r.problem("name must not be empty");
        if (np.name.find_first_of(",=") != std::string::npos) named.problem("a name must not hold ',' or '='");
        for (const NamedPoint& other : out)
            if (other.name == np.name) named.problem("appears twice");
        np.source = named.optionalString("source", "").value_or("");
        // Parameters whose value may lie outside the space's range (a hand design the search cannot propose).
        std::vector<std::string> outsideNames;
        if (const nlohmann::json* o = named.optionalArray("outside_space"))
            for (const auto& x : *o) {
                const int i = x.is_string() ? paramIndex(space, x.get<std::string>()) : -1;
                const ParamKind kind = i >= 0 ? space.params[static_cast<std::size_t>(i)].kind : ParamKind::Categorical;
                if (i < 0)
                    named.problem("outside_space: " + x.dump() + " is not a parameter of the space (its parameters: " +
                                  paramNames(space) + ")");
                else if (kind != ParamKind::Integer && kind != ParamKind::Ordinal)
                    named.problem("outside_space: " + x.get<std::string>() +
                                  " is not numeric (only integer and ordinal parameters may lie outside the space)");
                else
                    outsideNames.push_back(x.get<std::string>());
            }
        np.point.assign(space.params.size(), -1);
        if (const nlohmann::json* values = named.object("values")) {
            for (auto it = values->begin(); it != values->end(); ++it) {
                const int i = paramIndex(space, it.key());
                if (i < 0) {
                    named.problem("values: \"" + it.key() + "\" is not a parameter of the space (its parameters: " +
                                  paramNames(space) + ")");
                    continue;
                }
                const Param& p = space.params[static_cast<std::size_t>(i)];
                const int index = valueIndex(p, jsonText(it.value()));
                const bool mayBeOutside = std::find(outsideNames.begin(), outsideNames.end(), p.name) != outsideNames.end();
                if (index >= 0) {
                    np.point[static_cast<std::size_t>(i)] = index;
                } else if (mayBeOutside && it.value().is_number() && it.value().get<double>() > 0 &&
                           it.value().get<double>() <= static_cast<double>(kMaxParamValue)) {
                    np.outside[p.name] = it.value().get<double>();
                } else if (mayBeOutside) {
                    named.problem("values: " + p.name + " = " + it.value().dump() + " is not a positive number up to " +
                                  std::to_string(kMaxParamValue));
                } else {
                    named.problem("values: " + p.name + " = " + it.value().dump() + " is not a value of the space (" +
                                  p.name + ": " + allowedValues(p) +
                                  "); a hand design outside the space lists the parameter in outside_space");
                }
            }
            for (std::size_t i = 0; i < space.params.size(); ++i)
                if (np.point[i] < 0 && !values->contains(space.params[i].name))
                    named.problem("values: " + space.params[i].name + " is not set (every parameter must be)");
        }
        named.rejectUnknownKeys();
        out.push_back(std::move(np));
    }
    return out;
}

nlohmann::ordered_json namedPointsJson(const std::vector<NamedPoint>& points, const ParamSpace& space) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const NamedPoint& np : points) {
        nlohmann::ordered_json j;
        j["name"] = np.name;
        if (!np.source.empty()) j["source"] = np.source;
        nlohmann::ordered_json values = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < space.params.size() && i < np.point.size(); ++i) {
            const Param& p = space.params[i];
            const int index = np.point[i];
            if (const auto o = np.outside.find(p.name); o != np.outside.end()) values[p.name] = o->second;
            else if (index < 0) continue;
            else if (p.kind == ParamKind::Categorical) values[p.name] = p.choices[static_cast<std::size_t>(index)];
            else if (p.kind == ParamKind::Boolean) values[p.name] = index != 0;
            else values[p.name] = p.numeric(index);
        }
        j["values"] = values;
        if (!np.outside.empty()) {
            nlohmann::ordered_json names = nlohmann::ordered_json::array();
            for (const auto& [name, value] : np.outside) names.push_back(name);
            j["outside_space"] = names;
        }
        all.push_back(j);
    }
    return all;
}

Point resolvePoint(const std::string& spec, const std::string& spaceName, const ParamSpace& space,
                   const std::vector<NamedPoint>& named) {
    const std::string where = "--point";
    Point point(space.params.size(), -1);
    std::vector<std::string> items;
    std::stringstream in(spec);
    for (std::string item; std::getline(in, item, ',');) items.push_back(trim(item));
    if (items.empty() || (items.size() == 1 && items[0].empty()))
        throw InputError(spaceName, where, "is empty: give a point's name or K=V,... for every parameter");
    std::size_t first = 0;
    if (items[0].find('=') == std::string::npos) {
        const NamedPoint* found = nullptr;
        for (const NamedPoint& np : named)
            if (np.name == items[0]) found = &np;
        if (!found) {
            std::string known;
            for (const NamedPoint& np : named) known += (known.empty() ? "" : ", ") + np.name;
            throw InputError(spaceName, where,
                             "\"" + items[0] + "\" is not a named point of the space (" +
                                 (known.empty() ? std::string("it names none") : "its points: " + known) + ")");
        }
        if (!found->outside.empty()) {
            std::string names;
            for (const auto& [name, value] : found->outside) names += (names.empty() ? "" : ", ") + name;
            throw InputError(spaceName, where,
                             "\"" + found->name + "\" lies outside the space (" + names +
                                 "): it can be evaluated, not searched or edited as a point of the space");
        }
        point = found->point;
        first = 1;
    }
    for (std::size_t k = first; k < items.size(); ++k) {
        const auto eq = items[k].find('=');
        if (eq == std::string::npos)
            throw InputError(spaceName, where, "\"" + items[k] + "\" is not K=V (only the first item may be a name)");
        const std::string key = trim(items[k].substr(0, eq)), value = trim(items[k].substr(eq + 1));
        const int i = paramIndex(space, key);
        if (i < 0)
            throw InputError(spaceName, where, "\"" + key + "\" is not a parameter of the space (its parameters: " +
                                                   paramNames(space) + ")");
        const Param& p = space.params[static_cast<std::size_t>(i)];
        const int index = valueIndex(p, value);
        if (index < 0)
            throw InputError(spaceName, where,
                             p.name + " = " + value + " is not a value of the space (" + p.name + ": " + allowedValues(p) + ")");
        point[static_cast<std::size_t>(i)] = index;
    }
    std::string missing;
    for (std::size_t i = 0; i < point.size(); ++i)
        if (point[i] < 0) missing += (missing.empty() ? "" : ", ") + space.params[i].name;
    if (!missing.empty()) throw InputError(spaceName, where, "sets no value for " + missing + " (every parameter must be set)");
    return point;
}

}  // namespace accelscope
