#pragma once
// Return on investment of a new accelerator against a baseline, as FAST's ROI analysis poses it: a
// new chip costs NRE (engineering and masks) once; each deployed chip costs its die (from area and
// yield) and the rest of its package, the datacenter capacity to power it (per provisioned watt of
// TDP) and its electricity over a service life. A new chip of throughput T_new replaces T_new / T_base
// baseline chips, so each one deployed saves
//     s = (T_new / T_base) * C_base - C_new          (C: a chip's lifetime cost)
// and the NRE is paid back after N* = NRE / s chips (never when s <= 0). Net savings after N chips:
// N * s - NRE. Every default below names its source or says it is an assumption (docs/roi.md).
#include <optional>
#include <string>
#include <vector>

namespace accelscope {

struct RoiAssumptions {
    // Engineering and masks of a new datacenter accelerator (assumption: a derivative design at
    // 16 nm, a mask set about $5 M and a team-year of engineering; set your own).
    double nreUsd = 50e6;
    // A processed 300 mm wafer at 16/12 nm: $3,984 (Khan & Mann, "AI Chips: What They Are and Why
    // They Matter", CSET 2020, recalled).
    double waferCostUsd = 3984;
    double waferDiameterMm = 300;
    // Random defects per cm^2 for Poisson yield exp(-area * D0) (assumption: a mature 16 nm process).
    double defectsPerCm2 = 0.1;
    // Per chip beside the die: package, test, HBM stacks and a share of the board (assumption).
    double chipOtherUsd = 500;
    // Datacenter capacity per watt of critical power provisioned (Barroso, Hoelzle & Ranganathan,
    // "The Datacenter as a Computer", 3rd ed., about $10/W; recalled), charged at the chip's TDP.
    double provisioningUsdPerW = 10;
    // Industrial electricity, US average (EIA, about $0.07/kWh; recalled).
    double electricityUsdPerKWh = 0.07;
    // Power usage effectiveness (Google's fleet, about 1.10; recalled).
    double pue = 1.10;
    // Mean power over TDP in service: TPU-v3's measured mean over its maximum, 220 W / 262 W
    // (fast.md, Google Cloud's figures).
    double meanPowerFraction = 220.0 / 262.0;
    // Service life (assumption: a 4-year depreciation of accelerators).
    double serviceLifeYears = 4;
};

// Throws InputError naming the option ("--nre-usd", ...) when a value is outside its domain.
void checkRoiAssumptions(const RoiAssumptions& a);

// One chip as the ROI sees it.
struct ChipFigures {
    std::string name;
    double throughputPerS = 0;  // inferences per second of one chip
    double tdpW = 0;
    double areaMm2 = 0;         // die area (the model's estimate)
};

struct ChipCost {
    double diesPerWafer = 0;       // gross dies on the wafer (edge loss counted)
    double yield = 0;              // fraction of good dies
    double dieUsd = 0;             // wafer cost / good dies
    double chipUsd = 0;            // die + the rest of the package
    double provisioningUsd = 0;    // datacenter capacity for its TDP
    double energyUsd = 0;          // electricity over the service life
    double lifetimeUsd = 0;        // chip + provisioning + energy
    double usdPerThroughput = 0;   // lifetime cost per inference/s of capacity
};

// Throws InputError naming the chip when its figures cannot be costed (no throughput, a die larger
// than the wafer).
ChipCost chipCost(const ChipFigures& chip, const RoiAssumptions& a);

struct RoiResult {
    ChipFigures design, baseline;
    ChipCost designCost, baselineCost;
    double replacedPerChip = 0;        // baseline chips one new chip replaces: T_new / T_base
    double savingsPerChipUsd = 0;      // s above
    std::optional<double> breakEvenChips;  // N* = NRE / s; none when s <= 0
};

RoiResult returnOnInvestment(const ChipFigures& design, const ChipFigures& baseline, const RoiAssumptions& a);
// Net savings after `chips` new chips: chips * s - NRE.
double netSavingsUsd(const RoiResult& r, const RoiAssumptions& a, double chips);
// Deployment sizes for a plot of net savings: from 1 to beyond the break-even (or 10^6), log-spaced.
std::vector<double> roiDeploymentSizes(const RoiResult& r);

}  // namespace accelscope
