#include "timeloop/timeloop_import.h"

#include <vector>

#include "model/evaluator.h"
#include "timeloop/timeloop_arch.h"
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

}  // namespace

TimeloopImport importTimeloop(const YamlText& problemText, const std::optional<YamlText>& archText,
                              const std::optional<YamlText>& mappingText) {
    const Document problemDoc = parseDocument(problemText);
    std::optional<Document> archDoc, mappingDoc;
    if (archText) archDoc = parseDocument(*archText);
    if (mappingText) mappingDoc = parseDocument(*mappingText);
    const std::vector<const Document*> all = {&problemDoc, archDoc ? &*archDoc : nullptr,
                                              mappingDoc ? &*mappingDoc : nullptr};
    const Document* archPreferred = archDoc ? &*archDoc : nullptr;
    const Document* mappingPreferred = mappingDoc ? &*mappingDoc : nullptr;

    TimeloopImport out;
    const Section problem = find(all, &problemDoc, "problem");
    if (!problem.present()) throw InputError(problemText.source, "", "has no problem: section");
    out.workload = importTimeloopProblem(problem.node, problem.source);

    const Section architecture = find(all, archPreferred, "architecture");
    const Section mapping = find(all, mappingPreferred, "mapping");
    if (archText && !architecture.present()) throw InputError(archText->source, "", "has no architecture: section");
    if (mappingText && !mapping.present()) throw InputError(mappingText->source, "", "has no mapping: section");
    if (!architecture.present()) {
        if (mapping.present()) throw InputError(mapping.source, "mapping", "needs the architecture it maps onto");
        return out;
    }
    const TimeloopArch arch = importTimeloopArch(architecture, find(all, archPreferred, "ERT"),
                                                 find(all, archPreferred, "ART"),
                                                 find(all, archPreferred, "architecture_constraints"));
    out.arch = arch.arch;
    if (!mapping.present()) return out;
    const ProblemShape shape = out.workload.ops.front().problem();
    out.mapping = importTimeloopMapping(mapping, arch, shape);
    Evaluation e;
    if (!evaluate(arch.arch, shape, *out.mapping, e))
        throw InputError(mapping.source, "mapping", "invalid for the problem: " + describeInvalid(e, arch.arch));
    return out;
}

TimeloopImport importTimeloopFiles(const std::filesystem::path& problem,
                                   const std::optional<std::filesystem::path>& arch,
                                   const std::optional<std::filesystem::path>& mapping) {
    const auto read = [](const std::filesystem::path& p) { return YamlText{readTextFile(p), p.string()}; };
    return importTimeloop(read(problem), arch ? std::optional(read(*arch)) : std::nullopt,
                          mapping ? std::optional(read(*mapping)) : std::nullopt);
}

}  // namespace accelscope::timeloop
