#pragma once
// Reads the figures a Timeloop run printed (ref.stats.txt of tests/model/timeloop_cases/*): per level
// and tensor the scalar reads, fills and updates per instance and the utilised instances; the cycles,
// the computes and the total energy (fJ per compute x computes). The test compares them with ours.
#include <fstream>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>

struct TimeloopTensorStats {
    double reads = 0, fills = 0, updates = 0;
    double instances = 0;
};

struct TimeloopStats {
    // level name -> tensor name ("Weights", "Inputs", "Outputs") -> stats
    std::map<std::string, std::map<std::string, TimeloopTensorStats>> levels;
    double cycles = 0;
    double computes = 0;
    double energyPj = 0;
};

inline TimeloopStats readTimeloopStats(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    TimeloopStats s;
    const std::regex levelRe(R"(^=== (\S+) ===)"), tensorRe(R"(^    (Weights|Inputs|Outputs):\s*$)"),
        fieldRe(R"(^\s+(Utilized instances \(max\)|Scalar reads \(per-instance\)|Scalar fills \(per-instance\)|Scalar updates \(per-instance\))\s*:\s*([0-9.e+]+))"),
        cyclesRe(R"(^Cycles: ([0-9]+))"), computesRe(R"(^Computes = ([0-9]+))"),
        totalRe(R"(^\s+Total\s+= ([0-9.]+))");
    std::string line, level, tensor;
    bool inLevels = true, inFj = false;
    std::smatch m;
    while (std::getline(in, line)) {
        if (line.rfind("Networks", 0) == 0) inLevels = false;
        if (line.rfind("fJ/Compute", 0) == 0) inFj = true;
        if (inLevels && std::regex_search(line, m, levelRe)) {
            level = m[1];
            tensor.clear();
        } else if (inLevels && std::regex_search(line, m, tensorRe)) {
            tensor = m[1];
        } else if (inLevels && !tensor.empty() && std::regex_search(line, m, fieldRe)) {
            auto& t = s.levels[level][tensor];
            const double v = std::stod(m[2]);
            const std::string f = m[1];
            if (f.rfind("Utilized", 0) == 0) t.instances = v;
            else if (f.find("reads") != std::string::npos) t.reads = v;
            else if (f.find("fills") != std::string::npos) t.fills = v;
            else t.updates = v;
        } else if (std::regex_search(line, m, cyclesRe)) {
            s.cycles = std::stod(m[1]);
        } else if (std::regex_search(line, m, computesRe)) {
            s.computes = std::stod(m[1]);
        } else if (inFj && std::regex_search(line, m, totalRe)) {
            s.energyPj = std::stod(m[1]) * s.computes / 1000.0;  // "Computes =" precedes "fJ/Compute"
        }
    }
    return s;
}
