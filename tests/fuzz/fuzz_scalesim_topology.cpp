// libFuzzer target: the SCALE-Sim topology loader (fuzz_entry_points.h). An InputError is the expected refusal;
// any other exception, a crash, a hang or a sanitizer report is a finding.
#include "fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        fuzzentry::scalesimTopology(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const accelscope::InputError&) {
    }
    return 0;
}
