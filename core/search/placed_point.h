#pragma once
// A point to cost, placed in a space: "NAME", "K=V,..." or "NAME,K=V,..." (named_points.h). A point of
// the space is placed in the space itself. A named hand design outside it (its `outside_space`
// parameters, e.g. Spotlight's 16-bit Eyeriss-like point in an 8-bit space) is placed in a copy of the
// space whose outside parameters are widened to hold its values, so that it is realised by the same
// template, compiler settings and mapper as every searched point. The copy is for costing that point;
// searchers run on the space as written.
#include <string>
#include <vector>

#include "search/design_space.h"

namespace accelscope {

struct PlacedPoint {
    DesignSpace space;                 // the space, or its copy widened to hold the point
    Point point;                       // an index per parameter of `space`
    std::vector<std::string> outside;  // parameters whose value the searched space does not hold

    // "simd=1 lanes, bits=16 bit, ..." and, for a point outside the space, what lies outside.
    std::string describe() const;
};

// Throws InputError naming the space, the parameter and the values it allows.
PlacedPoint placePoint(const DesignSpace& space, const std::string& spec);

}  // namespace accelscope
