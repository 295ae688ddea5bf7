#include "workload/problem.h"

namespace accelscope {

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
