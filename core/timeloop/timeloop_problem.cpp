#include "timeloop/timeloop_problem.h"

#include <cctype>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "timeloop/timeloop_yaml.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::timeloop {

bool dimFromTimeloop(std::string_view letter, Dim& out) {
    if (letter == "M" || letter == "K") {
        out = Dim::K;
        return true;
    }
    return dimFromName(letter, out);
}

std::string_view timeloopDimName(Dim d) { return d == Dim::K ? "M" : dimName(d); }

bool tensorFromTimeloop(std::string_view name, Tensor& out) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (Tensor t : kAllTensors)
        if (lower == tensorName(t)) {
            out = t;
            return true;
        }
    return false;
}

std::string timeloopTensorName(Tensor t) {
    std::string n(tensorName(t));
    n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
    return n;
}

std::vector<Dim> timeloopDims(const ProblemShape& shape) {
    std::vector<Dim> dims;
    if (shape[Dim::G] > 1) dims.push_back(Dim::G);
    for (Dim d : {Dim::C, Dim::K, Dim::R, Dim::S, Dim::N, Dim::P, Dim::Q}) dims.push_back(d);
    return dims;
}

namespace {

const char* kCoefficients[] = {"Wstride", "Hstride", "Wdilation", "Hdilation"};
// Input sizes and padding of the P/R axis (Timeloop's W) and the Q/S axis (H); not Timeloop dims.
const char* kInputSizes[] = {"W", "H", "Wpad", "Hpad"};

bool isOneOf(const std::string& key, const char* const* list, int n) {
    for (int i = 0; i < n; ++i)
        if (key == list[i]) return true;
    return false;
}

}  // namespace

Workload importTimeloopProblem(const YAML::Node& problem, const std::string& source, std::vector<std::string>* notes) {
    const YamlReader r(source);
    const std::string path = "problem";
    r.requireMap(problem, path);
    if (const YAML::Node v = r.child(problem, path, "version"); v.IsDefined() && !v.IsNull()) {
        const std::string version = r.string(v, path + ".version");
        if (version != "0.4") r.fail(path + ".version", "only Timeloop v0.4 is supported, got '" + version + "'");
    }
    std::string name = "layer";
    const YAML::Node shape = r.child(problem, path, "shape");
    if (shape.IsDefined() && !shape.IsNull()) {
        r.requireMap(shape, path + ".shape");
        if (const YAML::Node n = r.child(shape, path + ".shape", "name"); n.IsDefined() && !n.IsNull())
            if (const std::string given = r.string(n, path + ".shape.name"); !given.empty()) name = given;
        const YAML::Node dims = r.child(shape, path + ".shape", "dimensions");
        const std::vector<std::string> names = r.names(dims, path + ".shape.dimensions");
        for (std::size_t i = 0; i < names.size(); ++i) {
            Dim d;
            if (!dimFromTimeloop(names[i], d))
                r.fail(path + ".shape.dimensions[" + std::to_string(i) + "]",
                       "unknown dim '" + names[i] + "' (AccelScope imports CNN-layer problems: N G C M/K P Q R S)");
        }
    }

    const std::string ipath = path + ".instance";
    const YAML::Node instance = r.child(problem, path, "instance");
    r.requireMap(instance, ipath);
    ProblemShape s;
    std::map<std::string, std::int64_t> coeff{{"Wstride", 1}, {"Hstride", 1}, {"Wdilation", 1}, {"Hdilation", 1}};
    std::map<std::string, std::int64_t> sizes;
    std::optional<std::string> channelKey;
    for (const auto& kv : instance) {
        const std::string key = r.string(kv.first, ipath);
        const std::string kpath = ipath + "." + key;
        Dim d;
        if (key == "densities") {  // sparsity: AccelScope models dense tensors only
            if (kv.second.IsDefined() && !kv.second.IsNull() && kv.second.size() > 0)
                r.fail(kpath, "sparse tensors (densities) are not supported: AccelScope models dense layers");
            continue;
        }
        if (dimFromTimeloop(key, d)) {
            if (d == Dim::K) {
                if (channelKey) r.fail(kpath, "both M and K are given; they are the same dim");
                channelKey = key;
            }
            s[d] = r.integer(kv.second, kpath, 1);
        } else if (isOneOf(key, kCoefficients, 4)) {
            coeff[key] = r.integer(kv.second, kpath, 1);
        } else if (isOneOf(key, kInputSizes, 4)) {
            sizes[key] = r.integer(kv.second, kpath, key.size() == 1 ? 1 : 0);
        } else {
            r.fail(kpath, "unknown dim or coefficient '" + key + "' (expected N G C M/K P Q R S, Wstride Hstride "
                          "Wdilation Hdilation, W H Wpad Hpad)");
        }
    }

    Op op;
    op.name = name;
    op.kind = OpKind::Conv;
    op.inputs = {"x"};
    const std::int64_t g = s[Dim::G];
    op.groups = g;
    op.N = s[Dim::N];
    op.C = s[Dim::C] * g;
    op.K = s[Dim::K] * g;
    op.P = s[Dim::P];
    op.Q = s[Dim::Q];
    op.R = s[Dim::R];
    op.S = s[Dim::S];
    op.stride = {coeff["Wstride"], coeff["Hstride"]};
    op.dilation = {coeff["Wdilation"], coeff["Hdilation"]};
    // AccelScope's rows (H) are Timeloop's W axis; see the header.
    const auto axis = [&](const char* sizeKey, const char* padKey, std::int64_t out, std::int64_t filter,
                          std::int64_t stride, std::int64_t dilation, std::int64_t& size, std::int64_t& pad) {
        const std::int64_t full = ProblemShape::slidingExtent(out, filter, static_cast<int>(stride),
                                                              static_cast<int>(dilation));
        pad = sizes.count(padKey) ? sizes[padKey] : 0;
        size = sizes.count(sizeKey) ? sizes[sizeKey] : full - 2 * pad;
        const std::int64_t span = size + 2 * pad - dilation * (filter - 1) - 1;
        if (span < 0 || span / stride + 1 != out) {
            // Timeloop itself ignores these sizes (the dims and coefficients define the layer), so a
            // file whose sizes disagree is read as Timeloop reads it, and the user is told.
            if (notes)
                notes->push_back(ipath + "." + sizeKey + ": input size " + std::to_string(size) + " with padding " +
                                 std::to_string(pad) + " does not give " + std::to_string(out) +
                                 " outputs; Timeloop ignores it, and so does the import: the input is taken as " +
                                 std::to_string(full) + " without padding");
            size = full;
            pad = 0;
        }
    };
    axis("W", "Wpad", op.P, op.R, op.stride[0], op.dilation[0], op.H, op.padding[0]);
    axis("H", "Hpad", op.Q, op.S, op.stride[1], op.dilation[1], op.W, op.padding[1]);

    Workload w;
    w.name = name;
    w.source = "Timeloop v0.4 problem " + source;
    w.batch = op.N;
    w.inputs = {{"x", {op.N, op.C, op.H, op.W}}};
    w.ops = {op};
    // The workload loader's checks (dims, the P/Q rule, limits) apply to imported problems too.
    std::string text;
    try {
        text = serializeWorkload(w);
    } catch (const nlohmann::json::type_error&) {  // JSON text must be UTF-8; YAML strings need not be
        throw InputError(source, "problem", "a name is not valid UTF-8");
    }
    return parseWorkload(text, source);
}

YAML::Node exportTimeloopProblem(const Op& op) {
    const ProblemShape s = op.problem();
    const std::vector<Dim> dims = timeloopDims(s);
    const bool grouped = s[Dim::G] > 1;
    YAML::Node shape;
    shape["name"] = "CNN-Layer";
    for (Dim d : dims) shape["dimensions"].push_back(std::string(timeloopDimName(d)));
    for (const char* c : kCoefficients) {
        YAML::Node coefficient;
        coefficient["name"] = c;
        coefficient["default"] = 1;
        shape["coefficients"].push_back(coefficient);
    }
    // Projections: a list of axes, each a sum of terms [dim] or [dim, coefficient].
    const auto term = [](std::initializer_list<const char*> t) {
        YAML::Node n;
        for (const char* x : t) n.push_back(x);
        return n;
    };
    const auto axis = [&](std::initializer_list<std::initializer_list<const char*>> terms) {
        YAML::Node a;
        for (const auto& t : terms) a.push_back(term(t));
        return a;
    };
    const auto space = [&](const char* name, std::vector<YAML::Node> axes, bool readWrite) {
        YAML::Node ds;
        ds["name"] = name;
        if (grouped) ds["projection"].push_back(axis({{"G"}}));
        for (auto& a : axes) ds["projection"].push_back(a);
        if (readWrite) ds["read_write"] = true;
        return ds;
    };
    shape["data_spaces"].push_back(space("Weights", {axis({{"C"}}), axis({{"M"}}), axis({{"R"}}), axis({{"S"}})}, false));
    shape["data_spaces"].push_back(space("Inputs",
                                         {axis({{"N"}}), axis({{"C"}}), axis({{"R", "Wdilation"}, {"P", "Wstride"}}),
                                          axis({{"S", "Hdilation"}, {"Q", "Hstride"}})},
                                         false));
    shape["data_spaces"].push_back(space("Outputs", {axis({{"N"}}), axis({{"M"}}), axis({{"Q"}}), axis({{"P"}})}, true));

    YAML::Node instance;
    for (Dim d : dims) instance[std::string(timeloopDimName(d))] = s[d];
    instance["Wstride"] = s.strideH;
    instance["Hstride"] = s.strideW;
    instance["Wdilation"] = s.dilationH;
    instance["Hdilation"] = s.dilationW;
    if (op.kind == OpKind::Conv) {  // the padded input sizes (not Timeloop dims; Timeloop ignores them)
        instance["W"] = op.H;
        instance["H"] = op.W;
        instance["Wpad"] = op.padding[0];
        instance["Hpad"] = op.padding[1];
    }
    YAML::Node problem;
    problem["version"] = "0.4";
    problem["shape"] = shape;
    problem["instance"] = instance;
    return problem;
}

}  // namespace accelscope::timeloop
