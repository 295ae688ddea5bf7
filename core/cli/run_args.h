#pragma once
// A run's settings (explore/run_settings.h) from the command line, checked against the shared names
// and limits (explore/run_options.h), and the help of those options, written from the same lists:
// `search`, `search --layerwise` and `evaluate --space` read them alike.
#include <string>
#include <string_view>

#include "cli/command.h"
#include "explore/run_settings.h"

namespace accelscope::cli {

// --searcher, --searcher-options, --sw-searcher, --budget, --sw-budget, --objective, --seed and
// --threads over `defaults`, each where given. --sw-searcher mapper (anneal's old name) reads as anneal.
RunSettings runSettingsFromArgs(const Args& args, RunSettings defaults = {});
// --threads: worker threads, 0 (the default) for one per core.
unsigned threadsFromArgs(const Args& args);
// --searcher-options key=value,...: the searcher's own settings (docs/search.md, "Running a search").
void applySearcherOptions(const std::string& text, SearcherSettings& s);

// "random|grid|...", "anneal|greedy|...", "edp|delay|...": the names as a usage line shows them.
std::string_view searcherChoices();
std::string_view softwareSearcherChoices();
std::string_view objectiveChoices();
// The help lines of `search`'s shared options, with their names, limits and RunSettings' defaults.
std::string_view searcherHelp();
std::string_view softwareSearcherHelp();
std::string_view budgetHelp();
std::string_view swBudgetHelp();
std::string_view objectiveHelp();
std::string_view seedHelp();
std::string_view threadsHelp();

}  // namespace accelscope::cli
