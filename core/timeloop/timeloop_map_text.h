#pragma once
// The mapping Timeloop's mapper prints (timeloop-mapper.map.txt) read back as a mapping: a header per
// level, `Name [ Weights:864 (864) Inputs:... ]` naming what it keeps, then its loops outermost first,
// `for P in [0:8)`, spatial ones marked `(Spatial-X)` / `(Spatial-Y)`, down to `<< Compute >>`. So a
// mapper run's result can be costed by AccelScope (or compared with AccelScope's own mapper) as the
// mapping Timeloop reported. Every level of the architecture must appear.
#include <string>

#include "mapping/mapping.h"
#include "timeloop/timeloop_arch.h"

namespace accelscope::timeloop {

// Whether `text` looks like a printed map (its first non-blank line is a level header).
bool looksLikeMapText(const std::string& text);

// Throws InputError naming `source`, the line and the problem.
Mapping importTimeloopMapText(const std::string& text, const std::string& source, const TimeloopArch& arch,
                              const ProblemShape& shape);

}  // namespace accelscope::timeloop
