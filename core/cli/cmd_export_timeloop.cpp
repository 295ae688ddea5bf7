// accelscope-cli export-timeloop: an architecture, one layer and its mapping as Timeloop v0.4 YAML.
#include <filesystem>

#include "arch/arch_io.h"
#include "cli/command.h"
#include "cli/map_options.h"
#include "cli/suite_options.h"
#include "util/thread_pool.h"
#include "mapping/map_constraints.h"
#include "mapping/map_space.h"
#include "mapping/mapping_io.h"
#include "mapper/network_mapper.h"
#include "model/layer_cost.h"
#include "timeloop/timeloop_export.h"
#include "util/data_paths.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::cli {

Command exportTimeloopCommand() {
    Command c;
    c.name = "export-timeloop";
    c.summary = "write an architecture, a layer and its mapping as Timeloop v0.4 YAML";
    c.usage = "--arch PRESET|FILE --workload NAME|FILE --layer NAME [--mapping FILE] --out DIR";
    c.description =
        "Writes DIR/arch.yaml (the storage tree with every level's instances and meshX, bypass constraints,\n"
        "and an ERT/ART holding every energy and area), DIR/problem.yaml (the layer as a CNN-layer problem)\n"
        "and DIR/mapping.yaml, for `timeloop-model arch.yaml problem.yaml mapping.yaml`. Without --mapping\n"
        "the layer is mapped first (the options of `map`; padding stays off and no dim spreads over both\n"
        "meshX and meshY, as Timeloop's mapping format needs). Not carried over: network energy and area,\n"
        "per-tensor partitions, the fan-outs' multicast/reduction flags and dim restrictions, the vector unit.";
    c.options = {{"arch", "PRESET|FILE", "the architecture"},
                 {"workload", "NAME|FILE", "the network"},
                 {"layer", "NAME", "the op to export (a conv, linear or matmul)"},
                 {"mapping", "FILE", "the mapping JSON file, written for this architecture"},
                 {"out", "DIR", "the output folder"}};
    for (const auto& o : mapOptionSpecs()) c.options.push_back(o);
    c.run = [](const Args& args, Context& ctx) {
        const Architecture arch = loadArchitectureByNameOrPath(args.required("arch"));
        const Workload w = loadWorkloadByNameOrPath(args.required("workload"));
        const Op& op = macOpByName(w, args.required("layer"));
        const std::filesystem::path out = args.required("out");
        Mapping mapping;
        if (const auto path = args.value("mapping")) {
            mapping = loadMapping(*path, arch);
            Evaluation e;
            if (!evaluate(arch, op.problem(), mapping, e))
                throw InputError(*path, "", "invalid for layer \"" + op.name + "\": " + describeInvalid(e, arch));
        } else {
            MapJob job = mapJobFromArgs(args, arch);
            job.constraints.allowPadding = false;
            MapperSettings s = job.settings;
            s.seed = shapeSeed(job.settings.seed, op.problem());
            ThreadPool pool(job.threads);
            // A Timeloop spatial directive lists each dim once, so no dim may spread over both meshX and
            // meshY: when the best mapping does that, such dims are kept off meshY and the layer mapped again.
            for (int attempt = 0;; ++attempt) {
                const MapSpace space(arch, op.problem(), job.constraints);
                const LayerMapResult r = mapLayer(arch, space, s, nullptr, &pool);
                if (!r.found) {
                    ctx.err << "export-timeloop: no valid mapping of layer \"" << op.name << "\" found in "
                            << r.evaluated << " tries\n";
                    return 1;
                }
                mapping = r.mapping;
                bool bothAxes = false;
                for (int i = 0; i < mapping.levelCount; ++i)
                    for (Dim d : kAllDims)
                        if (mapping.levels[i].spatialX[static_cast<int>(d)] > 1 &&
                            mapping.levels[i].spatialY[static_cast<int>(d)] > 1) {
                            job.constraints.levels[i].spatialY &= ~dimBit(d);
                            bothAxes = true;
                        }
                if (!bothAxes || attempt == 3) break;
            }
        }
        const timeloop::TimeloopFiles files = timeloop::exportTimeloop(arch, op, &mapping);
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec) throw UsageError("export-timeloop: cannot create " + out.string() + ": " + ec.message());
        writeTextFileAtomically(out / "arch.yaml", files.arch);
        writeTextFileAtomically(out / "problem.yaml", files.problem);
        writeTextFileAtomically(out / "mapping.yaml", files.mapping);
        ctx.out << "wrote " << (out / "arch.yaml").string() << ", " << (out / "problem.yaml").string() << ", "
                << (out / "mapping.yaml").string() << "\n";
        return 0;
    };
    return c;
}

}  // namespace accelscope::cli
