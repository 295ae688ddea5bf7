// The names a run's settings may take (see run_options.h).
#include "explore/run_options.h"

#include "explore/run_settings.h"
#include "util/input_error.h"

namespace accelscope {
namespace {
constexpr DesignObjective kObjectives[] = {DesignObjective::Edp, DesignObjective::Delay, DesignObjective::Energy,
                                           DesignObjective::PerfPerTdp};
}  // namespace

std::string_view designObjectiveName(DesignObjective o) {
    switch (o) {
    case DesignObjective::Edp: return "edp";
    case DesignObjective::Delay: return "delay";
    case DesignObjective::Energy: return "energy";
    case DesignObjective::PerfPerTdp: return "perf-per-tdp";
    }
    return "edp";
}

DesignObjective designObjectiveFromName(std::string_view name) {
    for (DesignObjective o : kObjectives)
        if (name == designObjectiveName(o)) return o;
    throw InputError("--objective", "", "unknown objective \"" + std::string(name) +
                                            "\" (known: " + namesText(designObjectiveNames(), ", ") + ")");
}

const std::vector<std::string>& softwareSearcherNames() {
    static const std::vector<std::string> names = {"anneal", "greedy", "random", "dabo", "bo"};
    return names;
}

std::optional<std::string> softwareSearcherFromName(std::string_view name) {
    if (name == kOldAnnealName) return std::string("anneal");
    for (const std::string& known : softwareSearcherNames())
        if (name == known) return known;
    return std::nullopt;
}

const std::vector<std::string>& designObjectiveNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (DesignObjective o : kObjectives) all.emplace_back(designObjectiveName(o));
        return all;
    }();
    return names;
}

std::string namesText(const std::vector<std::string>& names, std::string_view last) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? std::string(last) : std::string(", ");
        text += names[i];
    }
    return text;
}

}  // namespace accelscope
