// Writing and recovering session journals.
#include "explore/session_journal.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "explore/session_json.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "util/json_reader.h"

namespace accelscope {

namespace {
constexpr std::string_view kJournalFormat = "accelscope-session-journal";
}

SessionJournal::SessionJournal(const std::filesystem::path& sessionPath, const Session& session, int runIndex)
    : path_(journalPath(sessionPath)), space_(session.space) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw InputError(path_.string(), "", "cannot be written (autosave journal)");
    const SessionRun& run = session.runs.at(static_cast<std::size_t>(runIndex));
    nlohmann::ordered_json before = sessionHeaderToJson(session);
    for (int i = 0; i < runIndex; ++i) before["runs"].push_back(runToJson(session.space, session.runs[static_cast<std::size_t>(i)]));
    nlohmann::ordered_json head;
    head["format"] = std::string(kJournalFormat);
    head["version"] = kSessionVersion;
    head["run"] = runIndex;
    head["label"] = run.label;
    head["settings"] = runSettingsToJson(run.settings);
    head["seconds"] = run.result.seconds;
    head["session"] = std::move(before);
    write(head.dump());
    for (const DesignRecord& d : run.result.designs) write(designToJson(space_, d).dump());
    sync();
}

SessionJournal::~SessionJournal() {
    if (file_) std::fclose(file_);
}

void SessionJournal::write(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
}

void SessionJournal::sync() {
    std::fflush(file_);
    ::fsync(fileno(file_));
}

void SessionJournal::batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress& progress) {
    for (const DesignRecord& d : batch) write(designToJson(space_, d).dump());
    write(nlohmann::json{{"seconds", progress.seconds}}.dump());  // the run's time so far, for a resume
    sync();
}

LoadedSession loadSession(const std::filesystem::path& path) {
    LoadedSession loaded;
    const std::filesystem::path journal = journalPath(path);
    const bool haveFile = std::filesystem::exists(path);
    const bool haveJournal = std::filesystem::exists(journal);
    if (!haveFile && !haveJournal) throw InputError(path.string(), "", "does not exist");
    if (haveFile) loaded.session = parseSession(readTextFile(path), path.string());
    if (!haveJournal) return loaded;

    // Recovery: every complete line of the journal (a kill may cut the last one short).
    std::ifstream in(journal, std::ios::binary);
    std::string line;
    const std::string source = journal.string();
    if (!std::getline(in, line)) return loaded;
    ProblemList problems(source);
    nlohmann::json head;
    try {
        head = parseJson(line, source);  // depth-checked: the header's session is dumped below
    } catch (const InputError&) {
        throw InputError(source, "line 1", "is not a journal header (malformed JSON)");
    }
    ObjectReader h(head, "line 1", problems);
    if (!h.valid() || h.optionalString("format", "").value_or("") != kJournalFormat)
        throw InputError(source, "line 1", "is not an AccelScope session journal");
    const std::int64_t version = h.integer("version", 1, 1'000'000).value_or(0);
    if (version > kSessionVersion)
        throw InputError(source, "line 1", "was written by a newer AccelScope (journal version " +
                                               std::to_string(version) + ")");
    const int runIndex = static_cast<int>(h.integer("run", 0, 1'000'000).value_or(0));
    SessionRun run;
    run.label = h.string("label").value_or("");
    if (const nlohmann::json* st = h.object("settings")) run.settings = runSettingsFromJson(*st, "line 1 settings", problems);
    run.result.seconds = h.number("seconds", 0, 1e12).value_or(0);
    h.object("session");
    problems.throwIfAny();
    if (!haveFile)  // in the header's key order, so that the space's text is as it was saved
        loaded.session = parseSession(nlohmann::ordered_json::parse(line)["session"].dump(), source + " (session)");
    Session& s = loaded.session;
    if (runIndex > static_cast<int>(s.runs.size()))
        throw InputError(source, "line 1", "belongs to run " + std::to_string(runIndex) + " but the session has " +
                                               std::to_string(s.runs.size()) + " runs");
    int lineNo = 1;
    while (std::getline(in, line)) {
        ++lineNo;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            break;  // a line cut short by the kill: everything before it is recovered
        }
        if (j.is_object() && j.size() == 1 && j.contains("seconds")) {
            if (j["seconds"].is_number()) run.result.seconds = j["seconds"].get<double>();
            continue;
        }
        DesignRecord d = designFromJson(j, s.space, "line " + std::to_string(lineNo), problems);
        problems.throwIfAny();
        if (d.index != static_cast<int>(run.result.designs.size()))
            throw InputError(source, "line " + std::to_string(lineNo),
                             "design " + std::to_string(d.index) + " out of order (expected " +
                                 std::to_string(run.result.designs.size()) + ")");
        run.result.designs.push_back(std::move(d));
    }
    const std::size_t known =
        runIndex < static_cast<int>(s.runs.size()) ? s.runs[static_cast<std::size_t>(runIndex)].result.designs.size() : 0;
    if (runIndex < static_cast<int>(s.runs.size()) && run.result.designs.size() <= known) return loaded;  // nothing new
    loaded.recoveredDesigns = static_cast<int>(run.result.designs.size() - known);
    loaded.recoveredRun = runIndex;
    rebuildRunSummary(run.result);
    run.status = RunStatus::Interrupted;
    std::int64_t valid = 0;
    for (const auto& d : run.result.designs) valid += d.valid ? 1 : 0;
    if (valid >= run.settings.searcherSettings.budget) run.status = RunStatus::Finished;  // killed while saving
    if (runIndex < static_cast<int>(s.runs.size()))
        s.runs[static_cast<std::size_t>(runIndex)] = std::move(run);
    else
        s.runs.push_back(std::move(run));
    return loaded;
}

}  // namespace accelscope
