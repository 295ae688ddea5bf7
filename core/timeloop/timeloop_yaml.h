#pragma once
// Reading Timeloop YAML defensively: every value is checked for its kind and range, and every problem
// is an InputError naming the file, the YAML path and what is wrong, e.g.
//   arch.yaml: architecture.subtree[0].local[1].attributes.depth: must be a positive integer, got -4
// yaml-cpp's own exceptions (syntax errors, truncated files) become InputErrors with line and column.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace accelscope::timeloop {

// Parses a whole file (throws InputError naming it for a missing file or a YAML syntax error).
YAML::Node loadYamlFile(const std::filesystem::path& path);
YAML::Node parseYaml(const std::string& text, const std::string& source);

// Checked access to one file's nodes. Paths are dotted, with [i] for sequence items.
class YamlReader {
public:
    explicit YamlReader(std::string source) : source_(std::move(source)) {}
    const std::string& source() const { return source_; }

    [[noreturn]] void fail(const std::string& path, const std::string& message) const;

    // The child `key` of a map (an undefined node when absent); fails when `node` is not a map.
    YAML::Node child(const YAML::Node& node, const std::string& path, const std::string& key) const;
    void requireMap(const YAML::Node& node, const std::string& path) const;
    void requireSequence(const YAML::Node& node, const std::string& path) const;

    std::string string(const YAML::Node& node, const std::string& path) const;
    std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t min) const;
    double number(const YAML::Node& node, const std::string& path, double min) const;
    // A list of names written as a sequence of scalars (empty when the node is null or absent).
    std::vector<std::string> names(const YAML::Node& node, const std::string& path) const;

    std::optional<std::int64_t> optionalInteger(const YAML::Node& map, const std::string& path,
                                                const std::string& key, std::int64_t min) const;
    std::optional<double> optionalNumber(const YAML::Node& map, const std::string& path, const std::string& key,
                                         double min) const;

private:
    std::string source_;
};

// "name[1..256]" -> name "name", count 256 ("name" alone: count 1). False for a malformed range.
bool splitInstanceName(const std::string& text, std::string& name, std::int64_t& count);
// A short rendering of a node for messages: a scalar's text, or "a map" / "a sequence".
std::string describeNode(const YAML::Node& node);

}  // namespace accelscope::timeloop
