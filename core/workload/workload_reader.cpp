// Loading a workload: validate every field and the graph, report every problem at once.
#include <algorithm>
#include <map>
#include <set>

#include "util/data_paths.h"
#include "util/json_reader.h"
#include "workload/workload_io.h"

namespace accelscope {
namespace {
using nlohmann::json;

// Limits that keep every derived figure inside 64 bits and refuse absurd sizes up front.
constexpr std::int64_t kMaxDim = std::int64_t{1} << 24;        // one loop bound
constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;   // one tensor
constexpr std::int64_t kMaxMacs = std::int64_t{1} << 52;       // one op, repeat included
constexpr std::int64_t kMaxRepeat = 100000;
constexpr std::size_t kMaxRank = 8;
constexpr std::size_t kMaxOps = 20000;  // distinct ops (EfficientNet-B7 has 815); loading is quadratic

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string t = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) t += (i ? "," : "") + std::to_string(shape[i]);
    return t + "]";
}

// Product with an overflow/limit check; returns -1 when it exceeds `limit`.
std::int64_t boundedProduct(std::initializer_list<std::int64_t> factors, std::int64_t limit) {
    std::int64_t p = 1;
    for (auto f : factors) {
        if (f <= 0) return 0;
        if (__builtin_mul_overflow(p, f, &p) || p > limit) return -1;
    }
    return p;
}

struct OpReader {
    ObjectReader r;
    Op& op;

    std::int64_t dim(std::string_view key) { return r.positiveInt(key, kMaxDim).value_or(0); }
    std::array<std::int64_t, 2> pair(std::string_view key, std::int64_t min) {
        auto v = r.intArray(key, 2, min, kMaxDim);
        return v ? std::array<std::int64_t, 2>{(*v)[0], (*v)[1]} : std::array<std::int64_t, 2>{0, 0};
    }

    void readWindow() {
        const bool conv = op.kind == OpKind::Conv;
        op.N = dim("N");
        op.C = dim("C");
        if (conv) op.K = dim("K");
        op.H = dim("H");
        op.W = dim("W");
        op.P = dim("P");
        op.Q = dim("Q");
        op.R = dim("R");
        op.S = dim("S");
        op.stride = pair("stride", 1);
        op.padding = pair("padding", 0);
        if (conv) {
            op.dilation = pair("dilation", 1);
            op.groups = r.positiveInt("groups", kMaxDim).value_or(0);
        }
        if (op.groups > 0 && op.C > 0 && op.C % op.groups != 0)
            r.problem("C (" + std::to_string(op.C) + ") must be divisible by groups (" + std::to_string(op.groups) + ")");
        if (conv && op.groups > 0 && op.K > 0 && op.K % op.groups != 0)
            r.problem("K (" + std::to_string(op.K) + ") must be divisible by groups (" + std::to_string(op.groups) + ")");
        checkOutputExtent("P", op.P, op.H, op.R, 0);
        checkOutputExtent("Q", op.Q, op.W, op.S, 1);
    }

    // P = floor((H + 2 pad - dilation (R - 1) - 1) / stride) + 1, as PyTorch and ONNX define it.
    void checkOutputExtent(const char* outName, std::int64_t out, std::int64_t in, std::int64_t filter, int axis) {
        const auto stride = op.stride[axis], pad = op.padding[axis], dil = op.dilation[axis];
        if (out <= 0 || in <= 0 || filter <= 0 || stride <= 0 || dil <= 0) return;  // reported already
        const std::int64_t span = in + 2 * pad - dil * (filter - 1) - 1;
        const char* inName = axis == 0 ? "H" : "W";
        const char* filterName = axis == 0 ? "R" : "S";
        if (span < 0) {
            r.problem(std::string("the filter (") + filterName + " " + std::to_string(filter) + ", dilation " +
                      std::to_string(dil) + ") is larger than the padded input (" + inName + " " + std::to_string(in) +
                      " + 2 x padding " + std::to_string(pad) + ")");
            return;
        }
        const std::int64_t expected = span / stride + 1;
        if (expected != out)
            r.problem(std::string(outName) + " must be " + std::to_string(expected) + " for " + inName + " " +
                      std::to_string(in) + ", " + filterName + " " + std::to_string(filter) + ", stride " +
                      std::to_string(stride) + ", padding " + std::to_string(pad) + ", dilation " +
                      std::to_string(dil) + "; got " + std::to_string(out));
    }

    void readMatrix() {
        if (op.kind == OpKind::MatMul) op.B = dim("B");
        op.M = dim("M");
        op.N = dim("N");
        op.K = dim("K");
        if (op.kind == OpKind::Linear) op.bias = r.optionalBool("bias", false).value_or(false);
    }

    void readShaped() {
        if (auto s = r.intArray("shape", 0, 1, kMaxDim)) {
            op.shape = *s;
            if (op.shape.size() > kMaxRank)
                r.problem("shape has " + std::to_string(op.shape.size()) + " axes; at most " +
                          std::to_string(kMaxRank) + " are supported");
        }
        if (op.kind == OpKind::Softmax || op.kind == OpKind::LayerNorm) {
            const auto rank = static_cast<std::int64_t>(std::max<std::size_t>(op.shape.size(), 1));
            op.axis = r.optionalInteger("axis", -1, -rank, rank - 1).value_or(-1);
        }
        if (op.kind == OpKind::BatchNorm) op.foldable = r.optionalBool("foldable", false).value_or(false);
    }
};

// How many inputs each kind takes: {min, max}.
std::pair<std::size_t, std::size_t> inputArity(OpKind kind) {
    switch (kind) {
    case OpKind::MatMul: return {2, 2};
    case OpKind::Add:
    case OpKind::Mul: return {1, 2};  // one input: with a constant (e.g. attention's 1/sqrt(d) scale)
    case OpKind::Concat: return {1, 64};
    case OpKind::Gather: return {1, 2};  // data, or indices into a constant table, or both
    default: return {1, 1};
    }
}

// The elements an op reads from its i-th input, when its own fields fix that number (0: not fixed).
std::int64_t expectedInputElements(const Op& op, std::size_t i) {
    switch (op.kind) {
    case OpKind::Conv:
    case OpKind::MaxPool:
    case OpKind::AvgPool:
    case OpKind::GlobalAvgPool: return op.N * op.C * op.H * op.W;
    case OpKind::Linear: return op.M * op.K;
    case OpKind::MatMul: return i == 0 ? op.B * op.M * op.K : op.B * op.K * op.N;
    case OpKind::Add:
    case OpKind::Mul:
    case OpKind::Concat:
    case OpKind::Expand: return 0;  // broadcast / concatenation: checked separately
    case OpKind::Gather: return 0;  // picks any number of elements of its data
    default: return shapeElements(op.shape);  // unary ops keep the element count
    }
}

class WorkloadReader {
public:
    WorkloadReader(const std::string& source) : problems_(source) {}

    Workload read(const json& root) {
        ObjectReader top(root, "", problems_);
        if (!top.valid()) problems_.throwIfAny();
        if (auto format = top.string("format"); format && *format != kWorkloadFormat)
            top.problem("format must be \"" + std::string(kWorkloadFormat) + "\", got \"" + *format + "\"");
        if (auto version = top.integer("version", 1, 1000000); version && *version != kWorkloadVersion)
            top.problem("version " + std::to_string(*version) + " is not supported (this build reads version " +
                        std::to_string(kWorkloadVersion) + "; a newer AccelScope wrote this file?)");
        w_.name = top.string("name").value_or("");
        if (top.has("name") && w_.name.empty()) top.problem("name must not be empty");
        w_.source = top.optionalString("source", "").value_or("");
        w_.batch = top.positiveInt("batch", kMaxDim).value_or(1);
        if (const json* inputs = top.array("inputs")) readInputs(*inputs);
        if (const json* ops = top.array("ops")) readOps(*ops);
        top.rejectUnknownKeys();
        problems_.throwIfAny();
        return std::move(w_);
    }

private:
    void readInputs(const json& inputs) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            ObjectReader r(inputs[i], "input #" + std::to_string(i + 1), problems_);
            if (!r.valid()) continue;
            GraphInput in;
            in.name = r.string("name").value_or("");
            if (auto s = r.intArray("shape", 0, 1, kMaxDim)) in.shape = *s;
            r.rejectUnknownKeys();
            if (!in.name.empty()) claimName(in.name, "input #" + std::to_string(i + 1));
            w_.inputs.push_back(std::move(in));
        }
    }

    void readOps(const json& ops) {
        if (ops.empty()) problems_.add("", "ops must hold at least one operation");
        if (ops.size() > kMaxOps) {  // refused before any op is built
            problems_.add("", "ops holds " + std::to_string(ops.size()) + " operations; at most " +
                                  std::to_string(kMaxOps) + " are supported (use repeat for repeated blocks)");
            return;
        }
        // All names first, so that a reference to a later op can be told from an unknown one.
        std::map<std::string, std::size_t> position;
        for (std::size_t i = 0; i < ops.size(); ++i)
            if (ops[i].is_object() && ops[i].contains("name") && ops[i]["name"].is_string())
                position.emplace(ops[i]["name"].get<std::string>(), i);

        for (std::size_t i = 0; i < ops.size(); ++i) {
            std::string where = "op #" + std::to_string(i + 1);
            if (ops[i].is_object() && ops[i].contains("name") && ops[i]["name"].is_string() &&
                !ops[i]["name"].get<std::string>().empty())
                where = "op " + inQuotes(ops[i]["name"].get<std::string>());
            Op op;
            OpReader r{ObjectReader(ops[i], where, problems_), op};
            if (!r.r.valid()) continue;
            op.name = r.r.string("name").value_or("");
            if (r.r.has("name") && op.name.empty()) r.r.problem("name must not be empty");
            if (!op.name.empty()) claimName(op.name, where);

            const auto kindName = r.r.string("kind");
            const auto kind = kindName ? opKindFromName(*kindName) : std::nullopt;
            if (kindName && !kind) {
                std::string known;
                for (auto k : allOpKinds()) known += (known.empty() ? "" : ", ") + std::string(opKindName(k));
                r.r.problem("unknown kind \"" + *kindName + "\" (known kinds: " + known + ")");
            }
            if (const json* inputs = r.r.array("inputs")) readInputNames(*inputs, r.r, op, i, position);
            op.repeat = r.r.optionalInteger("repeat", 1, 1, kMaxRepeat).value_or(1);
            if (!kind) {
                r.r.allow({"N", "C", "K", "H", "W", "P", "Q", "R", "S", "stride", "padding", "dilation", "groups",
                           "B", "M", "bias", "shape", "axis", "foldable"});
                r.r.rejectUnknownKeys();
                continue;
            }
            op.kind = *kind;
            switch (opLayout(op.kind)) {
            case OpLayout::Window: r.readWindow(); break;
            case OpLayout::Global:
                op.N = r.dim("N");
                op.C = r.dim("C");
                op.H = r.dim("H");
                op.W = r.dim("W");
                break;
            case OpLayout::Matrix: r.readMatrix(); break;
            case OpLayout::Shaped: r.readShaped(); break;
            }
            r.r.rejectUnknownKeys();
            const bool sized = checkSizes(r.r, op);
            checkArity(r.r, op);
            w_.ops.push_back(std::move(op));
            if (sized) checkProducers(r.r, w_.ops.back());
            else sane_ = false;
        }
    }

    void readInputNames(const json& inputs, ObjectReader& r, Op& op, std::size_t index,
                        const std::map<std::string, std::size_t>& position) {
        for (const auto& v : inputs) {
            if (!v.is_string() || v.get<std::string>().empty()) {
                r.problem("inputs must be names of graph inputs or earlier ops, got " + describeJson(v));
                continue;
            }
            const auto name = v.get<std::string>();
            op.inputs.push_back(name);
            if (graphInputs_.count(name) || (opsSoFar_.count(name) && name != op.name)) continue;
            auto at = position.find(name);
            if (name == op.name)
                r.problem("input " + inQuotes(name) + " is the op itself (a cycle)");
            else if (at != position.end() && at->second > index)
                r.problem("input " + inQuotes(name) + " is produced by a later op (#" + std::to_string(at->second + 1) +
                          "): ops must be listed in topological order, and a cycle has none");
            else
                r.problem("input " + inQuotes(name) + " names no graph input or op");
        }
        if (!op.name.empty()) opsSoFar_.insert(op.name);
    }

    // Every tensor and the MAC count must stay inside the limits before any figure is computed
    // (a product of eight 2^24 dims would overflow 64 bits). Returns false when something is over.
    bool checkSizes(ObjectReader& r, const Op& op) {
        for (auto d : {op.N, op.C, op.K, op.H, op.W, op.P, op.Q, op.R, op.S, op.B, op.M, op.groups})
            if (d <= 0) return false;  // a bad dim was reported already
        auto over = [&](const char* what, std::int64_t n) {
            if (n >= 0) return false;
            r.problem(std::string("the ") + what + " would hold more than 2^40 elements");
            return true;
        };
        bool bad = false;
        switch (opLayout(op.kind)) {
        case OpLayout::Window:
        case OpLayout::Global:
            bad |= over("input tensor", boundedProduct({op.N, op.C, op.H, op.W}, kMaxElements));
            bad |= over("output tensor", boundedProduct({op.N, std::max(op.C, op.K), op.P, op.Q}, kMaxElements));
            bad |= over("weight tensor", boundedProduct({op.K, op.C, op.R, op.S}, kMaxElements));
            break;
        case OpLayout::Matrix:
            bad |= over("first operand", boundedProduct({op.B, op.M, op.K}, kMaxElements));
            bad |= over("second operand", boundedProduct({op.B, op.K, op.N}, kMaxElements));
            bad |= over("output tensor", boundedProduct({op.B, op.M, op.N}, kMaxElements));
            break;
        case OpLayout::Shaped: {
            std::int64_t p = 1;
            for (auto d : op.shape)
                if (d <= 0 || __builtin_mul_overflow(p, d, &p) || p > kMaxElements) {
                    if (d > 0) r.problem("shape " + shapeText(op.shape) + " would hold more than 2^40 elements");
                    return false;
                }
            if (op.shape.empty()) return false;
            break;
        }
        }
        if (bad) return false;
        if (op.isMacOp()) {
            const std::int64_t macs =
                op.kind == OpKind::Conv
                    ? boundedProduct({op.N, op.K, op.P, op.Q, op.C / op.groups, op.R, op.S, op.repeat}, kMaxMacs)
                    : boundedProduct({op.B, op.M, op.N, op.K, op.repeat}, kMaxMacs);
            if (macs < 0) {
                r.problem("the op would need more than 2^52 MACs");
                return false;
            }
        }
        return true;
    }

    void checkArity(ObjectReader& r, const Op& op) {
        const auto [lo, hi] = inputArity(op.kind);
        if (op.inputs.size() < lo || op.inputs.size() > hi) {
            const std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
            r.problem(std::string(opKindName(op.kind)) + " takes " + want + " input" + (hi == 1 ? "" : "s") +
                      ", got " + std::to_string(op.inputs.size()));
        }
    }

    // What an op reads must be what its producers make (catches a wrong dim in a hand-edited file).
    void checkProducers(ObjectReader& r, const Op& op) {
        const std::int64_t out = outputElements(op);
        std::int64_t sum = 0;
        if (!sane_) return;
        for (std::size_t i = 0; i < op.inputs.size(); ++i) {
            const std::int64_t made = w_.producedElements(op.inputs[i]);
            if (made <= 0) return;  // unknown producer, reported already
            sum += made;
            const std::int64_t want = expectedInputElements(op, i);
            if (want > 0 && made != want)
                r.problem("reads " + std::to_string(want) + " elements from " + inQuotes(op.inputs[i]) + ", which produces " +
                          std::to_string(made));
            if ((op.kind == OpKind::Add || op.kind == OpKind::Mul || op.kind == OpKind::Expand) &&
                (made > out || out % made != 0))
                r.problem("input " + inQuotes(op.inputs[i]) + " (" + std::to_string(made) +
                          " elements) does not broadcast to shape " + shapeText(op.shape));
        }
        if (op.kind == OpKind::Concat && sum != out)
            r.problem("concatenates " + std::to_string(sum) + " elements into shape " + shapeText(op.shape) +
                      " of " + std::to_string(out));
    }

    void claimName(const std::string& name, const std::string& where) {
        auto [it, fresh] = names_.emplace(name, where);
        if (!fresh) problems_.add(where, "name " + inQuotes(name) + " is already used by " + it->second);
        if (where.rfind("input", 0) == 0) graphInputs_.insert(name);
    }

    ProblemList problems_;
    Workload w_;
    std::map<std::string, std::string> names_;
    std::set<std::string> graphInputs_;
    std::set<std::string> opsSoFar_;
    bool sane_ = true;  // every op so far within the size limits (figures are safe to compute)
};

}  // namespace

Workload parseWorkload(const std::string& text, const std::string& source) {
    const json root = parseJson(text, source);
    return WorkloadReader(source).read(root);
}

Workload loadWorkload(const std::filesystem::path& path) {
    return parseWorkload(readTextFile(path), path.string());
}

std::vector<std::string> shippedWorkloadNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(workloadsDir(), ec))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

Workload loadWorkloadByNameOrPath(std::string_view nameOrPath) {
    const std::filesystem::path asPath(nameOrPath);
    std::error_code ec;
    const bool looksLikePath = nameOrPath.find('/') != std::string_view::npos || asPath.has_extension() ||
                               std::filesystem::exists(asPath, ec);
    if (looksLikePath) return loadWorkload(asPath);
    const auto shipped = workloadsDir() / (std::string(nameOrPath) + ".json");
    if (std::filesystem::exists(shipped, ec)) return loadWorkload(shipped);
    std::string known;
    for (const auto& n : shippedWorkloadNames()) known += (known.empty() ? "" : ", ") + n;
    throw InputError(std::string(nameOrPath), "",
                     "no such workload file, and no shipped network of that name (shipped: " +
                         (known.empty() ? std::string("none found in ") + workloadsDir().string() : known) + ")");
}

}  // namespace accelscope
