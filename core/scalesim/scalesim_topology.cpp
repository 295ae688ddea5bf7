#include "scalesim/scalesim_topology.h"

#include <map>
#include <optional>

#include "scalesim/scalesim_text.h"
#include "util/data_paths.h"
#include "util/input_error.h"

namespace accelscope::scalesim {
namespace {

constexpr std::int64_t kMaxSize = std::int64_t{1} << 24;  // the workload format's largest dim

const char* const kConvColumns[] = {"Layer name", "IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
                                    "Channels",   "Num Filter",   "Strides"};
const char* const kGemmColumns[] = {"Layer", "M", "N", "K"};

std::string where(int line) { return "line " + std::to_string(line); }

// The fields of a row: split at commas, each stripped; one trailing empty field (the comma SCALE-Sim's
// rows end with) dropped.
std::vector<std::string_view> fields(std::string_view row) {
    std::vector<std::string_view> out;
    while (true) {
        const auto comma = row.find(',');
        out.push_back(trim(row.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        row.remove_prefix(comma + 1);
    }
    if (out.size() > 1 && out.back().empty()) out.pop_back();
    return out;
}

// A dense sparsity ratio "N:M" (N = M); false with a problem otherwise.
bool denseRatio(std::string_view field, int line, int column, ProblemList& problems) {
    const auto colon = field.find(':');
    const auto n = parseInteger(field.substr(0, colon));
    const auto m = colon == std::string_view::npos ? std::nullopt : parseInteger(field.substr(colon + 1));
    if (!n || !m || *n < 1 || *m < 1 || *n > *m) {
        problems.add(where(line), "column " + std::to_string(column) + " (sparsity ratio) must be N:M, got " + shown(field));
        return false;
    }
    if (*n != *m) {
        problems.add(where(line), "column " + std::to_string(column) + " (sparsity ratio " + std::string(field) +
                                      "): sparse layers are not supported: AccelScope models dense layers");
        return false;
    }
    return true;
}

struct RowReader {
    ProblemList& problems;
    int line;
    bool ok = true;

    std::int64_t size(std::string_view field, int column, const char* name) {
        const auto v = parseInteger(field);
        std::string problem;
        if (!v) problem = "must be a whole number, got " + shown(field);
        else if (*v < 1) problem = "must be a positive integer, got " + std::to_string(*v);
        else if (*v > kMaxSize) problem = "must be at most " + std::to_string(kMaxSize) + ", got " + std::to_string(*v);
        if (problem.empty()) return *v;
        problems.add(where(line), "column " + std::to_string(column) + " (" + name + ") " + problem);
        ok = false;
        return 1;
    }
};

}  // namespace

ScalesimTopology parseScalesimTopology(const std::string& text, const std::string& source) {
    ProblemList problems(source);
    ScalesimTopology t;
    t.name = std::filesystem::path(source).stem().string();
    if (t.name.empty()) t.name = "scalesim";
    const std::vector<std::string_view> lines = splitLines(text);
    std::size_t first = 0;
    while (first < lines.size() && trim(lines[first]).empty()) ++first;
    if (first == lines.size()) throw InputError(source, "", "is empty: a SCALE-Sim topology has a header line, then one row per layer");

    // The header: its column count tells a conv topology (8, or 9 with strides per axis or a sparsity
    // column) from a GEMM one (4, or 5 with sparsity). SCALE-Sim skips the first line unread, so a
    // layer there would be lost: refused.
    const int headerLine = static_cast<int>(first) + 1;
    const std::vector<std::string_view> header = fields(lines[first]);
    bool numeric = header.size() > 1;
    for (std::size_t i = 1; i < header.size(); ++i) numeric = numeric && parseInteger(header[i]).has_value();
    if (numeric)
        throw InputError(source, where(headerLine),
                         "is a layer, not the header: SCALE-Sim skips the first line, so the file must start with the "
                         "header (Layer name, IFMAP Height, ..., or Layer, M, N, K)");
    if (header.size() == 4 || header.size() == 5) t.kind = TopologyKind::Gemm;
    else if (header.size() == 8 || header.size() == 9) t.kind = TopologyKind::Conv;
    else
        throw InputError(source, where(headerLine),
                         "the header has " + std::to_string(header.size()) +
                             " columns; a conv topology has 8 (Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                             "Filter Width, Channels, Num Filter, Strides) and a GEMM topology 4 (Layer, M, N, K)");
    const bool gemm = t.kind == TopologyKind::Gemm;
    const std::size_t columns = gemm ? 4 : 8;

    std::map<std::string, int> seen;
    for (std::size_t i = first + 1; i < lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        if (trim(lines[i]).empty()) continue;
        const std::vector<std::string_view> f = fields(lines[i]);
        if (f.size() < columns || f.size() > columns + 1) {
            std::string names;
            for (std::size_t k = 0; k < columns; ++k) names += (k ? ", " : "") + std::string(gemm ? kGemmColumns[k] : kConvColumns[k]);
            problems.add(where(line), "has " + std::to_string(f.size()) + " fields; a " + (gemm ? "GEMM" : "conv") +
                                          " row has " + std::to_string(columns) + " (" + names + ")" +
                                          (f.size() > columns ? " and at most one more" : ""));
            continue;
        }
        TopologyLayer l;
        l.line = line;
        l.name = std::string(f[0]);
        RowReader r{problems, line};
        if (l.name.empty()) {
            problems.add(where(line), "column 1 (layer name) is empty");
            r.ok = false;
        } else if (!printableUtf8(l.name)) {
            problems.add(where(line), "column 1 (layer name) must be UTF-8 text without control characters, got " +
                                          shown(l.name));
            r.ok = false;
        } else if (const auto s = seen.find(l.name); s != seen.end()) {
            problems.add(where(line), "column 1 (layer name): " + shown(l.name) + " is already the name of the layer on line " +
                                          std::to_string(s->second));
            r.ok = false;
        }
        if (gemm) {
            l.gemmM = r.size(f[1], 2, "M");
            l.gemmN = r.size(f[2], 3, "N");
            l.gemmK = r.size(f[3], 4, "K");
            if (f.size() == 5) r.ok = denseRatio(f[4], line, 5, problems) && r.ok;
            // SCALE-Sim's conversion: ifmap M x K, filter 1 x K, one channel, N filters, stride 1.
            l.ifmapHeight = l.gemmM;
            l.ifmapWidth = l.filterWidth = l.gemmK;
            l.numFilters = l.gemmN;
        } else {
            l.ifmapHeight = r.size(f[1], 2, "IFMAP Height");
            l.ifmapWidth = r.size(f[2], 3, "IFMAP Width");
            l.filterHeight = r.size(f[3], 4, "Filter Height");
            l.filterWidth = r.size(f[4], 5, "Filter Width");
            l.channels = r.size(f[5], 6, "Channels");
            l.numFilters = r.size(f[6], 7, "Num Filter");
            l.strideHeight = l.strideWidth = r.size(f[7], 8, "Strides");
            if (f.size() == 9) {
                if (f[8].find(':') != std::string_view::npos) r.ok = denseRatio(f[8], line, 9, problems) && r.ok;
                else l.strideWidth = r.size(f[8], 9, "Stride width");
            }
            if (r.ok && l.filterHeight > l.ifmapHeight) {
                problems.add(where(line), "column 4 (Filter Height) " + std::to_string(l.filterHeight) +
                                              " is larger than column 2 (IFMAP Height) " + std::to_string(l.ifmapHeight));
                r.ok = false;
            }
            if (r.ok && l.filterWidth > l.ifmapWidth) {
                problems.add(where(line), "column 5 (Filter Width) " + std::to_string(l.filterWidth) +
                                              " is larger than column 3 (IFMAP Width) " + std::to_string(l.ifmapWidth));
                r.ok = false;
            }
            l.depthwise = l.name.find("DP") != std::string::npos;
        }
        if (!l.name.empty() && !seen.count(l.name)) seen[l.name] = line;
        if (r.ok) t.layers.push_back(l);
    }
    problems.throwIfAny();
    if (t.layers.empty()) throw InputError(source, "", "has no layers: only the header (line " + std::to_string(headerLine) + ")");
    return t;
}

ScalesimTopology loadScalesimTopology(const std::filesystem::path& path) {
    return parseScalesimTopology(readTextFile(path), path.string());
}

std::string writeScalesimTopology(const ScalesimTopology& t) {
    const bool gemm = t.kind == TopologyKind::Gemm;
    std::string text;
    for (const char* const column : gemm ? std::vector<const char*>(std::begin(kGemmColumns), std::end(kGemmColumns))
                                         : std::vector<const char*>(std::begin(kConvColumns), std::end(kConvColumns)))
        text += std::string(column) + ", ";
    text.replace(text.size() - 1, 1, "\n");
    for (const TopologyLayer& l : t.layers) {
        std::vector<std::int64_t> values;
        if (gemm) values = {l.gemmM, l.gemmN, l.gemmK};
        else values = {l.ifmapHeight, l.ifmapWidth, l.filterHeight, l.filterWidth, l.channels, l.numFilters, l.strideHeight};
        if (!gemm && l.strideWidth != l.strideHeight) values.push_back(l.strideWidth);
        text += l.name + ",";
        for (std::int64_t v : values) text += " " + std::to_string(v) + ",";
        text += "\n";
    }
    return text;
}

}  // namespace accelscope::scalesim
