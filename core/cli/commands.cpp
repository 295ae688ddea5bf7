// The registry of subcommands. Each command lives in its own cmd_*.cpp file and is listed here once.
#include "cli/command.h"

namespace accelscope::cli {

Command workloadsCommand();
Command infoCommand();
Command archCommand();
Command evaluateCommand();
Command mapCommand();
Command searchCommand();
Command importCommand();
Command exportCommand();
Command exportTimeloopCommand();
Command exportScalesimCommand();
Command roiCommand();

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        workloadsCommand(),
        infoCommand(),
        archCommand(),
        evaluateCommand(),
        mapCommand(),
        searchCommand(),
        exportCommand(),
        roiCommand(),
        importCommand(),
        exportTimeloopCommand(),
        exportScalesimCommand(),
    };
    return all;
}

}  // namespace accelscope::cli
