// accelscope-cli import, the SCALE-Sim half: a SCALE-Sim v2 config and topology (core/scalesim) into
// arch.json, workload.json and mappings.json (each layer as SCALE-Sim maps it) in the output folder.
#include <cstdio>
#include <filesystem>

#include "arch/arch_io.h"
#include "cli/import_jobs.h"
#include "scalesim/scalesim_import.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"

namespace accelscope::cli {

int importScalesim(const Args& args, Context& ctx) {
    const std::filesystem::path out = args.required("out");
    const std::string config = args.required("scalesim-config");
    const std::string topology = args.required("scalesim-topology");
    const scalesim::ScalesimImport imported = scalesim::importScalesimFiles(config, topology);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw UsageError("import: cannot create " + out.string() + ": " + ec.message());

    const Architecture& a = imported.arch;
    const StorageLevel& array = a.levels[1];
    saveArchitecture(a, out / "arch.json");
    ctx.out << "wrote " << (out / "arch.json").string() << " (" << a.name << ": " << array.systolicRows() << " x "
            << array.systolicColumns() << " " << systolicName(array.systolic) << " systolic array, " << a.macUnits()
            << " MACs)\n";
    const Workload& w = imported.workload;
    saveWorkload(w, out / "workload.json");
    char gmacs[32];
    std::snprintf(gmacs, sizeof gmacs, "%.3f", static_cast<double>(w.totalMacs()) / 1e9);
    ctx.out << "wrote " << (out / "workload.json").string() << " (" << w.ops.size() << " layers, " << gmacs << " GMACs)\n";
    writeTextFileAtomically(out / "mappings.json", scalesim::serializeScalesimMappings(imported));
    std::int64_t folds = 0;
    for (const auto& l : imported.layers) folds += l.mapping.rowFolds * l.mapping.columnFolds;
    ctx.out << "wrote " << (out / "mappings.json").string() << " (each layer as SCALE-Sim maps it, " << folds
            << " folds in all; `evaluate --mapping " << (out / "mappings.json").string() << " --layer NAME`)\n";
    for (const std::string& note : imported.notes) ctx.err << "note: " << note << "\n";
    return 0;
}

}  // namespace accelscope::cli
