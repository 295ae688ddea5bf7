#pragma once
// Test helpers for files: whole-file reads and the corpora of malformed inputs (a folder of .json
// files, each with a .expected file holding a fragment of the message it must produce).
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>

namespace testsupport {

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// `dir`/`name`, `dir` created, with no file there and no session journal beside it (name.journal).
inline std::filesystem::path freshPath(const std::filesystem::path& dir, const std::string& name) {
    std::filesystem::create_directories(dir);
    const std::filesystem::path p = dir / name;
    std::filesystem::remove(p);
    std::filesystem::remove(std::filesystem::path(p.string() + ".journal"));
    return p;
}

// Adds one QTest row (columns "file", "expected") per file of `folder` with `extension`; returns the count.
inline int addCorpusRows(const std::filesystem::path& folder, const std::string& extension = ".json") {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    int count = 0;
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
        if (e.path().extension() != extension) continue;
        auto expected = slurp(std::filesystem::path(e.path()).replace_extension(".expected"));
        while (!expected.empty() && expected.back() == '\n') expected.pop_back();
        QTest::newRow(e.path().stem().c_str())
            << QString::fromStdString(e.path().string()) << QString::fromStdString(expected);
        ++count;
    }
    return count;
}

}  // namespace testsupport
