// accelscope-cli: the headless twin of the GUI. All logic lives in core/cli; with the GUI built, the
// `report` command (ui/report, it draws the GUI's plots) joins the commands.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#ifdef ACCELSCOPE_WITH_REPORT
#include "report/report.h"
#endif

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    accelscope::cli::Context ctx{std::cout, std::cerr, static_cast<bool>(isatty(STDERR_FILENO))};
#ifdef ACCELSCOPE_WITH_REPORT
    return accelscope::cli::runCli(args, ctx, {accelscope::ui::reportCommand()});
#else
    return accelscope::cli::runCli(args, ctx);
#endif
}
