// The Pareto archive on sets small enough to derive by hand; each hypervolume is derived in the
// comment next to it.
#include <QtTest>

#include "search/pareto.h"

using namespace accelscope;

class TestPareto : public QObject {
    Q_OBJECT
private slots:
    void staircaseIn2d() {
        // (1,3), (2,2), (3,1) against (4,4): sweeping in the first objective the rectangles are
        // (4-1)(4-3) = 3, (4-2)(3-2) = 2 and (4-3)(2-1) = 1, so HV = 6.
        ParetoArchive a(2);
        QVERIFY(a.add(0, {1, 3}));
        QVERIFY(a.add(1, {2, 2}));
        QVERIFY(a.add(2, {3, 1}));
        QCOMPARE(a.size(), std::size_t(3));
        QCOMPARE(a.hypervolume({4, 4}), 6.0);
        // Against (5,5): (5-1)(5-3) = 8, (5-2)(3-2) = 3, (5-3)(2-1) = 2: 13.
        QCOMPARE(a.hypervolume({5, 5}), 13.0);
    }

    void dominatedAndDuplicatePointsAreRejected() {
        ParetoArchive a(2);
        QVERIFY(a.add(0, {2, 2}));
        QVERIFY(!a.add(1, {3, 3}));  // dominated in both
        QVERIFY(!a.add(2, {2, 3}));  // equal in one, worse in the other
        QVERIFY(!a.add(3, {2, 2}));  // a duplicate is kept once
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a.front()[0].id, 0);
    }

    void newPointRemovesWhatItDominates() {
        ParetoArchive a(2);
        QVERIFY(a.add(0, {1, 3}));
        QVERIFY(a.add(1, {2, 2}));
        QVERIFY(a.add(2, {3, 1}));
        // (1.5, 1.5) dominates (2,2) only.
        QVERIFY(a.add(3, {1.5, 1.5}));
        QCOMPARE(a.size(), std::size_t(3));
        std::vector<int> ids;
        for (const auto& e : a.front()) ids.push_back(e.id);
        QCOMPARE(ids, (std::vector<int>{0, 2, 3}));
        // Against (4,4), sorted (1,3), (1.5,1.5), (3,1): (3)(1) + (2.5)(1.5) + (1)(0.5) = 3 + 3.75 + 0.5 = 7.25.
        QCOMPARE(a.hypervolume({4, 4}), 7.25);
        // (0,0) dominates everything.
        QVERIFY(a.add(4, {0, 0}));
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a.hypervolume({4, 4}), 16.0);
    }

    void pointsOutsideTheReferenceAreIgnored() {
        ParetoArchive a(2);
        QVERIFY(a.add(0, {2, 2}));
        QVERIFY(a.add(1, {0, 5}));  // on the front, but beyond the reference in the second objective
        QVERIFY(a.add(2, {1, 4}));  // on the reference's boundary: contributes zero area
        // Only (2,2) counts: (4-2)(4-2) = 4.
        QCOMPARE(a.hypervolume({4, 4}), 4.0);
        QCOMPARE(a.hypervolume({1, 1}), 0.0);
    }

    void boxesIn3d() {
        // One point (1,1,1) against (3,3,3): a 2x2x2 cube, 8.
        ParetoArchive one(3);
        QVERIFY(one.add(0, {1, 1, 1}));
        QCOMPARE(one.hypervolume({3, 3, 3}), 8.0);

        // (1,2,2) and (2,1,1) against (3,3,3): boxes 2*1*1 = 2 and 1*2*2 = 4, overlapping in the box
        // from (2,2,2), 1*1*1 = 1: 2 + 4 - 1 = 5.
        ParetoArchive two(3);
        QVERIFY(two.add(0, {1, 2, 2}));
        QVERIFY(two.add(1, {2, 1, 1}));
        QCOMPARE(two.hypervolume({3, 3, 3}), 5.0);

        // (1,3,3), (3,1,3), (3,3,1) against (4,4,4): three boxes of 3*1*1 = 3; every pair and the
        // triple overlap in the unit box from (3,3,3): 9 - 3*1 + 1 = 7 (inclusion-exclusion).
        ParetoArchive three(3);
        QVERIFY(three.add(0, {1, 3, 3}));
        QVERIFY(three.add(1, {3, 1, 3}));
        QVERIFY(three.add(2, {3, 3, 1}));
        QCOMPARE(three.hypervolume({4, 4, 4}), 7.0);
        QVERIFY(!three.add(3, {3, 3, 3}));  // dominated by all three
        // (2,2,2) is not dominated by any of the three (each is worse in two objectives), so it enters.
        QVERIFY(three.add(4, {2, 2, 2}));
        // Union by slicing along the third objective:
        //   z in [1,2): only (3,3,1): area (4-3)(4-3) = 1;
        //   z in [2,3): (3,3,1), (2,2,2): area of {(3,3),(2,2)} = (4-2)(4-2) = 4;
        //   z in [3,4): all four: 2-D front (1,3),(2,2),(3,1) against (4,4) = 6.
        // HV = 1 + 4 + 6 = 11.
        QCOMPARE(three.hypervolume({4, 4, 4}), 11.0);
    }

    void wrongArityThrows() {
        ParetoArchive a(2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.add(0, {1, 2, 3}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.hypervolume({1}));
    }
};

QTEST_GUILESS_MAIN(TestPareto)
#include "test_pareto.moc"
