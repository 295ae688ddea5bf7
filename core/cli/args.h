#pragma once
// Parsed command-line options of one subcommand: `--name value`, `--name=value` and `--flag`.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace accelscope::cli {

// Bad usage: unknown option, missing value, missing required option. Exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec;

class Args {
public:
    // Throws UsageError for an option not in `specs`, or a value-taking option without its value.
    static Args parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

    bool flag(const std::string& name) const { return values_.count(name) > 0; }
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string required(const std::string& name) const;  // throws UsageError when absent
    // An integer option in [min, max]; throws UsageError naming the option otherwise.
    std::optional<long long> integer(const std::string& name, long long min, long long max) const;
    std::optional<double> number(const std::string& name, double min, double max) const;
    // One of `choices`; throws UsageError listing them otherwise.
    std::optional<std::string> choice(const std::string& name, const std::vector<std::string>& choices) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

}  // namespace accelscope::cli
