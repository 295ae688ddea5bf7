#pragma once
// An import's progress reports and stop checks (OnnxImportOptions::progress and ::stop), handed down
// its stages: OnnxModel (reading, parsing, shape inference) and the translation loop.
#include <algorithm>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>

#include "onnx/onnx_import.h"

namespace accelscope::onnximport {

// Each phase's share of the whole import: [start, end) of the fraction reported. On the 100 MB model of
// test_onnx_import_gui (3 MatMuls) reading and parsing take about 90 ms each, shape inference 20 ms and
// the rest 2 ms; on a small model of many nodes shape inference and translation take most of it, and
// the bar moves quickly through the first two.
struct ImportPhase {
    std::string_view name;
    double start, end;
};
inline constexpr ImportPhase kReading{"reading", 0.0, 0.4};
inline constexpr ImportPhase kParsing{"parsing", 0.4, 0.75};
inline constexpr ImportPhase kInferring{"inferring shapes", 0.75, 0.9};
inline constexpr ImportPhase kTranslating{"translating", 0.9, 0.98};
inline constexpr ImportPhase kChecking{"checking", 0.98, 1.0};

class ImportMonitor {
public:
    ImportMonitor() = default;
    ImportMonitor(std::string source, OnnxImportProgress progress, std::stop_token stop)
        : source_(std::move(source)), progress_(std::move(progress)), stop_(std::move(stop)) {}

    // Reports `phase`, `part` (0..1) of the way through it.
    void report(const ImportPhase& phase, double part) const {
        if (progress_) progress_(phase.name, phase.start + (phase.end - phase.start) * std::clamp(part, 0.0, 1.0));
    }
    bool stopRequested() const { return stop_.stop_requested(); }
    // Throws OnnxImportCancelled once a stop was requested.
    void checkStop() const {
        if (stop_.stop_requested()) throw OnnxImportCancelled(source_);
    }
    const std::stop_token& stopToken() const { return stop_; }
    const std::string& source() const { return source_; }

private:
    std::string source_;
    OnnxImportProgress progress_;
    std::stop_token stop_;
};

}  // namespace accelscope::onnximport
