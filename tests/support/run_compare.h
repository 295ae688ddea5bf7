#pragma once
// Two search runs compared design by design, exactly (same seed, same mappings, same figures): a
// resumed run against an uninterrupted one, a run of one version against another's.
#include <QtTest>

#include "explore/search_engine.h"

namespace testsupport {

inline void compareRuns(const accelscope::SearchRun& a, const accelscope::SearchRun& b) {
    QCOMPARE(a.designs.size(), b.designs.size());
    for (std::size_t i = 0; i < a.designs.size(); ++i) {
        QCOMPARE(a.designs[i].point, b.designs[i].point);
        QCOMPARE(a.designs[i].valid, b.designs[i].valid);
        QCOMPARE(a.designs[i].objective, b.designs[i].objective);  // exact: same mappings, same figures
    }
    QCOMPARE(a.pareto, b.pareto);
    QCOMPARE(a.best, b.best);
    QCOMPARE(a.bestHistory, b.bestHistory);
    QCOMPARE(a.hypervolumeHistory, b.hypervolumeHistory);
}

}  // namespace testsupport
