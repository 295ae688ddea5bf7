#include "timeloop/timeloop_import.h"

#include <vector>

#include "model/layer_cost.h"
#include "timeloop/timeloop_arch.h"
#include "timeloop/timeloop_constraints.h"
#include "timeloop/timeloop_map_text.h"
#include "timeloop/timeloop_mapping.h"
#include "timeloop/timeloop_problem.h"
#include "timeloop/timeloop_yaml.h"
#include "util/data_paths.h"
#include "util/input_error.h"

namespace accelscope::timeloop {
namespace {

struct Document {
    YAML::Node root;
    std::string source;
};

Document parseDocument(const YamlText& t) {
    Document d{parseYaml(t.text, t.source), t.source};
    if (!d.root.IsMap())
        throw InputError(t.source, "", "must be a map of Timeloop sections (problem, architecture, mapping, ...), got " +
                                           describeNode(d.root));
    return d;
}

// The section `key` from the preferred document if it has it, else from the first that does.
Section find(const std::vector<const Document*>& documents, const Document* preferred, const std::string& key) {
    if (preferred && preferred->root[key].IsDefined()) return {preferred->root[key], preferred->source};
    for (const Document* d : documents)
        if (d && d->root[key].IsDefined()) return {d->root[key], d->source};
    return {};
}

// Top-level sections that describe sparse tensors: AccelScope models dense layers only.
void refuseSparse(const std::vector<const Document*>& documents) {
    for (const Document* d : documents) {
        if (!d) continue;
        for (const char* key : {"sparse_optimizations", "sparse_optimization"}) {
            const YAML::Node n = d->root[key];
            if (n.IsDefined() && !n.IsNull() && !(n.IsMap() && n.size() == 0))
                throw InputError(d->source, key,
                                 "sparse optimizations (skipping, gating, compressed formats) are not supported: "
                                 "AccelScope models dense layers");
        }
    }
}

bool isEmptyList(const Section& s) { return s.present() && s.node.IsSequence() && s.node.size() == 0; }

}  // namespace

TimeloopImport importTimeloop(const YamlText& problemText, const std::optional<YamlText>& archText,
                              const std::optional<YamlText>& mappingText, HaloReuse haloReuse) {
    const Document problemDoc = parseDocument(problemText);
    std::optional<Document> archDoc, mappingDoc;
    if (archText) archDoc = parseDocument(*archText);
    const bool mapText = mappingText && looksLikeMapText(mappingText->text);
    if (mappingText && !mapText) mappingDoc = parseDocument(*mappingText);
    const std::vector<const Document*> all = {&problemDoc, archDoc ? &*archDoc : nullptr,
                                              mappingDoc ? &*mappingDoc : nullptr};
    const Document* archPreferred = archDoc ? &*archDoc : nullptr;
    const Document* mappingPreferred = mappingDoc ? &*mappingDoc : nullptr;

    refuseSparse(all);

    TimeloopImport out;
    const Section problem = find(all, &problemDoc, "problem");
    if (!problem.present()) throw InputError(problemText.source, "", "has no problem: section");
    out.workload = importTimeloopProblem(problem.node, problem.source, &out.notes);

    const Section architecture = find(all, archPreferred, "architecture");
    Section mapping = mapText ? Section{} : find(all, mappingPreferred, "mapping");
    if (archText && !architecture.present()) throw InputError(archText->source, "", "has no architecture: section");
    if (mappingText && !mapText && !mapping.present())
        throw InputError(mappingText->source, "", "has no mapping: section (nor is it a map Timeloop printed)");
    if (!architecture.present()) {
        if (mapping.present() || mapText)
            throw InputError(mappingText ? mappingText->source : mapping.source, "mapping",
                             "needs the architecture it maps onto");
        return out;
    }
    const Section constraints = find(all, archPreferred, "architecture_constraints");
    const TimeloopArch arch = importTimeloopArch(architecture, find(all, archPreferred, "ERT"),
                                                 find(all, archPreferred, "ART"), constraints, haloReuse);
    out.arch = arch.arch;
    if (arch.usesTechTable)
        out.notes.push_back(architecture.source + ": no ERT or ART for some components: their energies or areas come "
                            "from AccelScope's horowitz45 technology table, not from Accelergy");
    const ProblemShape shape = out.workload.ops.front().problem();
    if (isEmptyList(mapping)) mapping = Section{};  // a mapper case: `mapping: []`
    if (mapText) {
        out.mapping = importTimeloopMapText(mappingText->text, mappingText->source, arch, shape);
    } else if (mapping.present()) {
        out.mapping = importTimeloopMapping(mapping, arch, shape);
    } else {
        out.constraints = importTimeloopConstraints(constraints, arch);
        return out;
    }
    Evaluation e;
    if (!evaluate(arch.arch, shape, *out.mapping, e))
        throw InputError(mapText ? mappingText->source : mapping.source, "mapping",
                         "invalid for the problem: " + describeInvalid(e, arch.arch));
    return out;
}

TimeloopImport importTimeloopFiles(const std::filesystem::path& problem,
                                   const std::optional<std::filesystem::path>& arch,
                                   const std::optional<std::filesystem::path>& mapping, HaloReuse haloReuse) {
    const auto read = [](const std::filesystem::path& p) { return YamlText{readTextFile(p), p.string()}; };
    return importTimeloop(read(problem), arch ? std::optional(read(*arch)) : std::nullopt,
                          mapping ? std::optional(read(*mapping)) : std::nullopt, haloReuse);
}

}  // namespace accelscope::timeloop
