#pragma once
// What a Gaussian process sees of a mapping: named, swappable feature sets for software BO.
//
//   "spotlight" - Spotlight's software features (Sakhuja et al., HPCA 2023; ../shared/reference/
//                 spotlight.md): total temporal iterations, total spatial utilisation, the kernel
//                 tile (R x S) below DRAM, the full extent of the spatially mapped dims, and the
//                 tile of each tensor at each on-chip level (log-linear combinations of the tile
//                 factors). Sizes enter as log2.
//   "raw"       - the plain encoding (vanilla BO, the paper's ablation): log2 of every temporal and
//                 spatial factor at every level, and each dim's position in each level's loop order.
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "mapping/map_space.h"
#include "mapping/mapping.h"

namespace accelscope {

enum class MappingFeatureSet { Spotlight, Raw };
std::string_view mappingFeatureSetName(MappingFeatureSet f);
const std::vector<std::string>& mappingFeatureSetNames();

// The length of the feature vector for a space (it depends on the number of levels).
int mappingFeatureCount(MappingFeatureSet f, const MapSpace& space);
// Writes the features of m (a point of `space`) into out, which must have mappingFeatureCount rows.
void mappingFeatures(MappingFeatureSet f, const MapSpace& space, const Mapping& m, Eigen::Ref<Eigen::VectorXd> out);

}  // namespace accelscope
