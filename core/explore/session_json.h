#pragma once
// The JSON pieces of a session file, shared by the session file, its journal and the CLI's outputs.
// Readers add every problem to `problems` with the place in the file (e.g. "runs[0] designs[3]").
#include <string>

#include <nlohmann/json.hpp>

#include "explore/session.h"
#include "util/input_error.h"

namespace accelscope {

nlohmann::ordered_json designToJson(const DesignSpace& space, const DesignRecord& d);
nlohmann::ordered_json runSettingsToJson(const RunSettings& settings);
// format, version, workloads and space, with an empty "runs".
nlohmann::ordered_json sessionHeaderToJson(const Session& session);
nlohmann::ordered_json runToJson(const DesignSpace& space, const SessionRun& run);

DesignRecord designFromJson(const nlohmann::json& value, const DesignSpace& space, const std::string& where,
                            ProblemList& problems);
RunSettings runSettingsFromJson(const nlohmann::json& value, const std::string& where, ProblemList& problems);
// Throws InputError at once for another format or a newer version. `spaceText`: the space object's
// text in its original key order (empty: taken from `root`).
Session sessionHeaderFromJson(const nlohmann::json& root, const std::string& source, ProblemList& problems,
                              const std::string& spaceText = {});
SessionRun runFromJson(const nlohmann::json& value, const DesignSpace& space, const std::string& where,
                       ProblemList& problems);

}  // namespace accelscope
