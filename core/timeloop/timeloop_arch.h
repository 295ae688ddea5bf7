#pragma once
// Timeloop v0.4 architectures <-> AccelScope architectures.
//
// Import: the storage tree (`subtree`/`local`, names with [a..b] instance ranges, meshX/meshY) is
// flattened into AccelScope's chain of levels, outermost first. Per storage level: class DRAM ->
// dram, classes naming a register file (regfile, *_RF, register subclasses) -> regfile, other
// storage -> sram; datawidth (or word-bits) is the word, of any width, and every element a level
// keeps is one such word (Timeloop's semantics; the level's "precision" says so where the tensor's
// precision differs); width / datawidth (or block-size) the block of one access; capacity = depth x
// block words; read_bandwidth / write_bandwidth carry over. A level's fan-out is the ratio of the
// next level's instances (meshX ratio over x, the rest over y); the MAC's instances per innermost
// instance are the lanes. Levels of class dummy_storage (Timeloop's spatial-only levels) become
// levels of class fanout: they keep nothing and fan out to their children.
// Energies: with an ERT entry for the level, its read/write/update/leak actions are the per-vector
// energies and the leakage per cycle (fills are writes; updates are updates, else writes), and
// Timeloop's network costs nothing (network energy 0); its ART entry gives the area. An ERT that
// lacks a component is refused; without any ERT (or ART) the figures come from the horowitz45 table at
// the architecture's `technology` node. The MAC's ERT `compute` is the MAC energy; Timeloop charges MACs
// no leakage, so neither does the import. Bypass entries of architecture_constraints become what the
// level may keep.
//
// Export writes the same tree (one subtree, every level with its absolute instance count and
// meshX), an ERT and ART holding every resolved energy and area, and a bypass constraint per tensor a
// level may not keep.
#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include "arch/architecture.h"

namespace accelscope::timeloop {

// A YAML value and the file it came from (sections of one input may come from several files).
struct Section {
    YAML::Node node;
    std::string source;
    bool present() const { return node.IsDefined() && !node.IsNull(); }
};

struct TimeloopArch {
    Architecture arch;
    // Timeloop level name -> AccelScope level index.
    std::map<std::string, int> levelOf;
    // Energies or areas came from AccelScope's technology table (no ERT / ART for them).
    bool usesTechTable = false;
};

// `architecture` is the value of the top-level `architecture:` key; `ert`, `art` and `constraints`
// the values of `ERT:`, `ART:` and `architecture_constraints:` (each may be absent).
// `haloReuse`: which Timeloop's reuse the imported design follows (HaloReuse::Timeloop by default).
TimeloopArch importTimeloopArch(const Section& architecture, const Section& ert, const Section& art,
                                const Section& constraints, HaloReuse haloReuse = HaloReuse::Timeloop);

// The four top-level values an architecture file holds: architecture, architecture_constraints, ERT, ART.
struct ExportedArch {
    YAML::Node architecture, constraints, ert, art;
};
ExportedArch exportTimeloopArch(const Architecture& arch);

}  // namespace accelscope::timeloop
