#pragma once
// Validating access to JSON input. Every loader (workload, architecture, mapping, search space,
// session) reads through ObjectReader so that problems are reported the same way: with the place in
// the file and what is wrong, all of them at once, never with a silent default for a bad value.
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/input_error.h"

namespace accelscope {

// Parses JSON text; a syntax error becomes an InputError naming the source, line and column.
nlohmann::json parseJson(const std::string& text, const std::string& source);

// Describes a JSON value's type for messages: "a string", "an array", "the number 3.5", ...
std::string describeJson(const nlohmann::json& value);

class ObjectReader {
public:
    // `where` prefixes every problem (e.g. `op "conv1"`); empty for the top level.
    ObjectReader(const nlohmann::json& value, std::string where, ProblemList& problems);

    bool valid() const { return obj_ != nullptr; }
    bool has(std::string_view key) const;
    const std::string& where() const { return where_; }

    std::optional<std::string> string(std::string_view key);
    std::optional<std::string> optionalString(std::string_view key, std::string fallback);
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
    std::optional<std::int64_t> optionalInteger(std::string_view key, std::int64_t fallback, std::int64_t min,
                                                std::int64_t max);
    std::optional<std::int64_t> positiveInt(std::string_view key,
                                            std::int64_t max = std::int64_t{1} << 40);
    std::optional<double> number(std::string_view key, double min, double max);
    std::optional<double> optionalNumber(std::string_view key, double fallback, double min, double max);
    std::optional<bool> optionalBool(std::string_view key, bool fallback);
    // An array of `count` integers in [min, max] (count 0: any length >= 1); a plain integer is
    // accepted for every element when `count` > 0 (e.g. "stride": 2 for [2, 2]).
    std::optional<std::vector<std::int64_t>> intArray(std::string_view key, std::size_t count, std::int64_t min,
                                                      std::int64_t max);
    const nlohmann::json* array(std::string_view key);
    const nlohmann::json* optionalArray(std::string_view key);
    const nlohmann::json* object(std::string_view key);
    const nlohmann::json* optionalObject(std::string_view key);

    // Reports every key of the object that no accessor asked for (a typo must not pass silently).
    void rejectUnknownKeys();
    // Marks keys as known without reading them (e.g. read elsewhere).
    void allow(std::initializer_list<std::string_view> keys);

    void problem(std::string message) { problems_.add(where_, std::move(message)); }
    ProblemList& problems() { return problems_; }

private:
    const nlohmann::json* field(std::string_view key, bool required);
    std::optional<std::int64_t> toInteger(const nlohmann::json& v, std::string_view key, std::int64_t min,
                                          std::int64_t max);

    const nlohmann::json* obj_ = nullptr;
    std::string where_;
    ProblemList& problems_;
    std::set<std::string, std::less<>> seen_;
};

}  // namespace accelscope
