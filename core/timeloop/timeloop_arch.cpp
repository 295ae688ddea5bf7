#include "timeloop/timeloop_arch.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "timeloop/timeloop_problem.h"
#include "timeloop/timeloop_yaml.h"
#include "util/input_error.h"

namespace accelscope::timeloop {
namespace {

using ojson = nlohmann::ordered_json;

std::string lowercase(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

enum class ElementKind { Storage, Dummy, Compute };

// One `local` element of the tree, before it becomes a level.
struct Element {
    std::string name, path;
    ElementKind kind = ElementKind::Storage;
    StorageClass storageClass = StorageClass::Sram;
    std::int64_t instances = 1, meshX = 1;
    int wordBits = 16;
    std::int64_t blockWords = 1, clusterInstances = 1, capacityWords = 0;
    double readBandwidth = 0, writeBandwidth = 0, sharedBandwidth = 0;
};

struct TreeFacts {
    std::string topName;
    std::optional<double> cycleSeconds;
    std::optional<int> nodeNm;
};

ElementKind kindOf(const std::string& cls) {
    const std::string c = lowercase(cls);
    if (c == "dummy_storage") return ElementKind::Dummy;
    if (c.find("mac") != std::string::npos || c == "compute") return ElementKind::Compute;
    return ElementKind::Storage;
}

StorageClass storageClassOf(const std::string& cls, const std::string& subclass) {
    const std::string c = lowercase(cls), s = lowercase(subclass);
    if (c.find("dram") != std::string::npos) return StorageClass::Dram;
    for (const std::string& x : {c, s})
        if (x.find("regfile") != std::string::npos || x.find("register") != std::string::npos ||
            (x.size() >= 3 && x.compare(x.size() - 3, 3, "_rf") == 0))
            return StorageClass::RegFile;
    return StorageClass::Sram;
}

void readGlobals(const YamlReader& r, const YAML::Node& attributes, const std::string& path, TreeFacts& facts) {
    if (!attributes.IsDefined() || attributes.IsNull()) return;
    r.requireMap(attributes, path);
    if (!facts.cycleSeconds)
        if (auto v = r.optionalNumber(attributes, path, "global_cycle_seconds", 0)) {
            if (*v <= 0) r.fail(path + ".global_cycle_seconds", "must be greater than 0");
            facts.cycleSeconds = v;
        }
    if (!facts.nodeNm)
        if (const YAML::Node t = attributes["technology"]; t.IsDefined() && t.IsScalar()) {
            // "45nm": a node; anything else ("SET ME", -1) says nothing.
            const std::string text = t.Scalar();
            std::size_t digits = 0;
            while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
            if (digits > 0 && digits <= 3 && text.substr(digits) == "nm") facts.nodeNm = std::stoi(text.substr(0, digits));
        }
}

Element readElement(const YamlReader& r, const YAML::Node& node, const std::string& path, std::int64_t multiplier,
                    TreeFacts& facts) {
    r.requireMap(node, path);
    Element e;
    e.path = path;
    const std::string fullName = r.string(r.child(node, path, "name"), path + ".name");
    std::int64_t count = 1;
    if (!splitInstanceName(fullName, e.name, count))
        r.fail(path + ".name", "'" + fullName + "' is not a name with an optional instance range like name[1..16]");
    e.instances = multiplier * count;
    const std::string cls = r.string(r.child(node, path, "class"), path + ".class");
    std::string subclass;
    if (const YAML::Node s = node["subclass"]; s.IsDefined() && !s.IsNull()) subclass = r.string(s, path + ".subclass");
    e.kind = kindOf(cls);
    const std::string apath = path + ".attributes";
    // A new node rather than an assignment: assigning to the undefined node of a missing key throws.
    const YAML::Node given = r.child(node, path, "attributes");
    const YAML::Node attributes = given.IsDefined() && !given.IsNull() ? given : YAML::Node(YAML::NodeType::Map);
    r.requireMap(attributes, apath);
    readGlobals(r, attributes, apath, facts);

    e.meshX = r.optionalInteger(attributes, apath, "meshX", 1).value_or(e.instances);
    if (e.instances % e.meshX != 0)
        r.fail(apath + ".meshX", std::to_string(e.meshX) + " does not divide the " + std::to_string(e.instances) +
                                     " instances");
    if (auto meshY = r.optionalInteger(attributes, apath, "meshY", 1); meshY && *meshY * e.meshX != e.instances)
        r.fail(apath + ".meshY", "meshX x meshY = " + std::to_string(e.meshX * *meshY) + ", not the " +
                                     std::to_string(e.instances) + " instances");
    if (e.kind != ElementKind::Storage) return e;

    e.storageClass = storageClassOf(cls, subclass);
    std::optional<std::int64_t> bits;
    for (const char* key : {"datawidth", "word-bits", "word_bits"})
        if (!bits) bits = r.optionalInteger(attributes, apath, key, 1);
    if (!bits) r.fail(apath + ".datawidth", "is missing (the bits of one word)");
    if (*bits < 1 || *bits > 64) r.fail(apath + ".datawidth", "must be 1 to 64 bits, got " + std::to_string(*bits));
    e.wordBits = static_cast<int>(*bits);
    // Timeloop's attribute names come with hyphens or underscores (its front end turns one into the other).
    const auto integer = [&](std::initializer_list<const char*> keys) -> std::optional<std::int64_t> {
        for (const char* key : keys)
            if (auto v = r.optionalInteger(attributes, apath, key, 1)) return v;
        return std::nullopt;
    };
    // Block (words per access of one instance) and cluster (instances per access), Timeloop's rules:
    // width = block x cluster x datawidth, the missing one derived from the others.
    const auto width = integer({"width", "memory_width", "data_storage_width"});
    const auto block = integer({"block_size", "block-size", "n_words"});
    const auto cluster = integer({"cluster_size", "cluster-size"});
    if (width && block && cluster && *block * *cluster * e.wordBits != *width)
        r.fail(apath + ".width", std::to_string(*width) + " bits is not block_size x cluster_size x datawidth = " +
                                     std::to_string(*block * *cluster * e.wordBits));
    if (width && *width % e.wordBits != 0)
        r.fail(apath + ".width", std::to_string(*width) + " bits is not a whole number of " +
                                     std::to_string(e.wordBits) + "-bit words");
    if (block) e.blockWords = *block;
    if (cluster) e.clusterInstances = *cluster;
    if (width && !block) e.blockWords = std::max<std::int64_t>(1, *width / e.clusterInstances / e.wordBits);
    if (width && block && !cluster) e.clusterInstances = std::max<std::int64_t>(1, *width / (e.wordBits * *block));
    // Size in words: entries, else depth x block, else sizeKB; multiple buffering leaves a fraction usable.
    constexpr std::int64_t kMaxDepth = std::int64_t{1} << 40;
    std::optional<std::int64_t> size;
    if (auto entries = integer({"entries"})) size = entries;
    else if (auto depth = integer({"depth", "memory_depth", "data_storage_depth"})) {
        if (*depth > kMaxDepth) r.fail(apath + ".depth", "is larger than 2^40");
        size = *depth * e.blockWords;
    } else if (auto kb = r.optionalNumber(attributes, apath, "sizeKB", 0)) {
        if (*kb > double(kMaxDepth) / 8192) r.fail(apath + ".sizeKB", "is larger than 2^40 words");
        size = static_cast<std::int64_t>(*kb * 1024 * 8 / e.wordBits);
    }
    if (!size && e.storageClass != StorageClass::Dram)
        r.fail(apath + ".depth", "is missing (only DRAM may be unbounded)");
    if (size && *size > kMaxDepth) r.fail(apath + ".depth", "gives more than 2^40 words");
    if (size) {
        const double buffering = r.optionalNumber(attributes, apath, "multiple_buffering", 1).value_or(1);
        if (buffering < 1) r.fail(apath + ".multiple_buffering", "must be at least 1");
        e.capacityWords = static_cast<std::int64_t>(std::floor(static_cast<double>(*size) / buffering));
        if (e.capacityWords < 1) r.fail(apath + ".depth", "leaves no word to store");
    }
    for (const char* key : {"read_bandwidth", "write_bandwidth", "shared_bandwidth"})
        if (auto bw = r.optionalNumber(attributes, apath, key, 0)) {
            if (*bw <= 0) r.fail(apath + "." + key, "must be greater than 0");
            const std::string k(key);
            (k == "read_bandwidth" ? e.readBandwidth : k == "write_bandwidth" ? e.writeBandwidth : e.sharedBandwidth) = *bw;
        }
    return e;
}

void walkTree(const YamlReader& r, const YAML::Node& node, const std::string& path, std::int64_t multiplier,
              std::vector<Element>& out, TreeFacts& facts) {
    r.requireMap(node, path);
    readGlobals(r, r.child(node, path, "attributes"), path + ".attributes", facts);
    if (const YAML::Node local = r.child(node, path, "local"); local.IsDefined() && !local.IsNull()) {
        r.requireSequence(local, path + ".local");
        for (std::size_t i = 0; i < local.size(); ++i)
            out.push_back(readElement(r, local[i], path + ".local[" + std::to_string(i) + "]", multiplier, facts));
    }
    const YAML::Node subtree = r.child(node, path, "subtree");
    if (!subtree.IsDefined() || subtree.IsNull()) return;
    r.requireSequence(subtree, path + ".subtree");
    if (subtree.size() > 1)
        r.fail(path + ".subtree", "has " + std::to_string(subtree.size()) +
                                      " branches; AccelScope imports a chain of storage levels (one subtree per level)");
    for (std::size_t i = 0; i < subtree.size(); ++i) {
        const std::string spath = path + ".subtree[" + std::to_string(i) + "]";
        r.requireMap(subtree[i], spath);
        std::string name;
        std::int64_t count = 1;
        const std::string fullName = r.string(r.child(subtree[i], spath, "name"), spath + ".name");
        if (!splitInstanceName(fullName, name, count))
            r.fail(spath + ".name", "'" + fullName + "' is not a name with an optional instance range like PE[0..167]");
        if (facts.topName.empty()) facts.topName = name;
        walkTree(r, subtree[i], spath, multiplier * count, out, facts);
    }
}

// Per-action energies and areas by component name (the last dotted part, without its instance range).
struct ReferenceTables {
    std::map<std::string, std::map<std::string, double>> energy;  // component -> action -> pJ
    std::map<std::string, double> area;
};

std::string componentName(const std::string& qualified) {
    const std::string n = qualified.substr(0, qualified.rfind('['));  // "top.GLB[1..1]": the range holds dots too
    const auto dot = n.rfind('.');
    return dot == std::string::npos ? n : n.substr(dot + 1);
}

ReferenceTables readTables(const Section& ert, const Section& art) {
    ReferenceTables t;
    if (ert.present()) {
        const YamlReader r(ert.source);
        const YAML::Node tables = r.child(ert.node, "ERT", "tables");
        r.requireSequence(tables, "ERT.tables");
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const std::string p = "ERT.tables[" + std::to_string(i) + "]";
            const std::string name = componentName(r.string(r.child(tables[i], p, "name"), p + ".name"));
            const YAML::Node actions = r.child(tables[i], p, "actions");
            r.requireSequence(actions, p + ".actions");
            auto& entry = t.energy[name];
            for (std::size_t k = 0; k < actions.size(); ++k) {
                const std::string ap = p + ".actions[" + std::to_string(k) + "]";
                const std::string action = r.string(r.child(actions[k], ap, "name"), ap + ".name");
                const double pj = r.number(r.child(actions[k], ap, "energy"), ap + ".energy", 0);
                entry.emplace(action, pj);  // the first entry of an action (Timeloop's default arguments)
            }
        }
    }
    if (art.present()) {
        const YamlReader r(art.source);
        const YAML::Node tables = r.child(art.node, "ART", "tables");
        r.requireSequence(tables, "ART.tables");
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const std::string p = "ART.tables[" + std::to_string(i) + "]";
            const std::string name = componentName(r.string(r.child(tables[i], p, "name"), p + ".name"));
            t.area[name] = r.number(r.child(tables[i], p, "area"), p + ".area", 0);
        }
    }
    return t;
}

// What each level may keep: every tensor, less what architecture_constraints bypass there (bypass,
// datatype and dataspace directives); a dummy level keeps nothing.
std::map<std::string, std::array<bool, kNumTensors>> allowedKeeps(const std::vector<const Element*>& levels,
                                                                  const Section& constraints) {
    std::map<std::string, std::array<bool, kNumTensors>> keeps;
    for (const Element* e : levels)
        keeps[e->name] = e->kind == ElementKind::Dummy ? std::array<bool, kNumTensors>{false, false, false}
                                                       : std::array<bool, kNumTensors>{true, true, true};
    if (!constraints.present()) return keeps;
    const YamlReader c(constraints.source);
    const YAML::Node targets = c.child(constraints.node, "architecture_constraints", "targets");
    if (!targets.IsDefined() || targets.IsNull()) return keeps;
    c.requireSequence(targets, "architecture_constraints.targets");
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const std::string p = "architecture_constraints.targets[" + std::to_string(i) + "]";
        const std::string type = c.string(c.child(targets[i], p, "type"), p + ".type");
        if (type != "bypass" && type != "datatype" && type != "dataspace") continue;  // loop constraints: the mapper's
        std::string target;
        std::int64_t ignored = 1;
        const std::string raw = c.string(c.child(targets[i], p, "target"), p + ".target");
        splitInstanceName(raw, target, ignored);
        if (!keeps.count(target)) c.fail(p + ".target", "'" + raw + "' is not a storage level of the architecture");
        const auto bypass = c.names(targets[i]["bypass"], p + ".bypass");
        for (std::size_t k = 0; k < bypass.size(); ++k) {
            Tensor t;
            if (!tensorFromTimeloop(bypass[k], t))
                c.fail(p + ".bypass[" + std::to_string(k) + "]", "'" + bypass[k] + "' is not Weights, Inputs or Outputs");
            keeps[target][static_cast<int>(t)] = false;
        }
    }
    return keeps;
}

}  // namespace

TimeloopArch importTimeloopArch(const Section& architecture, const Section& ert, const Section& art,
                                const Section& constraints, HaloReuse haloReuse) {
    const YamlReader r(architecture.source);
    const std::string root = "architecture";
    r.requireMap(architecture.node, root);
    if (const YAML::Node v = architecture.node["version"]; v.IsDefined() && !v.IsNull()) {
        const std::string version = r.string(v, root + ".version");
        if (version != "0.4") r.fail(root + ".version", "only Timeloop v0.4 is supported, got '" + version + "'");
    }
    std::vector<Element> elements;
    TreeFacts facts;
    walkTree(r, architecture.node, root, 1, elements, facts);

    std::vector<const Element*> levels;  // storage and dummy (fan-out only) levels, outermost first
    const Element* mac = nullptr;
    for (const Element& e : elements) {
        if (mac) r.fail(e.path, "follows the compute unit " + mac->name + "; the compute unit must be innermost");
        if (e.kind == ElementKind::Compute) mac = &e;
        else levels.push_back(&e);
    }
    if (levels.empty() || levels.front()->kind == ElementKind::Dummy) r.fail(root, "has no storage level above its dummy levels");
    if (!mac) r.fail(root, "has no compute unit (a class naming a MAC, e.g. intmac)");
    for (std::size_t i = 0; i < elements.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (elements[i].name == elements[k].name) r.fail(elements[i].path + ".name", "'" + elements[i].name + "' appears twice");

    const ReferenceTables tables = readTables(ert, art);
    TimeloopArch out;
    const std::map<std::string, std::array<bool, kNumTensors>> keeps = allowedKeeps(levels, constraints);

    // The precision of a tensor: the word width of the innermost level that may keep it (Timeloop
    // stores each element as one word of its level; a level whose word differs says so itself).
    std::array<int, kNumTensors> precision{0, 0, 0};
    for (const Element* e : levels)
        for (Tensor t : kAllTensors)
            if (e->kind == ElementKind::Storage && keeps.at(e->name)[static_cast<int>(t)])
                precision[static_cast<int>(t)] = e->wordBits;
    for (int& b : precision)
        if (b == 0) b = levels.front()->wordBits;

    const double clockGHz = facts.cycleSeconds ? 1e-9 / *facts.cycleSeconds : 1.0;
    bool needTech = false;
    ojson out_levels = ojson::array();
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const Element& e = *levels[i];
        const Element& child = i + 1 < levels.size() ? *levels[i + 1] : *mac;
        if (child.instances % e.instances != 0)
            r.fail(child.path + ".name", std::to_string(child.instances) + " instances are not a multiple of the " +
                                             std::to_string(e.instances) + " instances of " + e.name + " above");
        const std::int64_t fanout = child.instances / e.instances;
        std::int64_t x = fanout, y = 1;
        if (child.meshX % e.meshX == 0 && fanout % (child.meshX / e.meshX) == 0) {
            x = child.meshX / e.meshX;
            y = fanout / x;
        }
        const bool innermost = i + 1 == levels.size();
        ojson l;
        l["name"] = e.name;
        ojson fan;
        if (!innermost) {
            fan["x"] = x;
            fan["y"] = y;
        }
        if (ert.present()) fan["network_pj_per_word"] = 0;  // Timeloop's default network costs nothing
        if (fanout > 1) fan["links"] = true;                // Timeloop's link transfers between neighbours
        out.levelOf[e.name] = static_cast<int>(i);
        if (e.kind == ElementKind::Dummy) {
            l["class"] = std::string(storageClassName(StorageClass::Fanout));
            if (!fan.empty()) l["fanout"] = fan;
            out_levels.push_back(l);
            continue;
        }
        l["class"] = std::string(storageClassName(e.storageClass));
        l["word_bits"] = e.wordBits;
        if (e.capacityWords > 0) l["capacity_words"] = e.capacityWords;
        ojson keep = ojson::array();
        for (Tensor t : kAllTensors)
            if (keeps.at(e.name)[static_cast<int>(t)]) keep.push_back(std::string(tensorName(t)));
        l["keeps"] = keep;
        // One element, one word of this level.
        ojson own;
        for (Tensor t : kAllTensors) {
            const int ti = static_cast<int>(t);
            const int byDefault = t == Tensor::Outputs && i == 0 ? precision[static_cast<int>(Tensor::Inputs)] : precision[ti];
            if (keeps.at(e.name)[ti] && byDefault != e.wordBits) own[std::string(tensorName(t))] = e.wordBits;
        }
        if (!own.empty()) l["precision"] = own;
        if (e.readBandwidth > 0) l["read_bandwidth"] = e.readBandwidth;
        if (e.writeBandwidth > 0) l["write_bandwidth"] = e.writeBandwidth;
        if (e.sharedBandwidth > 0) l["shared_bandwidth"] = e.sharedBandwidth;
        const auto ertEntry = tables.energy.find(e.name);
        if (ertEntry != tables.energy.end()) {
            const auto& a = ertEntry->second;
            // Timeloop's action names: a fill is a write, an update an update (else a write).
            const auto action = [&](std::initializer_list<const char*> names) -> double {
                for (const char* n : names)
                    if (a.count(n)) return a.at(n);
                r.fail(e.path, std::string("its ERT entry has no '") + *names.begin() + "' action");
            };
            l["energy"] = {{"read_pj", action({"read", "random_read"})},
                           {"write_pj", action({"write", "fill", "random_write", "random_fill"})},
                           {"update_pj", action({"update", "random_update", "write", "random_write"})},
                           {"block_words", e.blockWords},
                           {"cluster_instances", e.clusterInstances}};
            l["leak_pj_per_cycle"] = a.count("leak") ? a.at("leak") : 0.0;
        } else {
            // With an ERT, a component it does not price is one AccelScope cannot price as Timeloop
            // would (a plug-in's estimate): refused. Without one, every figure comes from the table.
            if (ert.present())
                r.fail(e.path, "the ERT (" + ert.source + ") has no entry for '" + e.name +
                                   "' (a plug-in component?); give its energies in the ERT");
            l["energy"] = {{"from", "tech"}, {"block_words", e.blockWords}, {"cluster_instances", e.clusterInstances}};
            needTech = true;
        }
        if (tables.area.count(e.name)) l["area_um2"] = tables.area.at(e.name);
        else needTech = true;
        if (!fan.empty()) l["fanout"] = fan;
        out_levels.push_back(l);
    }
    const Element& innermost = *levels.back();
    if (mac->instances % innermost.instances != 0)
        r.fail(mac->path + ".name", std::to_string(mac->instances) + " instances are not a multiple of the " +
                                        std::to_string(innermost.instances) + " instances of " + innermost.name);
    ojson compute;
    const auto macEnergy = tables.energy.find(mac->name);
    const auto computeAction = [&]() -> std::optional<double> {
        if (macEnergy == tables.energy.end()) return std::nullopt;
        for (const char* n : {"mac_random", "mult_random", "mac", "mult", "compute"})
            if (macEnergy->second.count(n)) return macEnergy->second.at(n);
        return std::nullopt;
    }();
    if (computeAction) {
        compute["mac_pj"] = *computeAction;
    } else {
        if (ert.present())
            r.fail(mac->path, "the ERT (" + ert.source + ") has no compute energy for '" + mac->name +
                                  "' (a plug-in component?); give it in the ERT");
        compute["mac_pj"] = "tech";
        needTech = true;
    }
    if (tables.area.count(mac->name)) {
        compute["mac_area_um2"] = tables.area.at(mac->name);
    } else {
        compute["mac_area_um2"] = "tech";
        needTech = true;
    }
    compute["lanes"] = mac->instances / innermost.instances;

    ojson j;
    j["format"] = "accelscope-arch";
    j["version"] = 1;
    j["name"] = facts.topName.empty() ? std::string("timeloop") : facts.topName;
    j["source"] = "Timeloop v0.4 architecture " + architecture.source +
                  (ert.present() ? ", energies from its ERT" : "") + (art.present() ? ", areas from its ART" : "");
    j["clock_ghz"] = clockGHz;
    j["precision"] = {{"weights", precision[0]}, {"inputs", precision[1]}, {"outputs", precision[2]}};
    j["halo_reuse"] = std::string(haloReuseName(haloReuse));
    if (needTech) j["technology"] = {{"table", "horowitz45"}, {"node_nm", std::clamp(facts.nodeNm.value_or(45), 3, 250)}};
    j["levels"] = out_levels;
    j["compute"] = compute;
    // The architecture loader's checks (limits, fan-outs, the outermost level keeping everything) apply too.
    std::string text;
    try {
        text = j.dump();
    } catch (const nlohmann::json::type_error&) {  // JSON text must be UTF-8; YAML strings need not be
        throw InputError(architecture.source, "architecture", "a name is not valid UTF-8");
    }
    out.arch = parseArchitecture(text, architecture.source);
    out.usesTechTable = needTech;
    return out;
}

ExportedArch exportTimeloopArch(const Architecture& arch) {
    ExportedArch x;
    const std::string top = "system";
    YAML::Node subtree;
    subtree["name"] = top;
    subtree["attributes"]["technology"] = std::to_string(arch.nodeNm) + "nm";
    subtree["attributes"]["global_cycle_seconds"] = 1e-9 / arch.clockGHz;
    std::int64_t instances = 1, meshX = 1;
    const auto ertEntry = [&](const std::string& qualified, std::vector<std::pair<const char*, double>> actions) {
        YAML::Node t;
        t["name"] = top + "." + qualified;
        for (const auto& [name, pj] : actions) {
            YAML::Node a;
            a["name"] = name;
            a["energy"] = pj;
            t["actions"].push_back(a);
        }
        x.ert["tables"].push_back(t);
    };
    const auto artEntry = [&](const std::string& qualified, double um2) {
        YAML::Node t;
        t["name"] = top + "." + qualified;
        t["area"] = um2;
        x.art["tables"].push_back(t);
    };
    x.ert["version"] = "0.4";
    x.art["version"] = "0.4";
    x.constraints["targets"] = YAML::Node(YAML::NodeType::Sequence);
    for (const StorageLevel& l : arch.levels) {
        const std::string qualified = l.name + "[1.." + std::to_string(instances) + "]";
        YAML::Node e;
        e["name"] = qualified;
        YAML::Node a;
        if (l.storesNothing()) {
            // Timeloop's spatial-only level, as its front end writes one; it bypasses everything.
            e["class"] = "dummy_storage";
            a["width"] = 1;
            a["depth"] = 1;
            a["datawidth"] = 1;
        } else {
            e["class"] = l.storageClass == StorageClass::Dram      ? "DRAM"
                         : l.storageClass == StorageClass::RegFile ? "regfile"
                                                                   : "SRAM";
            // Timeloop sizes a level in rows of `width` bits; a capacity that is not whole rows is rounded up.
            if (l.capacityWords > 0) a["depth"] = (l.capacityWords + l.energy.blockWords - 1) / l.energy.blockWords;
            a["width"] = l.energy.blockWords * l.energy.clusterInstances * l.wordBits;
            a["datawidth"] = l.wordBits;
            if (l.energy.clusterInstances > 1) a["cluster_size"] = l.energy.clusterInstances;
            if (l.readBandwidth > 0) a["read_bandwidth"] = l.readBandwidth;
            if (l.writeBandwidth > 0) a["write_bandwidth"] = l.writeBandwidth;
            if (l.sharedBandwidth > 0) a["shared_bandwidth"] = l.sharedBandwidth;
        }
        a["meshX"] = meshX;
        a["meshY"] = instances / meshX;
        e["attributes"] = a;
        subtree["local"].push_back(e);
        if (!l.storesNothing()) {
            ertEntry(qualified, {{"read", l.energy.readPj}, {"write", l.energy.writePj}, {"update", l.energy.updatePj},
                                 {"leak", l.leakPjPerCycle}});
            artEntry(qualified, l.areaUm2);
        }
        YAML::Node bypass;
        for (Tensor t : kAllTensors)
            if (!l.keeps[static_cast<int>(t)]) bypass.push_back(timeloopTensorName(t));
        if (bypass.size() > 0) {
            YAML::Node c;
            c["target"] = l.name;
            c["type"] = "bypass";
            c["bypass"] = bypass;
            x.constraints["targets"].push_back(c);
        }
        instances *= l.fanout();
        meshX *= l.meshX;
    }
    const std::string macName = "MAC[1.." + std::to_string(instances) + "]";
    YAML::Node mac;
    mac["name"] = macName;
    mac["class"] = "intmac";
    mac["attributes"]["datawidth"] = arch.bits[static_cast<int>(Tensor::Inputs)];
    mac["attributes"]["meshX"] = meshX;
    mac["attributes"]["meshY"] = instances / meshX;
    subtree["local"].push_back(mac);
    ertEntry(macName, {{"compute", arch.compute.macPj}, {"leak", arch.compute.leakPjPerCycle}});
    artEntry(macName, arch.compute.macAreaUm2);
    x.architecture["version"] = "0.4";
    x.architecture["subtree"].push_back(subtree);
    return x;
}

}  // namespace accelscope::timeloop
