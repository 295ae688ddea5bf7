// Hand designs as named points of a space, also where they lie outside the searched ranges
// (Spotlight's baselines: spotlight.md and its artifact's run-ae.sh --hw-point flags): placed in a copy
// of the space widened to hold them, realised by the same template, refused where a point of the
// space is required, and kept through an edit of the space.
#include <QtTest>

#include <cmath>
#include <filesystem>

#include "arch/tech_table.h"
#include "model/power.h"
#include "search/design_space.h"
#include "search/placed_point.h"
#include "search/space_edit.h"
#include "support/cli_run.h"
#include "util/input_error.h"

using namespace accelscope;

namespace {
// The placed point's architecture; false (saying why) when it cannot be built.
bool realise(const PlacedPoint& placed, Architecture& arch) {
    CompilerSettings cs;
    std::string why;
    const bool built = placed.space.realize(placed.point, arch, cs, why);
    if (!built) qWarning("%s", why.c_str());
    return built;
}
}  // namespace

class TestHandDesignPoints : public QObject {
    Q_OBJECT
private slots:
    // Spotlight's edge Eyeriss-like design: 270 PEs as 15 clusters of 18, one lane, 16-bit, NoC 256
    // words/cycle, 16 KiB of L0 in all, 256 KiB of L1. simd 1, bits 16 and l0 16 KiB lie outside the
    // edge space (2..16 lanes, 8-bit, L0 32..256 KiB).
    void eyerissLikeIsPlacedOutsideTheSpace() {
        const DesignSpace s = loadDesignSpaceByNameOrPath("spotlight_edge");
        const PlacedPoint placed = placePoint(s, "eyeriss_like");
        QCOMPARE(placed.outside, (std::vector<std::string>{"simd", "bits", "l0_kib"}));
        QVERIFY(placed.describe().find("outside the searched space in simd, bits, l0_kib") != std::string::npos);
        QCOMPARE(placed.space.space.params[0].levels(), s.space.params[0].levels() + 1);  // simd: 1 added to 2..16
        Architecture a;
        QVERIFY(realise(placed, a));
        QCOMPARE(a.macUnits(), std::int64_t(270));
        QCOMPARE(a.levels[1].meshX, 15);                              // L1 -> 15 clusters
        QCOMPARE(a.levels[2].meshX, 18);                              // L0 -> 18 PEs each
        QCOMPARE(a.levels[1].capacityWords, std::int64_t(128 * 1024));  // 256 KiB of 16-bit words
        QCOMPARE(a.levels[2].capacityWords, std::int64_t(512));         // 16 KiB / 15 clusters: 1 KiB each
        QCOMPARE(a.levels[1].readBandwidth, 256.0);
        QCOMPARE(a.bits[0], 16);
        QCOMPARE(a.levels.back().meshX, 1);  // one lane per PE
        // The space as searched is untouched: the point's values are not among its levels.
        QCOMPARE(s.space.params[1].levels(), 1);  // bits: 8 only
        QCOMPARE(placed.space.space.params[1].levels(), 2);
    }

    // The TDP of the edge Eyeriss-like point by hand from the technology table (45 nm, 1 GHz) and the
    // template's structure (design_space.h, power.h): every part at what it can do per cycle.
    void eyerissLikeTdpByHand() {
        const DesignSpace s = loadDesignSpaceByNameOrPath("spotlight_edge");
        const PlacedPoint placed = placePoint(s, "eyeriss_like");
        Architecture a;
        QVERIFY(realise(placed, a));
        const TechTable t = horowitz45();
        const double macs = 270 * t.macEnergyPj(16, 32);  // 16-bit operands, 32-bit accumulation (4 x 16, capped)
        const AccessEnergy dram = t.dramAccessEnergy(16, 1);
        const double dramPorts = 16 * dram.readPj + 16 * dram.updatePj;  // 16 words/cycle each way (fixed)
        const AccessEnergy l1 = t.sramAccessEnergy(256 * 1024, 16, 1);
        const double l1Ports = 256 * l1.readPj + 256 * l1.updatePj;  // NoC bandwidth 256 each way
        // 15 links, each what one cluster's L0 (no port limit) can take: a word of each tensor per MAC.
        const double l1Links = 15 * (3 * 18) * t.networkPjPerWord(16);
        // Each L0 (1 KiB, no port limit) serves its 18 PEs a word of each of 3 tensors and takes a psum each.
        const AccessEnergy l0 = t.sramAccessEnergy(1024, 16, 1);
        const double l0Ports = 15 * (18 * 3 * l0.readPj + 18 * l0.updatePj);
        const double l0Links = 15 * 18 * 3 * t.networkPjPerWord(16);
        // Each PE's register file (64 words of 32 bits) serves its one lane 3 words and takes one.
        const AccessEnergy rf = t.regfileAccessEnergy(64 * 4, 32, 1);
        const double rfPorts = 270 * (3 * rf.readPj + rf.updatePj);
        const double leak = t.leakPjPerCycle(StorageClass::Sram, 256 * 1024, 1.0) +
                            15 * t.leakPjPerCycle(StorageClass::Sram, 1024, 1.0) +
                            270 * t.leakPjPerCycle(StorageClass::RegFile, 256, 1.0);
        const double watts = (macs + dramPorts + l1Ports + l1Links + l0Ports + l0Links + rfPorts + leak) * 1e-3;
        QVERIFY2(std::abs(peakPowerW(a) - watts) < 1e-9 * watts, qPrintable(QString("%1 vs %2").arg(peakPowerW(a)).arg(watts)));
    }

    // Every hand design of the Spotlight spaces is realised with the figures of the artifact.
    void everySpotlightBaselineIsRealised_data() {
        QTest::addColumn<QString>("space");
        QTest::addColumn<QString>("point");
        QTest::addColumn<int>("macs");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<qint64>("l1Kib");
        QTest::addColumn<double>("noc");
        QTest::newRow("edge nvdla_like") << "spotlight_edge" << "nvdla_like" << 256 << 8 << 16 << qint64(512) << 256.0;
        QTest::newRow("edge maeri_like") << "spotlight_edge" << "maeri_like" << 374 << 8 << 17 << qint64(80) << 64.0;
        QTest::newRow("cloud eyeriss_like") << "spotlight_cloud" << "eyeriss_like" << 4320 << 16 << 60 << qint64(256 * 1024) << 256.0;
        QTest::newRow("cloud nvdla_like") << "spotlight_cloud" << "nvdla_like" << 14400 << 8 << 120 << qint64(16 * 1024) << 256.0;
        QTest::newRow("cloud maeri_like") << "spotlight_cloud" << "maeri_like" << 14336 << 8 << 112 << qint64(2048) << 64.0;
    }
    void everySpotlightBaselineIsRealised() {
        QFETCH(QString, space);
        QFETCH(QString, point);
        QFETCH(int, macs);
        QFETCH(int, bits);
        QFETCH(int, clusters);
        QFETCH(qint64, l1Kib);
        QFETCH(double, noc);
        const DesignSpace s = loadDesignSpaceByNameOrPath(space.toStdString());
        const PlacedPoint placed = placePoint(s, point.toStdString());
        Architecture a;
        QVERIFY(realise(placed, a));
        QCOMPARE(a.macUnits(), std::int64_t(macs));
        QCOMPARE(a.bits[0], bits);
        QCOMPARE(a.levels[1].meshX, clusters);
        QCOMPARE(a.levels[1].capacityWords, std::int64_t(l1Kib * 1024 * 8 / bits));
        QCOMPARE(a.levels[1].readBandwidth, noc);
        QCOMPARE(a.levels.back().meshX, 1);
        QVERIFY(!placed.outside.empty());
    }

    // Overrides on a placed point are values of the widened space; a point of the space is still
    // required where a searcher or an editor needs one, and the refusal says why.
    void placedPointsTakeOverridesAndAreRefusedAsSpacePoints() {
        const DesignSpace s = loadDesignSpaceByNameOrPath("spotlight_edge");
        const PlacedPoint eight = placePoint(s, "eyeriss_like,bits=8,pe_split=0");
        Architecture a;
        QVERIFY(realise(eight, a));
        QCOMPARE(a.bits[0], 8);
        QCOMPARE(a.levels[1].meshX, 2);  // split 0 of 270: 2 clusters of 135
        try {
            placePoint(s, "eyeriss_like,l0_kib=20");
            QFAIL("accepted l0_kib=20");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("l0_kib = 20 is not a value of the space (l0_kib: 16, 32, 40") != std::string::npos,
                     e.what());
        }
        try {
            (void)s.point("eyeriss_like");
            QFAIL("a point outside the space was taken as a point of it");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("\"eyeriss_like\" lies outside the space (bits, l0_kib, simd)") != std::string::npos,
                     e.what());
        }
        // A point of the space places as itself.
        const PlacedPoint inside = placePoint(s, "simd=4,bits=8,noc_bandwidth=64,l0_kib=32,l1_kib=64,pes=128,pe_split=0");
        QVERIFY(inside.outside.empty());
        QVERIFY(s.space.contains(inside.point));
        // Editing the range of a parameter the hand design is outside of keeps the design.
        const DesignSpace edited = withParameterValues(s, "simd", "2..8");
        QCOMPARE(edited.points.size(), s.points.size());
    }

    // The CLI costs a hand design outside the space and says so; a file that puts a value outside the
    // space without listing it in outside_space is refused naming the point and the parameter.
    void cliEvaluatesAndFilesAreChecked() {
        const auto r = testsupport::runCli({"evaluate", "--space", "spotlight_edge", "--point", "nvdla_like", "--workload",
                                            "resnet18", "--sw-budget", "50"});
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY2(r.out.find("outside the searched space in simd, l1_kib") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("pes=256 PEs") != std::string::npos, r.out.c_str());
        const auto arch = testsupport::runCli({"arch", "--space", "spotlight_cloud", "--point", "maeri_like", "--json"});
        QVERIFY2(arch.status == 0, arch.err.c_str());
        QVERIFY2(arch.out.find("\"lanes\":1}") != std::string::npos, arch.out.c_str());  // one lane per PE
    }
};

QTEST_GUILESS_MAIN(TestHandDesignPoints)
#include "test_hand_design_points.moc"
