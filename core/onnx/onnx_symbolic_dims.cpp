// The symbolic dims of a model's inputs, read without parsing the model: the protobuf is walked field
// by field (ModelProto.graph -> GraphProto.input and .initializer), only the inputs are parsed, the
// initializers' names read, and everything else (nodes, weight data) skipped by seeking past it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <set>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/wire_format_lite.h>
#include <onnx/onnx_pb.h>

#include "onnx/onnx_import.h"
#include "util/input_error.h"

namespace accelscope {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Reads a length-delimited field's bytes.
bool readBytes(CodedInputStream& in, std::string& out) { return WireFormatLite::ReadBytes(&in, &out); }

bool isLengthDelimited(std::uint32_t tag) {
    return WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
}

// Inside a GraphProto: the inputs parsed, the initializers' names taken, the rest skipped.
bool walkGraph(CodedInputStream& in, std::vector<onnx::ValueInfoProto>& inputs, std::set<std::string>& initializers) {
    while (const std::uint32_t tag = in.ReadTag()) {
        const int field = WireFormatLite::GetTagFieldNumber(tag);
        if (field == onnx::GraphProto::kInputFieldNumber && isLengthDelimited(tag)) {
            std::string bytes;
            if (!readBytes(in, bytes)) return false;
            onnx::ValueInfoProto v;
            if (!v.ParseFromString(bytes)) return false;
            inputs.push_back(std::move(v));
        } else if (field == onnx::GraphProto::kInitializerFieldNumber && isLengthDelimited(tag)) {
            std::uint32_t length = 0;
            if (!in.ReadVarint32(&length) || length > static_cast<std::uint32_t>(INT_MAX)) return false;
            const auto limit = in.PushLimit(static_cast<int>(length));
            while (const std::uint32_t t = in.ReadTag()) {
                if (WireFormatLite::GetTagFieldNumber(t) == onnx::TensorProto::kNameFieldNumber && isLengthDelimited(t)) {
                    std::string name;
                    if (!readBytes(in, name)) return false;
                    initializers.insert(std::move(name));
                } else if (!WireFormatLite::SkipField(&in, t)) {
                    return false;
                }
            }
            if (!in.ConsumedEntireMessage()) return false;
            in.PopLimit(limit);
        } else if (!WireFormatLite::SkipField(&in, tag)) {
            return false;
        }
    }
    return true;
}

bool walkModel(CodedInputStream& in, std::vector<onnx::ValueInfoProto>& inputs, std::set<std::string>& initializers) {
    while (const std::uint32_t tag = in.ReadTag()) {
        if (WireFormatLite::GetTagFieldNumber(tag) == onnx::ModelProto::kGraphFieldNumber && isLengthDelimited(tag)) {
            std::uint32_t length = 0;
            if (!in.ReadVarint32(&length) || length > static_cast<std::uint32_t>(INT_MAX)) return false;
            const auto limit = in.PushLimit(static_cast<int>(length));
            if (!walkGraph(in, inputs, initializers) || !in.ConsumedEntireMessage()) return false;
            in.PopLimit(limit);
        } else if (!WireFormatLite::SkipField(&in, tag)) {
            return false;
        }
    }
    return in.ConsumedEntireMessage();
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

std::vector<OnnxSymbolicDim> onnxSymbolicDims(const std::filesystem::path& file) {
    const std::string source = file.string();
    const FileDescriptor fd(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw InputError(source, "", std::string("cannot open the file: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) throw InputError(source, "", "not a regular file");
    if (info.st_size == 0) throw InputError(source, "", "the file is empty, not an ONNX model");
    std::vector<onnx::ValueInfoProto> inputs;
    std::set<std::string> initializers;
    {
        google::protobuf::io::FileInputStream stream(fd.get());
        CodedInputStream in(&stream);
        // Skipping seeks, and a seek may pass the end of a truncated file without failing: the position
        // reached tells.
        if (!walkModel(in, inputs, initializers) || stream.GetErrno() != 0 || in.CurrentPosition() != info.st_size)
            throw InputError(source, "", "not an ONNX model (the protobuf does not parse; a truncated or non-ONNX file?)");
    }
    std::vector<OnnxSymbolicDim> dims;
    for (const auto& input : inputs) {
        if (initializers.count(input.name()) || !input.type().has_tensor_type()) continue;
        const auto& shape = input.type().tensor_type().shape();
        for (int axis = 0; axis < shape.dim_size(); ++axis) {
            const auto& d = shape.dim(axis);
            if (!d.has_dim_param() || d.dim_param().empty() || (d.has_dim_value() && d.dim_value() > 0)) continue;
            auto it = std::find_if(dims.begin(), dims.end(), [&](const OnnxSymbolicDim& s) { return s.name == d.dim_param(); });
            if (it == dims.end()) {
                dims.push_back({d.dim_param(), {}, true});
                it = dims.end() - 1;
            }
            it->places.push_back("input " + quoted(input.name()) + ", axis " + std::to_string(axis));
            it->batchAxis = it->batchAxis && axis == 0;
        }
    }
    return dims;
}

}  // namespace accelscope
