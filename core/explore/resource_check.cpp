// The memory a search needs, estimated from its settings before it starts.
#include "explore/resource_check.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

#include "explore/search_engine.h"
#include "mapper/bo_layer_searcher.h"
#include "util/input_error.h"

namespace accelscope {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// a * b, saturating (budgets up to 10^9 squared overflow nothing below 2^64, but be safe).
std::uint64_t mul(std::uint64_t a, std::uint64_t b) { return a != 0 && b > kMax / a ? kMax : a * b; }
std::uint64_t add(std::uint64_t a, std::uint64_t b) { return b > kMax - a ? kMax : a + b; }

bool usesGaussianProcess(const std::string& searcher) { return searcher == "bo" || searcher == "dabo"; }

// A design record: the struct, its point and its description and reason strings on the heap.
std::uint64_t recordBytes(const SearchJob& job) {
    return sizeof(DesignRecord) + 8 * job.space.space.params.size() + 160;
}

// The number in a cgroup limit file ("max" or missing: no limit).
std::uint64_t cgroupLimit(const char* path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return kMax;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return kMax;
    }
}

}  // namespace

std::uint64_t gaussianProcessBytes(std::uint64_t n, std::uint64_t m) {
    return mul(8, add(mul(6, mul(n, n)), mul(2, mul(n, m))));
}

std::uint64_t searchMemoryEstimate(const SearchJob& job, unsigned threads) {
    const RunSettings& s = job.settings;
    const auto budget = static_cast<std::uint64_t>(std::max<std::int64_t>(s.searcherSettings.budget, 0));
    std::uint64_t bytes = mul(budget, recordBytes(job) + 8);  // records and the best-so-far history
    if (usesGaussianProcess(s.searcher))
        bytes = add(bytes, gaussianProcessBytes(budget, static_cast<std::uint64_t>(std::max(s.searcherSettings.candidates, 0))));
    if (usesGaussianProcess(s.swSearcher)) {
        const auto sw = static_cast<std::uint64_t>(std::max<std::int64_t>(s.swBudget, 0));
        bytes = add(bytes, mul(std::max(threads, 1u), gaussianProcessBytes(sw, BoLayerSettings{}.candidates)));
    }
    return bytes;
}

std::uint64_t machineMemoryBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    std::uint64_t bytes = pages > 0 && pageSize > 0 ? mul(static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(pageSize)) : kMax;
    bytes = std::min(bytes, cgroupLimit("/sys/fs/cgroup/memory.max"));                    // cgroup v2
    bytes = std::min(bytes, cgroupLimit("/sys/fs/cgroup/memory/memory.limit_in_bytes"));  // cgroup v1
    return bytes;
}

std::string formatBytes(std::uint64_t bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        ++u;
    }
    char text[32];
    std::snprintf(text, sizeof text, v < 10 && u > 0 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return text;
}

void checkSearchMemory(const SearchJob& job, unsigned threads, std::uint64_t available) {
    const std::uint64_t need = searchMemoryEstimate(job, threads);
    if (need <= available) return;
    const std::string tail = "needs at least " + formatBytes(need) + " of memory; this machine has " +
                             formatBytes(available);
    // Name the setting that dominates.
    const RunSettings& s = job.settings;
    const auto budget = static_cast<std::uint64_t>(std::max<std::int64_t>(s.searcherSettings.budget, 0));
    const std::uint64_t hw = usesGaussianProcess(s.searcher)
                                 ? gaussianProcessBytes(budget, static_cast<std::uint64_t>(std::max(s.searcherSettings.candidates, 0)))
                                 : 0;
    const std::uint64_t records = mul(budget, recordBytes(job) + 8);
    const std::uint64_t sw = need - std::min(need, add(hw, records));
    if (sw >= hw && sw >= records)
        throw InputError("search", "sw-budget",
                         "a software " + s.swSearcher + " search of " + std::to_string(s.swBudget) +
                             " valid mappings per layer in " + std::to_string(std::max(threads, 1u)) +
                             " threads (a Gaussian process over every valid mapping in each) " + tail +
                             "; lower the software budget or the threads, or map with \"anneal\"");
    if (hw >= records)
        throw InputError("search", "budget",
                         "a " + s.searcher + " search of " + std::to_string(s.searcherSettings.budget) +
                             " valid designs (a Gaussian process over every valid design) " + tail +
                             "; lower the budget or search with ga, sa or random");
    throw InputError("search", "budget",
                     "a search of " + std::to_string(s.searcherSettings.budget) + " valid designs (every design is kept) " + tail +
                         "; lower the budget");
}

}  // namespace accelscope
