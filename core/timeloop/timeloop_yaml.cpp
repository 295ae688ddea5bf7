#include "timeloop/timeloop_yaml.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "util/data_paths.h"
#include "util/input_error.h"

namespace accelscope::timeloop {

YAML::Node parseYaml(const std::string& text, const std::string& source) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        const std::string where =
            e.mark.is_null() ? "" : "line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1);
        throw InputError(source, where, "not valid YAML: " + e.msg);
    }
}

YAML::Node loadYamlFile(const std::filesystem::path& path) {
    return parseYaml(readTextFile(path), path.string());
}

void YamlReader::fail(const std::string& path, const std::string& message) const {
    throw InputError(source_, path, message);
}

std::string describeNode(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsMap()) return "a map";
    if (node.IsSequence()) return "a sequence";
    return "'" + node.Scalar() + "'";
}

void YamlReader::requireMap(const YAML::Node& node, const std::string& path) const {
    if (!node.IsDefined() || node.IsNull()) fail(path, "is missing");
    if (!node.IsMap()) fail(path, "must be a map, got " + describeNode(node));
}

void YamlReader::requireSequence(const YAML::Node& node, const std::string& path) const {
    if (!node.IsDefined() || node.IsNull()) fail(path, "is missing");
    if (!node.IsSequence()) fail(path, "must be a sequence, got " + describeNode(node));
}

YAML::Node YamlReader::child(const YAML::Node& node, const std::string& path, const std::string& key) const {
    requireMap(node, path);
    const YAML::Node& constNode = node;
    return constNode[key];
}

std::string YamlReader::string(const YAML::Node& node, const std::string& path) const {
    if (!node.IsDefined() || node.IsNull()) fail(path, "is missing");
    if (!node.IsScalar()) fail(path, "must be a string, got " + describeNode(node));
    return node.Scalar();
}

std::int64_t YamlReader::integer(const YAML::Node& node, const std::string& path, std::int64_t min) const {
    const std::string text = string(node, path);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    const std::string what = min > 0 ? "a positive integer" : "an integer >= " + std::to_string(min);
    if (ec != std::errc() || end != text.data() + text.size()) fail(path, "must be " + what + ", got '" + text + "'");
    if (v < min) fail(path, "must be " + what + ", got " + text);
    return v;
}

double YamlReader::number(const YAML::Node& node, const std::string& path, double min) const {
    const std::string text = string(node, path);
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
        fail(path, "must be a number, got '" + text + "'");
    if (v < min) fail(path, "must be at least " + std::to_string(min) + ", got " + text);
    return v;
}

std::vector<std::string> YamlReader::names(const YAML::Node& node, const std::string& path) const {
    std::vector<std::string> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (node.IsScalar()) return {node.Scalar()};
    requireSequence(node, path);
    for (std::size_t i = 0; i < node.size(); ++i) out.push_back(string(node[i], path + "[" + std::to_string(i) + "]"));
    return out;
}

std::optional<std::int64_t> YamlReader::optionalInteger(const YAML::Node& map, const std::string& path,
                                                        const std::string& key, std::int64_t min) const {
    const YAML::Node v = child(map, path, key);
    if (!v.IsDefined() || v.IsNull()) return std::nullopt;
    return integer(v, path + "." + key, min);
}

std::optional<double> YamlReader::optionalNumber(const YAML::Node& map, const std::string& path, const std::string& key,
                                                 double min) const {
    const YAML::Node v = child(map, path, key);
    if (!v.IsDefined() || v.IsNull()) return std::nullopt;
    return number(v, path + "." + key, min);
}

bool splitInstanceName(const std::string& text, std::string& name, std::int64_t& count) {
    const auto open = text.find('[');
    if (open == std::string::npos) {
        name = text;
        count = 1;
        return !text.empty();
    }
    name = text.substr(0, open);
    const auto dots = text.find("..", open);
    if (name.empty() || dots == std::string::npos || text.back() != ']') return false;
    std::int64_t first = 0, last = 0;
    const char* a = text.data() + open + 1;
    const char* b = text.data() + dots;
    const char* c = text.data() + dots + 2;
    const char* d = text.data() + text.size() - 1;
    const auto r1 = std::from_chars(a, b, first);
    const auto r2 = std::from_chars(c, d, last);
    if (r1.ec != std::errc() || r1.ptr != b || r2.ec != std::errc() || r2.ptr != d || first < 0 || last < first)
        return false;
    count = last - first + 1;
    return true;
}

}  // namespace accelscope::timeloop
