#pragma once
// Builds small ONNX models through the protobuf API for the import tests: graph inputs (a dim of -1 is
// the free batch dim "N"), weights (initializers holding only their dims, or graph inputs for a model
// exported without weights), nodes with attributes, and a file to import.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include <onnx/onnx_pb.h>

namespace onnxtest {

using Dims = std::vector<std::int64_t>;
using AttributeValue = std::variant<std::int64_t, Dims, float, std::string>;
struct Attribute {
    std::string name;
    AttributeValue value;
};

class OnnxBuilder {
public:
    explicit OnnxBuilder(int opset = 13, bool weightsAsInputs = false) : weightsAsInputs_(weightsAsInputs) {
        model_.set_ir_version(7);
        model_.set_producer_name("accelscope-tests");
        auto* o = model_.add_opset_import();
        o->set_domain("");
        o->set_version(opset);
        model_.mutable_graph()->set_name("test");
    }

    // A float graph input; -1 marks a free dim named `freeName`.
    std::string input(const std::string& name, const Dims& dims, const std::string& freeName = "N") {
        auto* v = model_.mutable_graph()->add_input();
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto_DataType_FLOAT);
        auto* s = t->mutable_shape();
        for (auto d : dims) {
            auto* dim = s->add_dim();
            if (d < 0) dim->set_dim_param(freeName);
            else dim->set_dim_value(d);
        }
        return name;
    }

    // A graph input of any element type whose dims are sizes or names (dim_param: symbolic, fixed by --dim).
    using DimSpec = std::variant<std::int64_t, std::string>;
    std::string typedInput(const std::string& name, const std::vector<DimSpec>& dims,
                           int type = onnx::TensorProto_DataType_FLOAT) {
        auto* v = model_.mutable_graph()->add_input();
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(type);
        auto* s = t->mutable_shape();
        for (const auto& d : dims) {
            auto* dim = s->add_dim();
            if (auto* size = std::get_if<std::int64_t>(&d)) dim->set_dim_value(*size);
            else dim->set_dim_param(std::get<std::string>(d));
        }
        return name;
    }

    // A learned tensor: an initializer with its dims only (no values needed for import), or a graph input.
    std::string weight(const std::string& name, const Dims& dims) {
        if (weightsAsInputs_) return input(name, dims);
        auto* t = model_.mutable_graph()->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto_DataType_FLOAT);
        for (auto d : dims) t->add_dims(d);
        return name;
    }

    // An initializer with values (Clip bounds, Resize scales).
    std::string constant(const std::string& name, const Dims& dims, const std::vector<float>& values) {
        auto* t = model_.mutable_graph()->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto_DataType_FLOAT);
        for (auto d : dims) t->add_dims(d);
        for (auto v : values) t->add_float_data(v);
        return name;
    }
    std::string constantInt64(const std::string& name, const Dims& dims, const std::vector<std::int64_t>& values) {
        auto* t = model_.mutable_graph()->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto_DataType_INT64);
        for (auto d : dims) t->add_dims(d);
        for (auto v : values) t->add_int64_data(v);
        return name;
    }

    // A Constant node holding an int64 tensor (dims {} for a scalar), as torch.onnx writes shape constants.
    std::string constantNode(const std::string& name, const Dims& dims, const std::vector<std::int64_t>& values) {
        auto* n = model_.mutable_graph()->add_node();
        n->set_op_type("Constant");
        n->set_name(name);
        n->add_output(name);
        auto* a = n->add_attribute();
        a->set_name("value");
        a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
        auto* t = a->mutable_t();
        t->set_data_type(onnx::TensorProto_DataType_INT64);
        for (auto d : dims) t->add_dims(d);
        for (auto v : values) t->add_int64_data(v);
        return name;
    }

    // A node named `name` whose single output is also called `name`; returns the output.
    std::string node(const std::string& type, const std::string& name, const std::vector<std::string>& inputs,
                     const std::vector<Attribute>& attributes = {}, const std::string& domain = "") {
        auto* n = model_.mutable_graph()->add_node();
        n->set_op_type(type);
        n->set_name(name);
        if (!domain.empty()) n->set_domain(domain);
        for (const auto& i : inputs) n->add_input(i);
        n->add_output(name);
        for (const auto& a : attributes) {
            auto* p = n->add_attribute();
            p->set_name(a.name);
            if (auto* i = std::get_if<std::int64_t>(&a.value)) {
                p->set_type(onnx::AttributeProto_AttributeType_INT);
                p->set_i(*i);
            } else if (auto* l = std::get_if<Dims>(&a.value)) {
                p->set_type(onnx::AttributeProto_AttributeType_INTS);
                for (auto v : *l) p->add_ints(v);
            } else if (auto* f = std::get_if<float>(&a.value)) {
                p->set_type(onnx::AttributeProto_AttributeType_FLOAT);
                p->set_f(*f);
            } else {
                p->set_type(onnx::AttributeProto_AttributeType_STRING);
                p->set_s(std::get<std::string>(a.value));
            }
        }
        return name;
    }

    // A node with several outputs, named `name`_output_0, _1, ... as torch.onnx names them.
    std::vector<std::string> nodeOutputs(const std::string& type, const std::string& name,
                                         const std::vector<std::string>& inputs, int outputs,
                                         const std::vector<Attribute>& attributes = {}) {
        node(type, name, inputs, attributes);
        auto* n = model_.mutable_graph()->mutable_node(model_.graph().node_size() - 1);
        n->clear_output();
        std::vector<std::string> names;
        for (int i = 0; i < outputs; ++i) names.push_back(*n->add_output() = name + "_output_" + std::to_string(i));
        return names;
    }

    // ConstantOfShape(shape) filled with `value` (float), as torch.onnx writes ones/zeros of a computed size.
    std::string constantOfShape(const std::string& name, const std::string& shape, float value) {
        node("ConstantOfShape", name, {shape});
        auto* a = model_.mutable_graph()->mutable_node(model_.graph().node_size() - 1)->add_attribute();
        a->set_name("value");
        a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
        a->mutable_t()->set_data_type(onnx::TensorProto_DataType_FLOAT);
        a->mutable_t()->add_dims(1);
        a->mutable_t()->add_float_data(value);
        return name;
    }

    void output(const std::string& name) { model_.mutable_graph()->add_output()->set_name(name); }
    void useDomain(const std::string& domain, int version) {
        auto* o = model_.add_opset_import();
        o->set_domain(domain);
        o->set_version(version);
    }

    onnx::ModelProto& model() { return model_; }
    const onnx::ModelProto& model() const { return model_; }
    std::string bytes() const { return model_.SerializeAsString(); }
    std::filesystem::path save(const std::filesystem::path& path) const {
        std::ofstream out(path, std::ios::binary);
        out << bytes();
        return path;
    }

private:
    onnx::ModelProto model_;
    bool weightsAsInputs_;
};

}  // namespace onnxtest
