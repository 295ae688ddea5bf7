#include <exception>

#include "cli/command.h"
#include "util/input_error.h"

namespace accelscope::cli {
namespace {

const Command* findCommand(const std::string& name, const std::vector<Command>& extra) {
    for (const auto& c : commands())
        if (c.name == name) return &c;
    for (const auto& c : extra)
        if (c.name == name) return &c;
    return nullptr;
}

void printOverview(std::ostream& out, const std::vector<Command>& extra) {
    std::vector<const Command*> all;
    for (const auto& c : commands()) all.push_back(&c);
    for (const auto& c : extra) all.push_back(&c);
    out << "accelscope-cli: design-space exploration for deep-learning accelerators, headless\n\n"
           "usage: accelscope-cli COMMAND [OPTIONS]\n"
           "       accelscope-cli COMMAND --help\n\n"
           "commands:\n";
    std::size_t width = 0;
    for (const Command* c : all) width = std::max(width, c->name.size());
    for (const Command* c : all)
        out << "  " << c->name << std::string(width - c->name.size() + 2, ' ') << c->summary << '\n';
    out << "\nExit status: 0 success, 2 bad usage or bad input (the message names the file, the place\n"
           "and the problem), 1 a job that found nothing valid or an internal failure.\n";
}

void printCommandHelp(const Command& c, std::ostream& out) {
    out << "usage: accelscope-cli " << c.name << ' ' << c.usage << "\n\n" << c.summary << '\n';
    if (!c.description.empty()) out << '\n' << c.description << '\n';
    if (!c.options.empty()) {
        out << "\noptions:\n";
        std::size_t width = 0;
        auto label = [](const OptionSpec& o) {
            std::string l = "--" + std::string(o.name);
            if (!o.valueName.empty()) l += " " + std::string(o.valueName);
            return l;
        };
        for (const auto& o : c.options) width = std::max(width, label(o).size());
        for (const auto& o : c.options)
            out << "  " << label(o) << std::string(width - label(o).size() + 2, ' ') << o.help << '\n';
    }
    out << "  --help" << "  show this help\n";
}

}  // namespace

int runCli(const std::vector<std::string>& args, Context& ctx) { return runCli(args, ctx, {}); }

int runCli(const std::vector<std::string>& args, Context& ctx, const std::vector<Command>& extra) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        if (args.size() >= 2 && args[0] == "help") {
            if (const Command* c = findCommand(args[1], extra)) {
                printCommandHelp(*c, ctx.out);
                return 0;
            }
        }
        printOverview(args.empty() ? ctx.err : ctx.out, extra);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        ctx.out << "accelscope-cli " << ACCELSCOPE_VERSION << '\n';
        return 0;
    }
    const Command* command = findCommand(args[0], extra);
    if (!command) {
        ctx.err << "accelscope-cli: unknown command \"" << args[0] << "\" (see accelscope-cli --help)\n";
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            printCommandHelp(*command, ctx.out);
            return 0;
        }
    try {
        const Args parsed = Args::parse(rest, command->options);
        if (!parsed.positional().empty())
            throw UsageError("unexpected argument \"" + parsed.positional().front() + "\"");
        return command->run(parsed, ctx);
    } catch (const UsageError& e) {
        ctx.err << "accelscope-cli " << command->name << ": " << e.what() << "\nusage: accelscope-cli "
                << command->name << ' ' << command->usage << '\n';
        return 2;
    } catch (const InputError& e) {
        ctx.err << e.what() << '\n';
        return 2;
    } catch (const std::bad_alloc&) {
        ctx.err << "accelscope-cli " << command->name << ": out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        ctx.err << "accelscope-cli " << command->name << ": internal error: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace accelscope::cli
