#pragma once
// ResNet-50, MobileNetV2 and EfficientNet-B0 as ONNX graphs, built as torchvision's export would
// write them (Conv without bias + BatchNormalization, Relu / Clip(0, 6) / x * Sigmoid(x), Gemm with
// transB for the classifier), block by block as scripts/gen_workloads.py builds the shipped files and
// with the same node names, so the import can be compared with workloads/*.json op for op.
#include <map>
#include <string>

#include "onnx/onnx_builder.h"

namespace onnxtest {

class NetBuilder {
public:
    explicit NetBuilder(bool weightsAsInputs = false, std::int64_t batch = 1) : b_(13, weightsAsInputs) {
        shapes_["image"] = {batch < 0 ? 1 : batch, 3, 224, 224};
        b_.input("image", {batch, 3, 224, 224});
        b_.constant("clip.min", {}, {0.0f});
        b_.constant("clip.max", {}, {6.0f});
    }
    OnnxBuilder& builder() { return b_; }
    const Dims& shape(const std::string& x) { return shapes_.at(x); }

    std::string conv(const std::string& name, const std::string& x, std::int64_t k, std::int64_t kernel,
                     std::int64_t stride = 1, std::int64_t pad = -1, std::int64_t groups = 1) {
        const Dims s = shapes_.at(x);
        if (pad < 0) pad = (kernel - 1) / 2;
        const std::int64_t p = (s[2] + 2 * pad - (kernel - 1) - 1) / stride + 1;
        const std::int64_t q = (s[3] + 2 * pad - (kernel - 1) - 1) / stride + 1;
        const auto w = b_.weight(name + ".weight", {k, s[1] / groups, kernel, kernel});
        b_.node("Conv", name, {x, w},
                {{"kernel_shape", Dims{kernel, kernel}}, {"strides", Dims{stride, stride}},
                 {"pads", Dims{pad, pad, pad, pad}}, {"dilations", Dims{1, 1}}, {"group", groups}});
        shapes_[name] = {s[0], k, p, q};
        return name;
    }
    std::string bn(const std::string& name, const std::string& x) {
        const std::int64_t c = shapes_.at(x)[1];
        std::vector<std::string> in = {x};
        for (const char* p : {".weight", ".bias", ".running_mean", ".running_var"}) in.push_back(b_.weight(name + p, {c}));
        return same(b_.node("BatchNormalization", name, in, {{"epsilon", 1e-5f}}), x);
    }
    std::string relu(const std::string& name, const std::string& x) { return same(b_.node("Relu", name, {x}), x); }
    std::string relu6(const std::string& name, const std::string& x) {
        return same(b_.node("Clip", name, {x, "clip.min", "clip.max"}), x);
    }
    std::string sigmoid(const std::string& name, const std::string& x) { return same(b_.node("Sigmoid", name, {x}), x); }
    // SiLU as PyTorch exports it: x * Sigmoid(x); the import folds it into one swish named like the Sigmoid.
    std::string swish(const std::string& name, const std::string& x) {
        const auto s = sigmoid(name, x);
        return same(b_.node("Mul", name + ".mul", {x, s}), x);
    }
    std::string act(const std::string& kind, const std::string& name, const std::string& x) {
        if (kind == "relu") return relu(name, x);
        if (kind == "relu6") return relu6(name, x);
        return swish(name, x);
    }
    std::string add(const std::string& name, const std::string& a, const std::string& c) {
        return same(b_.node("Add", name, {a, c}), a);
    }
    std::string mul(const std::string& name, const std::string& a, const std::string& c) {
        return same(b_.node("Mul", name, {a, c}), a);
    }
    std::string maxpool(const std::string& name, const std::string& x, std::int64_t kernel, std::int64_t stride,
                        std::int64_t pad) {
        const Dims s = shapes_.at(x);
        b_.node("MaxPool", name, {x},
                {{"kernel_shape", Dims{kernel, kernel}}, {"strides", Dims{stride, stride}}, {"pads", Dims{pad, pad, pad, pad}}});
        shapes_[name] = {s[0], s[1], (s[2] + 2 * pad - kernel) / stride + 1, (s[3] + 2 * pad - kernel) / stride + 1};
        return name;
    }
    std::string globalAvgpool(const std::string& name, const std::string& x) {
        const Dims s = shapes_.at(x);
        b_.node("GlobalAveragePool", name, {x});
        shapes_[name] = {s[0], s[1], 1, 1};
        return name;
    }
    // avgpool + flatten + Gemm(transB) classifier, as torchvision exports it.
    void classifier(const std::string& fc, const std::string& x) {
        const auto g = globalAvgpool("avgpool", x);
        const std::int64_t c = shapes_.at(g)[1];
        b_.node("Flatten", "flatten", {g}, {{"axis", std::int64_t{1}}});
        const auto w = b_.weight(fc + ".weight", {1000, c});
        const auto bias = b_.weight(fc + ".bias", {1000});
        b_.node("Gemm", fc, {"flatten", w, bias}, {{"transB", std::int64_t{1}}});
        b_.output(fc);
    }

private:
    std::string same(const std::string& out, const std::string& x) {
        shapes_[out] = shapes_.at(x);
        return out;
    }
    OnnxBuilder b_;
    std::map<std::string, Dims> shapes_;
};

// torchvision resnet50: Bottleneck v1.5 (stride in the 3x3), layers 3-4-6-3.
inline OnnxBuilder resnet50(bool weightsAsInputs = false, std::int64_t batch = 1) {
    NetBuilder n(weightsAsInputs, batch);
    auto convBn = [&](const std::string& p, const std::string& c, const std::string& b, const std::string& x,
                      std::int64_t k, std::int64_t kernel, std::int64_t stride, std::int64_t pad = -1) {
        return n.bn(p + b, n.conv(p + c, x, k, kernel, stride, pad));
    };
    std::string x = convBn("", "conv1", "bn1", "image", 64, 7, 2, 3);
    x = n.relu("relu", x);
    x = n.maxpool("maxpool", x, 3, 2, 1);
    const int blocks[] = {3, 4, 6, 3};
    const std::int64_t planesOf[] = {64, 128, 256, 512};
    std::int64_t in = 64;
    for (int li = 0; li < 4; ++li) {
        const std::int64_t planes = planesOf[li];
        for (int bi = 0; bi < blocks[li]; ++bi) {
            const std::int64_t stride = li > 0 && bi == 0 ? 2 : 1;
            const std::string p = "layer" + std::to_string(li + 1) + "." + std::to_string(bi) + ".";
            std::string identity = x;
            auto y = convBn(p, "conv1", "bn1", x, planes, 1, 1, 0);
            y = n.relu(p + "relu1", y);
            y = convBn(p, "conv2", "bn2", y, planes, 3, stride);
            y = n.relu(p + "relu2", y);
            y = convBn(p, "conv3", "bn3", y, planes * 4, 1, 1, 0);
            if (stride != 1 || in != planes * 4) identity = convBn(p, "downsample.0", "downsample.1", x, planes * 4, 1, stride, 0);
            y = n.add(p + "add", y, identity);
            x = n.relu(p + "relu", y);
            in = planes * 4;
        }
    }
    n.classifier("fc", x);
    return n.builder();
}

inline std::string convBnAct(NetBuilder& n, const std::string& p, const std::string& x, std::int64_t k,
                             std::int64_t kernel, std::int64_t stride, std::int64_t groups, const std::string& act) {
    auto y = n.bn(p + ".bn", n.conv(p + ".conv", x, k, kernel, stride, -1, groups));
    return act.empty() ? y : n.act(act, p + "." + act, y);
}

// torchvision mobilenet_v2, width 1.0.
inline OnnxBuilder mobilenetV2() {
    NetBuilder n;
    const std::int64_t settings[][4] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                        {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    std::string x = convBnAct(n, "features.0", "image", 32, 3, 2, 1, "relu6");
    std::int64_t in = 32;
    int f = 1;
    for (const auto& s : settings) {
        for (std::int64_t i = 0; i < s[2]; ++i) {
            const std::int64_t stride = i == 0 ? s[3] : 1;
            const std::string p = "features." + std::to_string(f);
            const std::int64_t hidden = in * s[0];
            std::string y = x;
            if (s[0] != 1) y = convBnAct(n, p + ".expand", y, hidden, 1, 1, 1, "relu6");
            y = convBnAct(n, p + ".dw", y, hidden, 3, stride, hidden, "relu6");
            y = convBnAct(n, p + ".project", y, s[1], 1, 1, 1, "");
            if (stride == 1 && in == s[1]) y = n.add(p + ".add", y, x);
            x = y;
            in = s[1];
            ++f;
        }
    }
    x = convBnAct(n, "features." + std::to_string(f), x, 1280, 1, 1, 1, "relu6");
    n.classifier("classifier.1", x);
    return n.builder();
}

// torchvision efficientnet_b0: MBConv with squeeze-excite (1x1 convs after global pooling) and SiLU.
inline OnnxBuilder efficientnetB0() {
    NetBuilder n;
    // expand ratio, kernel, stride, in, out, layers
    const std::int64_t base[][6] = {{1, 3, 1, 32, 16, 1},   {6, 3, 2, 16, 24, 2},  {6, 5, 2, 24, 40, 2},
                                    {6, 3, 2, 40, 80, 3},   {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4},
                                    {6, 3, 1, 192, 320, 1}};
    std::string x = convBnAct(n, "features.0", "image", 32, 3, 2, 1, "swish");
    for (int si = 0; si < 7; ++si) {
        const auto& [e, kernel, stride, cin, cout, layers] = base[si];
        for (std::int64_t li = 0; li < layers; ++li) {
            const std::int64_t inp = li == 0 ? cin : cout, s = li == 0 ? stride : 1;
            const std::string p = "features." + std::to_string(si + 1) + "." + std::to_string(li);
            const std::int64_t expanded = inp * e;
            std::string y = x;
            if (expanded != inp) y = convBnAct(n, p + ".expand", y, expanded, 1, 1, 1, "swish");
            y = convBnAct(n, p + ".dw", y, expanded, kernel, s, expanded, "swish");
            const std::int64_t squeeze = std::max<std::int64_t>(1, inp / 4);
            auto g = n.globalAvgpool(p + ".se.avgpool", y);
            g = n.conv(p + ".se.fc1", g, squeeze, 1);
            g = n.swish(p + ".se.swish", g);
            g = n.conv(p + ".se.fc2", g, expanded, 1);
            g = n.sigmoid(p + ".se.sigmoid", g);
            y = n.mul(p + ".se.scale", y, g);
            y = convBnAct(n, p + ".project", y, cout, 1, 1, 1, "");
            if (s == 1 && inp == cout) y = n.add(p + ".add", y, x);
            x = y;
        }
    }
    x = convBnAct(n, "features.8", x, 4 * n.shape(x)[1], 1, 1, 1, "swish");
    n.classifier("classifier.1", x);
    return n.builder();
}

}  // namespace onnxtest
