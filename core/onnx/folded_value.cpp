#include "onnx/folded_value.h"

#include <cstring>
#include <string>

#include "onnx/onnx_attributes.h"

namespace accelscope::onnximport {
namespace {
using T = onnx::TensorProto;

// Bytes per element in raw_data; 0 for a type not folded.
std::size_t rawSize(int type) {
    switch (type) {
    case T::INT64: case T::UINT64: case T::DOUBLE: return 8;
    case T::INT32: case T::UINT32: case T::FLOAT: return 4;
    case T::INT16: case T::UINT16: return 2;
    case T::INT8: case T::UINT8: case T::BOOL: return 1;
    default: return 0;
    }
}

template <typename V>
V load(const char* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::int64_t rawInt(int type, const char* p) {
    switch (type) {
    case T::INT64: return load<std::int64_t>(p);
    case T::UINT64: return static_cast<std::int64_t>(load<std::uint64_t>(p));
    case T::INT32: return load<std::int32_t>(p);
    case T::UINT32: return load<std::uint32_t>(p);
    case T::INT16: return load<std::int16_t>(p);
    case T::UINT16: return load<std::uint16_t>(p);
    case T::INT8: return load<std::int8_t>(p);
    default: return load<std::uint8_t>(p);  // UINT8, BOOL
    }
}

}  // namespace

bool FoldedValue::isRealType(int type) { return type == T::FLOAT || type == T::DOUBLE; }
bool FoldedValue::isFoldableType(int type) { return rawSize(type) > 0; }

std::int64_t FoldedValue::scalarInt() const {
    if (size() != 1) throw NodeError("expected one value, got " + std::to_string(size()));
    return isReal() ? static_cast<std::int64_t>(reals[0]) : ints[0];
}

std::optional<std::int64_t> foldedElements(const std::vector<std::int64_t>& dims, const char* what) {
    std::int64_t n = 1;
    bool tooMany = false;
    for (auto d : dims) {
        if (d < 0) throw NodeError(std::string(what) + " " + listText(dims) + " has a negative dim");
        if (d == 0) return 0;
        if (n > (std::int64_t{1} << 40) / d) tooMany = true;
        else n *= d;
    }
    if (tooMany) throw NodeError(std::string(what) + " " + listText(dims) + " has more than 2^40 elements");
    if (n > kMaxFoldedElements) return std::nullopt;
    return n;
}

std::optional<FoldedValue> readTensor(const onnx::TensorProto& t, std::int64_t maxElements) {
    const int type = t.data_type();
    if (!FoldedValue::isFoldableType(type) || t.data_location() == T::EXTERNAL) return std::nullopt;
    FoldedValue v;
    v.type = type;
    v.dims.assign(t.dims().begin(), t.dims().end());
    std::int64_t n = 1;
    for (auto d : v.dims) {
        if (d < 0 || (d > 0 && n > maxElements / d)) return std::nullopt;
        n *= d;
    }
    if (n > maxElements) return std::nullopt;
    const auto count = static_cast<std::size_t>(n);
    const std::string& raw = t.raw_data();
    const std::size_t width = rawSize(type);
    if (!raw.empty()) {
        if (raw.size() != count * width) return std::nullopt;
        for (std::size_t i = 0; i < count; ++i) {
            const char* p = raw.data() + i * width;
            if (type == T::FLOAT) v.reals.push_back(load<float>(p));
            else if (type == T::DOUBLE) v.reals.push_back(load<double>(p));
            else v.ints.push_back(rawInt(type, p));
        }
    } else if (type == T::FLOAT && static_cast<std::size_t>(t.float_data_size()) == count) {
        v.reals.assign(t.float_data().begin(), t.float_data().end());
    } else if (type == T::DOUBLE && static_cast<std::size_t>(t.double_data_size()) == count) {
        v.reals.assign(t.double_data().begin(), t.double_data().end());
    } else if ((type == T::INT64) && static_cast<std::size_t>(t.int64_data_size()) == count) {
        v.ints.assign(t.int64_data().begin(), t.int64_data().end());
    } else if ((type == T::UINT64 || type == T::UINT32) && static_cast<std::size_t>(t.uint64_data_size()) == count) {
        for (auto x : t.uint64_data()) v.ints.push_back(static_cast<std::int64_t>(x));
    } else if (!FoldedValue::isRealType(type) && type != T::INT64 && type != T::UINT64 && type != T::UINT32 &&
               static_cast<std::size_t>(t.int32_data_size()) == count) {
        v.ints.assign(t.int32_data().begin(), t.int32_data().end());
    } else {
        return std::nullopt;  // no data (a weight stored for its shape only) or a count that does not match
    }
    return v;
}

onnx::TensorProto writeTensor(const FoldedValue& v) {
    onnx::TensorProto t;
    t.set_data_type(v.type);
    for (auto d : v.dims) t.add_dims(d);
    switch (v.type) {
    case T::FLOAT: for (double x : v.reals) t.add_float_data(static_cast<float>(x)); break;
    case T::DOUBLE: for (double x : v.reals) t.add_double_data(x); break;
    case T::INT64: for (auto x : v.ints) t.add_int64_data(x); break;
    case T::UINT64: case T::UINT32: for (auto x : v.ints) t.add_uint64_data(static_cast<std::uint64_t>(x)); break;
    default: for (auto x : v.ints) t.add_int32_data(static_cast<std::int32_t>(x)); break;
    }
    return t;
}

std::vector<std::int64_t> broadcastDims(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    const std::size_t rank = std::max(a.size(), b.size());
    std::vector<std::int64_t> out(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const std::int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (x != y && x != 1 && y != 1)
            throw NodeError("shapes " + listText(a) + " and " + listText(b) + " do not broadcast");
        out[i] = x == 1 ? y : x;
    }
    return out;
}

std::vector<std::size_t> broadcastSources(const std::vector<std::int64_t>& out, const std::vector<std::int64_t>& in) {
    std::size_t total = 1;
    for (auto d : out) total *= static_cast<std::size_t>(d);
    // The stride of each output axis in the input (0 where the input is broadcast along it).
    std::vector<std::size_t> stride(out.size(), 0);
    std::size_t s = 1;
    for (std::size_t k = 0; k < in.size(); ++k) {
        const std::size_t axisIn = in.size() - 1 - k, axisOut = out.size() - 1 - k;
        if (in[axisIn] != 1) stride[axisOut] = s;
        s *= static_cast<std::size_t>(in[axisIn]);
    }
    std::vector<std::size_t> sources(total);
    std::vector<std::int64_t> index(out.size(), 0);
    std::size_t at = 0;
    for (std::size_t i = 0; i < total; ++i) {
        sources[i] = at;
        for (std::size_t axis = out.size(); axis-- > 0;) {  // next index, last axis fastest
            at += stride[axis];
            if (++index[axis] < out[axis]) break;
            at -= stride[axis] * static_cast<std::size_t>(out[axis]);
            index[axis] = 0;
        }
    }
    return sources;
}

}  // namespace accelscope::onnximport
