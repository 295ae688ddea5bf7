#include "scalesim/scalesim_import.h"

#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "mapping/mapping_io.h"
#include "scalesim/scalesim_text.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace accelscope::scalesim {
namespace {
using ojson = nlohmann::ordered_json;

std::string dataflowWords(Systolic s) {
    switch (s) {
    case Systolic::WeightStationary: return "weight-stationary";
    case Systolic::InputStationary: return "input-stationary";
    default: return "output-stationary";
    }
}

}  // namespace

Architecture scalesimArchitecture(const ScalesimConfig& c, const std::string& configSource) {
    const int bits = 8 * c.wordBytes;
    const std::int64_t wordsPerKiB = 1024 / c.wordBytes;
    const ojson all = {"weights", "inputs", "outputs"};
    const bool user = c.interfaceBandwidth == InterfaceBandwidth::User && !c.bandwidthWordsPerCycle.empty();

    ojson dram = {{"name", "DRAM"}, {"class", "dram"}, {"word_bits", bits}, {"keeps", all}};
    if (user) dram["shared_bandwidth"] = c.bandwidthWordsPerCycle.front();
    dram["energy"] = "tech";

    const OperandDims od = operandDims(c.dataflow);
    ojson sram = {{"name", "SRAM"},
                  {"class", "sram"},
                  {"word_bits", bits},
                  {"capacity_words", (c.ifmapSramKiB + c.filterSramKiB + c.ofmapSramKiB) * wordsPerKiB},
                  {"keeps", all},
                  {"partition",
                   {{"weights", c.filterSramKiB * wordsPerKiB},
                    {"inputs", c.ifmapSramKiB * wordsPerKiB},
                    {"outputs", c.ofmapSramKiB * wordsPerKiB}}},
                  {"energy", "tech"}};
    sram["fanout"] = {{"x", c.arrayColumns},        {"y", c.arrayRows},
                      {"x_dims", dimLetters(od.columns)}, {"y_dims", dimLetters(od.rows)},
                      {"systolic", std::string(systolicName(c.dataflow))}, {"rows", "y"}};

    const ojson pe = {{"name", "PE"},
                      {"class", "regfile"},
                      {"word_bits", bits},
                      {"capacity_words", 1},
                      {"keeps", {std::string(tensorName(stationaryTensor(c.dataflow)))}},
                      {"energy", "tech"}};

    std::string source = "SCALE-Sim v2 config " + fileNameOf(configSource) + ": a " + std::to_string(c.arrayRows) + " x " +
                         std::to_string(c.arrayColumns) + " " + dataflowWords(c.dataflow) +
                         " systolic array (ArrayHeight x ArrayWidth), ifmap/filter/ofmap SRAMs of " +
                         std::to_string(c.ifmapSramKiB) + "/" + std::to_string(c.filterSramKiB) + "/" +
                         std::to_string(c.ofmapSramKiB) + " kB, InterfaceBandwidth " +
                         std::string(interfaceBandwidthName(c.interfaceBandwidth));
    if (user) source += " (" + std::to_string(c.bandwidthWordsPerCycle.front()) + " words/cycle)";
    source += "; one-byte words; energies and areas from the horowitz45 table at 45 nm and a 1 GHz clock, which "
              "SCALE-Sim does not model";

    ojson j;
    j["format"] = "accelscope-arch";
    j["version"] = 1;
    j["name"] = c.runName;
    j["source"] = source;
    j["clock_ghz"] = 1.0;
    j["precision"] = {{"weights", bits}, {"inputs", bits}, {"outputs", bits}};
    j["technology"] = {{"table", "horowitz45"}, {"node_nm", 45}};
    j["levels"] = {dram, sram, pe};
    j["compute"] = {{"mac_pj", "tech"}, {"mac_area_um2", "tech"}, {"lanes", 1}};
    // The architecture loader's checks apply to imported designs too.
    return parseArchitecture(j.dump(), configSource);
}

Workload scalesimWorkload(const ScalesimTopology& t, const std::string& topologySource) {
    Workload w;
    w.name = t.name;
    w.source = "SCALE-Sim v2 " + std::string(t.kind == TopologyKind::Gemm ? "GEMM " : "") + "topology " +
               fileNameOf(topologySource);
    w.batch = 1;
    for (const TopologyLayer& l : t.layers) {
        Op op;
        op.name = l.name;
        const std::string input = l.name + ".ifmap";
        op.inputs = {input};
        if (t.kind == TopologyKind::Gemm) {
            op.kind = OpKind::Linear;
            op.M = l.gemmM;
            op.N = l.gemmN;
            op.K = l.gemmK;
            w.inputs.push_back({input, {l.gemmM, l.gemmK}});
        } else {
            op.kind = OpKind::Conv;
            op.N = 1;
            op.H = l.ifmapHeight;
            op.W = l.ifmapWidth;
            op.R = l.filterHeight;
            op.S = l.filterWidth;
            op.P = l.ofmapHeight();
            op.Q = l.ofmapWidth();
            op.stride = {l.strideHeight, l.strideWidth};
            // SCALE-Sim runs a "DP" row as Channels layers of one channel, each with Num Filter filters.
            op.groups = l.depthwise ? l.channels : 1;
            op.C = l.channels;
            op.K = l.depthwise ? l.channels * l.numFilters : l.numFilters;
            w.inputs.push_back({input, {1, op.C, op.H, op.W}});
        }
        w.ops.push_back(op);
    }
    // The workload loader's checks (the P/Q rule, limits on tensors and MACs, names) apply too.
    return parseWorkload(serializeWorkload(w), topologySource);
}

ScalesimImport importScalesim(const ScalesimConfig& config, const std::string& configSource,
                              const ScalesimTopology& topology, const std::string& topologySource) {
    ScalesimImport out;
    out.notes = config.notes;
    out.arch = scalesimArchitecture(config, configSource);
    out.workload = scalesimWorkload(topology, topologySource);
    const StorageLevel& sram = out.arch.levels[1];
    for (const Op& op : out.workload.ops) {
        ScalesimLayerResult r{op.name, mapLikeScalesim(out.arch, op.problem())};
        if (!r.mapping.fits)
            out.notes.push_back("layer \"" + op.name + "\": its tiles do not fit the SRAM's partitions (" +
                                std::to_string(sram.partitionWords[0]) + " filter, " + std::to_string(sram.partitionWords[1]) +
                                " ifmap, " + std::to_string(sram.partitionWords[2]) +
                                " ofmap words) even split at fold boundaries; the whole layer is kept, which "
                                "`evaluate` refuses until the SRAMs are larger");
        out.layers.push_back(std::move(r));
    }
    return out;
}

ScalesimImport importScalesimFiles(const std::filesystem::path& config, const std::filesystem::path& topology) {
    return importScalesim(loadScalesimConfig(config), config.string(), loadScalesimTopology(topology), topology.string());
}

std::string serializeScalesimMappings(const ScalesimImport& imported) {
    ojson j;
    j["architecture"] = imported.arch.name;
    j["workload"] = imported.workload.name;
    j["mapper"] = "scalesim: each layer as SCALE-Sim v2 maps it (docs/formats.md, \"SCALE-Sim files\")";
    j["layers"] = ojson::array();
    for (const ScalesimLayerResult& l : imported.layers) {
        ojson lj;
        lj["name"] = l.name;
        lj["row_folds"] = l.mapping.rowFolds;
        lj["column_folds"] = l.mapping.columnFolds;
        lj["dram_iterations"] = l.mapping.dramIterations;
        lj["fits_sram"] = l.mapping.fits;
        lj["mapping"] = ojson::parse(serializeMapping(l.mapping.mapping, imported.arch));
        j["layers"].push_back(lj);
    }
    return j.dump(2) + "\n";
}

}  // namespace accelscope::scalesim
