#pragma once
// JSON fields that name dims, shared by the mapping and constraints files: {"K": 4, "C": 3} (factors
// by dim letter) and "KC" (a string of dim letters, each once).
#include <cstdint>
#include <string>
#include <string_view>

#include "mapping/mapping.h"
#include "util/json_reader.h"

namespace accelscope {

// Reads factors into `out` (absent: unchanged); every key a dim letter, every value in [1, 2^24].
void readDimFactors(ObjectReader& r, std::string_view key, DimFactors& out);
// The dims of a string of dim letters, in order; reports unknown letters and repeats. Returns the
// number of dims read into `out`.
int readDimList(ObjectReader& r, std::string_view key, const std::string& text, std::array<Dim, kNumDims>& out);
// The dims a factor map names with a value above 1, as {"K": 4}, in canonical dim order.
nlohmann::ordered_json dimFactorsJson(const DimFactors& f, std::int64_t above = 1);

}  // namespace accelscope
