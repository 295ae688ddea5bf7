// The ROI of a session's design against a named point or a preset (roi_study.h).
#include "roi/roi_study.h"

#include <cmath>
#include <cstdio>

#include "arch/arch_io.h"
#include "explore/session_export.h"
#include "util/input_error.h"
#include "search/placed_point.h"

namespace accelscope {
namespace {

std::string number(double v, const char* format = "%g") {
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

// The session's workloads on `arch` with `ns`, aggregated as the engine aggregates a suite (weighted
// geometric means); caps are not applied (a baseline is costed whatever the space's caps).
DesignRecord costArchitecture(const SearchJob& job, const Architecture& arch, const NetworkSettings& ns, ThreadPool& pool,
                              const std::string& name) {
    std::vector<DesignRecord> perWorkload;
    for (const Workload& w : job.workloads) {
        perWorkload.push_back(networkRecord(evaluateNetwork(arch, w, ns, pool)));
        if (!perWorkload.back().valid)
            throw InputError("--baseline", name, "has no valid mapping for some layer of " + w.name);
    }
    return suiteRecord(perWorkload, job.weights);
}

bool namesAPoint(const DesignSpace& space, const std::string& spec) {
    if (spec.find('=') != std::string::npos) return true;
    const std::string head = specName(spec);
    for (const NamedPoint& p : space.points)
        if (p.name == head) return true;
    return false;
}

ChipFigures chipOf(const std::string& name, const DesignRecord& r) {
    return {name, r.perfPerTdp * r.tdpW, r.tdpW, r.areaMm2};
}

}  // namespace

RoiStudy studyRoi(const Session& session, const RoiRequest& request, ThreadPool& pool) {
    checkRoiAssumptions(request.assumptions);
    const auto [runIndex, designIndex] = resolveRunAndDesign(session, request.run, request.design, "session");
    const SessionRun& run = session.runs[static_cast<std::size_t>(runIndex)];
    const DesignRecord& d = run.result.designs[static_cast<std::size_t>(designIndex)];
    if (!d.valid)
        throw InputError("--design", "", "design " + std::to_string(d.index) + " of run " + run.label +
                                             " is not valid (" + d.why + "): it has no throughput to cost");
    const SearchJob job = sessionJob(session, run.settings);
    RoiStudy study;
    study.runLabel = run.label;
    study.design = d;
    study.designText = job.space.space.describe(d.point);
    Architecture designArch;
    CompilerSettings cs;
    std::string why;
    if (!job.space.realize(d.point, designArch, cs, why))
        throw InputError("--design", "", "design " + std::to_string(d.index) + " cannot be realised: " + why);

    std::string spec = request.baseline;
    if (spec.empty()) {
        if (session.space.points.empty())
            throw InputError("--baseline", "", "the space " + session.space.name +
                                                   " has no named point to compare with; give --baseline POINT|PRESET|FILE");
        spec = session.space.points.front().name;
    }
    if (namesAPoint(session.space, spec)) {
        const std::string full = session.space.atBatch(spec, cs.batch);
        const PlacedPoint placed = placePoint(job.space, full);
        Architecture arch;
        CompilerSettings pcs;
        if (!placed.space.realize(placed.point, arch, pcs, why))
            throw InputError("--baseline", spec, "cannot be realised: " + why);
        study.baselineName = spec;
        study.baselineRecord = costArchitecture(job, arch, designNetworkSettings(job.settings, pcs), pool, spec);
        study.baselineHow = "the space's point " + full + " (" + placed.describe() +
                            "), costed as the search costs a point" +
                            (session.space.searchesBatch() ? ", at the design's batch" : std::string());
    } else {
        Architecture arch;
        try {
            arch = loadArchitectureByNameOrPath(spec);
        } catch (const InputError& e) {
            std::string names;
            for (const NamedPoint& p : session.space.points) names += (names.empty() ? "" : ", ") + p.name;
            throw InputError("--baseline", spec, "is not a point of the space " + session.space.name + " (its points: " +
                                                     (names.empty() ? "none" : names) + ") nor an architecture: " + e.what());
        }
        study.baselineName = arch.name.empty() ? spec : arch.name;
        study.baselineRecord = costArchitecture(job, arch, designNetworkSettings(job.settings, cs), pool, spec);
        study.baselineHow = "the architecture " + study.baselineName +
                            " with the design's compiler settings (batch " + std::to_string(cs.batch) + ", fusion " +
                            std::string(fusionModeName(cs.fusion)) + ", padding " + (cs.padding ? "on" : "off") + ")";
    }
    study.result = returnOnInvestment(chipOf("design " + std::to_string(d.index), d),
                                      chipOf(study.baselineName, study.baselineRecord), request.assumptions);
    return study;
}

std::vector<RoiAssumptionRow> roiAssumptionRows(const RoiAssumptions& a) {
    return {
        {"NRE (engineering and masks)", "$" + number(a.nreUsd / 1e6) + " M",
         "assumption: a derivative design at 16 nm (a mask set of about $5 M and a team-year of engineering)"},
        {"wafer cost", "$" + number(a.waferCostUsd), "a 300 mm wafer at 16/12 nm (CSET 2020, Khan & Mann; recalled)"},
        {"wafer diameter", number(a.waferDiameterMm) + " mm", "standard"},
        {"defect density", number(a.defectsPerCm2) + " /cm²", "assumption: a mature 16 nm process; Poisson yield"},
        {"chip beside the die", "$" + number(a.chipOtherUsd), "assumption: package, test, HBM stacks, share of a board"},
        {"datacenter provisioning", "$" + number(a.provisioningUsdPerW) + " per W of TDP",
         "Barroso, Hölzle & Ranganathan, The Datacenter as a Computer, 3rd ed. (about $10/W; recalled)"},
        {"electricity", "$" + number(a.electricityUsdPerKWh) + " per kWh", "US industrial average (EIA; recalled)"},
        {"PUE", number(a.pue), "Google's fleet (about 1.10; recalled)"},
        {"mean power / TDP", number(a.meanPowerFraction, "%.3f"), "TPU-v3 measured mean 220 W over maximum 262 W (fast.md)"},
        {"service life", number(a.serviceLifeYears) + " years", "assumption: 4-year depreciation"},
    };
}

namespace {

nlohmann::ordered_json chipJson(const ChipFigures& f, const ChipCost& c) {
    nlohmann::ordered_json j;
    j["name"] = f.name;
    j["throughput_per_s"] = f.throughputPerS;
    j["tdp_w"] = f.tdpW;
    j["area_mm2"] = f.areaMm2;
    j["dies_per_wafer"] = c.diesPerWafer;
    j["yield"] = c.yield;
    j["die_usd"] = c.dieUsd;
    j["chip_usd"] = c.chipUsd;
    j["provisioning_usd"] = c.provisioningUsd;
    j["energy_usd"] = c.energyUsd;
    j["lifetime_usd"] = c.lifetimeUsd;
    j["usd_per_throughput"] = c.usdPerThroughput;
    return j;
}

}  // namespace

nlohmann::ordered_json roiToJson(const RoiStudy& s, const RoiAssumptions& a) {
    nlohmann::ordered_json j;
    j["run"] = s.runLabel;
    j["design"] = {{"index", s.design.index}, {"parameters", s.designText}, {"perf_per_tdp", s.design.perfPerTdp}};
    j["baseline"] = {{"name", s.baselineName}, {"how", s.baselineHow}, {"perf_per_tdp", s.baselineRecord.perfPerTdp}};
    j["assumptions"] = {{"nre_usd", a.nreUsd},
                        {"wafer_cost_usd", a.waferCostUsd},
                        {"wafer_diameter_mm", a.waferDiameterMm},
                        {"defects_per_cm2", a.defectsPerCm2},
                        {"chip_other_usd", a.chipOtherUsd},
                        {"provisioning_usd_per_w", a.provisioningUsdPerW},
                        {"electricity_usd_per_kwh", a.electricityUsdPerKWh},
                        {"pue", a.pue},
                        {"mean_power_fraction", a.meanPowerFraction},
                        {"service_life_years", a.serviceLifeYears}};
    j["chips"] = {{"design", chipJson(s.result.design, s.result.designCost)},
                  {"baseline", chipJson(s.result.baseline, s.result.baselineCost)}};
    j["replaced_per_chip"] = s.result.replacedPerChip;
    j["savings_per_chip_usd"] = s.result.savingsPerChipUsd;
    j["break_even_chips"] = s.result.breakEvenChips ? nlohmann::ordered_json(*s.result.breakEvenChips) : nullptr;
    nlohmann::ordered_json curve = nlohmann::ordered_json::array();
    for (double n : roiDeploymentSizes(s.result)) curve.push_back({n, netSavingsUsd(s.result, a, n)});
    j["net_savings_usd"] = curve;
    return j;
}

}  // namespace accelscope
