// The generic search layer: the parameter space, the factory, and every searcher on synthetic
// functions whose optimum is known.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>

#include "search/searcher.h"
#include "util/input_error.h"

using namespace accelscope;

namespace {

// An objective that may reject a point (nullopt: invalid).
using Objective = std::function<std::optional<double>(const Point&)>;

struct Run {
    std::vector<Point> proposals;
    std::vector<double> bestSoFar;  // after each evaluation (inf while nothing valid)
    int samplesToReach(double target) const {
        for (std::size_t i = 0; i < bestSoFar.size(); ++i)
            if (bestSoFar[i] <= target) return static_cast<int>(i) + 1;
        return -1;
    }
};

// Drives a searcher for `budget` evaluations in batches; stops early when it runs dry.
Run drive(Searcher& s, const Objective& f, int budget, int batch) {
    Run run;
    double best = std::numeric_limits<double>::infinity();
    while (static_cast<int>(run.proposals.size()) < budget) {
        const auto points = s.ask(std::min(batch, budget - static_cast<int>(run.proposals.size())));
        if (points.empty()) break;
        std::vector<Observation> results;
        for (const Point& p : points) {
            const auto v = f(p);
            results.push_back({p, v.value_or(0.0), v.has_value()});
            if (v) best = std::min(best, *v);
            run.proposals.push_back(p);
            run.bestSoFar.push_back(best);
        }
        s.tell(results);
    }
    return run;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

ParamSpace oneInteger(std::int64_t lo, std::int64_t hi) {
    ParamSpace s;
    s.params.push_back(integerParam("x", lo, hi));
    return s;
}

// Four integers in -10..10; f = 1 + sum (x_i - c_i)^2 with c = (3, -2, 7, 0): optimum 1.
ParamSpace separableSpace() {
    ParamSpace s;
    for (const char* n : {"a", "b", "c", "d"}) s.params.push_back(integerParam(n, -10, 10));
    return s;
}
std::optional<double> separable(const ParamSpace& s, const Point& p) {
    const double c[] = {3, -2, 7, 0};
    double f = 1;
    for (std::size_t i = 0; i < 4; ++i) f += std::pow(s.params[i].numeric(p[i]) - c[i], 2);
    return f;
}

// Small mixed space: 3 x 2 x 2 = 12 points.
ParamSpace mixedSpace() {
    ParamSpace s;
    s.params.push_back(integerParam("n", 1, 5, 2));
    s.params.push_back(categoricalParam("df", {"ws", "os"}));
    s.params.push_back(booleanParam("mc"));
    return s;
}

std::unique_ptr<Searcher> make(std::string_view name, const ParamSpace& space, SearcherSettings st) {
    FeatureFn features;
    if (name == "dabo") features = [space](const Point& p) { return space.encode(p); };
    return makeSearcher(name, space, st, features);
}

}  // namespace

class TestSearchers : public QObject {
    Q_OBJECT
private slots:
    void paramSpaceBasics() {
        ParamSpace s;
        s.params.push_back(integerParam("pes", 128, 300, 4));
        s.params.push_back(ordinalParam("l1", {32, 64, 128}, "KiB"));
        s.params.push_back(categoricalParam("unroll", {"K", "C", "X"}));
        s.params.push_back(booleanParam("multicast"));
        // (300-128)/4 + 1 = 44 levels; 44 * 3 * 3 * 2 = 792 points.
        QCOMPARE(s.params[0].levels(), 44);
        QCOMPARE(s.pointCount(), std::uint64_t(792));
        QVERIFY(std::abs(s.log10Size() - std::log10(792.0)) < 1e-12);
        QCOMPARE(s.params[0].numeric(2), 136.0);
        QCOMPARE(s.params[1].label(1), std::string("64 KiB"));
        QCOMPARE(s.params[2].label(2), std::string("X"));
        QCOMPARE(s.params[3].label(1), std::string("true"));
        const Point p = {43, 2, 1, 1};
        QVERIFY(s.contains(p));
        QVERIFY(!s.contains({44, 0, 0, 0}));
        QVERIFY(!s.contains({0, 0, 0}));
        // Encoding: 43/43 = 1, 2/2 = 1, one-hot (0,1,0), 1/1 = 1: 6 values.
        Eigen::VectorXd e(6);
        e << 1, 1, 0, 1, 0, 1;
        QCOMPARE(s.encode(p), e);
        for (std::uint64_t i : {0ULL, 1ULL, 17ULL, 791ULL}) QCOMPARE(s.indexOf(s.pointAt(i)), i);
        // Mixed radix, last parameter fastest: 43*(3*3*2) + 2*(3*2) + 1*2 + 1 = 789.
        QCOMPARE(s.indexOf(p), std::uint64_t(789));
        QCOMPARE(s.pointAt(791), (Point{43, 2, 2, 1}));
        std::mt19937_64 rng(3);
        for (int i = 0; i < 100; ++i) QVERIFY(s.contains(s.random(rng)));
    }

    void malformedSpacesAreRejected() {
        ParamSpace s;
        s.params.push_back(integerParam("a", 5, 1));
        s.params.push_back(ordinalParam("b", {4, 2}));
        s.params.push_back(categoricalParam("a", {}));
        try {
            s.validate();
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QCOMPARE(e.problems().size(), std::size_t(4));  // hi<lo, not ascending, duplicate name, no choices
        }
        QVERIFY_THROWS_EXCEPTION(InputError, makeSearcher("random", s, {}));
    }

    void factoryNamesAndErrors() {
        QCOMPARE(searcherNames(), (std::vector<std::string>{"random", "grid", "ga", "sa", "bo", "dabo", "confuciux"}));
        const ParamSpace s = mixedSpace();
        for (const auto& n : searcherNames()) QCOMPARE(std::string(make(n, s, {})->name()), n);
        try {
            makeSearcher("hill-climb", s, {});
            QFAIL("expected invalid_argument");
        } catch (const std::invalid_argument& e) {
            QVERIFY(std::string(e.what()).find("known: random, grid, ga, sa, bo, dabo, confuciux") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSearcher("dabo", s, {}));
        SearcherSettings bad;
        bad.kernel = "cosine";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSearcher("bo", s, bad));
    }

    void gridVisitsEveryPointOnce() {
        const ParamSpace s = mixedSpace();
        auto g = makeSearcher("grid", s, {});
        std::vector<Point> all;
        std::vector<std::size_t> sizes;
        for (int round = 0; round < 5; ++round) {
            auto batch = g->ask(5);
            sizes.push_back(batch.size());
            all.insert(all.end(), batch.begin(), batch.end());
        }
        QCOMPARE(sizes, (std::vector<std::size_t>{5, 5, 2, 0, 0}));
        for (std::size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], s.pointAt(i));  // mixed-radix order
        QCOMPARE(std::set<Point>(all.begin(), all.end()).size(), std::size_t(12));
    }

    void randomNeverRepeats() {
        const ParamSpace s = mixedSpace();
        auto r = makeSearcher("random", s, {});
        std::vector<Point> all;
        for (int round = 0; round < 5; ++round) {
            auto batch = r->ask(5);
            all.insert(all.end(), batch.begin(), batch.end());
        }
        QCOMPARE(all.size(), std::size_t(12));
        QCOMPARE(std::set<Point>(all.begin(), all.end()).size(), std::size_t(12));
        QVERIFY(all != std::vector<Point>([&] {  // shuffled, not grid order
            std::vector<Point> g;
            for (std::uint64_t i = 0; i < 12; ++i) g.push_back(s.pointAt(i));
            return g;
        }()));
        // A larger space: 1000 draws out of 21^4 = 194481, still no repeat.
        auto big = makeSearcher("random", separableSpace(), {});
        const auto many = big->ask(1000);
        QCOMPARE(std::set<Point>(many.begin(), many.end()).size(), std::size_t(1000));
    }

    void sameSeedSameSequence() {
        const ParamSpace s = separableSpace();
        auto f = [&](const Point& p) -> std::optional<double> {
            if (p[0] == 0) return std::nullopt;  // some invalid points on the way
            return separable(s, p);
        };
        for (const auto& name : searcherNames()) {
            SearcherSettings st;
            st.warmup = 5;
            st.candidates = 200;
            auto run = [&](std::uint64_t seed) {
                st.seed = seed;
                auto searcher = make(name, s, st);
                return drive(*searcher, f, 40, 7).proposals;
            };
            const auto a = run(1), b = run(1), c = run(2);
            QVERIFY2(a == b, name.c_str());
            QCOMPARE(a.size(), std::size_t(40));
            if (name != "grid") QVERIFY2(a != c, name.c_str());
        }
    }

    void boFindsTheQuadraticMinimum() {
        // f(x) = (x-37)^2 + 1 on 0..100; minimum 1 at x = 37. Warm-up 5, batch 1, budget 20.
        const ParamSpace s = oneInteger(0, 100);
        auto f = [](const Point& p) -> std::optional<double> { return std::pow(p[0] - 37.0, 2) + 1.0; };
        const FeatureFn features = [](const Point& p) {
            const double u = p[0] / 100.0;
            return Eigen::Vector2d(u, u * u).eval();
        };
        SearcherSettings st;
        st.warmup = 5;
        st.batch = 1;
        SearcherSettings linear = st;  // Spotlight's daBO default kernel, on the raw objective
        linear.kernel = "linear";
        linear.logTarget = false;
        std::vector<double> bo, dabo, daboLinear, random;
        QString line;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            st.seed = seed;
            auto b = makeSearcher("bo", s, st);
            auto d = makeSearcher("dabo", s, st, features);
            auto r = makeSearcher("random", s, st);
            const int nb = drive(*b, f, 20, 1).samplesToReach(1.0);
            const int nd = drive(*d, f, 20, 1).samplesToReach(1.0);
            linear.seed = seed;
            auto dl = makeSearcher("dabo", s, linear, features);
            const int nl = drive(*dl, f, 20, 1).samplesToReach(1.0);
            // Random searched until it hits (at most the whole space, 101 points).
            const Run rr = drive(*r, f, 101, 1);
            const int nr = rr.samplesToReach(1.0);
            const double randomBestAt20 = rr.bestSoFar[19];
            line += QString(" seed %1: bo %2, dabo %3, dabo-linear %4, random %5 (best of 20: %6);")
                        .arg(seed).arg(nb).arg(nd).arg(nl).arg(nr).arg(randomBestAt20);
            QVERIFY2(nb > 0 && nb <= 20, qPrintable(QString("bo seed %1 took %2").arg(seed).arg(nb)));
            QVERIFY2(nd > 0 && nd <= 20, qPrintable(QString("dabo seed %1 took %2").arg(seed).arg(nd)));
            bo.push_back(nb);
            QVERIFY2(nl > 0 && nl <= 20, qPrintable(QString("dabo-linear seed %1 took %2").arg(seed).arg(nl)));
            dabo.push_back(nd);
            daboLinear.push_back(nl);
            random.push_back(nr);
        }
        qInfo("samples to the optimum:%s", qPrintable(line));
        qInfo("median: bo %.1f, dabo %.1f, dabo-linear %.1f, random %.1f", median(bo), median(dabo),
              median(daboLinear), median(random));
        // Measured (GCC 12, this seed set): bo 6 7 9 8 7 (median 7); dabo (Matern 5/2, log target)
        // 6 7 7 8 9 (median 7); dabo with the linear kernel on the raw objective 6 6 6 8 7 (median 6):
        // f is linear in the features (x/100, (x/100)^2), so the first model-driven sample lands on 37
        // unless the 10% exploration swaps it; random until found 34 78 18 96 46 (median 46; its
        // best after 20 samples: 10 5 1 2 5).
        QVERIFY(median(dabo) <= median(bo));
        QVERIFY(median(daboLinear) <= median(bo));
        QVERIFY(median(random) > 20);  // random does worse on the same budget: it has not found it by 20
        QVERIFY(median(random) > median(bo));
    }

    void boStaysDeterministicPastItsTrainingCap() {
        // 400 evaluations: past 256 observations the GP is fitted on a subset (the best 192 and a
        // spread of the rest) with kept or locally refined hyperparameters (bo_searcher.cpp). The
        // search must still never repeat a point, still be a function of its seed, and still have
        // found the minimum of a 2-D bowl, f = (x-23)^2 + (y-41)^2 + 1 on a 61 x 61 grid (min 1).
        ParamSpace s;
        s.params = {integerParam("x", 0, 60), integerParam("y", 0, 60)};
        auto f = [](const Point& p) -> std::optional<double> {
            return std::pow(p[0] - 23.0, 2) + std::pow(p[1] - 41.0, 2) + 1.0;
        };
        const FeatureFn features = [](const Point& p) { return Eigen::Vector2d(p[0] / 60.0, p[1] / 60.0).eval(); };
        SearcherSettings st;
        st.candidates = 200;
        for (const char* name : {"bo", "dabo"}) {
            auto run = [&](std::uint64_t seed) {
                st.seed = seed;
                auto searcher = makeSearcher(name, s, st, features);
                return drive(*searcher, f, 400, 10);
            };
            const Run a = run(3), b = run(3);
            QVERIFY2(a.proposals == b.proposals, name);
            QCOMPARE(a.proposals.size(), std::size_t(400));
            const std::set<Point> distinct(a.proposals.begin(), a.proposals.end());
            QCOMPARE(distinct.size(), std::size_t(400));
            QCOMPARE(a.bestSoFar.back(), 1.0);
        }
    }

    void boCandidatePoolFollowsTheRandomFeasibleShare() {
        // Constraint-aware acquisition (bo_searcher.cpp): f = x + y on a 201 x 201 grid, feasible only
        // where x + y >= 200, so the model's favourites (near the origin) are all infeasible and every
        // batch walks past them. The candidate pool holds `candidates` feasible points in expectation at
        // the feasible share of random draws (about a half here), so a batch walks at most about
        // candidates / share = 400 points. Sizing it by the share among walked points (about 10 feasible
        // in every few hundred) would score and walk ten times `candidates`: about 1000 a batch.
        ParamSpace s;
        s.params = {integerParam("x", 0, 200), integerParam("y", 0, 200)};
        auto f = [](const Point& p) -> std::optional<double> { return double(p[0] + p[1]); };
        const FeatureFn features = [](const Point& p) { return Eigen::Vector2d(p[0] / 200.0, p[1] / 200.0).eval(); };
        SearcherSettings st;
        st.candidates = 200;
        for (const char* name : {"bo", "dabo"}) {
            for (std::uint64_t seed : {1, 2}) {
                st.seed = seed;
                auto searcher = makeSearcher(name, s, st, features);
                std::int64_t checks = 0;
                searcher->setFeasibility([&checks](const Point& p) {
                    ++checks;
                    return p[0] + p[1] >= 200;
                });
                const Run run = drive(*searcher, f, 200, 10);
                QCOMPARE(run.proposals.size(), std::size_t(200));
                for (const Point& p : run.proposals) QVERIFY(p[0] + p[1] >= 200);
                QVERIFY2(run.bestSoFar.back() <= 201.0, name);  // the search reaches the boundary
                qInfo("%s seed %d: %lld feasibility checks for 200 proposals", name, int(seed), static_cast<long long>(checks));
                // 20 batches of at most 3 x candidates walked each (a pool of 2 x candidates at a share
                // of a half, with room for the share's noise), plus the random draws.
                QVERIFY2(checks < 20 * 3 * st.candidates, qPrintable(QString("%1 seed %2: %3 checks").arg(name).arg(seed).arg(checks)));
            }
        }
    }

    void gaAndSaImproveOnTheirStart() {
        const ParamSpace s = separableSpace();
        auto f = [&](const Point& p) { return separable(s, p); };
        for (const char* name : {"ga", "sa"}) {
            QString line;
            for (std::uint64_t seed = 1; seed <= 5; ++seed) {
                SearcherSettings st;
                st.seed = seed;
                st.budget = 300;
                auto searcher = makeSearcher(name, s, st);
                const Run run = drive(*searcher, f, 300, 10);
                QCOMPARE(run.proposals.size(), std::size_t(300));
                const double first = run.bestSoFar[9], last = run.bestSoFar.back();
                line += QString(" %1 -> %2;").arg(first).arg(last);
                QVERIFY2(last < first, qPrintable(QString("%1 seed %2: %3 -> %4").arg(name).arg(seed).arg(first).arg(last)));
            }
            qInfo("%s best of first batch -> after 300:%s", name, qPrintable(line));
        }
    }

    void gaGenerationsHaveThePopulationSize() {
        const ParamSpace s = separableSpace();
        SearcherSettings st;
        st.population = 20;
        auto ga = makeSearcher("ga", s, st);
        auto first = ga->ask(1000);
        QCOMPARE(first.size(), std::size_t(20));  // the first generation, all new
        QVERIFY(ga->ask(5).empty());              // its results are outstanding
        for (int gen = 0; gen < 10; ++gen) {
            std::vector<Observation> obs;
            for (const Point& p : first) obs.push_back({p, *separable(s, p), true});
            ga->tell(obs);
            first = ga->ask(1000);
            // At most population - 1 new points: the elite is carried over without re-evaluation,
            // and children already evaluated keep their remembered fitness.
            QVERIFY(!first.empty());
            QVERIFY(first.size() <= std::size_t(19));
        }
        // Handed out in parts, a generation still never exceeds the population.
        auto ga2 = makeSearcher("ga", s, st);
        QCOMPARE(ga2->ask(8).size(), std::size_t(8));
        QCOMPARE(ga2->ask(8).size(), std::size_t(8));
        QCOMPARE(ga2->ask(8).size(), std::size_t(4));
        QCOMPARE(ga2->ask(8).size(), std::size_t(0));
    }

    void invalidObservationsAreHandled() {
        // Points below 20 are invalid. BO must never propose any point twice, valid or not.
        const ParamSpace s = oneInteger(0, 100);
        auto f = [](const Point& p) -> std::optional<double> {
            if (p[0] < 20) return std::nullopt;
            return std::pow(p[0] - 60.0, 2) + 1.0;
        };
        for (const char* name : {"bo", "dabo"}) {
            SearcherSettings st;
            st.warmup = 5;
            auto bo = make(name, s, st);
            const Run run = drive(*bo, f, 200, 3);
            QCOMPARE(run.proposals.size(), std::size_t(101));  // every point exactly once, then dry
            QCOMPARE(std::set<Point>(run.proposals.begin(), run.proposals.end()).size(), std::size_t(101));
            QVERIFY(bo->ask(3).empty());
        }
        // Everything invalid: no searcher crashes, and each keeps proposing valid indices.
        auto none = [](const Point&) -> std::optional<double> { return std::nullopt; };
        for (const auto& name : searcherNames()) {
            SearcherSettings st;
            st.warmup = 3;
            auto searcher = make(name, separableSpace(), st);
            const Run run = drive(*searcher, none, 60, 6);
            QVERIFY2(run.proposals.size() == 60, name.c_str());
            for (const Point& p : run.proposals) QVERIFY(separableSpace().contains(p));
        }
        // A point told but never asked is not proposed afterwards.
        SearcherSettings st;
        st.warmup = 0;
        auto bo = makeSearcher("bo", oneInteger(0, 3), st);
        bo->tell({{{0}, 5.0, true}, {{1}, 0.0, false}, {{2}, 3.0, true}});
        QCOMPARE(bo->ask(5), (std::vector<Point>{{3}}));
    }
};

QTEST_GUILESS_MAIN(TestSearchers)
#include "test_searchers.moc"
