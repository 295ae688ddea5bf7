#include "scalesim/scalesim_config.h"

#include <map>
#include <optional>

#include "scalesim/scalesim_text.h"
#include "util/data_paths.h"
#include "util/input_error.h"

namespace accelscope::scalesim {
namespace {

// How SCALE-Sim reads a key's value.
enum class Kind {
    Text,         // a string
    Positive,     // int(), at least 1
    NonNegative,  // int(), at least 0
    Bool,         // configparser's getboolean: 1/yes/true/on, 0/no/false/off
    Dataflow,     // os, ws, is
    Mode,         // CALC, USER
    List,         // comma-separated int()s, each at least 1
};

struct KeySpec {
    const char* section;
    const char* key;
    Kind kind;
    bool required;
    std::int64_t max;     // for numbers
    const char* meaning;  // for messages
};

constexpr std::int64_t kMaxArraySide = std::int64_t{1} << 16;  // AccelScope's largest fan-out
constexpr std::int64_t kMaxSramKiB = std::int64_t{1} << 28;    // 256 GiB per buffer
constexpr std::int64_t kMaxBandwidth = 1000000000;             // the architecture format's limit
constexpr std::int64_t kMaxCount = std::int64_t{1} << 30;
constexpr std::int64_t kMaxOffset = std::int64_t{1} << 62;

// Every key of SCALE-Sim v2's config that a release reads (and this reader knows), by section.
const KeySpec kKeys[] = {
    {"general", "run_name", Kind::Text, true, 0, "the run's name"},
    {"architecture_presets", "ArrayHeight", Kind::Positive, true, kMaxArraySide, "the array's rows"},
    {"architecture_presets", "ArrayWidth", Kind::Positive, true, kMaxArraySide, "the array's columns"},
    {"architecture_presets", "IfmapSramSzkB", Kind::Positive, true, kMaxSramKiB, "the ifmap SRAM in kB"},
    {"architecture_presets", "FilterSramSzkB", Kind::Positive, true, kMaxSramKiB, "the filter SRAM in kB"},
    {"architecture_presets", "OfmapSramSzkB", Kind::Positive, true, kMaxSramKiB, "the ofmap SRAM in kB"},
    {"architecture_presets", "IfmapOffset", Kind::NonNegative, true, kMaxOffset, "the ifmap's trace address"},
    {"architecture_presets", "FilterOffset", Kind::NonNegative, true, kMaxOffset, "the filters' trace address"},
    {"architecture_presets", "OfmapOffset", Kind::NonNegative, true, kMaxOffset, "the ofmap's trace address"},
    {"architecture_presets", "Dataflow", Kind::Dataflow, true, 0, "os, ws or is"},
    {"architecture_presets", "Bandwidth", Kind::List, false, kMaxBandwidth, "DRAM words per cycle per bank"},
    {"architecture_presets", "MemoryBanks", Kind::Positive, false, kMaxCount, "DRAM banks"},
    {"architecture_presets", "ReadRequestBuffer", Kind::Positive, false, kMaxCount, "read requests in flight"},
    {"architecture_presets", "WriteRequestBuffer", Kind::Positive, false, kMaxCount, "write requests in flight"},
    {"architecture_presets", "OnChipMemoryBanks", Kind::Positive, false, kMaxCount, "SRAM banks"},
    {"architecture_presets", "OnChipMemoryBankPorts", Kind::Positive, false, kMaxCount, "SRAM bank ports"},
    {"architecture_presets", "IfmapCustomLayout", Kind::Bool, false, 0, "a custom ifmap layout"},
    {"architecture_presets", "FilterCustomLayout", Kind::Bool, false, 0, "a custom filter layout"},
    {"architecture_presets", "IfmapSRAMBankBandwidth", Kind::Positive, false, kMaxCount, "ifmap bank bandwidth"},
    {"architecture_presets", "IfmapSRAMBankNum", Kind::Positive, false, kMaxCount, "ifmap banks"},
    {"architecture_presets", "IfmapSRAMBankPort", Kind::Positive, false, kMaxCount, "ifmap bank ports"},
    {"architecture_presets", "FilterSRAMBankBandwidth", Kind::Positive, false, kMaxCount, "filter bank bandwidth"},
    {"architecture_presets", "FilterSRAMBankNum", Kind::Positive, false, kMaxCount, "filter banks"},
    {"architecture_presets", "FilterSRAMBankPort", Kind::Positive, false, kMaxCount, "filter bank ports"},
    {"layout", "IfmapCustomLayout", Kind::Bool, false, 0, "a custom ifmap layout"},
    {"layout", "FilterCustomLayout", Kind::Bool, false, 0, "a custom filter layout"},
    {"layout", "IfmapSRAMBankBandwidth", Kind::Positive, false, kMaxCount, "ifmap bank bandwidth"},
    {"layout", "IfmapSRAMBankNum", Kind::Positive, false, kMaxCount, "ifmap banks"},
    {"layout", "IfmapSRAMBankPort", Kind::Positive, false, kMaxCount, "ifmap bank ports"},
    {"layout", "FilterSRAMBankBandwidth", Kind::Positive, false, kMaxCount, "filter bank bandwidth"},
    {"layout", "FilterSRAMBankNum", Kind::Positive, false, kMaxCount, "filter banks"},
    {"layout", "FilterSRAMBankPort", Kind::Positive, false, kMaxCount, "filter bank ports"},
    {"sparsity", "SparsitySupport", Kind::Bool, false, 0, "sparse operands"},
    {"sparsity", "SparseRep", Kind::Text, false, 0, "the sparse format"},
    {"sparsity", "OptimizedMapping", Kind::Bool, false, 0, "sparsity-aware mapping"},
    {"sparsity", "BlockSize", Kind::Positive, false, kMaxCount, "the sparse block"},
    {"sparsity", "RandomNumberGeneratorSeed", Kind::NonNegative, false, kMaxOffset, "the sparsity seed"},
    {"run_presets", "InterfaceBandwidth", Kind::Mode, true, 0, "CALC or USER"},
    {"run_presets", "UseRamulatorTrace", Kind::Bool, false, 0, "Ramulator's DRAM timing"},
    {"run_presets", "SRAM_row_size", Kind::Positive, false, kMaxCount, "an SRAM row"},
    {"run_presets", "SRAM_bank_size", Kind::Positive, false, kMaxCount, "an SRAM bank"},
    {"run_presets", "DRAM_row_size", Kind::Positive, false, kMaxCount, "a DRAM row"},
    {"run_presets", "DRAM_bank_size", Kind::Positive, false, kMaxCount, "a DRAM bank"},
    {"network_presets", "TopologyCsvLoc", Kind::Text, false, 0, "the topology file"},
    {"network_presets", "LayoutCsvLoc", Kind::Text, false, 0, "the layout file"},
    {"memory_map_files", "MemoryMapIfmap", Kind::Text, false, 0, "the ifmap's bank map"},
    {"memory_map_files", "MemoryMapFilter", Kind::Text, false, 0, "the filters' bank map"},
    {"memory_map_files", "MemoryMapOfmap", Kind::Text, false, 0, "the ofmap's bank map"},
};

struct Entry {
    std::string key;  // as written
    std::string value;
    int line = 0;
    bool known = false;
};

struct Section {
    int line = 0;
    std::map<std::string, Entry> entries;  // by lowercase key (configparser's optionxform)
    std::vector<std::string> order;        // lowercase keys as they appear
};

std::string where(int line) { return "line " + std::to_string(line); }

bool knownSection(const std::string& name) {
    for (const KeySpec& k : kKeys)
        if (name == k.section) return true;
    return false;
}

// The sections of the file, each key once; every line that is none of a section header, a key line,
// a comment or blank is a problem.
std::map<std::string, Section> tokenize(const std::string& text, ProblemList& problems, std::vector<std::string>& order) {
    std::map<std::string, Section> sections;
    Section* current = nullptr;
    bool refused = false;  // the keys of a refused section header are skipped
    const std::vector<std::string_view> lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        const std::string_view s = trim(lines[i]);
        if (s.empty() || s.front() == '#' || s.front() == ';') continue;
        if (s.front() == '[') {
            const auto close = s.find(']');
            if (close == std::string_view::npos) {
                problems.add(where(line), "a section header must end with ], got " + shown(s));
                current = nullptr;
                refused = true;
                continue;
            }
            const std::string name(s.substr(1, close - 1));
            if (sections.count(name)) {
                problems.add(where(line), "section [" + name + "] appears again (first on line " +
                                              std::to_string(sections[name].line) + "); SCALE-Sim's parser refuses that");
                current = nullptr;
                refused = true;
                continue;
            }
            current = &sections[name];
            current->line = line;
            refused = false;
            order.push_back(name);
            continue;
        }
        const auto delimiter = s.find_first_of("=:");
        if (delimiter == std::string_view::npos || trim(s.substr(0, delimiter)).empty()) {
            problems.add(where(line), "is not a [section], a key = value line or a comment: " + shown(s));
            continue;
        }
        const std::string key(trim(s.substr(0, delimiter)));
        if (!current) {
            if (!refused) problems.add(where(line), key + " comes before any [section]");
            continue;
        }
        const std::string id = lower(key);
        if (current->entries.count(id)) {
            problems.add(where(line), key + " appears again in its section (first on line " +
                                          std::to_string(current->entries[id].line) + "); SCALE-Sim's parser refuses that");
            continue;
        }
        current->entries[id] = Entry{key, std::string(trim(s.substr(delimiter + 1))), line, false};
        current->order.push_back(id);
    }
    return sections;
}

// Reads one key's value by its kind; reports a bad value with the key's line.
struct Reader {
    std::map<std::string, Section>& sections;
    ProblemList& problems;

    Entry* find(const KeySpec& k) {
        auto s = sections.find(k.section);
        if (s == sections.end()) return nullptr;
        auto e = s->second.entries.find(lower(k.key));
        if (e == s->second.entries.end()) return nullptr;
        e->second.known = true;
        return &e->second;
    }

    std::optional<std::int64_t> number(const Entry& e, const KeySpec& k, std::string_view text) {
        const auto v = parseInteger(text);
        const std::int64_t min = k.kind == Kind::NonNegative ? 0 : 1;
        if (!v) {
            problems.add(where(e.line), std::string(k.key) + " must be a whole number (" + k.meaning + "), got " + shown(text));
            return std::nullopt;
        }
        if (*v < min) {
            problems.add(where(e.line), std::string(k.key) + " must be " + (min == 0 ? "0 or more" : "a positive integer") +
                                            " (" + k.meaning + "), got " + std::to_string(*v));
            return std::nullopt;
        }
        if (*v > k.max) {
            problems.add(where(e.line), std::string(k.key) + " must be at most " + std::to_string(k.max) + " (" + k.meaning +
                                            "), got " + std::to_string(*v));
            return std::nullopt;
        }
        return v;
    }
};

// A value as configparser's BasicInterpolation returns it: %% is %, any other % is refused (nullopt).
std::optional<std::string> uninterpolated(const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
        } else if (i + 1 < value.size() && value[i + 1] == '%') {
            out += '%';
            ++i;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::optional<bool> parseBool(std::string_view s) {
    const std::string v = lower(s);
    if (v == "1" || v == "yes" || v == "true" || v == "on") return true;
    if (v == "0" || v == "no" || v == "false" || v == "off") return false;
    return std::nullopt;
}

}  // namespace

std::string_view interfaceBandwidthName(InterfaceBandwidth b) { return b == InterfaceBandwidth::User ? "USER" : "CALC"; }

ScalesimConfig parseScalesimConfig(const std::string& text, const std::string& source) {
    ProblemList problems(source);
    std::vector<std::string> sectionOrder;
    std::map<std::string, Section> sections = tokenize(text, problems, sectionOrder);
    Reader r{sections, problems};
    ScalesimConfig c;
    std::optional<bool> sparse;
    int bandwidthLine = 0, banksLine = 0;

    for (const KeySpec& k : kKeys) {
        Entry* e = r.find(k);
        if (!e) {
            if (!k.required) continue;
            const auto s = sections.find(k.section);
            if (s == sections.end()) continue;  // the section's absence is reported once, below
            problems.add(where(s->second.line), "[" + std::string(k.section) + "] has no " + k.key + " (" + k.meaning +
                                                    "), which SCALE-Sim requires");
            continue;
        }
        const std::string key = k.key;
        switch (k.kind) {
        case Kind::Text:
            if (key == "run_name") {
                if (e->value.empty()) problems.add(where(e->line), "run_name must not be empty");
                else if (!printableUtf8(e->value))
                    problems.add(where(e->line), "run_name must be UTF-8 text without control characters, got " +
                                                     shown(e->value));
                else if (const auto name = uninterpolated(e->value)) c.runName = *name;
                else
                    problems.add(where(e->line), "run_name: a % must be written %% (SCALE-Sim's parser reads %(key)s "
                                                 "as a reference to another key), got " + shown(e->value));
            }
            break;
        case Kind::Positive:
        case Kind::NonNegative: {
            const auto v = r.number(*e, k, e->value);
            if (!v) break;
            if (key == "ArrayHeight") c.arrayRows = *v;
            else if (key == "ArrayWidth") c.arrayColumns = *v;
            else if (key == "IfmapSramSzkB") c.ifmapSramKiB = *v;
            else if (key == "FilterSramSzkB") c.filterSramKiB = *v;
            else if (key == "OfmapSramSzkB") c.ofmapSramKiB = *v;
            else if (key == "IfmapOffset") c.ifmapOffset = *v;
            else if (key == "FilterOffset") c.filterOffset = *v;
            else if (key == "OfmapOffset") c.ofmapOffset = *v;
            else if (key == "MemoryBanks") {
                c.memoryBanks = *v;
                banksLine = e->line;
            }
            break;
        }
        case Kind::Bool: {
            const auto b = parseBool(e->value);
            if (!b) {
                problems.add(where(e->line), key + " must be True or False (" + k.meaning + "), got " + shown(e->value));
                break;
            }
            if (key == "SparsitySupport") sparse = *b;
            else if (key == "UseRamulatorTrace" && *b)
                c.notes.push_back(source + ": " + where(e->line) + ": UseRamulatorTrace: Ramulator's DRAM timing is not "
                                  "modelled; DRAM is a bandwidth");
            else if (key.find("CustomLayout") != std::string::npos && *b)
                c.notes.push_back(source + ": " + where(e->line) + ": " + key + ": SRAM bank layouts are not modelled; "
                                  "the SRAM serves the array as one buffer per operand");
            break;
        }
        case Kind::Dataflow:
            if (!systolicFromName(e->value, c.dataflow))
                problems.add(where(e->line), "Dataflow must be os, ws or is (the operand that stays in the PEs), got " +
                                                 shown(e->value));
            break;
        case Kind::Mode:
            if (e->value == "USER") c.interfaceBandwidth = InterfaceBandwidth::User;
            else if (e->value == "CALC") c.interfaceBandwidth = InterfaceBandwidth::Calc;
            else
                problems.add(where(e->line), "InterfaceBandwidth must be CALC (SCALE-Sim finds the bandwidth a stall-free "
                                             "run needs) or USER (Bandwidth fixes it), got " + shown(e->value));
            break;
        case Kind::List: {
            bandwidthLine = e->line;
            std::string_view rest = e->value;
            bool ok = true;
            std::vector<std::int64_t> values;
            while (ok) {
                const auto comma = rest.find(',');
                if (const auto v = r.number(*e, k, rest.substr(0, comma))) values.push_back(*v);
                else ok = false;
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
            if (ok) c.bandwidthWordsPerCycle = values;
            break;
        }
        }
    }
    for (const char* name : {"general", "architecture_presets", "run_presets"})
        if (!sections.count(name)) {
            std::string keys;
            for (const KeySpec& k : kKeys)
                if (k.required && std::string(k.section) == name) keys += (keys.empty() ? "" : ", ") + std::string(k.key);
            problems.add("", "has no [" + std::string(name) + "] section (" + keys + "), which SCALE-Sim requires");
        }
    if (c.arrayRows > 0 && c.arrayColumns > 0 && c.arrayRows * c.arrayColumns > kMaxArraySide)
        problems.add(where(r.find(kKeys[2])->line),
                     "ArrayHeight x ArrayWidth is " + std::to_string(c.arrayRows * c.arrayColumns) +
                         " PEs; AccelScope's fan-outs hold at most " + std::to_string(kMaxArraySide));
    if (sparse && *sparse)
        problems.add(where(sections["sparsity"].entries["sparsitysupport"].line),
                     "SparsitySupport: sparse operands are not supported: AccelScope models dense layers");
    if (c.interfaceBandwidth == InterfaceBandwidth::User && sections.count("run_presets")) {
        if (!bandwidthLine && sections.count("architecture_presets"))
            problems.add(where(sections["architecture_presets"].line),
                         "[architecture_presets] has no Bandwidth (DRAM words per cycle), which InterfaceBandwidth USER requires");
        else if (bandwidthLine && !c.bandwidthWordsPerCycle.empty() &&
                 static_cast<std::int64_t>(c.bandwidthWordsPerCycle.size()) != c.memoryBanks)
            problems.add(where(bandwidthLine), "Bandwidth lists " + std::to_string(c.bandwidthWordsPerCycle.size()) +
                                                   (c.bandwidthWordsPerCycle.size() == 1 ? " figure" : " figures") +
                                                   " but MemoryBanks is " + std::to_string(c.memoryBanks) +
                                                   ": with USER, SCALE-Sim needs one per bank");
    }
    if (c.memoryBanks > 1)
        c.notes.push_back(source + ": " + where(banksLine) + ": MemoryBanks " + std::to_string(c.memoryBanks) +
                          ": SCALE-Sim feeds its buffers at the first bank's Bandwidth, and so does the import; the "
                          "banks' memory maps are not modelled");
    // What SCALE-Sim ignores, the import ignores too, and says so.
    for (const std::string& name : sectionOrder) {
        const Section& s = sections[name];
        if (!knownSection(name)) {
            c.notes.push_back(source + ": " + where(s.line) + ": section [" + name + "] is not one SCALE-Sim v2 reads; ignored");
            continue;
        }
        for (const std::string& id : s.order) {
            const Entry& e = s.entries.at(id);
            if (!e.known)
                c.notes.push_back(source + ": " + where(e.line) + ": " + e.key + " is not a key of [" + name +
                                  "] that SCALE-Sim v2 reads; ignored");
            else if (lower(e.key) == "topologycsvloc")
                c.notes.push_back(source + ": " + where(e.line) + ": TopologyCsvLoc is ignored: the layers come from the "
                                  "topology file given with the config");
        }
    }
    problems.throwIfAny();
    return c;
}

ScalesimConfig loadScalesimConfig(const std::filesystem::path& path) {
    return parseScalesimConfig(readTextFile(path), path.string());
}

std::string writeScalesimConfig(const ScalesimConfig& c) {
    std::string t;
    std::string name;  // configparser reads % as the start of an interpolation: written %%
    for (char ch : c.runName) name += ch == '%' ? std::string("%%") : std::string(1, ch);
    t += "[general]\nrun_name = " + name + "\n\n";
    t += "[architecture_presets]\n";
    t += "ArrayHeight:    " + std::to_string(c.arrayRows) + "\n";
    t += "ArrayWidth:     " + std::to_string(c.arrayColumns) + "\n";
    t += "IfmapSramSzkB:    " + std::to_string(c.ifmapSramKiB) + "\n";
    t += "FilterSramSzkB:   " + std::to_string(c.filterSramKiB) + "\n";
    t += "OfmapSramSzkB:    " + std::to_string(c.ofmapSramKiB) + "\n";
    t += "IfmapOffset:    " + std::to_string(c.ifmapOffset) + "\n";
    t += "FilterOffset:   " + std::to_string(c.filterOffset) + "\n";
    t += "OfmapOffset:    " + std::to_string(c.ofmapOffset) + "\n";
    t += "Dataflow : " + std::string(systolicName(c.dataflow)) + "\n";
    if (!c.bandwidthWordsPerCycle.empty()) {
        std::string list;
        for (std::int64_t b : c.bandwidthWordsPerCycle) list += (list.empty() ? "" : ",") + std::to_string(b);
        t += "Bandwidth : " + list + "\n";
    }
    t += "MemoryBanks: " + std::to_string(c.memoryBanks) + "\n\n";
    t += "[run_presets]\nInterfaceBandwidth: " + std::string(interfaceBandwidthName(c.interfaceBandwidth)) + "\n";
    return t;
}

}  // namespace accelscope::scalesim
