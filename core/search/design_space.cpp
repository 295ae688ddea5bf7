// Design-space files, and the two templates that turn a point into an architecture.
#include "search/design_space.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "mapping/map_constraints.h"
#include "util/json_reader.h"

namespace accelscope {
namespace {
using nlohmann::json;
using json = nlohmann::json;

struct TemplateInfo {
    const char* name;
    std::vector<std::string> params;  // the names a parameter (or a fixed value) may bind to
};

const std::vector<TemplateInfo>& templates() {
    static const std::vector<TemplateInfo> all = {
        {"spotlight",
         {"simd", "bits", "noc_bandwidth", "l0_kib", "l1_kib", "pes", "pe_split", "dram_bandwidth", "rf_words",
          "clock_ghz", "node_nm", "fusion", "padding", "batch", "dataflow"}},
        {"tpu",
         {"cores", "mxus", "sa_x", "sa_y", "vector_width", "l1_kib", "gmem_mib", "dram", "fusion", "padding",
          "batch", "clock_ghz", "node_nm"}},
        {"confuciux", {"pe", "l1_words", "dataflow", "l2_kib", "bits", "dram_bandwidth", "clock_ghz", "node_nm", "batch"}},
    };
    return all;
}

const TemplateInfo* findTemplate(std::string_view name) {
    for (const auto& t : templates())
        if (name == t.name) return &t;
    return nullptr;
}

// The value of a template parameter at a point: searched, else fixed, else the template default.
struct Values {
    const DesignSpace& s;
    const Point& p;
    double number(const std::string& name, double fallback) const {
        for (std::size_t i = 0; i < s.space.params.size(); ++i)
            if (s.space.params[i].name == name) return s.space.params[i].numeric(p[i]);
        const auto f = s.fixed.find(name);
        return f != s.fixed.end() ? f->second : fallback;
    }
    std::string choice(const std::string& name, const std::string& fallback) const {
        for (std::size_t i = 0; i < s.space.params.size(); ++i)
            if (s.space.params[i].name == name) {
                const Param& pr = s.space.params[i];
                return pr.kind == ParamKind::Categorical ? pr.choices[p[i]] : pr.label(p[i]);
            }
        return fallback;
    }
};

// pe_split indexes the ordered 2-factor splits a x b of the PE count with a >= 2 (ascending a),
// wrapping around: every point names a valid hierarchy, as Spotlight's categorical choice does.
// Returns a (the clusters), or 0 when the PE count has no such split.
std::int64_t clusters(std::int64_t pes, double index) {
    std::vector<std::int64_t> splits;
    for (std::int64_t a = 2; a <= pes; ++a)
        if (pes % a == 0) splits.push_back(a);
    if (splits.empty()) return 0;
    return splits[static_cast<std::size_t>(std::max(0.0, index)) % splits.size()];
}

json level(const std::string& name, const char* cls, int bits) {
    json l;
    l["name"] = name;
    l["class"] = cls;
    l["word_bits"] = bits;
    return l;
}

// What the edge templates (spotlight, confuciux) share: clock, precision (accumulating at 4x the
// operand width, up to 32 bits) and a 45 nm technology; returns the accumulator width.
int edgeBasics(const Values& v, json& a, int bits) {
    const int acc = std::min(32, 4 * bits);
    a["clock_ghz"] = v.number("clock_ghz", 1.0);
    a["precision"] = {{"weights", bits}, {"inputs", bits}, {"outputs", acc}};
    a["technology"] = {{"table", "horowitz45"}, {"node_nm", static_cast<int>(v.number("node_nm", 45))}};
    return acc;
}

// Their DRAM: every tensor, dram_bandwidth words a cycle each way.
json edgeDram(const Values& v, int bits) {
    json dram = level("DRAM", "dram", bits);
    dram["keeps"] = {"weights", "inputs", "outputs"};
    dram["read_bandwidth"] = dram["write_bandwidth"] = v.number("dram_bandwidth", 16);
    dram["energy"] = "tech";
    return dram;
}

// Spotlight's template (spotlight.md): an Eyeriss-like two-buffer hierarchy.
bool spotlightArch(const Values& v, json& a, std::string& why) {
    const auto pes = static_cast<std::int64_t>(v.number("pes", 256));
    const std::int64_t split = clusters(pes, v.number("pe_split", 0));
    if (split == 0) {
        why = "pes must be at least 2, got " + std::to_string(pes);
        return false;
    }
    const int bits = static_cast<int>(v.number("bits", 8));
    const int acc = edgeBasics(v, a, bits);
    const json all = {"weights", "inputs", "outputs"};
    json dram = edgeDram(v, bits);
    json l1 = level("L1", "sram", bits);
    l1["capacity_kib"] = v.number("l1_kib", 256);
    l1["keeps"] = all;
    l1["read_bandwidth"] = l1["write_bandwidth"] = v.number("noc_bandwidth", 64);
    l1["energy"] = "tech";
    l1["fanout"] = {{"x", split}, {"y", 1}};
    json l0 = level("L0", "sram", bits);
    // l0_kib is the total L0 of the chip, split evenly over the clusters (whole KiB each, at least 1).
    l0["capacity_kib"] = std::max<std::int64_t>(1, static_cast<std::int64_t>(v.number("l0_kib", 32)) / split);
    l0["keeps"] = all;
    l0["energy"] = "tech";
    l0["fanout"] = {{"x", pes / split}, {"y", 1}};
    json rf = level("RF", "regfile", acc);
    rf["capacity_words"] = static_cast<std::int64_t>(v.number("rf_words", 64));
    rf["keeps"] = all;
    rf["energy"] = "tech";
    a["levels"] = {dram, l1, l0, rf};
    a["compute"] = {{"mac_pj", "tech"}, {"mac_area_um2", "tech"}, {"lanes", static_cast<int>(v.number("simd", 4))}};
    return true;
}

// A systolic neighbour hop of one 32-bit word at 16 nm: 35 um x 0.12 pJ/bit/mm x 32 bits = 0.13 pJ of
// wire and 32 x 3 fJ = 0.10 pJ of pipeline register (assumptions: TPU-v3's MXU pitch, a 16 nm wire
// and flip-flop; not from the reference files).
constexpr double kSystolicHopPj = 0.23;

// FAST's TPU-like template (fast.md), shaped as TPU-v3 is built (Jouppi et al., CACM 2020): per core
// a vector memory (L1) feeding `mxus` matrix units, each a systolic array of sa_x x sa_y MACs fed
// through its own operand registers (MXU_io: one row of inputs in, one row of partial sums out per
// cycle), a weight register per MAC; an optional global memory shared by the cores; HBM or GDDR6.
// Every port has the bandwidth the structure gives it, so peak power (power.h) charges what the
// hardware can move per cycle. Assumptions are in the space's `source` and docs/search.md.
bool tpuArch(const Values& v, json& a, std::string& why) {
    const auto cores = static_cast<std::int64_t>(v.number("cores", 1));
    const auto mxus = static_cast<std::int64_t>(v.number("mxus", 2));
    const auto saX = static_cast<std::int64_t>(v.number("sa_x", 128));
    const auto saY = static_cast<std::int64_t>(v.number("sa_y", 128));
    const double clock = v.number("clock_ghz", 0.94);
    const std::string dramType = v.choice("dram", "hbm");
    if (dramType != "hbm" && dramType != "gddr6") {
        why = "dram must be hbm or gddr6, got " + dramType;
        return false;
    }
    // Assumptions (recalled, not from the reference files): HBM2 900 GB/s at about 3.9 pJ/bit, GDDR6
    // 448 GB/s at about 7.5 pJ/bit, per chip; one port for reads and writes; 16-bit words.
    const double gbps = dramType == "hbm" ? 900 : 448, pjPerBit = dramType == "hbm" ? 3.9 : 7.5;
    a["clock_ghz"] = clock;
    a["precision"] = {{"weights", 16}, {"inputs", 16}, {"outputs", 32}};
    a["technology"] = {{"table", "horowitz45"}, {"node_nm", static_cast<int>(v.number("node_nm", 16))}};
    const json all = {"weights", "inputs", "outputs"};
    json dram = level("DRAM", "dram", 16);
    dram["keeps"] = all;
    dram["shared_bandwidth"] = std::round(gbps / clock / 2 * 100) / 100;
    dram["energy"] = {{"read_pj", 16 * pjPerBit}, {"write_pj", 16 * pjPerBit}, {"update_pj", 16 * pjPerBit}, {"block_words", 1}};
    // Per core, the vector memory serves each MXU one row of inputs and one row of partial sums per
    // cycle, and takes one row of partial sums back: a wide memory of one-word banks.
    const std::int64_t l1Words = mxus * (saX + saY);
    json l1 = level("L1", "sram", 16);
    l1["capacity_kib"] = v.number("l1_kib", 16384);
    l1["keeps"] = all;
    l1["read_bandwidth"] = l1["write_bandwidth"] = l1Words;
    l1["banks"] = l1Words;
    l1["energy"] = "tech";
    l1["fanout"] = {{"x", mxus}, {"y", 1}};
    // Per MXU: the operand registers at its edges (a row of inputs, a row of partial sums), and the
    // systolic array below them, reducing C, R, S down its rows (x) and spreading K across its
    // columns, timed as a weight-stationary systolic array whose weights are double-buffered as TPU's
    // are (model/systolic_timing.h).
    // A neighbour hop moves a word one PE over: about 35 um of wire at 0.12 pJ/bit/mm plus a pipeline
    // register at 3 fJ/bit, 0.23 pJ for a 32-bit word at 16 nm (assumptions, docs/search.md).
    json io = level("MXU_io", "regfile", 32);
    io["capacity_words"] = saX + saY;
    io["keeps"] = {"inputs", "outputs"};
    io["partition"] = {{"inputs", saX}, {"outputs", saY}};
    io["read_bandwidth"] = io["write_bandwidth"] = saX + saY;
    io["energy"] = "tech";
    io["fanout"] = {{"x", saX},           {"y", saY},       {"network_pj_per_word", kSystolicHopPj},
                    {"x_dims", "CRS"},     {"y_dims", "K"},  {"systolic", "ws"},
                    {"rows", "x"},         {"double_buffered", true}};
    json w = level("WeightRegister", "regfile", 16);
    w["capacity_words"] = 1;
    w["keeps"] = {"weights"};
    w["energy"] = "tech";
    json levels = json::array();
    const double gmem = v.number("gmem_mib", 0);
    if (gmem > 0) {
        // The global memory serves every core's L1 at the rate the L1 can take (assumption).
        json g = level("GMEM", "sram", 16);
        g["capacity_kib"] = gmem * 1024;
        g["keeps"] = all;
        g["read_bandwidth"] = g["write_bandwidth"] = cores * l1Words;
        g["banks"] = cores * l1Words;
        g["energy"] = "tech";
        g["fanout"] = {{"x", cores}, {"y", 1}};
        levels = {dram, g, l1, io, w};
    } else {
        dram["fanout"] = {{"x", cores}, {"y", 1}};
        levels = {dram, l1, io, w};
    }
    a["levels"] = levels;
    a["compute"] = {{"mac_pj", "tech"}, {"mac_area_um2", "tech"}, {"lanes", 1}};
    a["vector"] = {{"lanes", cores * static_cast<std::int64_t>(v.number("vector_width", 1024))}, {"op_pj", "tech"}, {"area_um2", "tech"}};
    return true;
}

// ConfuciuX's sub-accelerator (Kao, Jeong, Krishna, MICRO 2020, on MAESTRO): a shared L2 feeding `pe`
// PEs in a row, each with its own L1 and one MAC, and a fixed dataflow. ConfuciuX picks the PE count
// and a buffer level per layer (confuciux/layerwise_search.h); MAESTRO sizes the buffers a mapping
// needs, where here the L1 is the level's capacity and the mapper fits the mapping to it.
bool confuciuxArch(const Values& v, json& a, std::string& why) {
    const auto pes = static_cast<std::int64_t>(v.number("pe", 16));
    if (pes < 1) {
        why = "pe must be at least 1, got " + std::to_string(pes);
        return false;
    }
    const int bits = static_cast<int>(v.number("bits", 8));
    edgeBasics(v, a, bits);
    const json all = {"weights", "inputs", "outputs"};
    const json dram = edgeDram(v, bits);
    json l2 = level("L2", "sram", bits);
    l2["capacity_kib"] = v.number("l2_kib", 64);
    l2["keeps"] = all;
    l2["energy"] = "tech";
    l2["fanout"] = {{"x", pes}, {"y", 1}};
    json l1 = level("L1", "sram", bits);
    l1["capacity_words"] = static_cast<std::int64_t>(v.number("l1_words", 64));
    l1["keeps"] = all;
    l1["energy"] = "tech";
    a["levels"] = {dram, l2, l1};
    a["compute"] = {{"mac_pj", "tech"}, {"mac_area_um2", "tech"}, {"lanes", 1}};
    return true;
}

double log2p(double x) { return std::log2(std::max(x, 1e-9)); }
}  // namespace

bool DesignSpace::realize(const Point& p, Architecture& arch, CompilerSettings& cs, std::string& why) const {
    const Values v{*this, p};
    json a;
    a["format"] = "accelscope-arch";
    a["version"] = 1;
    a["name"] = name + " design";
    a["source"] = "design point of search space " + name + ": " + space.describe(p);
    const bool ok = templateName == "tpu"         ? tpuArch(v, a, why)
                    : templateName == "confuciux" ? confuciuxArch(v, a, why)
                                                  : spotlightArch(v, a, why);
    if (!ok) return false;
    try {
        arch = readArchitecture(a, name + " design point");
    } catch (const InputError& e) {
        why = e.what();
        return false;
    }
    const std::string fusion = v.choice("fusion", "none");
    cs.fusion = fusionModeFromName(fusion).value_or(FusionMode::None);
    cs.padding = v.number("padding", 0) != 0;
    cs.batch = static_cast<std::int64_t>(v.number("batch", 1));
    cs.dataflow = v.choice("dataflow", "");
    return true;
}

bool DesignSpace::withinCaps(const Point& p, Architecture& arch, CompilerSettings& cs, std::string& why, double& areaMm2,
                             double& tdpW) const {
    areaMm2 = tdpW = 0;
    if (!realize(p, arch, cs, why)) return false;
    areaMm2 = architectureAreaUm2(arch) / 1e6;
    tdpW = peakPowerW(arch);
    if (areaCapMm2 > 0 && areaMm2 > areaCapMm2) {
        why = "area " + std::to_string(areaMm2) + " mm^2 is over the cap of " + std::to_string(areaCapMm2);
        return false;
    }
    if (powerCapW > 0 && tdpW > powerCapW) {
        why = "TDP " + std::to_string(tdpW) + " W is over the cap of " + std::to_string(powerCapW);
        return false;
    }
    return true;
}

bool DesignSpace::feasible(const Point& p) const {
    Architecture arch;
    CompilerSettings cs;
    std::string why;
    double area = 0, tdp = 0;
    return withinCaps(p, arch, cs, why, area, tdp);
}

Eigen::VectorXd DesignSpace::features(const Point& p) const {
    const Values v{*this, p};
    if (templateName == "tpu") {
        Eigen::VectorXd f(13);
        const std::string fusion = v.choice("fusion", "none");
        f << log2p(v.number("cores", 1)), log2p(v.number("mxus", 2)), log2p(v.number("sa_x", 128)), log2p(v.number("sa_y", 128)),
            log2p(v.number("vector_width", 1024)), log2p(v.number("l1_kib", 16384)), log2p(1 + v.number("gmem_mib", 0)),
            v.choice("dram", "hbm") == "hbm" ? 1.0 : 0.0, fusion == "none" ? 1.0 : 0.0, fusion == "producer" ? 1.0 : 0.0,
            fusion == "global" ? 1.0 : 0.0, v.number("padding", 0), log2p(v.number("batch", 1));
        return f;
    }
    if (templateName == "confuciux") {
        Eigen::VectorXd f(4);
        f << log2p(v.number("pe", 16)), log2p(v.number("l1_words", 64)), log2p(v.number("l2_kib", 64)),
            v.number("dataflow", 0);  // the dataflow's index among the space's choices
        return f;
    }
    // Spotlight's hardware features: SIMD lanes, bit width, bandwidth, total buffer, total PEs, PEs
    // at level 0 (the PEs under one L0).
    const double pes = v.number("pes", 256);
    const double split = std::max<double>(1, static_cast<double>(clusters(static_cast<std::int64_t>(pes), v.number("pe_split", 0))));
    const bool dataflow = v.choice("dataflow", "") != "";  // Spotlight-F: a fixed dataflow per design
    Eigen::VectorXd f(dataflow ? 7 : 6);
    f.head(6) << v.number("simd", 4), v.number("bits", 8), log2p(v.number("noc_bandwidth", 64)),
        log2p(v.number("l1_kib", 256) + v.number("l0_kib", 32)), log2p(pes), log2p(pes / split);
    if (dataflow) f(6) = v.number("dataflow", 0);  // the choice's index
    return f;
}

bool DesignSpace::searchesBatch() const {
    return std::any_of(space.params.begin(), space.params.end(), [](const Param& p) { return p.name == "batch"; });
}

std::string DesignSpace::atBatch(const std::string& spec, std::int64_t batch) const {
    if (!searchesBatch() || spec.find("batch=") != std::string::npos) return spec;
    return spec + ",batch=" + std::to_string(batch);
}

DesignSpace parseDesignSpace(const std::string& text, const std::string& source) {
    ProblemList problems(source);
    const json root = parseJson(text, source);
    ObjectReader top(root, "", problems);
    if (!top.valid()) problems.throwIfAny();
    DesignSpace s;
    if (auto f = top.string("format"); f && *f != "accelscope-space")
        top.problem("format must be \"accelscope-space\", got \"" + *f + "\"");
    top.integer("version", 1, 1);
    s.name = top.string("name").value_or("");
    s.source = top.optionalString("source", "").value_or("");
    s.text = nlohmann::ordered_json::parse(text).dump(1);  // canonical, in the file's key order
    s.templateName = top.string("template").value_or("");
    const TemplateInfo* tmpl = findTemplate(s.templateName);
    if (!tmpl && top.has("template"))
        top.problem("template must be \"spotlight\", \"tpu\" or \"confuciux\", got \"" + s.templateName + "\"");
    if (const json* c = top.optionalObject("constraints")) {
        ObjectReader r(*c, "constraints", problems);
        s.areaCapMm2 = r.optionalNumber("area_mm2", 0, 0, 1e6).value_or(0);
        s.powerCapW = r.optionalNumber("power_w", 0, 0, 1e6).value_or(0);
        r.rejectUnknownKeys();
    }
    const auto known = [&](const std::string& n) {
        return tmpl && std::find(tmpl->params.begin(), tmpl->params.end(), n) != tmpl->params.end();
    };
    if (const json* f = top.optionalObject("fixed")) {
        for (auto it = f->begin(); it != f->end(); ++it) {
            if (!known(it.key())) problems.add("fixed", "\"" + it.key() + "\" is not a parameter of template \"" + s.templateName + "\"");
            else if (!it.value().is_number() || !(it.value().get<double>() > 0) ||
                     it.value().get<double>() > static_cast<double>(kMaxParamValue))
                problems.add("fixed", it.key() + " must be a positive number up to " + std::to_string(kMaxParamValue) +
                                          ", got " + describeJson(it.value()));
            else
                s.fixed[it.key()] = it.value().get<double>();
        }
    }
    if (const json* params = top.array("parameters")) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < params->size(); ++i) {
            ObjectReader r((*params)[i], "parameter " + std::to_string(i + 1), problems);
            if (!r.valid()) continue;
            Param p;
            p.name = r.string("name").value_or("");
            ObjectReader named((*params)[i], "parameter \"" + p.name + "\"", problems);
            named.allow({"name"});
            if (!p.name.empty() && !known(p.name))
                named.problem("is not a parameter of template \"" + s.templateName + "\"");
            if (!seen.insert(p.name).second) named.problem("appears twice");
            const std::string kind = named.string("kind").value_or("");
            p.unit = named.optionalString("unit", "").value_or("");
            s.help.push_back(named.optionalString("help", "").value_or(""));
            if (kind == "integer") {
                p.kind = ParamKind::Integer;
                p.lo = named.integer("min", 0, kMaxParamValue).value_or(0);
                p.hi = named.integer("max", 0, kMaxParamValue).value_or(0);
                p.step = named.optionalInteger("step", 1, 1, kMaxParamValue).value_or(1);
                if (p.hi < p.lo) named.problem("max (" + std::to_string(p.hi) + ") is less than min (" + std::to_string(p.lo) + ")");
            } else if (kind == "ordinal") {
                p.kind = ParamKind::Ordinal;
                if (const json* vals = named.array("values"))
                    for (const auto& x : *vals) {
                        if (!x.is_number() || !(x.get<double>() >= 0 && x.get<double>() <= static_cast<double>(kMaxParamValue)))
                            named.problem("values: " + describeJson(x) + " is not a number from 0 to " +
                                          std::to_string(kMaxParamValue));
                        else p.values.push_back(x.get<double>());
                    }
                if (p.values.empty()) named.problem("values must list at least one value");
                if (!std::is_sorted(p.values.begin(), p.values.end()) ||
                    std::adjacent_find(p.values.begin(), p.values.end()) != p.values.end())
                    named.problem("values must be strictly ascending");
            } else if (kind == "categorical") {
                p.kind = ParamKind::Categorical;
                if (const json* vals = named.array("choices"))
                    for (const auto& x : *vals) {
                        if (!x.is_string()) named.problem("choices: " + describeJson(x) + " is not a string");
                        else p.choices.push_back(x.get<std::string>());
                    }
                if (p.choices.empty()) named.problem("choices must list at least one choice");
                for (const auto& c : p.choices) {
                    const auto& flows = dataflowNames();
                    const bool ok = p.name == "fusion"     ? fusionModeFromName(c).has_value()
                                  : p.name == "dram"       ? (c == "hbm" || c == "gddr6")
                                  : p.name == "dataflow"   ? std::find(flows.begin(), flows.end(), c) != flows.end()
                                                           : true;
                    if (!ok) named.problem("choices: \"" + c + "\" is not a valid " + p.name);
                }
            } else if (kind == "boolean") {
                p.kind = ParamKind::Boolean;
            } else if (named.has("kind")) {
                named.problem("kind must be integer, ordinal, categorical or boolean, got \"" + kind + "\"");
            }
            named.rejectUnknownKeys();
            s.space.params.push_back(p);
        }
        if (params->empty()) top.problem("parameters must list at least one parameter");
    }
    const json* points = top.optionalArray("points");
    top.rejectUnknownKeys();
    problems.throwIfAny();
    try {
        s.space.validate();
    } catch (const InputError& e) {  // its problems, named with the file
        throw InputError(source, e.problems());
    }
    if (points) {
        s.points = readNamedPoints(*points, s.space, problems);
        problems.throwIfAny();
    }
    return s;
}

std::vector<std::string> presetDesignSpaceNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(resourcesDir() / "spaces", ec))
        if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

DesignSpace loadDesignSpaceByNameOrPath(std::string_view nameOrPath) {
    std::filesystem::path path(nameOrPath);
    if (path.extension() != ".json") path = resourcesDir() / "spaces" / (std::string(nameOrPath) + ".json");
    if (!std::filesystem::exists(path)) {
        std::string known;
        for (const auto& n : presetDesignSpaceNames()) known += (known.empty() ? "" : ", ") + n;
        throw InputError(std::string(nameOrPath), "", "is neither a space preset (" + known + ") nor a file");
    }
    return parseDesignSpace(readTextFile(path), path.string());
}

}  // namespace accelscope
