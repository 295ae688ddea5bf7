#pragma once
// Command-line options of the benchmark programs (plain mains): `--name value` pairs.
#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace benchargs {

// The value after `name`, or `fallback` when the option is absent.
inline const char* option(int argc, char** argv, const char* name, const char* fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
    return fallback;
}

// The comma-separated items of `name`'s value (or of `fallback`).
inline std::vector<std::string> list(int argc, char** argv, const char* name, const char* fallback) {
    std::vector<std::string> items;
    std::stringstream in(option(argc, argv, name, fallback));
    for (std::string item; std::getline(in, item, ',');) items.push_back(item);
    return items;
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

// Median (upper middle for an even count, as the tables have always printed), min and max.
struct Stats {
    double median, min, max;
};
inline Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

}  // namespace benchargs
