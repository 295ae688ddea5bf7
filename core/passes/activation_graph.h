#pragma once
// The activation tensors of a workload graph as the fusion passes see them: who produces each
// tensor, who reads it, and when (op positions in the file's topological order). View ops
// (reshape, flatten) move no data: their output is their input under another name, so they are
// resolved to the tensor they alias.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/workload.h"

namespace accelscope {

struct ActivationTensor {
    std::string name;              // the producing op's (or graph input's) name
    int producer = -1;             // op index; -1 for a graph input
    std::vector<int> consumers;    // op indices reading it (a view's readers count as readers)
    std::int64_t elements = 0;     // per instance
    std::int64_t repeat = 1;       // instances produced per inference (the producer's repeat)
    int lastUse() const { return consumers.empty() ? producer : consumers.back(); }
};

struct ActivationGraph {
    std::vector<ActivationTensor> tensors;
    std::vector<int> outputOf;               // op index -> tensor index it produces (-1 for views)
    std::vector<std::vector<int>> inputsOf;  // op index -> tensor indices it reads (views resolved)
};

ActivationGraph buildActivationGraph(const Workload& workload);

}  // namespace accelscope
