#include "util/json_reader.h"

#include <cmath>

namespace accelscope {
using nlohmann::json;

namespace {
// Arrays and objects nested deeper than this are refused before parsing: nlohmann parses any depth,
// but copying and dumping a value recurse once per level, and 100,000 levels overflow the stack.
// The formats need fewer than 10.
constexpr int kMaxJsonDepth = 512;

// "line L, column C" of a byte offset, which an editor can jump to.
std::string placeOf(const std::string& text, std::size_t offset) {
    std::size_t line = 1, col = 1;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

void checkNestingDepth(const std::string& text, const std::string& source) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') ++i;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                throw InputError(source, placeOf(text, i),
                                 "malformed JSON: arrays and objects nested more than " +
                                     std::to_string(kMaxJsonDepth) + " deep");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}
}  // namespace

json parseJson(const std::string& text, const std::string& source) {
    checkNestingDepth(text, source);
    try {
        return json::parse(text);
    } catch (const json::out_of_range& e) {
        // A number beyond a double (1e400): nlohmann gives no offset, so find the literal it quotes.
        std::string what = e.what();  // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
        const auto open = what.find('\''), close = what.rfind('\'');
        const std::string literal = open < close ? what.substr(open + 1, close - open - 1) : "";
        const auto at = literal.empty() ? std::string::npos : text.find(literal);
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        throw InputError(source, at == std::string::npos ? "" : placeOf(text, at), "malformed JSON: " + what);
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // nlohmann's text: "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        else if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
        if (text.empty()) what = "the file is empty";
        throw InputError(source, placeOf(text, e.byte == 0 ? 0 : e.byte - 1), "malformed JSON: " + what);
    }
}

std::string describeJson(const json& v) {
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string: return "the string \"" + v.get<std::string>() + "\"";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return v.dump();
    default: return "a value of another type";
    }
}

ObjectReader::ObjectReader(const json& value, std::string where, ProblemList& problems)
    : where_(std::move(where)), problems_(problems) {
    if (value.is_object()) obj_ = &value;
    else problems_.add(where_, "expected a JSON object, got " + describeJson(value));
}

bool ObjectReader::has(std::string_view key) const {
    return obj_ && obj_->contains(std::string(key));
}

const json* ObjectReader::field(std::string_view key, bool required) {
    if (!obj_) return nullptr;
    seen_.emplace(key);
    auto it = obj_->find(std::string(key));
    if (it == obj_->end()) {
        if (required) problem("missing field \"" + std::string(key) + "\"");
        return nullptr;
    }
    return &*it;
}

std::optional<std::int64_t> ObjectReader::toInteger(const json& v, std::string_view key, std::int64_t min,
                                                    std::int64_t max) {
    const std::string name(key);
    // Type errors and values below the minimum name the kind of number wanted; values above the
    // maximum name the maximum.
    auto range = [&] {
        if (min == 1) return std::string("a positive integer");
        if (min == 0) return std::string("a non-negative integer");
        return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    };
    auto tooLarge = [&](const std::string& got) {
        problem(name + " must be at most " + std::to_string(max) + ", got " + got);
        return std::nullopt;
    };
    std::int64_t value = 0;
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
            return tooLarge(v.dump());
        value = v.get<std::int64_t>();
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15) {
            problem(name + " must be " + range() + ", got " + v.dump());
            return std::nullopt;
        }
        value = static_cast<std::int64_t>(d);
    } else {
        problem(name + " must be " + range() + ", got " + describeJson(v));
        return std::nullopt;
    }
    if (value > max) return tooLarge(std::to_string(value));
    if (value < min) {
        problem(name + " must be " + range() + ", got " + std::to_string(value));
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ObjectReader::string(std::string_view key) {
    const json* v = field(key, true);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        problem(std::string(key) + " must be a string, got " + describeJson(*v));
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::string> ObjectReader::optionalString(std::string_view key, std::string fallback) {
    if (!has(key)) {
        seen_.emplace(key);
        return fallback;
    }
    return string(key);
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const json* v = field(key, true);
    if (!v) return std::nullopt;
    return toInteger(*v, key, min, max);
}

std::optional<std::int64_t> ObjectReader::optionalInteger(std::string_view key, std::int64_t fallback,
                                                          std::int64_t min, std::int64_t max) {
    if (!has(key)) {
        seen_.emplace(key);
        return fallback;
    }
    return integer(key, min, max);
}

std::optional<std::int64_t> ObjectReader::positiveInt(std::string_view key, std::int64_t max) {
    return integer(key, 1, max);
}

std::optional<double> ObjectReader::number(std::string_view key, double min, double max) {
    const json* v = field(key, true);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
        problem(std::string(key) + " must be a number, got " + describeJson(*v));
        return std::nullopt;
    }
    const double d = v->get<double>();
    if (!std::isfinite(d) || d < min || d > max) {
        problem(std::string(key) + " must be a number from " + json(min).dump() + " to " + json(max).dump() +
                ", got " + v->dump());
        return std::nullopt;
    }
    return d;
}

std::optional<double> ObjectReader::optionalNumber(std::string_view key, double fallback, double min, double max) {
    if (!has(key)) {
        seen_.emplace(key);
        return fallback;
    }
    return number(key, min, max);
}

std::optional<bool> ObjectReader::optionalBool(std::string_view key, bool fallback) {
    const json* v = field(key, false);
    if (!v) return fallback;
    if (!v->is_boolean()) {
        problem(std::string(key) + " must be true or false, got " + describeJson(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<std::vector<std::int64_t>> ObjectReader::intArray(std::string_view key, std::size_t count,
                                                                std::int64_t min, std::int64_t max) {
    const json* v = field(key, true);
    if (!v) return std::nullopt;
    if (count > 0 && v->is_number()) {
        auto one = toInteger(*v, key, min, max);
        if (!one) return std::nullopt;
        return std::vector<std::int64_t>(count, *one);
    }
    const std::string name(key);
    if (!v->is_array() || v->empty() || (count > 0 && v->size() != count)) {
        problem(name + " must be an array of " + (count > 0 ? std::to_string(count) + " " : std::string("")) +
                "integers, got " + (v->is_array() ? "an array of " + std::to_string(v->size()) : describeJson(*v)));
        return std::nullopt;
    }
    std::vector<std::int64_t> out;
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) {
        auto x = toInteger((*v)[i], name + "[" + std::to_string(i) + "]", min, max);
        if (!x) return std::nullopt;
        out.push_back(*x);
    }
    return out;
}

const json* ObjectReader::array(std::string_view key) {
    const json* v = field(key, true);
    if (v && !v->is_array()) {
        problem(std::string(key) + " must be an array, got " + describeJson(*v));
        return nullptr;
    }
    return v;
}

const json* ObjectReader::optionalArray(std::string_view key) {
    if (!has(key)) {
        seen_.emplace(key);
        return nullptr;
    }
    return array(key);
}

const json* ObjectReader::object(std::string_view key) {
    const json* v = field(key, true);
    if (v && !v->is_object()) {
        problem(std::string(key) + " must be an object, got " + describeJson(*v));
        return nullptr;
    }
    return v;
}

const json* ObjectReader::optionalObject(std::string_view key) {
    if (!has(key)) {
        seen_.emplace(key);
        return nullptr;
    }
    return object(key);
}

void ObjectReader::allow(std::initializer_list<std::string_view> keys) {
    for (auto k : keys) seen_.emplace(k);
}

void ObjectReader::rejectUnknownKeys() {
    if (!obj_) return;
    for (auto it = obj_->begin(); it != obj_->end(); ++it) {
        if (!seen_.count(it.key())) problem("unknown field \"" + it.key() + "\"");
    }
}

}  // namespace accelscope
