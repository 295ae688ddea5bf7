// CSV, JSON and evaluate-ready exports of a session's run.
#include "explore/session_export.h"

#include <algorithm>
#include <sstream>

#include "arch/arch_io.h"
#include "explore/design_details.h"
#include "explore/session_json.h"
#include "mapper/loop_nest_printer.h"
#include "util/data_paths.h"
#include "util/input_error.h"

namespace accelscope {

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string number(double v) {
    std::ostringstream o;
    o.precision(17);
    o << v;
    return o.str();
}

}  // namespace

std::pair<int, int> resolveRunAndDesign(const Session& session, int run, int design, const std::string& source) {
    if (session.runs.empty()) throw InputError(source, "runs", "the session holds no run");
    if (run < 0) run = static_cast<int>(session.runs.size()) - 1;
    if (run >= static_cast<int>(session.runs.size()))
        throw InputError(source, "--run", "no run " + std::to_string(run) + " (the session has " +
                                              std::to_string(session.runs.size()) + ", numbered from 0)");
    const SearchRun& r = session.runs[static_cast<std::size_t>(run)].result;
    if (design < 0) design = r.best;
    if (design < 0) throw InputError(source, "--design", "run " + std::to_string(run) + " has no valid design");
    if (design >= static_cast<int>(r.designs.size()))
        throw InputError(source, "--design", "no design " + std::to_string(design) + " in run " + std::to_string(run) +
                                                 " (it has " + std::to_string(r.designs.size()) + ")");
    if (!r.designs[static_cast<std::size_t>(design)].valid)
        throw InputError(source, "--design", "design " + std::to_string(design) + " is not valid: " +
                                                 r.designs[static_cast<std::size_t>(design)].why);
    return {run, design};
}

std::string designsCsv(const Session& session, int run, bool paretoOnly) {
    const SessionRun& r = session.runs.at(static_cast<std::size_t>(run));
    const ParamSpace& space = session.space.space;
    std::ostringstream out;
    out << "index,valid,why";
    for (const Param& p : space.params) out << ',' << csvField(p.unit.empty() ? p.name : p.name + " (" + p.unit + ")");
    out << ",latency_s,energy_j,edp_js,area_mm2,tdp_w,perf_per_tdp,objective,pareto\n";
    for (const DesignRecord& d : r.result.designs) {
        const bool onFront = std::binary_search(r.result.pareto.begin(), r.result.pareto.end(), d.index);
        if (paretoOnly && !onFront) continue;
        out << d.index << ',' << (d.valid ? 1 : 0) << ',' << csvField(d.why);
        for (std::size_t i = 0; i < space.params.size(); ++i) {
            const Param& p = space.params[i];
            out << ','
                << (p.kind == ParamKind::Categorical ? csvField(p.choices[static_cast<std::size_t>(d.point[i])])
                                                      : number(p.numeric(d.point[i])));
        }
        for (double v : {d.latencyS, d.energyJ, d.edp, d.areaMm2, d.tdpW, d.perfPerTdp, d.objective})
            out << ',' << (d.valid ? number(v) : std::string());
        out << ',' << (onFront ? 1 : 0) << '\n';
    }
    return out.str();
}

nlohmann::ordered_json paretoJson(const Session& session, int run) {
    const SessionRun& r = session.runs.at(static_cast<std::size_t>(run));
    nlohmann::ordered_json j;
    j["run"] = r.label;
    j["objective"] = std::string(designObjectiveName(r.settings.objective));
    j["designs"] = nlohmann::ordered_json::array();
    for (int i : r.result.pareto) j["designs"].push_back(designToJson(session.space, r.result.designs[static_cast<std::size_t>(i)]));
    return j;
}

namespace {
DesignDetails details(const Session& session, int run, int design, ThreadPool& pool) {
    const SessionRun& r = session.runs.at(static_cast<std::size_t>(run));
    return detailDesign(sessionJob(session, r.settings), r.result.designs.at(static_cast<std::size_t>(design)), pool);
}
}  // namespace

std::vector<std::filesystem::path> writeDesignFiles(const Session& session, int run, int design,
                                                    const std::filesystem::path& dir, ThreadPool& pool) {
    const DesignDetails d = details(session, run, design, pool);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(dir.string(), "", "cannot be created: " + ec.message());
    std::vector<std::filesystem::path> written;
    written.push_back(dir / "arch.json");
    writeTextFileAtomically(written.back(), serializeArchitecture(d.arch));
    for (std::size_t w = 0; w < d.networks.size(); ++w) {
        written.push_back(dir / (d.networks[w].workload + ".mappings.json"));
        writeTextFileAtomically(written.back(), workloadMappingsToJson(d, w).dump(1) + "\n");
    }
    return written;
}

std::string designLayerLoopNest(const Session& session, int run, int design, const std::string& layer,
                                ThreadPool& pool) {
    const DesignDetails d = details(session, run, design, pool);
    std::string names;
    for (const NetworkResult& n : d.networks)
        for (const OpCost& op : n.ops) {
            if (op.unit != OpUnit::MacArray || !op.mapped) continue;
            if (op.name == layer) return printLoopNest(d.arch, op.mapping, &op.evaluation);
            if (names.size() < 200) names += (names.empty() ? "" : ", ") + op.name;
        }
    throw InputError("--layer", "", "no mapped MAC layer \"" + layer + "\" in the design (layers: " + names + ", ...)");
}

}  // namespace accelscope
