#include "passes/activation_graph.h"

#include <algorithm>
#include <map>

namespace accelscope {

ActivationGraph buildActivationGraph(const Workload& w) {
    ActivationGraph g;
    std::map<std::string, int, std::less<>> tensorOfName;  // names of inputs, ops and views
    for (const auto& in : w.inputs) {
        tensorOfName[in.name] = static_cast<int>(g.tensors.size());
        g.tensors.push_back({in.name, -1, {}, shapeElements(in.shape), 1});
    }
    g.outputOf.assign(w.ops.size(), -1);
    g.inputsOf.resize(w.ops.size());
    for (std::size_t i = 0; i < w.ops.size(); ++i) {
        const Op& op = w.ops[i];
        for (const auto& in : op.inputs) {
            auto it = tensorOfName.find(in);
            if (it == tensorOfName.end()) continue;  // validated workloads have none
            g.inputsOf[i].push_back(it->second);
        }
        if (opFamily(op.kind) == OpFamily::View && g.inputsOf[i].size() == 1) {
            tensorOfName[op.name] = g.inputsOf[i].front();  // an alias, not a new tensor
            g.inputsOf[i].clear();
            continue;
        }
        for (int t : g.inputsOf[i]) {
            auto& consumers = g.tensors[t].consumers;
            if (consumers.empty() || consumers.back() != static_cast<int>(i)) consumers.push_back(static_cast<int>(i));
        }
        g.outputOf[i] = static_cast<int>(g.tensors.size());
        tensorOfName[op.name] = g.outputOf[i];
        g.tensors.push_back({op.name, static_cast<int>(i), {}, outputElements(op), op.repeat});
    }
    return g;
}

}  // namespace accelscope
