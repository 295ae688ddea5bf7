#pragma once
// Named design points of a space (a space file's `points`: e.g. fast_datacenter's `tpu_v3`, the
// hand-designed baseline the search should beat), and points written by hand on the command line:
// "tpu_v3", "cores=2,mxus=2,...", or a name with overrides, "tpu_v3,batch=8". A value must be one
// the space allows; every parameter must be set.
//
// A hand design may lie outside the ranges a search explores (Spotlight's Eyeriss-like baseline is
// 16-bit with one lane per PE in an 8-bit space of 2..16 lanes). Its file entry then lists those
// parameters in `outside_space`; it is costed on the same template (placed_point.h), never proposed
// by a searcher.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/param_space.h"
#include "util/input_error.h"

namespace accelscope {

// Every value a parameter, a fixed setting or a point outside the space can take is at most this: the
// templates turn values into int fields (lanes, fan-outs, bits) and search the divisors of the PE count.
inline constexpr std::int64_t kMaxParamValue = std::int64_t{1} << 20;

struct NamedPoint {
    std::string name;
    std::string source;  // what the point is and where its values come from
    Point point;                            // index per parameter; -1 where the value is in `outside`
    std::map<std::string, double> outside;  // parameter -> value outside the space's range
};

// The index of `text` among a parameter's values ("128", "hbm", "true"); -1 when it is not one.
int valueIndex(const Param& p, const std::string& text);
// The index of a numeric value among an integer or ordinal parameter's values; -1 when it is not one.
int valueIndex(const Param& p, double value);
// The name a point written on the command line starts with ("tpu_v3,batch=8" -> "tpu_v3"); empty when
// it starts with K=V.
std::string specName(const std::string& spec);
// "1, 2, 4, 8", "16..256 step 16", "hbm, gddr6", "true, false": what a parameter allows.
std::string allowedValues(const Param& p);

// Reads a space file's `points` array against the space's parameters; problems go to `problems`
// (each naming the point and the parameter).
std::vector<NamedPoint> readNamedPoints(const nlohmann::json& points, const ParamSpace& space, ProblemList& problems);
nlohmann::ordered_json namedPointsJson(const std::vector<NamedPoint>& points, const ParamSpace& space);

// A point written as "NAME", "K=V,..." or "NAME,K=V,...". Throws InputError naming `spaceName`,
// the parameter and the values it allows (or the known point names), and for a named point that lies
// outside the space (place such points with placePoint, placed_point.h).
Point resolvePoint(const std::string& spec, const std::string& spaceName, const ParamSpace& space,
                   const std::vector<NamedPoint>& named);

}  // namespace accelscope
