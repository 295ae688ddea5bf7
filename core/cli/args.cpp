#include "cli/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "cli/command.h"

namespace accelscope::cli {

Args Args::parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
    Args a;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            if (!arg.empty() && arg[0] == '-' && arg != "-")
                throw UsageError("unknown option " + arg + " (options are spelled --name)");
            a.positional_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == name) spec = &s;
        if (!spec) throw UsageError("unknown option --" + name);
        if (spec->valueName.empty()) {
            if (inlineValue) throw UsageError("--" + name + " takes no value");
        } else if (!inlineValue) {
            if (i + 1 >= argv.size() || (argv[i + 1].rfind("--", 0) == 0 && argv[i + 1].size() > 2))
                throw UsageError("--" + name + " needs a value (" + std::string(spec->valueName) + ")");
            value = argv[++i];
        }
        if (a.values_.count(name)) throw UsageError("--" + name + " is given twice");
        a.values_[name] = value;
    }
    return a;
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Args::required(const std::string& name) const {
    auto v = value(name);
    if (!v || v->empty()) throw UsageError("--" + name + " is required");
    return *v;
}

std::optional<long long> Args::integer(const std::string& name, long long min, long long max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long x = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno == ERANGE || x < min || x > max)
        throw UsageError("--" + name + " must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got \"" + *v + "\"");
    return x;
}

std::optional<double> Args::number(const std::string& name, double min, double max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    char* end = nullptr;
    const double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !std::isfinite(x) || x < min || x > max)
        throw UsageError("--" + name + " must be a number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got \"" + *v + "\"");
    return x;
}

std::optional<std::string> Args::choice(const std::string& name, const std::vector<std::string>& choices) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    for (const auto& c : choices)
        if (c == *v) return v;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
    throw UsageError("--" + name + " must be one of " + list + ", got \"" + *v + "\"");
}

}  // namespace accelscope::cli
