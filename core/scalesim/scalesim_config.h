#pragma once
// SCALE-Sim v2 config files (.cfg): an INI file read by Python's configparser, e.g.
//   [general]
//   run_name = sa32_os
//   [architecture_presets]
//   ArrayHeight: 32
//   ArrayWidth: 32
//   IfmapSramSzkB: 4096
//   ...
//   Dataflow : os
//   [run_presets]
//   InterfaceBandwidth: CALC
// Read as SCALE-Sim reads it: `key = value` or `key: value` (split at the first = or :), keys in any
// case, section names exact, whole-line comments starting with # or ;, no inline comments. Refused,
// with the file, the line and the key: a required key or section missing, a value that is not a whole
// number where SCALE-Sim reads one with int(), a zero or negative size, a dataflow other than os, ws
// or is, an InterfaceBandwidth other than CALC or USER, USER without one Bandwidth per MemoryBanks,
// sparsity switched on, a repeated key or section, a key before any section, a line that is none of
// these. Keys and sections SCALE-Sim ignores are ignored too, each with a note. docs/formats.md,
// "SCALE-Sim files", maps every key.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "arch/architecture.h"

namespace accelscope::scalesim {

// InterfaceBandwidth: CALC lets SCALE-Sim find the DRAM bandwidth a stall-free run needs; USER fixes it.
enum class InterfaceBandwidth { Calc, User };

struct ScalesimConfig {
    std::string runName;                         // [general] run_name
    std::int64_t arrayRows = 0;                  // ArrayHeight: PE rows (the reduction runs down them)
    std::int64_t arrayColumns = 0;               // ArrayWidth
    std::int64_t ifmapSramKiB = 0;               // IfmapSramSzkB (SCALE-Sim's kB are 1024 bytes)
    std::int64_t filterSramKiB = 0;              // FilterSramSzkB
    std::int64_t ofmapSramKiB = 0;               // OfmapSramSzkB
    std::int64_t ifmapOffset = 0, filterOffset = 10000000, ofmapOffset = 20000000;  // trace addresses
    Systolic dataflow = Systolic::OutputStationary;                                 // Dataflow os|ws|is
    InterfaceBandwidth interfaceBandwidth = InterfaceBandwidth::Calc;
    // Bandwidth, one figure per memory bank (SCALE-Sim feeds each of its three buffers at the first);
    // empty when not given (it is needed only with USER).
    std::vector<std::int64_t> bandwidthWordsPerCycle;
    std::int64_t memoryBanks = 1;                // MemoryBanks
    int wordBytes = 1;                           // SCALE-Sim v2's word is one byte (no key sets it)
    // What the file holds that the import does not use (ignored keys and sections), for the user.
    std::vector<std::string> notes;
};

// Throws InputError naming `source` with every problem found (line and key for each).
ScalesimConfig parseScalesimConfig(const std::string& text, const std::string& source);
ScalesimConfig loadScalesimConfig(const std::filesystem::path& path);
// The file SCALE-Sim v2 reads (the keys above, in its own sections and order).
std::string writeScalesimConfig(const ScalesimConfig& config);

std::string_view interfaceBandwidthName(InterfaceBandwidth b);  // "CALC", "USER"

}  // namespace accelscope::scalesim
