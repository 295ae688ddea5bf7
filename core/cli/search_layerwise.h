#pragma once
// `search --layerwise`: ConfuciuX's problem, a sub-accelerator per layer under one area budget
// (confuciux/layerwise_search.h), headless, as text or JSON.
#include "cli/command.h"
#include "search/searcher.h"

namespace accelscope::cli {

// `searcherOptions` holds what --searcher-options set.
int runLayerwiseSearchCommand(const Args& args, Context& ctx, const SearcherSettings& searcherOptions);

}  // namespace accelscope::cli
