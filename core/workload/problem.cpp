#include "workload/problem.h"

namespace accelscope {

std::string dimLetters(std::uint32_t mask) {
    std::string t;
    for (Dim d : kAllDims)
        if (mask & (1u << static_cast<int>(d))) t += dimName(d);
    return t;
}

bool dimFromName(std::string_view name, Dim& out) {
    for (Dim d : kAllDims)
        if (dimName(d) == name) {
            out = d;
            return true;
        }
    // Timeloop names output channels M.
    if (name == "M") {
        out = Dim::K;
        return true;
    }
    return false;
}

}  // namespace accelscope
