// accelscope-cli arch: the architecture presets (--list) and one architecture's levels (--show).
#include "arch/arch_io.h"
#include "cli/command.h"
#include "cli/text_table.h"
#include "model/layer_cost.h"
#include "model/power.h"
#include "search/design_space.h"
#include "search/placed_point.h"

namespace accelscope::cli {
namespace {

// On-chip area: every instance of every on-chip level and its network, the MAC units, the vector unit.
double chipAreaUm2(const Architecture& a) {
    double area = 0;
    for (int i = 0; i < a.levelCount(); ++i) {
        const auto& l = a.levels[static_cast<std::size_t>(i)];
        const double n = static_cast<double>(a.instances(i));
        if (l.storageClass != StorageClass::Dram) area += l.areaUm2 * n;
        area += l.networkAreaUm2 * n;
    }
    return area + static_cast<double>(a.macUnits()) * a.compute.macAreaUm2 + a.vector.areaUm2;
}

std::string clockText(double ghz) {
    return ghz < 1.0 ? fixed(ghz * 1000.0, 0) + " MHz" : fixed(ghz, 2) + " GHz";
}

std::string capacityText(const StorageLevel& l) {
    if (l.capacityWords == 0) return "unbounded";
    const std::int64_t bits = l.capacityWords * l.wordBits;
    std::string t = std::to_string(l.capacityWords) + " w";
    if (bits % 8192 == 0) t += " (" + std::to_string(bits / 8192) + " KiB)";
    return t;
}

std::string keepsText(const StorageLevel& l) {
    std::string t;
    for (auto tn : kAllTensors)
        if (l.keeps[static_cast<std::size_t>(tn)]) t += (t.empty() ? "" : ",") + std::string(tensorName(tn)).substr(0, 1);
    return t;
}

std::string bandwidthText(double b) { return b > 0 ? fixed(b, b == static_cast<std::int64_t>(b) ? 0 : 2) : "-"; }

// The citation part of a preset's source (the text before its first colon), for a one-line listing.
std::string citation(const std::string& source) {
    const std::string head = source.substr(0, source.find(':'));
    return head.size() <= 90 ? head : head.substr(0, 87) + "...";
}

std::string pj(double v) { return v == 0 ? "0" : fixed(v, v < 0.1 ? 4 : 3); }

int list(Context& ctx) {
    const auto names = presetArchitectureNames();
    if (names.empty()) {
        ctx.err << "accelscope-cli arch: no architecture presets in " << presetArchitecturesDir().string() << '\n';
        return 2;
    }
    using A = TextTable::Align;
    TextTable table({"name", "MAC units", "clock", "on-chip KiB", "source"}, {A::Left, A::Right, A::Right, A::Right, A::Left});
    for (const auto& name : names) {
        const Architecture a = loadArchitectureByNameOrPath(name);
        table.addRow({name, std::to_string(a.macUnits()), clockText(a.clockGHz), fixed(onChipKiB(a), 0), citation(a.source)});
    }
    table.print(ctx.out);
    return 0;
}

int show(const Architecture& a, Context& ctx) {
    ctx.out << a.name << ": " << a.macUnits() << " MAC units at " << clockText(a.clockGHz) << ", precision weights "
            << a.bits[0] << " / inputs " << a.bits[1] << " / outputs " << a.bits[2] << " bits";
    if (!a.techTable.empty()) ctx.out << ", technology " << a.techTable << " at " << a.nodeNm << " nm";
    ctx.out << "\nsource: " << a.source << "\n\n";
    using A = TextTable::Align;
    TextTable table({"level", "class", "bits", "w/i/o bits", "capacity", "instances", "fanout", "keeps", "read bw",
                     "write bw", "read pJ/w", "write pJ/w", "update pJ/w", "net pJ/w", "leak pJ/cyc", "area um^2",
                     "energy from"},
                    {A::Left, A::Left, A::Right, A::Right, A::Right, A::Right, A::Right, A::Left, A::Right, A::Right,
                     A::Right, A::Right, A::Right, A::Right, A::Right, A::Right, A::Left});
    for (int i = 0; i < a.levelCount(); ++i) {
        const auto& l = a.levels[static_cast<std::size_t>(i)];
        const bool lanes = i + 1 == a.levelCount();
        const std::string fanout = std::to_string(l.meshX) + "x" + std::to_string(l.meshY) + (lanes ? " lanes" : "");
        if (l.storesNothing()) {  // a fan-out level: its mesh and network only
            table.addRow({l.name, std::string(storageClassName(l.storageClass)), "-", "-", "-",
                          std::to_string(a.instances(i)), fanout, "-", "-", "-", "-", "-", "-", pj(l.networkPjPerWord),
                          "-", fixed(l.networkAreaUm2, 0), "-"});
            continue;
        }
        const double block = static_cast<double>(l.energy.blockWords);
        std::string elements;  // the bits of one element of each tensor here (the level's own precision or the default)
        for (Tensor t : kAllTensors) elements += (elements.empty() ? "" : "/") + std::to_string(elementBits(a, i, t));
        table.addRow({l.name, std::string(storageClassName(l.storageClass)), std::to_string(l.wordBits), elements,
                      capacityText(l), std::to_string(a.instances(i)), fanout, keepsText(l),
                      bandwidthText(l.sharedBandwidth > 0 ? l.sharedBandwidth : l.readBandwidth) +
                          (l.sharedBandwidth > 0 ? " shared" : ""),
                      l.sharedBandwidth > 0 ? "shared" : bandwidthText(l.writeBandwidth), pj(l.energy.readPj / block),
                      pj(l.energy.writePj / block), pj(l.energy.updatePj / block), pj(l.networkPjPerWord),
                      pj(l.leakPjPerCycle), fixed(l.areaUm2, 0), l.energySource});
    }
    table.print(ctx.out);
    ctx.out << "\ncompute: " << a.macUnits() << " MACs, " << pj(a.compute.macPj) << " pJ and "
            << fixed(a.compute.macAreaUm2, 0) << " um^2 each";
    if (!a.levels.empty()) ctx.out << ", " << a.levels.back().meshX << " lane(s) per PE";
    ctx.out << '\n';
    if (a.vector.lanes > 0)
        ctx.out << "vector: " << a.vector.lanes << " lanes, " << pj(a.vector.opPj) << " pJ per op, "
                << fixed(a.vector.areaUm2, 0) << " um^2\n";
    ctx.out << "on chip: " << fixed(onChipKiB(a), 1) << " KiB of storage, area estimate "
            << fixed(chipAreaUm2(a) / 1e6, 2) << " mm^2 (storage, networks, MACs, vector unit)\n";
    // Peak power (TDP) by part (model/power.h): every part at what it can do per cycle.
    const PeakPowerBreakdown tdp = peakPowerBreakdown(a);
    ctx.out << "TDP " << fixed(tdp.totalW(), 2) << " W: MACs " << fixed(tdp.macW, 2) << ", vector "
            << fixed(tdp.vectorW, 2);
    for (int i = 0; i < a.levelCount(); ++i) {
        const double access = tdp.levelAccessW[static_cast<std::size_t>(i)], net = tdp.levelNetworkW[static_cast<std::size_t>(i)];
        if (access > 0) ctx.out << ", " << a.levels[static_cast<std::size_t>(i)].name << " " << fixed(access, 2);
        if (net > 0) ctx.out << ", " << a.levels[static_cast<std::size_t>(i)].name << " network " << fixed(net, 2);
    }
    ctx.out << ", leakage " << fixed(tdp.leakageW, 2) << " W\n";
    ctx.out << "(bits: word width; w/i/o bits: one weight, input, output element at the level; bandwidths in words "
               "per cycle per instance, '-' unlimited; energies per word; keeps: w(eights), i(nputs), o(utputs); "
               "class fanout: a level that holds nothing and only spreads work over its mesh)\n";
    return 0;
}

}  // namespace

Command archCommand() {
    Command c;
    c.name = "arch";
    c.summary = "list the architecture presets, or show one architecture's levels";
    c.usage = "--list | --show NAME|FILE [--json] | --space SPACE --point NAME|K=V,... [--json]";
    c.description =
        "NAME is a preset in resources/arch/ (see `accelscope-cli arch --list`), FILE an architecture JSON file.\n"
        "--show prints every storage level: capacity, instances, fan-out, kept tensors, bandwidth, energy\n"
        "per word and area, and the peak power (TDP) by part; --json prints the architecture in its canonical\n"
        "file format. With --space and --point, the architecture is that point's of the design space (a named\n"
        "point, K=V for every parameter, or NAME,K=V,...), shown as --show shows one: `arch --space\n"
        "fast_datacenter --point tpu_v3 --json > tpu_v3.json` writes it as a file.";
    c.options = {{"list", "", "one line per preset: name, MAC units, clock, on-chip KiB, source (cited)"},
                 {"show", "NAME|FILE", "the architecture to show"},
                 {"space", "PRESET|FILE", "with --point: show a point of this design space"},
                 {"point", "NAME|K=V,...", "with --space: the point whose architecture to show"},
                 {"json", "", "with --show: print the canonical architecture file"}};
    c.run = [](const Args& args, Context& ctx) {
        if (args.flag("list")) {
            if (args.has("show")) throw UsageError("give --list or --show, not both");
            return list(ctx);
        }
        Architecture a;
        if (const auto space = args.value("space")) {
            if (args.has("show")) throw UsageError("give --show or --space, not both");
            const DesignSpace s = loadDesignSpaceByNameOrPath(*space);
            CompilerSettings cs;
            std::string why;
            const PlacedPoint placed = placePoint(s, args.required("point"));
            if (!placed.space.realize(placed.point, a, cs, why))
                throw InputError(s.name, "--point", "the point cannot be built: " + why);
        } else {
            const auto name = args.value("show");
            if (!name) throw UsageError("give --list, --show NAME|FILE, or --space S --point P");
            a = loadArchitectureByNameOrPath(*name);
        }
        if (args.flag("json")) {
            ctx.out << serializeArchitecture(a);
            return 0;
        }
        return show(a, ctx);
    };
    return c;
}

}  // namespace accelscope::cli
