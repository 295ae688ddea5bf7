// accelscope-cli import, the Timeloop half: Timeloop v0.4 YAML (core/timeloop) into workload.json,
// arch.json and mapping.json in the output folder.
#include <filesystem>

#include "arch/arch_io.h"
#include "cli/import_jobs.h"
#include "mapping/constraints_io.h"
#include "mapping/mapping_io.h"
#include "timeloop/timeloop_import.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"

namespace accelscope::cli {

int importTimeloop(const Args& args, Context& ctx) {
    const std::filesystem::path out = args.required("out");
    const auto optionalPath = [&](const char* name) -> std::optional<std::filesystem::path> {
        if (auto v = args.value(name)) return std::filesystem::path(*v);
        return std::nullopt;
    };
    HaloReuse reuse = HaloReuse::Timeloop;
    if (auto h = args.choice("halo-reuse", {"timeloop", "timeloop_legacy", "exact"}))
        reuse = *h == "exact" ? HaloReuse::Exact : *h == "timeloop_legacy" ? HaloReuse::TimeloopLegacy : HaloReuse::Timeloop;
    const timeloop::TimeloopImport imported = timeloop::importTimeloopFiles(
        args.required("timeloop-problem"), optionalPath("timeloop-arch"), optionalPath("timeloop-mapping"), reuse);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw UsageError("import: cannot create " + out.string() + ": " + ec.message());
    saveWorkload(imported.workload, out / "workload.json");
    ctx.out << "wrote " << (out / "workload.json").string() << " (layer " << imported.workload.ops.front().name << ")\n";
    if (imported.arch) {
        saveArchitecture(*imported.arch, out / "arch.json");
        ctx.out << "wrote " << (out / "arch.json").string() << " (" << imported.arch->levelCount() << " levels, "
                << imported.arch->macUnits() << " MACs)\n";
    }
    if (imported.mapping) {
        writeTextFileAtomically(out / "mapping.json", serializeMapping(*imported.mapping, *imported.arch));
        ctx.out << "wrote " << (out / "mapping.json").string() << "\n";
    }
    if (imported.constraints) {
        writeTextFileAtomically(out / "constraints.json", serializeConstraints(*imported.constraints, *imported.arch));
        ctx.out << "wrote " << (out / "constraints.json").string()
                << " (a mapper case: map it with `map --constraints`)\n";
    }
    for (const std::string& note : imported.notes) ctx.err << "note: " << note << "\n";
    return 0;
}

}  // namespace accelscope::cli
