#pragma once
// The accelscope-cli front end: subcommands with declared options. A command reads its options from
// Args, writes to Context, and returns the exit status (0 ok, 2 bad usage or input, 1 failure).
// InputError and UsageError thrown by a command become a message on stderr and exit status 2.
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.h"

namespace accelscope::cli {

struct Context {
    std::ostream& out;
    std::ostream& err;
    bool errIsTerminal = false;  // progress bars only on a terminal
};

struct OptionSpec {
    std::string_view name;       // without the leading "--"
    std::string_view valueName;  // empty: a flag that takes no value
    std::string_view help;
};

struct Command {
    std::string_view name;
    std::string_view summary;      // one line for the command list
    std::string_view usage;        // e.g. "--workload NAME|FILE [--json]"
    std::string_view description;  // paragraphs shown by --help
    std::vector<OptionSpec> options;
    std::function<int(const Args&, Context&)> run;
};

// Every subcommand, in the order `accelscope-cli --help` lists them. Defined in commands.cpp.
const std::vector<Command>& commands();

// The whole program: argv without the program name.
int runCli(const std::vector<std::string>& args, Context& ctx);
// The same with `extra` commands after commands() (listed by --help too): those a front end adds that
// need more than core, e.g. `report`, which draws with Qt.
int runCli(const std::vector<std::string>& args, Context& ctx, const std::vector<Command>& extra);

}  // namespace accelscope::cli
