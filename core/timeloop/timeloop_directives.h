#pragma once
// The parts of Timeloop's mapping and constraint directives that both use: `factors` ("R=3 P=16",
// "R3,P16" or a list), `permutation` (dim letters, innermost loop first) and a bypass directive's
// `keep` and `bypass` lists.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "mapping/mapping.h"
#include "timeloop/timeloop_yaml.h"

namespace accelscope::timeloop {

// Factors by dim (1 where the directive names none); `named` (when given) gets the dims it names.
DimFactors parseFactors(const YamlReader& r, const YAML::Node& node, const std::string& path,
                        std::vector<Dim>* named = nullptr);
std::vector<Dim> parsePermutation(const YamlReader& r, const YAML::Node& node, const std::string& path);
// A bypass (datatype, dataspace) directive at `path`: per tensor, kept (true), bypassed (false) or not named.
std::array<std::optional<bool>, kNumTensors> parseKeepBypass(const YamlReader& r, const YAML::Node& directive,
                                                             const std::string& path);

}  // namespace accelscope::timeloop
