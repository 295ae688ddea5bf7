#pragma once
// Editing a design space the way an architect types it, validated by the space's own parser: a
// parameter's values as text - "32..256" or "32..256 step 8" (a range), "8, 16, 32" (a list), "64"
// (fixed) - and the area and power caps. Edits change the space's JSON text and parse it again, so an
// edited space is exactly what a space file with those values would give; an invalid edit throws
// InputError naming the parameter and what is wrong, and the space stays as it was.
#include <string>

#include "search/design_space.h"

namespace accelscope {

// The values of a numeric parameter in the syntax above; categorical and boolean ones as "a | b".
std::string parameterValuesText(const Param& p);
// Whether parameter `p` can be edited as text (integer and ordinal parameters).
bool parameterEditable(const Param& p);

// Named points whose value the new values leave out are dropped from the space.
DesignSpace withParameterValues(const DesignSpace& space, const std::string& param, const std::string& text);
// cap: "area_mm2" or "power_w"; value 0 removes the cap.
DesignSpace withCap(const DesignSpace& space, const std::string& cap, double value);

}  // namespace accelscope
