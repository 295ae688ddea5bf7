// The shipped networks: each file loads, is in canonical form, and its conv/linear MAC total equals
// the published figure. Reference totals: ../shared/reference/workloads.md (torchvision's published
// "GFLOPS", which count MACs, at batch 1), given to two decimals, so a file matches when it is within
// half a unit of the last digit.
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
}  // namespace

class TestShippedNetworks : public QObject {
    Q_OBJECT
private slots:
    void everyNetworkIsShipped() {
        const auto names = shippedWorkloadNames();
        for (const char* required :
             {"resnet18", "resnet50", "vgg16", "mobilenet_v2", "mnasnet1_0", "efficientnet_b0", "efficientnet_b1",
              "efficientnet_b2", "efficientnet_b3", "efficientnet_b4", "efficientnet_b5", "efficientnet_b6",
              "efficientnet_b7", "bert_base_s128", "bert_base_s512", "bert_large_s128", "transformer_base"})
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
