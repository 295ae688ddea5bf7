#pragma once
// Compares one evaluation with what Timeloop printed for the same case (timeloop_stats.h): the
// computes, every level's per-tensor reads, fills and updates summed over its instances (exactly), the
// utilised instances, and cycles and energy within 1%. Levels that store nothing (Timeloop's dummy
// levels, which its output hides) must keep nothing. Made of Qt Test checks: a failure ends this
// function and marks the calling test failed.
#include <QtTest>

#include <cmath>

#include "arch/architecture.h"
#include "model/evaluation.h"
#include "model/timeloop_stats.h"

// `energy`: compare the total energy too (the case has its energy reference table).
inline void compareWithTimeloop(const accelscope::Architecture& arch, const accelscope::Evaluation& e,
                                const TimeloopStats& ref, bool energy = true) {
    using namespace accelscope;
    static constexpr const char* kTensor[kNumTensors] = {"Weights", "Inputs", "Outputs"};
    QCOMPARE(static_cast<double>(e.paddedMacs), ref.computes);
    int compared = 0;
    for (int i = 0; i < arch.levelCount(); ++i) {
        const auto found = ref.levels.find(arch.levels[i].name);
        const bool keepsNothing = !e.levels[i].kept[0] && !e.levels[i].kept[1] && !e.levels[i].kept[2];
        QVERIFY(!arch.levels[i].storesNothing() || keepsNothing);
        if (keepsNothing) {  // Timeloop hides levels that hold nothing (its dummy levels, bypassed buffers)
            QVERIFY(found == ref.levels.end() || found->second.empty());
            continue;
        }
        QVERIFY2(found != ref.levels.end(), arch.levels[i].name.c_str());
        for (int t = 0; t < kNumTensors; ++t) {
            const auto rt = found->second.find(kTensor[t]);
            QCOMPARE(e.levels[i].kept[t], rt != found->second.end());
            if (rt == found->second.end()) continue;
            const TimeloopTensorStats& r = rt->second;
            const TensorAccesses& a = e.levels[i].tensor[t];
            const QByteArray where = QByteArray::fromStdString(arch.levels[i].name) + " " + kTensor[t];
            QVERIFY2(a.reads == r.reads * r.instances,
                     where + " reads " + QByteArray::number(a.reads) + " vs " + QByteArray::number(r.reads * r.instances));
            QVERIFY2(a.fills == r.fills * r.instances,
                     where + " fills " + QByteArray::number(a.fills) + " vs " + QByteArray::number(r.fills * r.instances));
            QVERIFY2(a.updates == r.updates * r.instances, where + " updates " + QByteArray::number(a.updates) + " vs " +
                                                                QByteArray::number(r.updates * r.instances));
            QCOMPARE(static_cast<double>(e.levels[i].utilizedInstances), r.instances);
            ++compared;
        }
    }
    QVERIFY(compared >= kNumTensors);  // every tensor somewhere
    QVERIFY2(std::fabs(e.cycles - ref.cycles) <= 0.01 * ref.cycles,
             qPrintable(QString("cycles %1 vs %2").arg(e.cycles).arg(ref.cycles)));
    if (!energy) return;
    QVERIFY2(std::fabs(e.energyPj - ref.energyPj) <= 0.01 * ref.energyPj,
             qPrintable(QString("energy %1 pJ vs %2 pJ").arg(e.energyPj, 0, 'f', 2).arg(ref.energyPj, 0, 'f', 2)));
}
