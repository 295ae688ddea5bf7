#pragma once
// The three parts of `accelscope-cli import`: from an ONNX model (import_onnx.cpp), from Timeloop
// specs (import_timeloop.cpp) and from SCALE-Sim v2 files (import_scalesim.cpp). cmd_import.cpp
// declares the options and picks one; each returns the exit status and throws InputError/UsageError
// like any command.
#include "cli/command.h"

namespace accelscope::cli {

int importOnnx(const Args& args, Context& ctx);
int importTimeloop(const Args& args, Context& ctx);
int importScalesim(const Args& args, Context& ctx);

}  // namespace accelscope::cli
