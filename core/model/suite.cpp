#include "model/suite.h"

#include <cmath>
#include <stdexcept>

namespace accelscope {

double weightedGeometricMean(const std::vector<double>& values, const std::vector<double>& weights) {
    if (values.empty() || values.size() != weights.size())
        throw std::invalid_argument("weightedGeometricMean: one positive weight per value is needed");
    double logSum = 0, weightSum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!(values[i] > 0) || !(weights[i] > 0))
            throw std::invalid_argument("weightedGeometricMean: values and weights must be positive");
        logSum += weights[i] * std::log(values[i]);
        weightSum += weights[i];
    }
    return std::exp(logSum / weightSum);
}

}  // namespace accelscope
