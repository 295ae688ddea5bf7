#pragma once
// Where the shipped data (workloads/, resources/) lives. In order: $ACCELSCOPE_DATA_DIR, the folder
// ../share/accelscope beside an installed executable, then the source tree the binary was built from.
#include <filesystem>
#include <string>
#include <vector>

namespace accelscope {

std::filesystem::path dataDir();
std::filesystem::path workloadsDir();
std::filesystem::path resourcesDir();

// Reads a whole file; throws InputError naming the file when it cannot be read.
std::string readTextFile(const std::filesystem::path& path);
// Writes a whole file through a temporary file and a rename, so a crash never leaves half a file;
// throws InputError naming the file when it cannot be written.
void writeTextFileAtomically(const std::filesystem::path& path, const std::string& text);

}  // namespace accelscope
