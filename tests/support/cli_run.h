#pragma once
// Runs accelscope-cli in-process (through cli::runCli) and captures its exit status and output.
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"

namespace testsupport {

struct CliRun {
    int status;
    std::string out, err;
};

inline CliRun runCli(std::vector<std::string> args) {
    std::ostringstream out, err;
    accelscope::cli::Context ctx{out, err, false};
    const int status = accelscope::cli::runCli(args, ctx);
    return {status, out.str(), err.str()};
}

}  // namespace testsupport
