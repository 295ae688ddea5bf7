#include "util/data_paths.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/input_error.h"

namespace accelscope {
namespace fs = std::filesystem;

namespace {
bool hasShippedData(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "workloads", ec) && fs::is_directory(dir / "resources", ec);
}
}  // namespace

fs::path dataDir() {
    if (const char* env = std::getenv("ACCELSCOPE_DATA_DIR"); env && *env) return fs::path(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "accelscope";
        if (hasShippedData(installed)) return installed;
    }
    return fs::path(ACCELSCOPE_SOURCE_DATA_DIR);
}

fs::path workloadsDir() { return dataDir() / "workloads"; }
fs::path resourcesDir() { return dataDir() / "resources"; }

std::string readTextFile(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path.string(), "", "no such file");
    if (fs::is_directory(path, ec)) throw InputError(path.string(), "", "is a directory, not a file");
    // Refused before reading: a parsed JSON document takes several times its text in memory, and no
    // workload, architecture, mapping, space or session comes near this (the largest shipped network
    // is 125 KB; a session of 100,000 designs about 70 MB).
    constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{256} << 20;
    if (const auto size = fs::file_size(path, ec); !ec && size > kMaxInputBytes)
        throw InputError(path.string(), "",
                         "is " + std::to_string(size >> 20) + " MiB; input files are limited to 256 MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), "", "cannot be opened for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(path.string(), "", "read error");
    return text.str();
}

void writeTextFileAtomically(const fs::path& path, const std::string& text) {
    const auto tmp = fs::path(path.string() + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw InputError(path.string(), "", "cannot be opened for writing");
        out << text;
        if (!out.flush()) throw InputError(path.string(), "", "write failed");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw InputError(path.string(), "", "cannot be written: " + ec.message());
}

}  // namespace accelscope
