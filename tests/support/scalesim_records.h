#pragma once
// SCALE-Sim's records (tests/model/scalesim_records/*.json, SOURCE.txt there): layers SCALE-Sim v2
// simulated, with its cycles, folds and access counts. Shared by the cost-model and the CLI tests.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace testsupport {

// Every record of every file, in file-name order.
inline std::vector<nlohmann::json> scalesimRecords() {
    namespace fs = std::filesystem;
    std::vector<nlohmann::json> all;
    const fs::path dir = fs::path(ACCELSCOPE_TESTS_DIR) / "model" / "scalesim_records";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        std::ifstream in(f);
        for (const auto& r : nlohmann::json::parse(in)) all.push_back(r);
    }
    return all;
}

// One data row per record ("CB2a_2 32x32 os"), with its index as the column "index".
inline void addScalesimRecordRows() {
    QTest::addColumn<int>("index");
    const auto all = scalesimRecords();
    QVERIFY2(all.size() >= 4, "tests/model/scalesim_records/ must hold at least the four shared records");
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& r = all[i];
        const std::string name = r.at("layer").at("name").get<std::string>() + " " +
                                 std::to_string(r.at("array")[0].get<int>()) + "x" +
                                 std::to_string(r.at("array")[1].get<int>()) + " " + r.at("dataflow").get<std::string>();
        QTest::newRow(name.c_str()) << static_cast<int>(i);
    }
}

// A GEMM record's M, N or K (either case).
inline std::int64_t gemmDim(const nlohmann::json& layer, const char* upper, const char* lower) {
    return (layer.contains(upper) ? layer.at(upper) : layer.at(lower)).get<std::int64_t>();
}

}  // namespace testsupport
