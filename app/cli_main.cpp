// accelscope-cli: the headless twin of the GUI. All logic lives in core/cli.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    accelscope::cli::Context ctx{std::cout, std::cerr, static_cast<bool>(isatty(STDERR_FILENO))};
    return accelscope::cli::runCli(args, ctx);
}
