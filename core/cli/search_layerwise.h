#pragma once
// `search --layerwise`: ConfuciuX's problem, a sub-accelerator per layer under one area budget
// (confuciux/layerwise_search.h), headless, as text or JSON.
#include "cli/command.h"

namespace accelscope::cli {

int runLayerwiseSearchCommand(const Args& args, Context& ctx);

}  // namespace accelscope::cli
