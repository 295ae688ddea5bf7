#pragma once
// Reading and writing workload files (format documented in the docs/workloads.md).
// Loading validates everything and reports every problem with file, op name and field, e.g.
//   resnet50.json: op "layer3.2.conv2": K must be a positive integer, got 0
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "workload/workload.h"

namespace accelscope {

inline constexpr std::string_view kWorkloadFormat = "accelscope-workload";
inline constexpr int kWorkloadVersion = 1;

// Throws InputError (naming `source`) listing every problem found.
Workload parseWorkload(const std::string& text, const std::string& source);
Workload loadWorkload(const std::filesystem::path& path);
// A shipped network's name (e.g. "resnet50") or a path to a workload file.
Workload loadWorkloadByNameOrPath(std::string_view nameOrPath);
// Names of the networks in workloads/, sorted.
std::vector<std::string> shippedWorkloadNames();

// The canonical text: what the shipped files hold byte for byte (parse(serialize(w)) == w).
std::string serializeWorkload(const Workload& workload);
// Writes through a temporary file and a rename, so a crash never leaves half a file.
void saveWorkload(const Workload& workload, const std::filesystem::path& path);

}  // namespace accelscope
