// Whole-network mapping: distinct shapes searched in parallel, results spread to every op.
#include "mapper/network_mapper.h"

#include <mutex>

#include "util/run_control.h"
#include "util/thread_pool.h"
#include "mapping/map_space.h"
#include "util/input_error.h"
#include "util/seed_mix.h"

namespace accelscope {
std::uint64_t shapeSeed(std::uint64_t seed, const ProblemShape& p) {
    std::uint64_t h = mixSeed(seed);
    for (auto v : p.size) h = mixSeed(h ^ static_cast<std::uint64_t>(v));
    for (int v : {p.strideH, p.strideW, p.dilationH, p.dilationW}) h = mixSeed(h ^ static_cast<std::uint64_t>(v));
    return h;
}

NetworkMapResult mapWorkload(const Architecture& arch, const Workload& w, const MapConstraints& constraints,
                             const MapperSettings& settings, ThreadPool& pool, RunControl* control,
                             const std::function<void(int, int)>& progress) {
    NetworkMapResult out;
    std::vector<ProblemShape> shapes;
    for (const Op& op : w.ops) {
        if (!op.isMacOp()) continue;
        LayerMapping l;
        l.op = op.name;
        l.repeat = op.repeat;
        l.problem = op.problem();
        int k = 0;
        while (k < static_cast<int>(shapes.size()) && !(shapes[k] == l.problem)) ++k;
        if (k == static_cast<int>(shapes.size())) shapes.push_back(l.problem);
        l.shape = k;
        out.layers.push_back(std::move(l));
    }
    out.distinctShapes = static_cast<int>(shapes.size());
    std::vector<LayerMapResult> results(shapes.size());
    std::vector<double> spaceSizes(shapes.size());
    std::mutex progressMutex;
    int done = 0;
    pool.parallelFor(shapes.size(), [&](std::size_t i) {
        const MapSpace space = [&] {
            try {
                return MapSpace(arch, shapes[i], constraints);
            } catch (const InputError& e) {  // constraints this layer cannot meet: say which layer
                std::vector<Problem> problems = e.problems();
                for (const LayerMapping& l : out.layers)
                    if (l.shape == static_cast<int>(i)) {
                        for (Problem& p : problems) p.where = "layer " + l.op + (p.where.empty() ? "" : ", " + p.where);
                        break;
                    }
                throw InputError(e.source(), problems);
            }
        }();
        spaceSizes[i] = space.log10Size();
        MapperSettings s = settings;
        s.seed = shapeSeed(settings.seed, shapes[i]);
        results[i] = mapLayer(arch, space, s, control, &pool);  // chains in parallel too
        if (progress) {
            std::lock_guard<std::mutex> lock(progressMutex);
            progress(++done, static_cast<int>(shapes.size()));
        }
    });
    for (const auto& r : results) out.evaluated += r.evaluated;
    out.cancelled = control && control->cancelled();
    out.complete = !out.cancelled;
    for (LayerMapping& l : out.layers) {
        l.result = results[l.shape];
        l.log10Space = spaceSizes[l.shape];
        if (!l.result.found) {
            out.complete = false;
            continue;
        }
        out.cycles += l.result.evaluation.cycles * static_cast<double>(l.repeat);
        out.energyPj += l.result.evaluation.energyPj * static_cast<double>(l.repeat);
    }
    return out;
}

}  // namespace accelscope
