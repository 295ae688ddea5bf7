// The fuzzers' findings and the limits that keep hostile input from crashing the program or
// exhausting memory:
// - every file under tests/fuzz/regressions/<target>/ (an input a fuzz target once crashed on) is fed
//   to the same entry point (fuzz_entry_points.h) and must be refused with an InputError (with the
//   message fragment of its .expected file, when there is one); the seed corpora must load or be
//   refused, never crash;
// - every file of the bad-input corpora (tests/workload/bad, arch/bad, model/bad_mapping,
//   search/bad_space, timeloop/bad, mapping/bad_constraints, timeloop/bad_map, scalesim/bad_config,
//   scalesim/bad_topology) makes the CLI exit 2 with its message;
// - 100,000 nested arrays are refused with a message in every JSON format and in YAML (not a stack
//   overflow); a file over 256 MiB is refused before it is read; a workload of more than 20,000 ops
//   is refused before its ops are built; the grid searcher walks a space of more than 2^63 points
//   lazily, holding one batch.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "fuzz_entry_points.h"
#include "explore/resource_check.h"
#include "explore/search_engine.h"
#include "search/searcher.h"
#include "support/cli_run.h"
#include "support/files.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"

using namespace accelscope;
namespace fs = std::filesystem;

namespace {
const fs::path kTests = ACCELSCOPE_TESTS_DIR;
const fs::path kFuzz = kTests / "fuzz";

const std::map<std::string, std::function<void(const std::string&)>>& entryPoints() {
    static const std::map<std::string, std::function<void(const std::string&)>> points = {
        {"workload", fuzzentry::workload}, {"arch", fuzzentry::arch},         {"mapping", fuzzentry::mapping},
        {"space", fuzzentry::space},       {"session", fuzzentry::session},   {"onnx", fuzzentry::onnx},
        {"timeloop", fuzzentry::timeloop}, {"constraints", fuzzentry::constraints},
        {"timeloop_map", fuzzentry::timeloopMap}, {"scalesim_config", fuzzentry::scalesimConfig},
        {"scalesim_topology", fuzzentry::scalesimTopology}};
    return points;
}

// The CLI command that loads a file of each JSON format.
std::vector<std::string> cliLoading(const std::string& format, const std::string& path) {
    if (format == "workload") return {"info", "--workload", path};
    if (format == "arch") return {"arch", "--show", path};
    if (format == "mapping")
        return {"evaluate", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "layer3.1.conv2", "--mapping", path};
    if (format == "space")
        return {"search", "--workload", "resnet18", "--space", path, "--searcher", "random", "--budget", "1",
                "--session", (fs::temp_directory_path() / "accelscope-unused.json").string()};
    if (format == "session")
        return {"export", "--session", path, "--what", "designs-csv", "--out",
                (fs::temp_directory_path() / "accelscope-unused.csv").string()};
    if (format == "constraints")
        return {"map", "--arch", "eyeriss_like", "--workload", "resnet50", "--layer", "layer3.1.conv2", "--constraints", path};
    const std::string out = (fs::temp_directory_path() / "accelscope-unused").string();
    if (format == "scalesim_config")  // with the records' topology
        return {"import", "--scalesim-config", path, "--scalesim-topology",
                (kTests / "scalesim/topologies/records.csv").string(), "--out", out};
    if (format == "scalesim_topology")  // with a 32 x 32 output-stationary array
        return {"import", "--scalesim-config", (kTests / "scalesim/configs/sa32_os.cfg").string(), "--scalesim-topology",
                path, "--out", out};
    if (format == "timeloop_map")  // the map Timeloop's mapper printed, for the Eyeriss-like case
        return {"import", "--timeloop-problem",
                (kTests / "model/timeloop_cases/design_eyeriss_like_default_problem/input.yaml").string(),
                "--timeloop-mapping", path, "--out", out};
    return {"import", "--timeloop-problem", path, "--out", out};
}

const std::vector<std::string> kJsonFormats = {"workload", "arch", "mapping", "space", "session"};
}  // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;
    std::string scratch(const std::string& name) { return (fs::path(scratch_.path().toStdString()) / name).string(); }

private slots:
    void findingsAreRefused_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const auto& [target, entry] : entryPoints()) {
            const fs::path dir = kFuzz / "regressions" / target;
            if (!fs::is_directory(dir)) continue;
            for (const auto& f : fs::directory_iterator(dir))
                if (f.path().extension() != ".expected")
                    QTest::newRow((target + "/" + f.path().filename().string()).c_str())
                        << QString::fromStdString(target) << QString::fromStdString(f.path().string());
        }
    }
    void findingsAreRefused() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        const fs::path path = file.toStdString();
        std::string expected = testsupport::slurp(fs::path(path).replace_extension(".expected"));
        while (!expected.empty() && expected.back() == '\n') expected.pop_back();
        try {
            entryPoints().at(target.toStdString())(testsupport::slurp(path));
            QFAIL("the input was accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
        }
    }

    void seedCorporaLoadOrAreRefused_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const auto& [target, entry] : entryPoints())
            for (const auto& f : fs::directory_iterator(kFuzz / "corpus" / target))
                QTest::newRow((target + "/" + f.path().filename().string()).c_str())
                    << QString::fromStdString(target) << QString::fromStdString(f.path().string());
    }
    void seedCorporaLoadOrAreRefused() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        try {
            entryPoints().at(target.toStdString())(testsupport::slurp(file.toStdString()));
        } catch (const InputError&) {
        }
    }

    // Every bad file exits 2 through the CLI with its message; at least 50 in all.
    void badCorporaExitTwo_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        const std::vector<std::pair<std::string, fs::path>> corpora = {
            {"workload", kTests / "workload/bad"}, {"arch", kTests / "arch/bad"},
            {"mapping", kTests / "model/bad_mapping"}, {"space", kTests / "search/bad_space"},
            {"timeloop", kTests / "timeloop/bad"}, {"constraints", kTests / "mapping/bad_constraints"},
            {"timeloop_map", kTests / "timeloop/bad_map"}, {"scalesim_config", kTests / "scalesim/bad_config"},
            {"scalesim_topology", kTests / "scalesim/bad_topology"}};
        int count = 0;
        for (const auto& [format, dir] : corpora)
            for (const auto& f : fs::directory_iterator(dir)) {
                const auto ext = f.path().extension();
                if (ext != ".json" && ext != ".yaml" && ext != ".txt" && ext != ".cfg" && ext != ".csv") continue;
                std::string expected;
                if (ext != ".yaml") {
                    expected = testsupport::slurp(fs::path(f.path()).replace_extension(".expected"));
                } else {  // Timeloop files carry theirs on their first line
                    const std::string text = testsupport::slurp(f.path());
                    expected = text.substr(10, text.find('\n') - 10);  // after "# expect: "
                }
                while (!expected.empty() && expected.back() == '\n') expected.pop_back();
                QTest::newRow((format + "/" + f.path().stem().string()).c_str())
                    << QString::fromStdString(format) << QString::fromStdString(f.path().string())
                    << QString::fromStdString(expected);
                ++count;
            }
        QVERIFY2(count >= 50, "the bad-input corpora must hold at least 50 files");
    }
    void badCorporaExitTwo() {
        QFETCH(QString, format);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QVERIFY(!expected.isEmpty());
        const auto r = testsupport::runCli(cliLoading(format.toStdString(), file.toStdString()));
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(file.toStdString() + ": ") != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find(expected.toStdString()) != std::string::npos, r.err.c_str());
    }

    // nlohmann parses any depth, but copying and dumping recurse: the loaders refuse deep nesting first.
    void deepNestingIsRefused_data() {
        QTest::addColumn<QString>("format");
        for (const auto& f : kJsonFormats) QTest::newRow(f.c_str()) << QString::fromStdString(f);
    }
    void deepNestingIsRefused() {
        QFETCH(QString, format);
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        const std::string path = scratch("deep_" + format.toStdString() + ".json");
        // In a field, where a loader that got past the parse would copy or dump it.
        std::ofstream(path) << "{\"format\": \"accelscope-space\", \"version\": 1, \"name\": " << deep << "}";
        const auto r = testsupport::runCli(cliLoading(format.toStdString(), path));
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(path + ": line 1, column ") != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find("malformed JSON: arrays and objects nested more than 512 deep") != std::string::npos,
                 r.err.c_str());
    }
    void deeplyNestedJournalIsRefused() {
        const fs::path session = scratch("journal_only.json");
        std::ofstream(journalPath(session)) << "{\"format\": \"accelscope-session-journal\", \"session\": "
                                            << std::string(100000, '[') << std::string(100000, ']') << "}\n";
        QVERIFY_THROWS_EXCEPTION(InputError, loadSession(session));
    }
    void deeplyNestedYamlIsRefused() {
        const std::string path = scratch("deep.yaml");
        std::ofstream(path) << "problem: " << std::string(100000, '[') << std::string(100000, ']') << "\n";
        const auto r = testsupport::runCli(cliLoading("timeloop", path));
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(path + ": ") != std::string::npos, r.err.c_str());
    }

    // A file over the limit is refused from its size, before a byte is read (the file is sparse:
    // it takes no disk and, since it is never read, no memory).
    void hugeFilesAreRefusedBeforeReading_data() {
        QTest::addColumn<QString>("format");
        for (const auto& f : kJsonFormats) QTest::newRow(f.c_str()) << QString::fromStdString(f);
        QTest::newRow("timeloop") << "timeloop";
    }
    void hugeFilesAreRefusedBeforeReading() {
        QFETCH(QString, format);
        const std::string path = scratch("huge_" + format.toStdString() + ".json");
        std::ofstream(path) << "{\"name\": \"";  // a 300 MiB string, never closed
        fs::resize_file(path, std::uintmax_t{300} << 20);
        const auto r = testsupport::runCli(cliLoading(format.toStdString(), path));
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find(path + ": is 300 MiB; input files are limited to 256 MiB") != std::string::npos,
                 r.err.c_str());
        QVERIFY_THROWS_EXCEPTION(InputError, readTextFile(path));
        fs::remove(path);
    }

    void tooManyOpsAreRefused() {
        // (moc cannot read raw string literals, hence the escapes)
        std::string text =
            "{\"format\": \"accelscope-workload\", \"version\": 1, \"name\": \"long\", \"batch\": 1, "
            "\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4]}], \"ops\": [";
        for (int i = 0; i <= 20000; ++i)
            text += std::string(i ? "," : "") + "{\"name\": \"r" + std::to_string(i) + "\", \"kind\": \"relu\", \"inputs\": [\"" +
                    (i ? "r" + std::to_string(i - 1) : std::string("x")) + "\"], \"shape\": [1, 4]}";
        text += "]}";
        try {
            parseWorkload(text, "long.json");
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("long.json: ops holds 20001 operations; at most 20000 are supported") !=
                         std::string::npos,
                     e.what());
        }
    }

    // A search whose Gaussian process or records cannot fit in memory is refused before it starts
    // (resource_check.h), naming the setting to lower.
    void searchesTooBigForMemoryAreRefused() {
        // n = m = 1000: 6 n^2 + 2 n m doubles = 8 x (6e6 + 2e6) bytes.
        QCOMPARE(gaussianProcessBytes(1000, 1000), std::uint64_t{64'000'000});
        QCOMPARE(formatBytes(std::uint64_t{3} << 29), std::string("1.5 GiB"));
        SearchJob job;
        job.workloads = {loadWorkloadByNameOrPath("resnet18")};
        job.space = loadDesignSpaceByNameOrPath("spotlight_edge");
        job.settings.searcher = "bo";
        job.settings.searcherSettings.budget = 1'000'000;
        // 8 x (6 x 10^12 + 2 x 10^9 x 1000) = 4.8016e13 bytes = 43.7 TiB for the GP alone.
        QVERIFY(searchMemoryEstimate(job, 1) > gaussianProcessBytes(1'000'000, 1000));
        QVERIFY_THROWS_EXCEPTION(InputError, checkSearchMemory(job, 1, std::uint64_t{1} << 40));
        // Random search keeps only the records: fine in 1 TiB, refused in 100 MiB.
        job.settings.searcher = "random";
        checkSearchMemory(job, 1, std::uint64_t{1} << 40);
        try {
            checkSearchMemory(job, 1, std::uint64_t{100} << 20);
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("search: budget: a search of 1000000 valid designs (every design is kept) "
                                                "needs at least ") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("this machine has 100 MiB") != std::string::npos, e.what());
        }
        // The software daBO fits one GP per thread: 4 threads of 10^6 valid mappings.
        job.settings.searcherSettings.budget = 10;
        job.settings.swSearcher = "dabo";
        job.settings.swBudget = 1'000'000;
        QVERIFY(searchMemoryEstimate(job, 4) > 4 * gaussianProcessBytes(1'000'000, 1000));
        try {
            checkSearchMemory(job, 4, std::uint64_t{1} << 40);
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("search: sw-budget: a software dabo search of 1000000 valid mappings per "
                                                "layer in 4 threads") != std::string::npos, e.what());
        }
        // The CLI refuses before it writes anything: exit 2, no session, no journal.
        const std::string out = scratch("too_big.json");
        const auto r = testsupport::runCli({"search", "--workload", "resnet18", "--space", "spotlight_edge", "--searcher",
                                            "bo", "--budget", "1000000", "--session", out});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find("search: budget: a bo search of 1000000 valid designs (a Gaussian process over every valid "
                            "design) needs at least 44 TiB of memory; this machine has ") != std::string::npos,
                 r.err.c_str());
        QVERIFY(!fs::exists(out) && !fs::exists(journalPath(out)));
    }

    // Grid search never enumerates the space: a space of 2^210 points costs one batch of memory.
    void gridSearchOfAnAbsurdSpaceIsLazy() {
        ParamSpace space;
        for (int i = 0; i < 7; ++i) space.params.push_back(integerParam("p" + std::to_string(i), 0, (1 << 30) - 1));
        QCOMPARE(space.pointCount(), std::uint64_t{0});  // beyond 63 bits
        auto grid = makeSearcher("grid", space, {});
        const auto first = grid->ask(3);
        QCOMPARE(first.size(), std::size_t{3});
        QCOMPARE(first[2], (Point{0, 0, 0, 0, 0, 0, 2}));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
