#include "onnx/onnx_attributes.h"

namespace accelscope::onnximport {
namespace {
std::string typeName(onnx::AttributeProto_AttributeType type) {
    switch (type) {
    case onnx::AttributeProto_AttributeType_INT: return "an integer";
    case onnx::AttributeProto_AttributeType_INTS: return "a list of integers";
    case onnx::AttributeProto_AttributeType_FLOAT: return "a number";
    case onnx::AttributeProto_AttributeType_STRING: return "a string";
    default: return "another type";
    }
}
}  // namespace

const onnx::AttributeProto* NodeAttributes::find(const std::string& name, onnx::AttributeProto_AttributeType type) const {
    for (const auto& a : node_.attribute()) {
        if (a.name() != name) continue;
        // Old exporters leave `type` unset; then the filled field tells.
        const bool untyped = a.type() == onnx::AttributeProto_AttributeType_UNDEFINED;
        if (a.type() == type || untyped) return &a;
        throw NodeError("attribute " + name + " must be " + typeName(type) + ", got " + typeName(a.type()));
    }
    return nullptr;
}

std::optional<std::int64_t> NodeAttributes::integer(const std::string& name) const {
    const auto* a = find(name, onnx::AttributeProto_AttributeType_INT);
    if (!a) return std::nullopt;
    return a->i();
}

std::optional<std::vector<std::int64_t>> NodeAttributes::integers(const std::string& name) const {
    const auto* a = find(name, onnx::AttributeProto_AttributeType_INTS);
    if (!a) return std::nullopt;
    return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
}

std::optional<double> NodeAttributes::number(const std::string& name) const {
    const auto* a = find(name, onnx::AttributeProto_AttributeType_FLOAT);
    if (!a) return std::nullopt;
    return a->f();
}

std::optional<std::string> NodeAttributes::text(const std::string& name) const {
    const auto* a = find(name, onnx::AttributeProto_AttributeType_STRING);
    if (!a) return std::nullopt;
    return a->s();
}

std::string listText(const std::vector<std::int64_t>& values) {
    std::string t = "[";
    for (std::size_t i = 0; i < values.size(); ++i) t += (i ? ", " : "") + std::to_string(values[i]);
    return t + "]";
}

}  // namespace accelscope::onnximport
