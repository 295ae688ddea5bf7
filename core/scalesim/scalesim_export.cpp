#include "scalesim/scalesim_export.h"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <set>

#include "scalesim/scalesim_text.h"
#include "util/input_error.h"

namespace accelscope::scalesim {
namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

int elementBits(const Architecture& a, const StorageLevel& l, Tensor t) {
    const int b = l.elementBits[static_cast<int>(t)];
    return b > 0 ? b : a.bits[static_cast<int>(t)];
}

std::string decimal(double v) {
    std::ostringstream s;
    s << std::setprecision(6) << v;
    return s.str();
}

// "a, b, c and 4 more" for notes.
std::string listOf(const std::vector<std::string>& names) {
    std::string s;
    const std::size_t shown = std::min<std::size_t>(names.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > shown) s += " and " + std::to_string(names.size() - shown) + " more";
    return s;
}

// A file name from a design's or network's name: letters, digits, '.', '_' and '-' kept.
std::string fileStem(const std::string& name, const char* fallback) {
    std::string s;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        s += ok ? c : '_';
    }
    if (s.empty() || s.front() == '.') s = fallback + s;
    return s;
}

// A layer name SCALE-Sim reads back as written: no commas or control characters, no surrounding spaces.
std::string rowName(std::string_view name) {
    std::string s(trim(name));
    for (char& c : s)
        if (c == ',' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
    return s;
}

struct Names {
    std::set<std::string> used;
    std::string unique(std::string name, std::size_t index) {
        if (name.empty()) name = "layer" + std::to_string(index + 1);
        std::string candidate = name;
        for (int k = 2; used.count(candidate); ++k) candidate = name + "_" + std::to_string(k);
        used.insert(candidate);
        return candidate;
    }
};

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

ScalesimConfig exportScalesimConfig(const Architecture& arch, std::vector<std::string>& notes) {
    int sys = -1, count = 0;
    for (int i = 0; i < arch.levelCount(); ++i)
        if (arch.levels[i].systolic != Systolic::None) {
            sys = i;
            ++count;
        }
    if (count != 1)
        throw InputError(arch.name, "",
                         count == 0 ? "has no systolic fan-out: SCALE-Sim simulates a systolic array (a level's fanout "
                                      "with \"systolic\": \"os\", \"ws\" or \"is\")"
                                    : "has " + std::to_string(count) + " systolic fan-outs; SCALE-Sim simulates one array");
    const StorageLevel& array = arch.levels[sys];
    // SCALE-Sim's SRAMs: the nearest SRAM at or above the array (past operand registers and fan-outs),
    // else the nearest on-chip buffer.
    int buffer = sys;
    while (buffer > 0 && arch.levels[buffer].storageClass != StorageClass::Sram) --buffer;
    if (arch.levels[buffer].storageClass != StorageClass::Sram) {
        buffer = sys;
        while (buffer > 0 && arch.levels[buffer].storesNothing()) --buffer;
    }
    if (arch.levels[buffer].storesNothing() || arch.levels[buffer].storageClass == StorageClass::Dram)
        throw InputError(arch.name, "level \"" + array.name + "\"",
                         "its systolic array is fed by " + (arch.levels[buffer].storesNothing() ? std::string("no buffer")
                                                                                                  : "DRAM") +
                             "; SCALE-Sim's array reads on-chip SRAMs");
    ScalesimConfig c;
    for (char ch : arch.name) c.runName += static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F ? '_' : ch;
    c.runName = std::string(trim(c.runName));
    if (c.runName.empty()) c.runName = "accelscope";
    c.arrayRows = array.systolicRows();
    c.arrayColumns = array.systolicColumns();
    c.dataflow = array.systolic;
    if (array.systolicDoubleBuffered)
        notes.push_back(arch.name + ": level \"" + array.name + "\" is double-buffered; SCALE-Sim's arrays are not (each "
                        "fold's preload and drain show)");
    if (arch.instances(sys) > 1)
        notes.push_back(arch.name + ": level \"" + array.name + "\" has " + std::to_string(arch.instances(sys)) +
                        " instances; SCALE-Sim simulates one array and its SRAMs");

    const StorageLevel& holder = arch.levels[buffer];
    bool shared = true;
    for (std::int64_t p : holder.partitionWords) shared = shared && p == 0;
    if (shared)
        notes.push_back(arch.name + ": level \"" + holder.name + "\" shares one capacity among the tensors; SCALE-Sim has "
                        "a buffer per operand: each is written with the whole capacity");
    const auto kib = [&](Tensor t, const char* key) {
        const int ti = static_cast<int>(t);
        std::int64_t words = holder.partitionWords[ti];
        if (words == 0) {
            std::int64_t others = 0;
            for (std::int64_t p : holder.partitionWords) others += p;
            words = holder.capacityWords - others > 0 ? holder.capacityWords - others : holder.capacityWords;
        }
        if (!holder.keeps[ti])
            notes.push_back(arch.name + ": level \"" + holder.name + "\" does not keep " + std::string(tensorName(t)) + "; " +
                            key + " is written with its capacity");
        const std::int64_t elements = words / ceilDiv(elementBits(arch, holder, t), holder.wordBits);
        std::int64_t k = elements / 1024;
        if (elements % 1024 != 0 || k == 0) {
            k = std::max<std::int64_t>(k, 1);
            notes.push_back(arch.name + ": " + key + " holds " + std::to_string(elements) + " elements, not a whole number "
                            "of SCALE-Sim's kB (1024 one-byte words): written as " + std::to_string(k));
        }
        return k;
    };
    c.ifmapSramKiB = kib(Tensor::Inputs, "IfmapSramSzkB");
    c.filterSramKiB = kib(Tensor::Weights, "FilterSramSzkB");
    c.ofmapSramKiB = kib(Tensor::Outputs, "OfmapSramSzkB");
    if (arch.bits != std::array<int, kNumTensors>{8, 8, 8})
        notes.push_back(arch.name + ": the operands are " + std::to_string(arch.bits[0]) + "/" + std::to_string(arch.bits[1]) +
                        "/" + std::to_string(arch.bits[2]) + "-bit (weights/inputs/outputs); SCALE-Sim's word is one byte, "
                        "so sizes and bandwidth are written in elements");

    const StorageLevel& dram = arch.levels[0];
    double bandwidth = dram.sharedBandwidth;
    if (bandwidth == 0 && dram.readBandwidth > 0) {
        bandwidth = dram.readBandwidth;
        notes.push_back(arch.name + ": level \"" + dram.name + "\" has separate read and write bandwidths; Bandwidth is "
                        "its read bandwidth");
    }
    if (bandwidth > 0) {
        const double elements = bandwidth / static_cast<double>(ceilDiv(elementBits(arch, dram, Tensor::Inputs), dram.wordBits));
        const std::int64_t b = std::max<std::int64_t>(1, std::llround(elements));
        if (static_cast<double>(b) != elements)
            notes.push_back(arch.name + ": the DRAM bandwidth of " + decimal(elements) + " elements per cycle is "
                            "written as " + std::to_string(b) + " (SCALE-Sim reads a whole number)");
        c.interfaceBandwidth = InterfaceBandwidth::User;
        c.bandwidthWordsPerCycle = {b};
    } else {
        c.interfaceBandwidth = InterfaceBandwidth::Calc;
    }
    return c;
}

ScalesimTopology exportScalesimTopology(const Workload& w, std::vector<std::string>& notes) {
    ScalesimTopology t;
    t.name = w.name;
    std::vector<const Op*> ops;
    for (const Op& op : w.ops)
        if (op.isMacOp()) ops.push_back(&op);
    if (ops.empty()) throw InputError(w.name, "", "has no conv, linear or matmul op: nothing for SCALE-Sim to simulate");
    t.kind = TopologyKind::Gemm;
    for (const Op* op : ops)
        if (op->kind == OpKind::Conv) t.kind = TopologyKind::Conv;

    ProblemList problems(w.name);
    Names names;
    std::vector<std::string> padded, batched, grouped, depthwise, renamed, repeated;
    for (const Op* op : ops) {
        const ProblemShape p = op->problem();
        const std::string where = "op \"" + op->name + "\"";
        if (p.dilationH > 1 || p.dilationW > 1) {
            problems.add(where, "dilation " + std::to_string(p.dilationH) + "x" + std::to_string(p.dilationW) +
                                    " cannot be written: SCALE-Sim has no dilated convolution");
            continue;
        }
        TopologyLayer row;
        if (op->kind == OpKind::Conv) {
            row.ifmapHeight = op->H + 2 * op->padding[0];
            row.ifmapWidth = op->W + 2 * op->padding[1];
            row.strideHeight = op->stride[0];
            row.strideWidth = op->stride[1];
            if (op->padding[0] > 0 || op->padding[1] > 0) padded.push_back(op->name);
        } else {  // a linear or matmul op as the 1x1 conv of its canonical nest
            row.ifmapHeight = p[Dim::P] + p[Dim::R] - 1;
            row.ifmapWidth = p[Dim::Q] + p[Dim::S] - 1;
        }
        // One stride for both axes: an axis with a single output row takes the other's stride.
        if (row.strideHeight != row.strideWidth) {
            if (p[Dim::P] == 1) {
                row.strideHeight = row.strideWidth;
                row.ifmapHeight = p[Dim::R];
            } else if (p[Dim::Q] == 1) {
                row.strideWidth = row.strideHeight;
                row.ifmapWidth = p[Dim::S];
            } else {
                problems.add(where, "strides " + std::to_string(row.strideHeight) + "x" + std::to_string(row.strideWidth) +
                                        " cannot be written: SCALE-Sim v2 takes one stride for both axes");
                continue;
            }
        }
        row.filterHeight = p[Dim::R];
        row.filterWidth = p[Dim::S];
        row.channels = p[Dim::C];
        row.numFilters = p[Dim::K];
        row.gemmM = p[Dim::N] * p[Dim::P] * p[Dim::Q];
        row.gemmN = p[Dim::K];
        row.gemmK = p[Dim::C] * p[Dim::R] * p[Dim::S];
        if (p[Dim::N] > 1 && t.kind == TopologyKind::Conv) batched.push_back(op->name);
        if (op->repeat > 1) repeated.push_back(op->name);
        std::string name = rowName(op->name);
        const std::int64_t groups = p[Dim::G];
        if (t.kind == TopologyKind::Conv && p[Dim::C] == 1 && (groups > 1 || name.find("DP") != std::string::npos)) {
            // SCALE-Sim's depthwise row: Channels one-channel layers of Num Filter filters each (a
            // one-channel conv named with "DP" is such a row of one channel).
            row.channels = groups;
            row.depthwise = true;
            if (name.find("DP") == std::string::npos) {
                name += "_DP";
                depthwise.push_back(op->name);
            }
            row.name = names.unique(name, t.layers.size());
            t.layers.push_back(row);
            continue;
        }
        if (t.kind == TopologyKind::Conv && name.find("DP") != std::string::npos) {
            replaceAll(name, "DP", "Dp");
            renamed.push_back(op->name);
        }
        if (groups > 1) grouped.push_back(op->name);
        for (std::int64_t g = 0; g < groups; ++g) {
            row.name = names.unique(groups > 1 ? name + "_g" + std::to_string(g) : name, t.layers.size());
            t.layers.push_back(row);
        }
    }
    problems.throwIfAny();
    const std::size_t left = w.ops.size() - ops.size();
    if (left > 0)
        notes.push_back(w.name + ": " + std::to_string(left) + " ops that are not conv, linear or matmul are left out: "
                        "SCALE-Sim simulates the array's layers only");
    if (!padded.empty())
        notes.push_back(w.name + ": SCALE-Sim has no padding: " + listOf(padded) + " are written with their padded input "
                        "(the same ofmap and MACs; the ifmap counts the padding)");
    if (!batched.empty())
        notes.push_back(w.name + ": SCALE-Sim's conv rows hold one image: " + listOf(batched) +
                        " are written per image (multiply their figures by the batch)");
    if (!repeated.empty())
        notes.push_back(w.name + ": " + listOf(repeated) + " repeat; SCALE-Sim runs each row once (multiply their figures "
                        "by the repeat)");
    if (!depthwise.empty())
        notes.push_back(w.name + ": depthwise " + listOf(depthwise) + " are written as SCALE-Sim's depthwise rows, whose "
                        "names must hold \"DP\": named with \"_DP\" added");
    if (!grouped.empty())
        notes.push_back(w.name + ": grouped " + listOf(grouped) + " are written as one row per group (<name>_g<i>)");
    if (!renamed.empty())
        notes.push_back(w.name + ": SCALE-Sim runs a conv row whose name holds \"DP\" as depthwise: " + listOf(renamed) +
                        " are written with \"Dp\"");
    return t;
}

ScalesimFiles exportScalesim(const Architecture& arch, const Workload& workload) {
    ScalesimFiles f;
    f.config = exportScalesimConfig(arch, f.notes);
    f.topology = exportScalesimTopology(workload, f.notes);
    f.configName = fileStem(arch.name, "scalesim") + ".cfg";
    f.topologyName = fileStem(workload.name, "topology") + ".csv";
    f.configText = writeScalesimConfig(f.config);
    f.topologyText = writeScalesimTopology(f.topology);
    return f;
}

}  // namespace accelscope::scalesim
