// The registry of subcommands. Each command lives in its own cmd_*.cpp file and is listed here once.
#include "cli/command.h"

namespace accelscope::cli {

Command workloadsCommand();
Command infoCommand();

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        workloadsCommand(),
        infoCommand(),
    };
    return all;
}

}  // namespace accelscope::cli
