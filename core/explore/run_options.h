#pragma once
// What a run's settings (explore/run_settings.h) may be: the names of the hardware searchers, the
// software searchers and the objectives, and the limits of the seed, the budgets, the batch and the
// threads. The CLI checks its options and writes its help from these, the GUI fills its combo boxes
// and sets its spin boxes' ranges from them, and a session file's settings are read against them, so
// the three agree. Every limit fits an int, so a QSpinBox holds it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/searcher.h"

namespace accelscope {

// Valid hardware samples of a run.
inline constexpr std::int64_t kBudgetMin = 1, kBudgetMax = 1'000'000;
// Mappings per distinct layer shape per design.
inline constexpr std::int64_t kSwBudgetMin = 1, kSwBudgetMax = 1'000'000'000;
// The seed of a new run. Session files written before this limit may hold larger seeds (up to 2^62);
// they are read as recorded.
inline constexpr std::int64_t kSeedMin = 0, kSeedMax = 2'147'483'647;
// Designs the hardware searcher proposes per batch.
inline constexpr std::int64_t kBatchMin = 1, kBatchMax = 1000;
// Worker threads; 0 is one per core.
inline constexpr std::int64_t kThreadsMin = 0, kThreadsMax = 1024;

// "random", "grid", "ga", "sa", "bo", "dabo", "confuciux": the names makeSearcher knows.
inline const std::vector<std::string>& hardwareSearcherNames() { return searcherNames(); }
// "anneal" (the annealing mapper, `map --algorithm anneal`), "greedy", "random", "dabo", "bo".
const std::vector<std::string>& softwareSearcherNames();
// The old name of the anneal software searcher, still accepted on the CLI and in session files.
inline constexpr std::string_view kOldAnnealName = "mapper";
// A software searcher's name as written today: "mapper" gives "anneal"; nullopt for an unknown name.
std::optional<std::string> softwareSearcherFromName(std::string_view name);
// "edp", "delay", "energy", "perf-per-tdp" (designObjectiveName of each objective, in order).
const std::vector<std::string>& designObjectiveNames();

// "a, b, c or d": a list of names for a message or a help text.
std::string namesText(const std::vector<std::string>& names, std::string_view last = " or ");

}  // namespace accelscope
