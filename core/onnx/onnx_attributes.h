#pragma once
// Typed access to an ONNX node's attributes. A present attribute of the wrong type is an error in the
// model (NodeError), never a silent default.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace accelscope::onnximport {

// A problem with one node; the translator reports it with the node's name and op type.
class NodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class NodeAttributes {
public:
    explicit NodeAttributes(const onnx::NodeProto& node) : node_(node) {}

    std::optional<std::int64_t> integer(const std::string& name) const;
    std::optional<std::vector<std::int64_t>> integers(const std::string& name) const;
    std::optional<double> number(const std::string& name) const;
    std::optional<std::string> text(const std::string& name) const;

    std::int64_t integer(const std::string& name, std::int64_t fallback) const { return integer(name).value_or(fallback); }

private:
    const onnx::AttributeProto* find(const std::string& name, onnx::AttributeProto_AttributeType type) const;
    const onnx::NodeProto& node_;
};

// "[1, 2, 3]", for messages.
std::string listText(const std::vector<std::int64_t>& values);

}  // namespace accelscope::onnximport
