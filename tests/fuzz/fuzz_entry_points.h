#pragma once
// The loaders' entry points as the fuzz targets drive them (one function per input format), shared
// with test_fuzz_regressions so that every finding is replayed through exactly the same calls.
// Each takes a file's text and throws InputError when it refuses it; whatever it accepts is also
// used (figures, area and power, the cost model, realize()), since a loader that accepts an input
// promises that the rest of the program can work with it. Loaders that take a path get the text
// written to a scratch file.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "arch/arch_io.h"
#include "explore/session.h"
#include "mapping/constraints_io.h"
#include "mapping/map_space.h"
#include "mapping/mapping_io.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "onnx/onnx_import.h"
#include "scalesim/scalesim_config.h"
#include "scalesim/scalesim_export.h"
#include "scalesim/scalesim_import.h"
#include "scalesim/scalesim_topology.h"
#include "search/design_space.h"
#include "search/placed_point.h"
#include "timeloop/timeloop_import.h"
#include "timeloop/timeloop_map_text.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace fuzzentry {

// One folder per process (libFuzzer's -jobs run several), removed at exit.
inline std::filesystem::path scratchDir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("accelscope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(
                std::filesystem::temp_directory_path() / ("accelscope-fuzz-" + std::to_string(::getpid())), ec);
        });
        return d;
    }();
    return dir;
}

inline void writeFile(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

// Keeps a computed figure alive so that the optimiser cannot drop the computation.
template <class T>
void use(T value) {
    static volatile T sink;
    sink = value;
    (void)sink;
}

inline void workload(const std::string& text) {
    const accelscope::Workload w = accelscope::parseWorkload(text, "fuzz.json");
    use(w.totalMacs() + w.macOpCount());
    for (const auto& op : w.ops) {
        const auto f = w.figures(op);
        use(f.macs + f.elementOps + f.inputElements + f.weightElements + f.outputElements);
        const auto p = op.problem();
        use(p.macs() + p.inputRows() + p.inputCols());
    }
}

inline void arch(const std::string& text) {
    const auto a = accelscope::parseArchitecture(text, "fuzz.json");
    use(accelscope::architectureAreaUm2(a) + accelscope::peakPowerW(a) + accelscope::leakagePowerW(a) +
        accelscope::onChipKiB(a));
}

// Against eyeriss_like and ResNet-50's layer3.1.conv2 (the layer of tests/model/mappings/).
inline void mapping(const std::string& text) {
    static const accelscope::Architecture eyeriss = accelscope::loadArchitectureByNameOrPath("eyeriss_like");
    static const accelscope::ProblemShape layer =
        accelscope::loadWorkloadByNameOrPath("resnet50").findOp("layer3.1.conv2")->problem();
    const auto m = accelscope::parseMapping(text, "fuzz.json", eyeriss);
    accelscope::Evaluation e;
    use(accelscope::evaluate(eyeriss, layer, m, e));
}

// The first and last points of the grid and a few random ones.
inline void space(const std::string& text) {
    const auto s = accelscope::parseDesignSpace(text, "fuzz.json");
    std::vector<accelscope::Point> points{accelscope::Point(s.space.params.size(), 0)};
    if (const auto n = s.space.pointCount(); n > 0) points.push_back(s.space.pointAt(n - 1));
    std::mt19937_64 rng(text.size());
    for (int i = 0; i < 4; ++i) points.push_back(s.space.random(rng));
    for (const auto& p : points) {
        accelscope::Architecture a;
        accelscope::CompilerSettings settings;
        std::string why;
        if (s.realize(p, a, settings, why)) use(s.features(p).sum() + accelscope::architectureAreaUm2(a));
    }
    // Every named point, placed (widened where it lies outside the space) and realised.
    for (const auto& named : s.points) {
        const accelscope::PlacedPoint placed = accelscope::placePoint(s, named.name);
        accelscope::Architecture a;
        accelscope::CompilerSettings settings;
        std::string why;
        if (placed.space.realize(placed.point, a, settings, why)) use(accelscope::architectureAreaUm2(a));
        use(static_cast<double>(placed.describe().size()));
    }
}

// parseSession on the whole text, then loadSession on a session file and its journal: the text split
// at its first NUL byte, the file before it and the journal after it (no NUL: no journal; nothing
// before it: no file, the journal-only recovery). Throws the first InputError.
inline void session(const std::string& text) {
    std::optional<accelscope::InputError> first;
    try {
        accelscope::parseSession(text, "fuzz.json");
    } catch (const accelscope::InputError& e) {
        first = e;
    }
    const auto path = scratchDir() / "session.json";
    const auto journal = accelscope::journalPath(path);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    std::filesystem::remove(journal, ec);
    const auto nul = text.find('\0');
    const std::string file = text.substr(0, nul);
    if (!file.empty() || nul == std::string::npos) writeFile(path, file);
    if (nul != std::string::npos) writeFile(journal, text.substr(nul + 1));
    const auto loaded = accelscope::loadSession(path);
    use(loaded.recoveredDesigns);
    if (first) throw *first;
}

// Unsupported operators are dropped so that more of the translation is reached.
inline void onnx(const std::string& bytes) {
    const auto path = scratchDir() / "model.onnx";
    writeFile(path, bytes);
    accelscope::OnnxImportOptions options;
    options.ignoreUnsupported = true;
    use(accelscope::importOnnxModel(path, options).workload.totalMacs());
}

// Constraints for eyeriss_like and ResNet-50's layer3.1.conv2: the map space they allow is built and
// a few of its points are sampled, neighboured and costed.
inline void constraints(const std::string& text) {
    static const accelscope::Architecture eyeriss = accelscope::loadArchitectureByNameOrPath("eyeriss_like");
    static const accelscope::ProblemShape layer =
        accelscope::loadWorkloadByNameOrPath("resnet50").findOp("layer3.1.conv2")->problem();
    const auto c = accelscope::parseConstraints(text, "fuzz.json", eyeriss);
    use(accelscope::serializeConstraints(c, eyeriss).size());
    const accelscope::MapSpace space(eyeriss, layer, c);
    std::mt19937_64 rng(text.size());
    accelscope::Mapping m, next;
    accelscope::Evaluation e;
    for (int i = 0; i < 4; ++i) {
        space.sample(rng, m);
        space.neighbour(m, rng, next);
        use(accelscope::evaluate(eyeriss, layer, m, e) + accelscope::evaluate(eyeriss, layer, next, e) +
            accelscope::satisfies(m, c));
    }
}

// The map Timeloop's mapper prints, read as the mapping of the Eyeriss-like case (its problem and
// architecture from tests/model/timeloop_cases/, imported once), then costed.
inline void timeloopMap(const std::string& text) {
    struct Case {
        accelscope::timeloop::TimeloopArch arch;
        accelscope::ProblemShape shape;
    };
    static const Case eyeriss = [] {
        std::ifstream in(std::filesystem::path(ACCELSCOPE_TESTS_DIR) /
                         "model/timeloop_cases/design_eyeriss_like_default_problem/input.yaml");
        const auto imported = accelscope::timeloop::importTimeloop(
            {std::string(std::istreambuf_iterator<char>(in), {}), "input.yaml"}, std::nullopt, std::nullopt);
        Case c{{*imported.arch, {}, false}, imported.workload.ops.front().problem()};
        for (int i = 0; i < c.arch.arch.levelCount(); ++i) c.arch.levelOf[c.arch.arch.levels[i].name] = i;
        return c;
    }();
    const auto m = accelscope::timeloop::importTimeloopMapText(text, "map.txt", eyeriss.arch, eyeriss.shape);
    accelscope::Evaluation e;
    use(accelscope::evaluate(eyeriss.arch.arch, eyeriss.shape, m, e));
}

// A merged input: problem, architecture and mapping in one file.
inline void timeloop(const std::string& text) {
    const auto imported = accelscope::timeloop::importTimeloop({text, "input.yaml"}, std::nullopt, std::nullopt);
    use(imported.workload.totalMacs());
}

// A SCALE-Sim config: the architecture built from it (area, on-chip storage); written back and read
// again, it must give the same config (a difference is a finding, thrown as logic_error).
inline void scalesimConfig(const std::string& text) {
    namespace ss = accelscope::scalesim;
    const ss::ScalesimConfig c = ss::parseScalesimConfig(text, "fuzz.cfg");
    const accelscope::Architecture a = ss::scalesimArchitecture(c, "fuzz.cfg");
    use(accelscope::architectureAreaUm2(a) + accelscope::onChipKiB(a) + static_cast<double>(a.macUnits()));
    const ss::ScalesimConfig again = ss::parseScalesimConfig(ss::writeScalesimConfig(c), "written.cfg");
    if (again.runName != c.runName || again.arrayRows != c.arrayRows || again.arrayColumns != c.arrayColumns ||
        again.ifmapSramKiB != c.ifmapSramKiB || again.filterSramKiB != c.filterSramKiB ||
        again.ofmapSramKiB != c.ofmapSramKiB || again.dataflow != c.dataflow ||
        again.interfaceBandwidth != c.interfaceBandwidth || again.bandwidthWordsPerCycle != c.bandwidthWordsPerCycle ||
        again.memoryBanks != c.memoryBanks)
        throw std::logic_error("a SCALE-Sim config written back reads differently");
}

// A SCALE-Sim topology: its workload, the first layers mapped as SCALE-Sim maps them on a small os
// array (SRAMs small enough to split layers) and a small is array, and costed; exported again as a
// topology, it must read back as the same layers (dims and MACs).
inline void scalesimTopology(const std::string& text) {
    namespace ss = accelscope::scalesim;
    static const std::vector<accelscope::Architecture> arrays = [] {
        std::vector<accelscope::Architecture> out;
        for (const char* dataflow : {"os", "is"}) {
            const std::string cfg = std::string("[general]\nrun_name = fuzz\n[architecture_presets]\nArrayHeight: 8\n"
                                                "ArrayWidth: 4\nIfmapSramSzkB: 2\nFilterSramSzkB: 1\nOfmapSramSzkB: 1\n"
                                                "IfmapOffset: 0\nFilterOffset: 0\nOfmapOffset: 0\nDataflow: ") +
                                    dataflow + "\n[run_presets]\nInterfaceBandwidth: CALC\n";
            out.push_back(ss::scalesimArchitecture(ss::parseScalesimConfig(cfg, "fuzz.cfg"), "fuzz.cfg"));
        }
        return out;
    }();
    const ss::ScalesimTopology t = ss::parseScalesimTopology(text, "fuzz.csv");
    const accelscope::Workload w = ss::scalesimWorkload(t, "fuzz.csv");
    use(w.totalMacs());
    for (std::size_t i = 0; i < w.ops.size() && i < 8; ++i)
        for (const accelscope::Architecture& a : arrays) {
            const auto m = ss::mapLikeScalesim(a, w.ops[i].problem());
            accelscope::Evaluation e;
            use(accelscope::evaluate(a, w.ops[i].problem(), m.mapping, e) + m.rowFolds * m.columnFolds);
        }
    std::vector<std::string> notes;
    const ss::ScalesimTopology written = ss::exportScalesimTopology(w, notes);
    const accelscope::Workload again = ss::scalesimWorkload(
        ss::parseScalesimTopology(ss::writeScalesimTopology(written), "written.csv"), "written.csv");
    if (again.ops.size() != w.ops.size()) throw std::logic_error("an exported SCALE-Sim topology has other layers");
    for (std::size_t i = 0; i < w.ops.size(); ++i)
        if (again.ops[i].problem().size != w.ops[i].problem().size || again.ops[i].name != w.ops[i].name)
            throw std::logic_error("an exported SCALE-Sim topology reads back as another layer: " + w.ops[i].name);
}

}  // namespace fuzzentry
