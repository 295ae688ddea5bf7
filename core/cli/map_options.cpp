// Parsing the mapper options of the CLI.
#include "cli/map_options.h"

#include <limits>

#include "cli/run_args.h"
#include "explore/run_options.h"
#include "mapping/constraints_io.h"

namespace accelscope::cli {

std::vector<OptionSpec> mapOptionSpecs() {
    return {{"objective", "edp|energy|delay", "what each layer's mapping minimises (default edp)"},
            {"dataflow", "PRESET", "constrain the mappings to a named dataflow (default none)"},
            {"constraints", "FILE", "constrain the mappings by a constraints file (e.g. Timeloop's, imported)"},
            {"algorithm", "anneal|greedy|random|exhaustive|optimal|dabo|bo", "the layer search (default anneal)"},
            {"time-limit-s", "S", "optimal: seconds per distinct layer shape; then the best mapping so far and a proven "
                                  "lower bound (default 0: search until proven)"},
            {"budget", "N", "evaluations per distinct layer shape (default 60000)"},
            {"padding", "on|off", "tensor padding: dims may be rounded up to fill a fan-out (default off)"},
            {"seed", "S", seedHelp()},
            {"threads", "T", threadsHelp()}};
}

std::string_view mapOptionsHelp() {
    return "Each distinct layer shape is searched once (ops of the same shape share the result), in\n"
           "parallel, seeded from --seed and the shape alone: the same seed gives the same mappings\n"
           "whatever --threads. Dataflow presets: none, weight_stationary, output_stationary,\n"
           "input_stationary, row_stationary, nvdla_like, shidiannao_like. Network totals add the\n"
           "layers' cycles and energies (x repeat); EDP = total energy x total time.";
}

MapJob mapJobFromArgs(const Args& args, const Architecture& arch) {
    MapJob job;
    if (auto o = args.choice("objective", {"edp", "energy", "delay"})) job.settings.objective = objectiveFromName(*o);
    if (auto a = args.choice("algorithm", mapperAlgorithms())) job.settings.algorithm = *a;
    if (auto b = args.integer("budget", 1, 1'000'000'000)) job.settings.budget = *b;
    if (auto t = args.number("time-limit-s", 0, 1e9)) {
        if (job.settings.algorithm != "optimal") throw UsageError("--time-limit-s goes with --algorithm optimal");
        job.settings.timeLimitS = *t;
    }
    if (auto s = args.integer("seed", kSeedMin, kSeedMax)) job.settings.seed = static_cast<std::uint64_t>(*s);
    job.threads = threadsFromArgs(args);
    const auto dataflow = args.choice("dataflow", dataflowNames());
    if (dataflow && args.has("constraints"))
        throw UsageError("give one of --dataflow and --constraints, not both");
    if (auto file = args.value("constraints")) {
        job.constraints = loadConstraints(*file, arch);
        if (args.has("padding")) job.constraints.allowPadding = args.choice("padding", {"on", "off"}) == "on";
    } else {
        job.constraints = dataflowConstraints(dataflow.value_or("none"), arch);
        job.constraints.allowPadding = args.choice("padding", {"on", "off"}).value_or("off") == "on";
    }
    return job;
}

}  // namespace accelscope::cli
