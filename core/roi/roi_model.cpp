// Return on investment: a chip's lifetime cost and the break-even deployment (roi_model.h).
#include "roi/roi_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "util/input_error.h"

namespace accelscope {
namespace {

constexpr double kHoursPerYear = 365.25 * 24;

std::string number(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

}  // namespace

void checkRoiAssumptions(const RoiAssumptions& a) {
    ProblemList problems("roi");
    auto need = [&](bool ok, const char* option, double v, const char* domain) {
        if (!ok || !std::isfinite(v)) problems.add(option, std::string("must be ") + domain + ", got " + number(v));
    };
    need(a.nreUsd >= 0, "--nre-usd", a.nreUsd, "0 or more");
    need(a.waferCostUsd > 0, "--wafer-usd", a.waferCostUsd, "positive");
    need(a.waferDiameterMm > 0, "--wafer-mm", a.waferDiameterMm, "positive");
    need(a.defectsPerCm2 >= 0, "--defects-per-cm2", a.defectsPerCm2, "0 or more");
    need(a.chipOtherUsd >= 0, "--chip-other-usd", a.chipOtherUsd, "0 or more");
    need(a.provisioningUsdPerW >= 0, "--provisioning-usd-per-w", a.provisioningUsdPerW, "0 or more");
    need(a.electricityUsdPerKWh >= 0, "--electricity-usd-per-kwh", a.electricityUsdPerKWh, "0 or more");
    need(a.pue >= 1, "--pue", a.pue, "1 or more");
    need(a.meanPowerFraction > 0 && a.meanPowerFraction <= 1, "--mean-power-fraction", a.meanPowerFraction,
         "in (0, 1]");
    need(a.serviceLifeYears > 0, "--life-years", a.serviceLifeYears, "positive");
    problems.throwIfAny();
}

ChipCost chipCost(const ChipFigures& chip, const RoiAssumptions& a) {
    if (!(chip.throughputPerS > 0) || !std::isfinite(chip.throughputPerS))
        throw InputError("roi", chip.name, "has no throughput to cost (" + number(chip.throughputPerS) + " inferences/s)");
    if (!(chip.areaMm2 > 0) || !(chip.tdpW > 0))
        throw InputError("roi", chip.name, "needs a positive area and TDP, got " + number(chip.areaMm2) + " mm² and " +
                                               number(chip.tdpW) + " W");
    ChipCost c;
    // Gross dies on a round wafer, less the partial dies along its edge (the usual first-order
    // formula: pi r^2 / A - pi d / sqrt(2 A)).
    const double d = a.waferDiameterMm, area = chip.areaMm2;
    c.diesPerWafer = std::floor(std::numbers::pi * d * d / 4 / area - std::numbers::pi * d / std::sqrt(2 * area));
    if (c.diesPerWafer < 1)
        throw InputError("roi", chip.name, "a die of " + number(area) + " mm² does not fit a " + number(d) + " mm wafer");
    c.yield = std::exp(-area / 100 * a.defectsPerCm2);  // Poisson, area in cm^2
    c.dieUsd = a.waferCostUsd / (c.diesPerWafer * c.yield);
    c.chipUsd = c.dieUsd + a.chipOtherUsd;
    c.provisioningUsd = chip.tdpW * a.provisioningUsdPerW;
    const double meanFacilityKw = chip.tdpW * a.meanPowerFraction * a.pue / 1000;
    c.energyUsd = meanFacilityKw * kHoursPerYear * a.serviceLifeYears * a.electricityUsdPerKWh;
    c.lifetimeUsd = c.chipUsd + c.provisioningUsd + c.energyUsd;
    c.usdPerThroughput = c.lifetimeUsd / chip.throughputPerS;
    return c;
}

RoiResult returnOnInvestment(const ChipFigures& design, const ChipFigures& baseline, const RoiAssumptions& a) {
    checkRoiAssumptions(a);
    RoiResult r;
    r.design = design;
    r.baseline = baseline;
    r.designCost = chipCost(design, a);
    r.baselineCost = chipCost(baseline, a);
    r.replacedPerChip = design.throughputPerS / baseline.throughputPerS;
    r.savingsPerChipUsd = r.replacedPerChip * r.baselineCost.lifetimeUsd - r.designCost.lifetimeUsd;
    if (r.savingsPerChipUsd > 0) r.breakEvenChips = a.nreUsd / r.savingsPerChipUsd;
    return r;
}

double netSavingsUsd(const RoiResult& r, const RoiAssumptions& a, double chips) {
    return chips * r.savingsPerChipUsd - a.nreUsd;
}

std::vector<double> roiDeploymentSizes(const RoiResult& r) {
    double top = 1e6;
    if (r.breakEvenChips) top = std::max(100.0, std::pow(10.0, std::ceil(std::log10(std::max(1.0, *r.breakEvenChips))) + 1));
    std::vector<double> sizes;
    const int steps = 60;
    for (int i = 0; i <= steps; ++i) sizes.push_back(std::pow(top, static_cast<double>(i) / steps));
    return sizes;
}

}  // namespace accelscope
