#!/usr/bin/env python3
"""Generates the shipped networks in workloads/ from the networks' definitions.

The layer shapes follow the reference definitions (torchvision's model builders for the CNNs and
ViT-B/16, the BERT and Transformer papers for the encoders, GPT-2 small's released configuration);
each builder below mirrors its definition block by
block, so every conv/linear has the network's real shape, and the non-MAC ops (batchnorm, activations,
pooling, residual adds, squeeze-excite scaling, softmax, layernorm, reshapes) are in the graph.

The output is the canonical text core writes (core/workload/workload_writer.cpp), byte for byte, so
tests/workload/test_shipped_networks.cpp can check that every file is canonical.

Usage: scripts/gen_workloads.py [OUTPUT_DIR]   (default: workloads/ beside this script's folder)
Needs only Python 3's standard library.
"""
import json
import math
import os
import sys

GENERATOR = "scripts/gen_workloads.py"


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def elements(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def conv_out(size, kernel, stride, pad, dil=1):
    return (size + 2 * pad - dil * (kernel - 1) - 1) // stride + 1


class Net:
    """A network under construction: ops in topological order and the shape of every tensor."""

    def __init__(self, name, source, inputs, batch=1):
        self.name, self.source, self.batch = name, source, batch
        self.inputs = [{"name": n, "shape": list(s)} for n, s in inputs]
        self.shapes = {n: list(s) for n, s in inputs}
        self.ops = []
        self.repeat = 1  # applied to ops added while set (an encoder layer stack)

    def _add(self, op, out_shape):
        if op["name"] in self.shapes:
            raise ValueError("duplicate op name " + op["name"])
        for i in op["inputs"]:
            if i not in self.shapes:
                raise ValueError(op["name"] + " reads unknown tensor " + i)
        if self.repeat != 1:
            op["repeat"] = self.repeat
        self.ops.append(op)
        self.shapes[op["name"]] = list(out_shape)
        return op["name"]

    # --- MAC ops ---
    def conv(self, name, x, k, kernel, stride=1, pad=None, groups=1, dil=1):
        n, c, h, w = self.shapes[x]
        pad = (kernel - 1) // 2 * dil if pad is None else pad
        p, q = conv_out(h, kernel, stride, pad, dil), conv_out(w, kernel, stride, pad, dil)
        if c % groups or k % groups:
            raise ValueError(name + ": channels not divisible by groups")
        op = {"name": name, "kind": "conv", "inputs": [x], "N": n, "C": c, "K": k, "H": h, "W": w, "P": p, "Q": q,
              "R": kernel, "S": kernel, "stride": [stride, stride], "padding": [pad, pad], "dilation": [dil, dil],
              "groups": groups}
        return self._add(op, [n, k, p, q])

    def linear(self, name, x, n_out, bias=True):
        shape = self.shapes[x]
        k = shape[-1]
        m = elements(shape) // k
        op = {"name": name, "kind": "linear", "inputs": [x], "M": m, "N": n_out, "K": k, "bias": bias}
        return self._add(op, shape[:-1] + [n_out])

    def matmul(self, name, a, b, transpose_b=False):
        """[..., M, K] x [..., K, N] (or [..., N, K] with transpose_b, as attention's Q.K^T)."""
        sa, sb = self.shapes[a], self.shapes[b]
        m, k = sa[-2], sa[-1]
        n = sb[-2] if transpose_b else sb[-1]
        kb = sb[-1] if transpose_b else sb[-2]
        if kb != k or sa[:-2] != sb[:-2]:
            raise ValueError(name + ": operand shapes do not match")
        batch = elements(sa[:-2])
        op = {"name": name, "kind": "matmul", "inputs": [a, b], "B": batch, "M": m, "N": n, "K": k}
        return self._add(op, sa[:-2] + [m, n])

    # --- pooling ---
    def pool(self, kind, name, x, kernel, stride, pad):
        n, c, h, w = self.shapes[x]
        p, q = conv_out(h, kernel, stride, pad), conv_out(w, kernel, stride, pad)
        op = {"name": name, "kind": kind, "inputs": [x], "N": n, "C": c, "H": h, "W": w, "P": p, "Q": q, "R": kernel,
              "S": kernel, "stride": [stride, stride], "padding": [pad, pad]}
        return self._add(op, [n, c, p, q])

    def global_avgpool(self, name, x):
        n, c, h, w = self.shapes[x]
        op = {"name": name, "kind": "global_avgpool", "inputs": [x], "N": n, "C": c, "H": h, "W": w}
        return self._add(op, [n, c, 1, 1])

    # --- shaped ops ---
    def shaped(self, kind, name, inputs, shape, **extra):
        op = {"name": name, "kind": kind, "inputs": list(inputs), "shape": list(shape)}
        op.update(extra)
        return self._add(op, shape)

    def act(self, kind, name, x):
        return self.shaped(kind, name, [x], self.shapes[x])

    def bn(self, name, x):
        return self.shaped("batchnorm", name, [x], self.shapes[x], foldable=True)

    def add(self, name, a, b=None):
        return self.shaped("add", name, [a] if b is None else [a, b], self.shapes[a])

    def mul(self, name, a, b=None):
        return self.shaped("mul", name, [a] if b is None else [a, b], self.shapes[a])

    def flatten(self, name, x):
        s = self.shapes[x]
        return self.shaped("flatten", name, [x], [s[0], elements(s[1:])])

    def reshape(self, name, x, shape):
        if elements(shape) != elements(self.shapes[x]):
            raise ValueError(name + ": reshape changes the element count")
        return self.shaped("reshape", name, [x], shape)

    def transpose(self, name, x, perm):
        s = self.shapes[x]
        return self.shaped("transpose", name, [x], [s[i] for i in perm])

    def softmax(self, name, x):
        return self.shaped("softmax", name, [x], self.shapes[x], axis=-1)

    def layernorm(self, name, x):
        return self.shaped("layernorm", name, [x], self.shapes[x], axis=-1)

    # --- output ---
    def text(self):
        t = "{\n"
        t += '  "format": "accelscope-workload",\n'
        t += '  "version": 1,\n'
        t += '  "name": ' + compact(self.name) + ",\n"
        t += '  "source": ' + compact(self.source) + ",\n"
        t += '  "batch": ' + str(self.batch) + ",\n"
        t += '  "inputs": [\n'
        t += ",\n".join("    " + compact(i) for i in self.inputs) + ("\n" if self.inputs else "")
        t += "  ],\n"
        t += '  "ops": [\n'
        t += ",\n".join("    " + compact(o) for o in self.ops) + ("\n" if self.ops else "")
        t += "  ]\n}\n"
        return t

    def macs(self):
        total = 0
        for o in self.ops:
            r = o.get("repeat", 1)
            if o["kind"] == "conv":
                total += o["N"] * o["K"] * o["P"] * o["Q"] * (o["C"] // o["groups"]) * o["R"] * o["S"] * r
            elif o["kind"] == "linear":
                total += o["M"] * o["N"] * o["K"] * r
            elif o["kind"] == "matmul":
                total += o["B"] * o["M"] * o["N"] * o["K"] * r
        return total


def image_net(name, what, resolution):
    source = ("generated by %s from %s; ImageNet classifier, input 3x%dx%d, batch 1, inference "
              "(dropout omitted)" % (GENERATOR, what, resolution, resolution))
    return Net(name, source, [("image", [1, 3, resolution, resolution])])


# ----------------------------------------------------------------------------------------------
# ResNet (torchvision.models.resnet: BasicBlock / Bottleneck v1.5 with the stride in the 3x3)
# ----------------------------------------------------------------------------------------------
def conv_bn(net, prefix, conv_name, bn_name, x, k, kernel, stride=1, pad=None, groups=1):
    y = net.conv(prefix + conv_name, x, k, kernel, stride, pad, groups)
    return net.bn(prefix + bn_name, y)


def resnet(name, block, layers):
    net = image_net(name, "torchvision.models.%s (%s blocks %s%s)" % (
        name, block, "-".join(map(str, layers)), ", v1.5: stride in the 3x3" if block == "bottleneck" else ""), 224)
    x = conv_bn(net, "", "conv1", "bn1", "image", 64, 7, 2, 3)
    x = net.act("relu", "relu", x)
    x = net.pool("maxpool", "maxpool", x, 3, 2, 1)
    expansion = 4 if block == "bottleneck" else 1
    in_ch = 64
    for li, (planes, blocks) in enumerate(zip([64, 128, 256, 512], layers)):
        for bi in range(blocks):
            stride = 2 if (li > 0 and bi == 0) else 1
            p = "layer%d.%d." % (li + 1, bi)
            identity = x
            if block == "basic":
                y = conv_bn(net, p, "conv1", "bn1", x, planes, 3, stride)
                y = net.act("relu", p + "relu1", y)
                y = conv_bn(net, p, "conv2", "bn2", y, planes, 3, 1)
            else:
                y = conv_bn(net, p, "conv1", "bn1", x, planes, 1, 1, 0)
                y = net.act("relu", p + "relu1", y)
                y = conv_bn(net, p, "conv2", "bn2", y, planes, 3, stride)
                y = net.act("relu", p + "relu2", y)
                y = conv_bn(net, p, "conv3", "bn3", y, planes * expansion, 1, 1, 0)
            if stride != 1 or in_ch != planes * expansion:
                identity = conv_bn(net, p, "downsample.0", "downsample.1", x, planes * expansion, 1, stride, 0)
            y = net.add(p + "add", y, identity)
            x = net.act("relu", p + "relu", y)
            in_ch = planes * expansion
    x = net.global_avgpool("avgpool", x)
    x = net.flatten("flatten", x)
    net.linear("fc", x, 1000)
    return net


# ----------------------------------------------------------------------------------------------
# VGG16 (torchvision.models.vgg16, configuration "D", no batchnorm)
# ----------------------------------------------------------------------------------------------
def vgg16():
    net = image_net("vgg16", "torchvision.models.vgg16 (configuration D, no batchnorm; the adaptive average "
                    "pool to 7x7 is the identity at 224 and is left out)", 224)
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    x, i = "image", 0
    for v in cfg:
        if v == "M":
            x = net.pool("maxpool", "features.%d" % i, x, 2, 2, 0)
            i += 1
        else:
            x = net.conv("features.%d" % i, x, v, 3, 1, 1)
            x = net.act("relu", "features.%d" % (i + 1), x)
            i += 2
    x = net.flatten("flatten", x)
    x = net.linear("classifier.0", x, 4096)
    x = net.act("relu", "classifier.1", x)
    x = net.linear("classifier.3", x, 4096)
    x = net.act("relu", "classifier.4", x)
    net.linear("classifier.6", x, 1000)
    return net


# ----------------------------------------------------------------------------------------------
# MobileNetV2 (torchvision.models.mobilenet_v2, width 1.0)
# ----------------------------------------------------------------------------------------------
def conv_bn_act(net, prefix, x, k, kernel, stride=1, groups=1, act="relu6"):
    y = net.conv(prefix + ".conv", x, k, kernel, stride, None, groups)
    y = net.bn(prefix + ".bn", y)
    return net.act(act, prefix + "." + act, y) if act else y


def mobilenet_v2():
    net = image_net("mobilenet_v2", "torchvision.models.mobilenet_v2 (width 1.0)", 224)
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                (6, 320, 1, 1)]
    x = conv_bn_act(net, "features.0", "image", 32, 3, 2)
    in_ch, f = 32, 1
    for t, c, n, s in settings:
        for i in range(n):
            stride = s if i == 0 else 1
            p = "features.%d" % f
            hidden = in_ch * t
            y = x
            if t != 1:
                y = conv_bn_act(net, p + ".expand", y, hidden, 1)
            y = conv_bn_act(net, p + ".dw", y, hidden, 3, stride, hidden)
            y = conv_bn_act(net, p + ".project", y, c, 1, act=None)
            if stride == 1 and in_ch == c:
                y = net.add(p + ".add", y, x)
            x, in_ch, f = y, c, f + 1
    x = conv_bn_act(net, "features.%d" % f, x, 1280, 1)
    x = net.global_avgpool("avgpool", x)
    x = net.flatten("flatten", x)
    net.linear("classifier.1", x, 1000)
    return net


# ----------------------------------------------------------------------------------------------
# MnasNet 1.0 (torchvision.models.mnasnet1_0)
# ----------------------------------------------------------------------------------------------
def mnasnet1_0():
    net = image_net("mnasnet1_0", "torchvision.models.mnasnet1_0 (depth multiplier 1.0)", 224)
    x = conv_bn_act(net, "layers.0", "image", 32, 3, 2, act="relu")
    x = conv_bn_act(net, "layers.3", x, 32, 3, 1, 32, act="relu")
    x = conv_bn_act(net, "layers.6", x, 16, 1, act=None)
    # (in, out, kernel, stride, expansion, repeats) of torchvision's _stack calls
    stacks = [(16, 24, 3, 2, 3, 3), (24, 40, 5, 2, 3, 3), (40, 80, 5, 2, 6, 3), (80, 96, 3, 1, 6, 2),
              (96, 192, 5, 2, 6, 4), (192, 320, 3, 1, 6, 1)]
    for si, (cin, cout, kernel, stride, exp, reps) in enumerate(stacks):
        for r in range(reps):
            p = "layers.%d.%d" % (8 + si, r)
            inp, s = (cin, stride) if r == 0 else (cout, 1)
            y = conv_bn_act(net, p + ".expand", x, inp * exp, 1, act="relu")
            y = conv_bn_act(net, p + ".dw", y, inp * exp, kernel, s, inp * exp, act="relu")
            y = conv_bn_act(net, p + ".project", y, cout, 1, act=None)
            if inp == cout and s == 1:
                y = net.add(p + ".add", y, x)
            x = y
    x = conv_bn_act(net, "layers.14", x, 1280, 1, act="relu")
    x = net.global_avgpool("avgpool", x)
    x = net.flatten("flatten", x)
    net.linear("classifier.1", x, 1000)
    return net


# ----------------------------------------------------------------------------------------------
# EfficientNet B0..B7 (torchvision.models.efficientnet_bN: MBConv with squeeze-excite, SiLU)
# ----------------------------------------------------------------------------------------------
def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


EFFICIENTNET = {  # width, depth, resolution (torchvision's builders and the EfficientNet paper)
    0: (1.0, 1.0, 224), 1: (1.0, 1.1, 240), 2: (1.1, 1.2, 260), 3: (1.2, 1.4, 300),
    4: (1.4, 1.8, 380), 5: (1.6, 2.2, 456), 6: (1.8, 2.6, 528), 7: (2.0, 3.1, 600),
}


def efficientnet(variant):
    width, depth, res = EFFICIENTNET[variant]
    name = "efficientnet_b%d" % variant
    net = image_net(name, "torchvision.models.%s (width %.1f, depth %.1f, resolution %d; squeeze-excite "
                    "convolutions on 1x1 maps after global pooling)" % (name, width, depth, res), res)
    # expand ratio, kernel, stride, in, out, layers (EfficientNet-B0 stages)
    base = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
            (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)]
    stem = make_divisible(32 * width)
    x = conv_bn_act(net, "features.0", "image", stem, 3, 2, act="swish")
    for si, (e, kernel, stride, cin, cout, layers) in enumerate(base):
        cin, cout = make_divisible(cin * width), make_divisible(cout * width)
        layers = int(math.ceil(layers * depth))
        for li in range(layers):
            inp, s = (cin, stride) if li == 0 else (cout, 1)
            p = "features.%d.%d" % (si + 1, li)
            expanded = make_divisible(inp * e)
            y = x
            if expanded != inp:
                y = conv_bn_act(net, p + ".expand", y, expanded, 1, act="swish")
            y = conv_bn_act(net, p + ".dw", y, expanded, kernel, s, expanded, act="swish")
            squeeze = max(1, inp // 4)
            g = net.global_avgpool(p + ".se.avgpool", y)
            g = net.conv(p + ".se.fc1", g, squeeze, 1)
            g = net.act("swish", p + ".se.swish", g)
            g = net.conv(p + ".se.fc2", g, expanded, 1)
            g = net.act("sigmoid", p + ".se.sigmoid", g)
            y = net.mul(p + ".se.scale", y, g)
            y = conv_bn_act(net, p + ".project", y, cout, 1, act=None)
            if s == 1 and inp == cout:
                y = net.add(p + ".add", y, x)
            x = y
    last_in = net.shapes[x][1]
    x = conv_bn_act(net, "features.8", x, 4 * last_in, 1, act="swish")
    x = net.global_avgpool("avgpool", x)
    x = net.flatten("flatten", x)
    net.linear("classifier.1", x, 1000)
    return net


# ----------------------------------------------------------------------------------------------
# Encoders: BERT (Devlin et al. 2019) and the Transformer base encoder (Vaswani et al. 2017)
# ----------------------------------------------------------------------------------------------
def encoder(name, what, seq, d, heads, ffn, layers, act):
    source = ("generated by %s from %s: %d encoder layers (every op carries repeat %d), hidden %d, %d heads, "
              "FFN %d, sequence %d, batch 1, post-layernorm; embeddings and pooler excluded; the 1/sqrt(d_head) "
              "scale is a one-input mul" % (GENERATOR, what, layers, layers, d, heads, ffn, seq))
    net = Net(name, source, [("hidden", [1, seq, d])])
    net.repeat = layers
    dh = d // heads
    x = "hidden"
    parts = {}
    for t in ("query", "key", "value"):
        y = net.linear("attention.%s" % t, x, d)
        y = net.reshape("attention.%s.split_heads" % t, y, [1, seq, heads, dh])
        parts[t] = net.transpose("attention.%s.transpose" % t, y, [0, 2, 1, 3])
    s = net.matmul("attention.scores", parts["query"], parts["key"], transpose_b=True)
    s = net.mul("attention.scale", s)
    s = net.softmax("attention.softmax", s)
    c = net.matmul("attention.context", s, parts["value"])
    c = net.transpose("attention.context.transpose", c, [0, 2, 1, 3])
    c = net.reshape("attention.context.merge_heads", c, [1, seq, d])
    y = net.linear("attention.output", c, d)
    y = net.add("attention.residual", y, x)
    h = net.layernorm("attention.layernorm", y)
    y = net.linear("ffn.intermediate", h, ffn)
    y = net.act(act, "ffn.%s" % act, y)
    y = net.linear("ffn.output", y, d)
    y = net.add("ffn.residual", y, h)
    net.layernorm("ffn.layernorm", y)
    return net


# ----------------------------------------------------------------------------------------------
# Pre-layernorm transformer layers: ViT-B/16 (torchvision) and GPT-2 small (Radford et al. 2019)
# ----------------------------------------------------------------------------------------------
def self_attention(net, prefix, x, heads, qkv_names, causal=False):
    """Multi-head self-attention over x [1, T, d]: Q, K, V projections, scores, scale, (mask), softmax,
    context, merge heads. The packed QKV projection is written as three d->d linears (the format has no
    split op): the same MACs and weights as one d->3d linear."""
    _, t, d = net.shapes[x]
    dh = d // heads
    parts = []
    for n in qkv_names:
        y = net.linear(prefix + n, x, d)
        y = net.reshape(prefix + n + ".split_heads", y, [1, t, heads, dh])
        parts.append(net.transpose(prefix + n + ".transpose", y, [0, 2, 1, 3]))
    s = net.matmul(prefix + "scores", parts[0], parts[1], transpose_b=True)
    s = net.mul(prefix + "scale", s)
    if causal:
        s = net.add(prefix + "causal_mask", s)
    s = net.softmax(prefix + "softmax", s)
    c = net.matmul(prefix + "context", s, parts[2])
    c = net.transpose(prefix + "context.transpose", c, [0, 2, 1, 3])
    return net.reshape(prefix + "context.merge_heads", c, [1, t, d])


def vit_b_16():
    d, heads, mlp, layers, patch, res = 768, 12, 3072, 12, 16, 224
    source = ("generated by %s from torchvision.models.vit_b_16: input 3x%dx%d, batch 1, inference (dropout "
              "omitted); %dx%d patch conv, %d tokens + the class token, %d pre-layernorm encoder layers (every op "
              "carries repeat %d), hidden %d, %d heads, MLP %d with GELU; the class token is a graph input "
              "concatenated in front and the position embedding a one-input add (learned constants); "
              "nn.MultiheadAttention's packed in_proj (one 768x2304 weight) is written as three 768->768 "
              "linears (query, key, value: the packed weight's MACs and weights); the 1/sqrt(d_head) scale is a one-input "
              "mul; x[:, 0] after encoder.ln (the class token) is a gather" % (GENERATOR, res, res, patch, patch,
                                                                           (res // patch) ** 2, layers, layers, d,
                                                                           heads, mlp))
    net = Net("vit_b_16", source, [("image", [1, 3, res, res]), ("class_token", [1, 1, d])])
    x = net.conv("conv_proj", "image", d, patch, patch, 0)
    grid = net.shapes[x][2] * net.shapes[x][3]
    x = net.reshape("conv_proj.flatten", x, [1, d, grid])
    x = net.transpose("conv_proj.permute", x, [0, 2, 1])
    x = net.shaped("concat", "class_token.concat", ["class_token", x], [1, grid + 1, d])
    x = net.add("encoder.pos_embedding", x)
    net.repeat = layers
    p = "encoder.layer."
    h = net.layernorm(p + "ln_1", x)
    a = self_attention(net, p + "self_attention.", h, heads, ("in_proj.query", "in_proj.key", "in_proj.value"))
    a = net.linear(p + "self_attention.out_proj", a, d)
    x = net.add(p + "attention.residual", a, x)
    h = net.layernorm(p + "ln_2", x)
    y = net.linear(p + "mlp.0", h, mlp)
    y = net.act("gelu", p + "mlp.1", y)
    y = net.linear(p + "mlp.3", y, d)
    x = net.add(p + "mlp.residual", y, x)
    net.repeat = 1
    x = net.layernorm("encoder.ln", x)
    x = net.shaped("gather", "class_token.select", [x], [1, d])
    net.linear("heads.head", x, 1000)
    return net


def gpt2_small(seq):
    d, heads, ffn, layers, vocab = 768, 12, 3072, 12, 50257
    name = "gpt2_small_s%d" % seq
    source = ("generated by %s from GPT-2 small (Radford et al. 2019; Hugging Face transformers' GPT2Model "
              "names): %d decoder layers (every op carries repeat %d), hidden %d, %d heads, FFN %d with GELU, "
              "sequence %d, batch 1, pre-layernorm, vocabulary %d; the token and position embedding lookups "
              "(gathers, no MACs) and their sum are left out: the graph input is the embedded sequence; c_attn "
              "(one 768x2304 weight) is written as three 768->768 linears (query, key, value: the packed "
              "weight's MACs and weights); the 1/sqrt(d_head) scale is a one-input mul and the causal mask a one-input add over "
              "the scores; the LM head (tied to the token embedding, no bias) runs over every position"
              % (GENERATOR, layers, layers, d, heads, ffn, seq, vocab))
    net = Net(name, source, [("hidden", [1, seq, d])])
    net.repeat = layers
    x = "hidden"
    h = net.layernorm("h.ln_1", x)
    a = self_attention(net, "h.attn.", h, heads, ("c_attn.query", "c_attn.key", "c_attn.value"), causal=True)
    a = net.linear("h.attn.c_proj", a, d)
    x = net.add("h.attn.residual", a, x)
    h = net.layernorm("h.ln_2", x)
    y = net.linear("h.mlp.c_fc", h, ffn)
    y = net.act("gelu", "h.mlp.gelu", y)
    y = net.linear("h.mlp.c_proj", y, d)
    x = net.add("h.mlp.residual", y, x)
    net.repeat = 1
    x = net.layernorm("ln_f", x)
    net.linear("lm_head", x, vocab, bias=False)
    return net


def networks():
    yield resnet("resnet18", "basic", [2, 2, 2, 2])
    yield resnet("resnet50", "bottleneck", [3, 4, 6, 3])
    yield vgg16()
    yield mobilenet_v2()
    yield mnasnet1_0()
    for v in range(8):
        yield efficientnet(v)
    yield encoder("bert_base_s128", "BERT-base", 128, 768, 12, 3072, 12, "gelu")
    yield encoder("bert_base_s512", "BERT-base", 512, 768, 12, 3072, 12, "gelu")
    yield encoder("bert_large_s128", "BERT-large", 128, 1024, 16, 4096, 24, "gelu")
    yield encoder("transformer_base", "the Transformer base model's encoder as used by Spotlight", 512, 512, 8,
                  2048, 6, "relu")
    yield vit_b_16()
    yield gpt2_small(1024)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "workloads")
    os.makedirs(out_dir, exist_ok=True)
    for net in networks():
        path = os.path.join(out_dir, net.name + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="ascii", newline="\n") as f:
            f.write(net.text())
        os.replace(tmp, path)
        print("%-18s %4d ops %9.4f GMACs (conv/linear/matmul)" % (net.name, len(net.ops), net.macs() / 1e9))


if __name__ == "__main__":
    main()
