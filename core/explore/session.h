#pragma once
// A session: what an architect explored, kept as one file (format "accelscope-session", documented in
// the docs/sessions.md). It holds the workloads (embedded, so a session opens anywhere), the
// design space (its file embedded), and every run: its settings, every evaluated design with its
// metrics, the Pareto set, the best design and the convergence histories.
//
// While a run goes, its designs are also appended to a journal beside the session file (session.json
// -> session.json.journal, one JSON line per design, flushed after every batch). Opening a session whose
// journal holds more than the file recovers those designs; a run that stopped early (stopped, killed)
// can be resumed: the searcher is replayed over the recorded designs from the same seed, so a resumed
// run continues with exactly the points an uninterrupted run would have evaluated.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explore/search_engine.h"

namespace accelscope {

inline constexpr std::string_view kSessionFormat = "accelscope-session";
inline constexpr int kSessionVersion = 1;

// Where a run stands. A session file records the last three; the GUI's live runs take them all.
enum class RunStatus : std::uint8_t {
    Running,      // searching (GUI)
    Paused,       // paused by the user, its thread waiting (GUI)
    Failed,       // could not run (GUI; the reason is shown with it)
    Finished,     // reached its budget (or exhausted its space)
    Stopped,      // cancelled by the user; can be resumed
    Interrupted,  // recovered from a journal after a crash or kill; can be resumed
};
// "running", "paused", "failed", "finished", "stopped", "interrupted".
std::string_view runStatusName(RunStatus s);

struct SessionRun {
    std::string label;  // e.g. "dabo #1"
    RunSettings settings;
    RunStatus status = RunStatus::Finished;
    SearchRun result;
    // The best design's architecture and per-layer mappings (design_details.h's JSON), when computed;
    // null otherwise. Kept so that a session file alone says how to build and schedule its best design.
    nlohmann::ordered_json bestDesign;
};

struct Session {
    std::vector<Workload> workloads;
    std::vector<double> weights;  // suite weights (empty: all 1)
    DesignSpace space;
    std::vector<SessionRun> runs;
};

// The job of a run of the session: the session's workloads and space with the run's settings.
SearchJob sessionJob(const Session& session, const RunSettings& settings);

// Canonical JSON text; parse(serialize(s)) == s for everything a session holds.
std::string serializeSession(const Session& session);
// Throws InputError naming the source and the field; a newer version or another format is refused
// with a clear message, never partly loaded.
Session parseSession(const std::string& text, const std::string& source);

std::filesystem::path journalPath(const std::filesystem::path& sessionPath);
// Writes the session atomically (temporary file and rename) and removes its journal.
void saveSession(const Session& session, const std::filesystem::path& path);

struct LoadedSession {
    Session session;
    int recoveredDesigns = 0;  // designs taken from the journal beyond those in the file
    int recoveredRun = -1;     // the run they belong to (its status is Interrupted)
};
// Loads the file and recovers what its journal holds beyond it. A session path whose file is missing
// but whose journal exists (a first run killed before any save) is recovered from the journal alone.
LoadedSession loadSession(const std::filesystem::path& path);

// A run can be resumed when it is stopped or interrupted and did not reach its budget.
bool canResume(const SessionRun& run);

}  // namespace accelscope
