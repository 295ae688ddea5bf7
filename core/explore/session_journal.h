#pragma once
// The autosave of a running search: an append-only journal beside the session file. Its first line
// holds the session as it was when the run started (workloads, space, earlier runs) and the run's
// label and settings; then each batch's designs, one per line, and {"seconds": run time so far},
// flushed to the disk (fsync) after every batch. loadSession() (session.h) recovers from it.
#include <cstdio>
#include <filesystem>

#include "explore/search_engine.h"
#include "explore/session.h"

namespace accelscope {

class SessionJournal : public SearchObserver {
public:
    // Starts the journal of run `runIndex` of `session` (replacing an older journal) and writes the
    // designs the run already holds (a resumed run). Throws InputError when the file cannot be written.
    SessionJournal(const std::filesystem::path& sessionPath, const Session& session, int runIndex);
    ~SessionJournal() override;
    SessionJournal(const SessionJournal&) = delete;
    SessionJournal& operator=(const SessionJournal&) = delete;

    void batchEvaluated(const std::vector<DesignRecord>& batch, const SearchProgress& progress) override;

private:
    void write(const std::string& line);
    void sync();

    std::FILE* file_ = nullptr;
    std::filesystem::path path_;
    const DesignSpace& space_;
};

}  // namespace accelscope
