#pragma once
// The small text rules SCALE-Sim v2's files share: Python's str.strip() of a field, int() of a
// number, lines split as Python splits them. Used by the config and topology readers and the writer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accelscope::scalesim {

// Without leading and trailing spaces, tabs and line ends (Python's str.strip()).
std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
// The lines of `text`, a UTF-8 byte order mark dropped, "\r\n" and "\n" both ending a line.
std::vector<std::string_view> splitLines(std::string_view text);
// A whole number as Python's int() reads a field: optional sign, decimal digits, underscores between
// digits; nullopt for anything else or beyond 64 bits.
std::optional<std::int64_t> parseInteger(std::string_view field);
// Valid UTF-8 without control characters (names go into JSON files and messages).
bool printableUtf8(std::string_view s);
// `s` in double quotes, control bytes and non-ASCII shown as \xNN, cut after 60 bytes (for messages).
std::string shown(std::string_view s);
// The file name of a path (what the formats' "source" fields name).
std::string fileNameOf(const std::string& path);

}  // namespace accelscope::scalesim
