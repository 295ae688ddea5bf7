// Timeloop directive fields (see timeloop_directives.h).
#include "timeloop/timeloop_directives.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "timeloop/timeloop_problem.h"

namespace accelscope::timeloop {

DimFactors parseFactors(const YamlReader& r, const YAML::Node& node, const std::string& path, std::vector<Dim>* named) {
    std::vector<std::string> tokens;
    for (const std::string& item : r.names(node, path)) {
        std::string token;
        for (char c : item + " ") {
            if (c == ' ' || c == ',' || c == '\t') {
                if (!token.empty()) tokens.push_back(token);
                token.clear();
            } else {
                token += c;
            }
        }
    }
    DimFactors f = kUnitFactors;
    std::set<Dim> seen;
    for (const std::string& token : tokens) {
        std::size_t letters = 0;
        while (letters < token.size() && std::isalpha(static_cast<unsigned char>(token[letters]))) ++letters;
        const std::string dimText = token.substr(0, letters);
        std::string valueText = token.substr(letters);
        if (!valueText.empty() && valueText[0] == '=') valueText.erase(0, 1);
        Dim d;
        if (dimText.empty() || !dimFromTimeloop(dimText, d))
            r.fail(path, "unknown dim '" + (dimText.empty() ? token : dimText) + "' in '" + token + "'");
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(valueText.data(), valueText.data() + valueText.size(), v);
        if (ec != std::errc() || end != valueText.data() + valueText.size() || v < 1)
            r.fail(path, "factor of " + dimText + " must be a positive integer, got '" + valueText + "'");
        if (!seen.insert(d).second) r.fail(path, dimText + " appears twice");
        f[static_cast<int>(d)] = v;
        if (named) named->push_back(d);
    }
    return f;
}

std::vector<Dim> parsePermutation(const YamlReader& r, const YAML::Node& node, const std::string& path) {
    std::vector<Dim> out;
    for (const std::string& item : r.names(node, path))
        for (char c : item) {
            if (c == ' ' || c == ',') continue;
            Dim d;
            if (!dimFromTimeloop(std::string(1, c), d)) r.fail(path, std::string("unknown dim '") + c + "'");
            if (std::find(out.begin(), out.end(), d) != out.end())
                r.fail(path, std::string(timeloopDimName(d)) + " appears twice");
            out.push_back(d);
        }
    return out;
}

std::array<std::optional<bool>, kNumTensors> parseKeepBypass(const YamlReader& r, const YAML::Node& directive,
                                                             const std::string& path) {
    std::array<std::optional<bool>, kNumTensors> named;
    for (const char* key : {"keep", "bypass"}) {
        const auto names = r.names(directive[key], path + "." + key);
        for (std::size_t k = 0; k < names.size(); ++k) {
            Tensor t;
            if (!tensorFromTimeloop(names[k], t))
                r.fail(path + "." + key + "[" + std::to_string(k) + "]",
                       "'" + names[k] + "' is not Weights, Inputs or Outputs");
            named[static_cast<int>(t)] = std::string(key) == "keep";
        }
    }
    return named;
}

}  // namespace accelscope::timeloop
