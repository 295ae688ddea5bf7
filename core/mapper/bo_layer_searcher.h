#pragma once
// Software Bayesian optimisation of one layer's schedule, as Spotlight's inner loop (Sakhuja et al.,
// HPCA 2023): "dabo" sees the mapping through Spotlight's software features, "bo" through the raw
// encoding (mapping_features.h).
//
// Spotlight's settings: the first 30 valid mappings are random; then a Gaussian process (Matern 5/2)
// is fitted to log(objective) of the valid mappings, 1000 random mappings are scored by LCB
// mu - 1.0 sigma and handed out best first until 10 more valid ones have been seen, when the model is
// refitted; each proposal is a random mapping instead with probability 0.3. Invalid mappings (a
// buffer overflow) stay out of the fit.
#include <cstdint>
#include <memory>

#include "bayes/gaussian_process.h"
#include "mapper/mapper.h"
#include "mapping/mapping_features.h"

namespace accelscope {

struct BoLayerSettings {
    MappingFeatureSet features = MappingFeatureSet::Spotlight;
    int warmup = 30;
    int candidates = 1000;
    int batch = 10;
    double exploration = 0.3;
    double kappa = 1.0;
    KernelKind kernel = KernelKind::Linear;  // Spotlight's default (spotlight.md)
};

std::unique_ptr<LayerSearcher> makeBoLayerSearcher(const MapSpace& space, Objective objective, std::uint64_t seed,
                                                   const BoLayerSettings& settings = {});

}  // namespace accelscope
