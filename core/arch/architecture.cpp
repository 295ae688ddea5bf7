#include "arch/architecture.h"

namespace accelscope {

std::string_view storageClassName(StorageClass c) {
    switch (c) {
    case StorageClass::Dram: return "dram";
    case StorageClass::Sram: return "sram";
    case StorageClass::RegFile: return "regfile";
    case StorageClass::Fanout: return "fanout";
    }
    return "?";
}

std::string_view systolicName(Systolic s) {
    switch (s) {
    case Systolic::None: return "";
    case Systolic::OutputStationary: return "os";
    case Systolic::WeightStationary: return "ws";
    case Systolic::InputStationary: return "is";
    }
    return "?";
}

bool systolicFromName(std::string_view name, Systolic& out) {
    for (Systolic s : {Systolic::OutputStationary, Systolic::WeightStationary, Systolic::InputStationary})
        if (name == systolicName(s)) {
            out = s;
            return true;
        }
    return false;
}

Tensor stationaryTensor(Systolic s) {
    switch (s) {
    case Systolic::WeightStationary: return Tensor::Weights;
    case Systolic::InputStationary: return Tensor::Inputs;
    default: return Tensor::Outputs;
    }
}

std::string_view haloReuseName(HaloReuse h) {
    switch (h) {
    case HaloReuse::Exact: return "exact";
    case HaloReuse::Timeloop: return "timeloop";
    case HaloReuse::TimeloopLegacy: return "timeloop_legacy";
    }
    return "?";
}

std::int64_t Architecture::instances(int level) const {
    std::int64_t n = 1;
    for (int i = 0; i < level && i < levelCount(); ++i) n *= levels[static_cast<std::size_t>(i)].fanout();
    return n;
}

std::int64_t Architecture::macUnits() const { return instances(levelCount()); }

}  // namespace accelscope
