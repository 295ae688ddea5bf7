// The shipped networks: each file loads, is in canonical form, and its MAC total equals the published
// figure. Reference totals: ../shared/reference/workloads.md (torchvision's published "GFLOPS", which
// count MACs, at batch 1), given to two decimals, so a file matches when it is within half a unit of
// the last digit. The transformers' totals are derived by hand below, each against its source.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>

#include "util/data_paths.h"
#include "workload/workload_io.h"

using namespace accelscope;

namespace {
struct Reference {
    const char* name;
    double gmacs;
};
// workloads.md, "Multiply-accumulate totals at batch 1".
constexpr Reference kPublished[] = {
    {"resnet50", 4.09},        {"resnet18", 1.81},        {"vgg16", 15.47},          {"mobilenet_v2", 0.30},
    {"mnasnet1_0", 0.31},      {"efficientnet_b0", 0.39}, {"efficientnet_b1", 0.69}, {"efficientnet_b2", 0.99},
    {"efficientnet_b3", 1.83}, {"efficientnet_b4", 4.39}, {"efficientnet_b5", 10.27}, {"efficientnet_b6", 19.07},
    {"efficientnet_b7", 37.75},
};

std::int64_t countKind(const Workload& w, OpKind kind) {
    std::int64_t n = 0;
    for (const auto& op : w.ops) n += op.kind == kind ? op.repeat : 0;
    return n;
}

std::int64_t macsOfKind(const Workload& w, std::initializer_list<OpKind> kinds) {
    std::int64_t total = 0;
    for (const auto& op : w.ops)
        for (auto k : kinds)
            if (op.kind == k) total += w.figures(op).macs * op.repeat;
    return total;
}

std::int64_t weightElements(const Workload& w) {  // every op's parameters, repeat counted
    std::int64_t total = 0;
    for (const auto& op : w.ops) total += w.figures(op).weightElements * op.repeat;
    return total;
}
}  // namespace

class TestShippedNetworks : public QObject {
    Q_OBJECT
private slots:
    void everyNetworkIsShipped() {
        const auto names = shippedWorkloadNames();
        for (const char* required :
             {"resnet18", "resnet50", "vgg16", "mobilenet_v2", "mnasnet1_0", "efficientnet_b0", "efficientnet_b1",
              "efficientnet_b2", "efficientnet_b3", "efficientnet_b4", "efficientnet_b5", "efficientnet_b6",
              "efficientnet_b7", "bert_base_s128", "bert_base_s512", "bert_large_s128", "transformer_base",
              "vit_b_16", "gpt2_small_s1024"})
            QVERIFY2(std::find(names.begin(), names.end(), required) != names.end(), required);
    }

    void filesAreCanonical_data() {
        QTest::addColumn<QString>("name");
        for (const auto& n : shippedWorkloadNames()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void filesAreCanonical() {
        QFETCH(QString, name);
        const auto path = workloadsDir() / (name.toStdString() + ".json");
        const std::string text = readTextFile(path);
        const Workload w = parseWorkload(text, path.string());
        QCOMPARE(w.name, name.toStdString());
        QVERIFY2(!w.source.empty(), "every file says where its shapes come from");
        QVERIFY2(serializeWorkload(w) == text, "the file is not in the canonical form the writer produces");
    }

    void totalsMatchPublishedFigures_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("gmacs");
        for (const auto& r : kPublished) QTest::newRow(r.name) << QString(r.name) << r.gmacs;
    }
    void totalsMatchPublishedFigures() {
        QFETCH(QString, name);
        QFETCH(double, gmacs);
        const Workload w = loadWorkloadByNameOrPath(name.toStdString());
        const double ours = static_cast<double>(macsOfKind(w, {OpKind::Conv, OpKind::Linear})) / 1e9;
        QVERIFY2(std::fabs(ours - gmacs) <= 0.005 + 1e-9,
                 qPrintable(QString("%1: %2 GMACs, published %3").arg(name).arg(ours, 0, 'f', 4).arg(gmacs)));
    }

    void bertPerLayerMacs() {
        // workloads.md: per encoder layer at sequence L, 4 L 768^2 (Q, K, V, output projections)
        // + 2 x 12 x L^2 x 64 (scores, context) + 2 L 768 3072 (FFN).
        for (auto [name, L, layers, d, heads, ffn] :
             {std::tuple{"bert_base_s128", 128LL, 12LL, 768LL, 12LL, 3072LL},
              std::tuple{"bert_base_s512", 512LL, 12LL, 768LL, 12LL, 3072LL},
              std::tuple{"bert_large_s128", 128LL, 24LL, 1024LL, 16LL, 4096LL},
              std::tuple{"transformer_base", 512LL, 6LL, 512LL, 8LL, 2048LL}}) {
            const Workload w = loadWorkloadByNameOrPath(name);
            const std::int64_t perLayer = 4 * L * d * d + 2 * heads * L * L * (d / heads) + 2 * L * d * ffn;
            QCOMPARE(w.totalMacs(), layers * perLayer);
            QCOMPARE(countKind(w, OpKind::Softmax), layers);
            QCOMPARE(countKind(w, OpKind::LayerNorm), 2 * layers);
        }
        // The published rounding: about 0.93 GMACs per layer and 11.2 for twelve at L = 128.
        const Workload base = loadWorkloadByNameOrPath("bert_base_s128");
        QCOMPARE(std::round(static_cast<double>(base.totalMacs()) / 1e8) / 10.0, 11.2);
    }

    void vitB16MatchesTorchvision() {
        // torchvision's vit_b_16, ViT_B_16_Weights.IMAGENET1K_V1's meta: "_ops" 17.564 (the docs' "GFLOPS",
        // shown as 17.56; torchvision's GFLOPS count MACs, resnet50 is 4.09) and num_params 86,567,656. Its count includes the attention products, so the total here is conv + linear +
        // matmul. By hand, 224 / 16 = 14, 14 x 14 = 196 patches, T = 197 tokens with the class token:
        //   patch conv 768 x 3 x 16 x 16 x 196                         =    115,605,504
        //   per layer: Q, K, V 197 x 768 x 2304                         =    348,585,984
        //              Q.K^T 12 x 197 x 197 x 64, scores.V the same     = 2 x 29,805,312
        //              out_proj 197 x 768 x 768                         =    116,195,328
        //              MLP 2 x 197 x 768 x 3072                         =    929,562,624
        //   twelve layers 12 x 1,453,954,560                            = 17,447,454,720
        //   head 768 x 1000 (the class token only)                      =        768,000
        //   total                                                       = 17,563,828,224
        const Workload w = loadWorkloadByNameOrPath("vit_b_16");
        const std::int64_t T = 197, d = 768, heads = 12, mlp = 3072, layers = 12;
        const std::int64_t perLayer = 3 * T * d * d + 2 * heads * T * T * (d / heads) + T * d * d + 2 * T * d * mlp;
        QCOMPARE(perLayer, std::int64_t(1453954560));
        QCOMPARE(w.totalMacs(), std::int64_t{768} * 3 * 16 * 16 * 196 + layers * perLayer + 768 * 1000);
        QCOMPARE(w.totalMacs(), std::int64_t(17563828224));
        QCOMPARE(std::round(static_cast<double>(w.totalMacs()) / 1e6) / 1e3, 17.564);
        QCOMPARE(macsOfKind(w, {OpKind::MatMul}), layers * 2 * heads * T * T * (d / heads));
        // Parameters: the file's weights (conv_proj's 768 x 3 x 16 x 16 without its bias, every linear
        // with its bias, layernorm gamma and beta: 86,414,824) plus what the format holds as constants:
        // conv_proj's bias 768, the class token 768 and the position embedding 197 x 768 = 151,296.
        QCOMPARE(weightElements(w) + 768 + 768 + T * d, std::int64_t(86567656));
        // Its structure: twelve pre-LN layers and the final encoder.ln, the head on the class token.
        QCOMPARE(countKind(w, OpKind::LayerNorm), 2 * layers + 1);
        QCOMPARE(countKind(w, OpKind::Softmax), layers);
        QCOMPARE(countKind(w, OpKind::Gelu), layers);
        QCOMPARE(countKind(w, OpKind::MatMul), 2 * layers);
        QCOMPARE(countKind(w, OpKind::Add), 2 * layers + 1);  // residuals and the position embedding
        QCOMPARE(countKind(w, OpKind::Concat), std::int64_t(1));
        const Op* stem = w.findOp("conv_proj");
        QVERIFY(stem);
        QCOMPARE(stem->R, std::int64_t(16));
        QCOMPARE(stem->stride[0], std::int64_t(16));
        QCOMPARE(stem->P * stem->Q, std::int64_t(196));
        const Op* scores = w.findOp("encoder.layer.self_attention.scores");
        QVERIFY(scores);
        QCOMPARE(scores->B, heads);
        QCOMPARE(scores->M, T);
        QCOMPARE(scores->N, T);
        QCOMPARE(scores->K, d / heads);
        const Op* head = w.findOp("heads.head");
        QVERIFY(head);
        QCOMPARE(head->M, std::int64_t(1));
        QCOMPARE(head->N, std::int64_t(1000));
    }

    void gpt2SmallMatchesKaplansFormula() {
        // GPT-2 small (Radford et al. 2019): n_layer 12, d_model = d_attn 768, 12 heads, d_ff 3072,
        // n_ctx 1024, n_vocab 50257. Kaplan et al. 2020, "Scaling Laws for Neural Language Models",
        // Table 1: forward FLOPs per token C_forward = 2N + 2 n_layer n_ctx d_attn, with the
        // non-embedding parameters N = 2 d_model n_layer (2 d_attn + d_ff) = 12 n_layer d_model^2 here
        // (Q, K, V, projection and feed-forward weights; biases and layernorms excluded). The table's
        // convention: one FLOP pair per MAC, so in MACs N + n_layer n_ctx d_attn per token. Its
        // "Attention: Mask" row (2 n_layer n_ctx d_attn) is ONE n_ctx x d_attn product per token per
        // layer: Q.K^T counted once, scores.V not counted (or both over the causal half of the context;
        // the same number). The file computes both products over the full 1024 x 1024 scores, as a dense
        // accelerator does, so it holds a second n_layer n_ctx d_attn. The table's "De-embed" row
        // (2 d_model n_vocab, outside C_forward) is the LM head, d_model n_vocab MACs per token.
        //   N = 12 x 12 x 768^2                                  =  84,934,656
        //   n_layer n_ctx d_attn = 12 x 1024 x 768               =   9,437,184 (x 2: both products)
        //   LM head 768 x 50257                                  =  38,597,376
        //   per token 84,934,656 + 2 x 9,437,184 + 38,597,376    = 142,406,400
        //   x 1024 positions                                     = 145,824,153,600
        const Workload w = loadWorkloadByNameOrPath("gpt2_small_s1024");
        const std::int64_t layers = 12, d = 768, heads = 12, ffn = 3072, ctx = 1024, vocab = 50257;
        const std::int64_t N = 2 * d * layers * (2 * d + ffn);
        QCOMPARE(N, 12 * layers * d * d);
        QCOMPARE(N, std::int64_t(84934656));
        const std::int64_t perToken = N + 2 * layers * ctx * d + d * vocab;
        QCOMPARE(perToken, std::int64_t(142406400));
        QCOMPARE(w.totalMacs(), ctx * perToken);
        QCOMPARE(w.totalMacs(), std::int64_t(145824153600));
        // Kaplan's C_forward / 2 over the 1024 positions is the file's total less scores.V and the head.
        QCOMPARE(w.totalMacs() - macsOfKind(w, {OpKind::MatMul}) / 2 - ctx * d * vocab, ctx * (N + layers * ctx * d));
        // N is the file's layer weights without their biases.
        std::int64_t layerWeights = 0;
        for (const auto& op : w.ops)
            if (op.kind == OpKind::Linear && op.repeat == layers) layerWeights += op.K * op.N * op.repeat;
        QCOMPARE(layerWeights, N);
        // All parameters by hand: layers 12 x (c_attn 768 x 2304 + 2304, c_proj 768^2 + 768, c_fc
        // 768 x 3072 + 3072, c_proj 3072 x 768 + 768, two layernorms 4 x 768) = 85,054,464, ln_f 1,536,
        // the LM head (tied token embedding) 38,597,376, plus the position embedding 1024 x 768 = 786,432
        // held outside the file: 124,439,808 (the "124M" of the released checkpoint).
        QCOMPARE(weightElements(w) + ctx * d, std::int64_t(124439808));
        // Its structure: pre-LN layers with a causal mask, ln_f, the LM head over every position.
        QCOMPARE(countKind(w, OpKind::LayerNorm), 2 * layers + 1);
        QCOMPARE(countKind(w, OpKind::Softmax), layers);
        QCOMPARE(countKind(w, OpKind::Gelu), layers);
        QCOMPARE(countKind(w, OpKind::MatMul), 2 * layers);
        QCOMPARE(countKind(w, OpKind::Add), 3 * layers);  // two residuals and the mask
        const Op* scores = w.findOp("h.attn.scores");
        QVERIFY(scores);
        QCOMPARE(scores->B, heads);
        QCOMPARE(scores->M, ctx);
        QCOMPARE(scores->N, ctx);
        QCOMPARE(scores->K, d / heads);
        const Op* mask = w.findOp("h.attn.causal_mask");
        QVERIFY(mask);
        QCOMPARE(mask->shape, (std::vector<std::int64_t>{1, heads, ctx, ctx}));
        QCOMPARE(w.figures(*mask).macs, std::int64_t(0));
        const Op* head = w.findOp("lm_head");
        QVERIFY(head);
        QCOMPARE(head->M, ctx);
        QCOMPARE(head->N, vocab);
        QVERIFY(!head->bias);
    }

    void resnet50HasItsRealShapes() {
        const Workload w = loadWorkloadByNameOrPath("resnet50");
        // torchvision resnet50: stem + 16 bottlenecks x 3 convs + 4 downsample convs = 53 convs, one fc.
        QCOMPARE(countKind(w, OpKind::Conv), std::int64_t(53));
        QCOMPARE(countKind(w, OpKind::Linear), std::int64_t(1));
        const Op& stem = w.ops.front();
        QCOMPARE(stem.kind, OpKind::Conv);
        QCOMPARE(stem.R, std::int64_t(7));
        QCOMPARE(stem.stride[0], std::int64_t(2));
        QCOMPARE(stem.P, std::int64_t(112));
        // v1.5: the stride-2 of the first block of layers 2..4 is in the 3x3 conv, not the first 1x1.
        for (const char* conv : {"layer2.0.conv2", "layer3.0.conv2", "layer4.0.conv2"}) {
            const Op* op = w.findOp(conv);
            QVERIFY2(op, conv);
            QCOMPARE(op->R, std::int64_t(3));
            QCOMPARE(op->stride[0], std::int64_t(2));
        }
        for (const char* conv : {"layer2.0.conv1", "layer3.0.conv1", "layer4.0.conv1"}) {
            const Op* op = w.findOp(conv);
            QVERIFY2(op, conv);
            QCOMPARE(op->stride[0], std::int64_t(1));
        }
        // Non-MAC ops are in the graph: 16 residual adds, batchnorms marked foldable.
        QCOMPARE(countKind(w, OpKind::Add), std::int64_t(16));
        QCOMPARE(countKind(w, OpKind::BatchNorm), std::int64_t(53));
        for (const auto& op : w.ops)
            if (op.kind == OpKind::BatchNorm) QVERIFY(op.foldable);
    }

    void efficientNetSqueezeExciteActsOn1x1() {
        // workloads.md: squeeze-and-excite convolutions act on 1x1 maps after global pooling; B0 has
        // 16 MBConv blocks, each with one SE (2 convs on 1x1 maps) and one depthwise conv.
        const Workload w = loadWorkloadByNameOrPath("efficientnet_b0");
        std::int64_t onOneByOne = 0, depthwise = 0;
        for (const auto& op : w.ops) {
            if (op.kind != OpKind::Conv) continue;
            if (op.H == 1 && op.W == 1) ++onOneByOne;
            if (op.groups > 1 && op.groups == op.C && op.groups == op.K) ++depthwise;
        }
        QCOMPARE(onOneByOne, std::int64_t(32));
        QCOMPARE(depthwise, std::int64_t(16));
        QCOMPARE(countKind(w, OpKind::GlobalAvgPool), std::int64_t(17));  // 16 SE + the head
    }
};

QTEST_GUILESS_MAIN(TestShippedNetworks)
#include "test_shipped_networks.moc"
