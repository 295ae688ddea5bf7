// Architecture files: validate every field, report every problem at once, derive the "tech" figures
// from the technology table; and the canonical text the project writes.
#include "arch/arch_io.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <system_error>

#include "arch/tech_defaults.h"
#include "arch/tech_table.h"
#include "util/data_paths.h"
#include "util/json_reader.h"

namespace accelscope {
namespace {
using nlohmann::json;
using ojson = nlohmann::ordered_json;

// Limits that keep every derived figure inside 64 bits and refuse absurd values up front.
constexpr std::int64_t kMaxCapacityWords = std::int64_t{1} << 40;
constexpr double kMaxCapacityKiB = double(std::int64_t{1} << 30);
constexpr std::int64_t kMaxFanout = std::int64_t{1} << 16;
constexpr std::int64_t kMaxMacUnits = std::int64_t{1} << 40;
constexpr std::int64_t kMaxBlockWords = std::int64_t{1} << 20;
constexpr std::int64_t kMaxVectorLanes = std::int64_t{1} << 24;
constexpr double kMaxClockGHz = 10.0;
constexpr double kMaxEnergyPj = 1e9;
constexpr double kMaxAreaUm2 = 1e12;
constexpr double kMaxBandwidth = 1e9;
constexpr std::int64_t kMinNodeNm = 3, kMaxNodeNm = 250;
constexpr const char* kTech = "tech";

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }
// A number as a message shows it: "0", "1.5" (json(0.0).dump() would say "0.0").
std::string numberText(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) return std::to_string(static_cast<std::int64_t>(v));
    return json(v).dump();
}
constexpr std::int64_t kMaxBits = 64;

std::optional<StorageClass> classFromName(std::string_view n) {
    for (auto c : {StorageClass::Dram, StorageClass::Sram, StorageClass::RegFile, StorageClass::Fanout})
        if (storageClassName(c) == n) return c;
    return std::nullopt;
}

std::optional<Tensor> tensorFromName(std::string_view n) {
    for (auto t : kAllTensors)
        if (tensorName(t) == n) return t;
    return std::nullopt;
}

// A number, or the string "tech": a figure the technology table derives.
struct NumberOrTech {
    bool tech = false;
    double value = 0;
};

std::optional<NumberOrTech> readNumberOrTech(ObjectReader& r, const json& obj, std::string_view key, double max) {
    const std::string k(key);
    if (obj.is_object() && obj.contains(k) && obj[k].is_string()) {
        const auto s = r.string(key);
        if (s && *s == kTech) return NumberOrTech{true, 0};
        r.problem(k + " must be a number or \"tech\", got \"" + s.value_or("") + "\"");
        return std::nullopt;
    }
    if (auto v = r.number(key, 0, max)) return NumberOrTech{false, *v};
    return std::nullopt;
}

struct LevelSpec {
    std::string where;
    bool energyFromTech = false;
    bool areaGiven = false, leakGiven = false, networkGiven = false;
    bool meshGiven = false;  // fanout x or y written
};

class ArchReader {
public:
    explicit ArchReader(const std::string& source) : problems_(source) {}

    Architecture read(const json& root) {
        ObjectReader top(root, "", problems_);
        if (!top.valid()) problems_.throwIfAny();
        if (auto format = top.string("format"); format && *format != kArchFormat)
            top.problem("format must be \"" + std::string(kArchFormat) + "\", got \"" + *format + "\"");
        if (auto version = top.integer("version", 1, 1000000); version && *version != kArchVersion)
            top.problem("version " + std::to_string(*version) + " is not supported (this build reads version " +
                        std::to_string(kArchVersion) + "; a newer AccelScope wrote this file?)");
        a_.name = top.string("name").value_or("");
        if (top.has("name") && a_.name.empty()) top.problem("name must not be empty");
        a_.source = top.optionalString("source", "").value_or("");
        readClock(top);
        if (const json* p = top.object("precision")) readPrecision(*p);
        if (const json* t = top.optionalObject("technology")) readTechnology(*t);
        readHaloReuse(top);
        if (const json* levels = top.array("levels")) readLevels(*levels);
        if (const json* c = top.object("compute")) readCompute(*c);
        if (const json* v = top.optionalObject("vector")) readVector(*v);
        top.rejectUnknownKeys();
        checkWhole(top);
        problems_.throwIfAny();
        derive();
        problems_.throwIfAny();
        return std::move(a_);
    }

private:
    void readClock(ObjectReader& top) {
        if (auto c = top.number("clock_ghz", 0, kMaxClockGHz)) {
            if (*c <= 0) top.problem("clock_ghz must be greater than 0, got " + numberText(*c));
            else a_.clockGHz = *c;
        }
    }

    void readPrecision(const json& p) {
        ObjectReader r(p, "precision", problems_);
        for (auto t : kAllTensors)
            if (auto b = r.integer(tensorName(t), 1, kMaxBits)) a_.bits[static_cast<std::size_t>(t)] = static_cast<int>(*b);
        r.rejectUnknownKeys();
    }

    void readHaloReuse(ObjectReader& top) {
        const auto h = top.optionalString("halo_reuse", std::string(haloReuseName(HaloReuse::Timeloop)));
        if (!h) return;
        for (auto v : {HaloReuse::Exact, HaloReuse::Timeloop, HaloReuse::TimeloopLegacy})
            if (*h == haloReuseName(v)) {
                a_.haloReuse = v;
                return;
            }
        top.problem("halo_reuse must be \"exact\", \"timeloop\" or \"timeloop_legacy\", got " + inQuotes(*h));
    }

    // A level's "precision": {"outputs": 24}: the bits of that tensor's elements at this level.
    void readLevelPrecision(const json& p, const std::string& where, StorageLevel& l) {
        ObjectReader r(p, where + " precision", problems_);
        for (auto t : kAllTensors)
            if (auto b = r.optionalInteger(tensorName(t), 0, 1, kMaxBits); b && r.has(tensorName(t)))
                l.elementBits[static_cast<std::size_t>(t)] = static_cast<int>(*b);
        r.rejectUnknownKeys();
    }

    void readTechnology(const json& t) {
        ObjectReader r(t, "technology", problems_);
        const auto table = r.string("table");
        const auto node = r.optionalInteger("node_nm", 45, kMinNodeNm, kMaxNodeNm);
        r.rejectUnknownKeys();
        if (!table || !node) return;
        tech_ = techTableByName(*table, static_cast<int>(*node));
        if (!tech_) {
            std::string known;
            for (const auto& n : techTableNames()) known += (known.empty() ? "" : ", ") + n;
            r.problem("table " + inQuotes(*table) + " is unknown (known tables: " + known + ")");
            return;
        }
        a_.techTable = *table;
        a_.nodeNm = static_cast<int>(*node);
    }

    void readLevels(const json& levels) {
        if (levels.empty()) problems_.add("", "levels must hold at least one storage level");
        if (levels.size() > static_cast<std::size_t>(kMaxLevels))
            problems_.add("", "levels holds " + std::to_string(levels.size()) + " levels; at most " +
                                  std::to_string(kMaxLevels) + " are supported");
        std::map<std::string, std::string> names;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            std::string where = "level #" + std::to_string(i + 1);
            const json& lj = levels[i];
            if (lj.is_object() && lj.contains("name") && lj["name"].is_string() &&
                !lj["name"].get<std::string>().empty())
                where = "level " + inQuotes(lj["name"].get<std::string>());
            StorageLevel l;
            LevelSpec spec;
            spec.where = where;
            ObjectReader r(lj, where, problems_);
            if (r.valid()) {
                readLevel(r, lj, l, spec, i + 1 == levels.size());
                if (!l.name.empty()) {
                    auto [it, fresh] = names.emplace(l.name, "level #" + std::to_string(i + 1));
                    if (!fresh)
                        r.problem("name " + inQuotes(l.name) + " is already used by " + it->second +
                                  " (level names must be unique)");
                }
            }
            a_.levels.push_back(std::move(l));
            specs_.push_back(std::move(spec));
        }
    }

    void readLevel(ObjectReader& r, const json& lj, StorageLevel& l, LevelSpec& spec, bool innermost) {
        l.name = r.string("name").value_or("");
        if (r.has("name") && l.name.empty()) r.problem("name must not be empty");
        std::optional<StorageClass> cls;
        if (auto c = r.string("class")) {
            cls = classFromName(*c);
            if (cls) l.storageClass = *cls;
            else r.problem("class must be dram, sram, regfile or fanout, got " + inQuotes(*c));
        }
        if (cls == StorageClass::Fanout) {
            readFanoutOnlyLevel(r, l, spec, innermost);
            return;
        }
        bool bitsOk = false;
        if (auto b = r.integer("word_bits", 1, kMaxBits)) {
            l.wordBits = static_cast<int>(*b);
            bitsOk = true;
        }
        readCapacity(r, l, cls, bitsOk);
        readKeeps(r, l);
        if (const json* p = r.optionalObject("precision")) readLevelPrecision(*p, spec.where, l);
        if (const json* p = r.optionalObject("partition")) readPartition(*p, spec.where, l);
        readBandwidth(r, "read_bandwidth", l.readBandwidth);
        readBandwidth(r, "write_bandwidth", l.writeBandwidth);
        readBandwidth(r, "shared_bandwidth", l.sharedBandwidth);
        readBanks(r, l);
        readEnergy(r, lj, l, spec);
        spec.leakGiven = r.has("leak_pj_per_cycle");
        l.leakPjPerCycle = r.optionalNumber("leak_pj_per_cycle", 0, 0, kMaxEnergyPj).value_or(0);
        spec.areaGiven = r.has("area_um2");
        l.areaUm2 = r.optionalNumber("area_um2", 0, 0, kMaxAreaUm2).value_or(0);
        if (const json* f = r.optionalObject("fanout")) readFanout(*f, spec, l, innermost);
        r.rejectUnknownKeys();
    }

    // A level that stores nothing: a name, its fan-out and nothing a storage level would have.
    void readFanoutOnlyLevel(ObjectReader& r, StorageLevel& l, LevelSpec& spec, bool innermost) {
        l.keeps = {false, false, false};
        l.wordBits = 0;
        l.energy = AccessEnergy{};
        l.energySource = "explicit";
        spec.areaGiven = spec.leakGiven = true;
        for (const char* key : {"word_bits", "capacity_words", "capacity_kib", "partition", "precision", "read_bandwidth",
                                "write_bandwidth", "shared_bandwidth", "banks", "energy", "leak_pj_per_cycle", "area_um2"})
            if (r.has(key)) {
                r.allow({key});
                r.problem(std::string(key) + " is not allowed: a fanout level stores nothing");
            }
        if (const json* keeps = r.optionalArray("keeps"); keeps && !keeps->empty())
            r.problem("keeps must be empty: a fanout level stores nothing");
        if (const json* f = r.optionalObject("fanout")) readFanout(*f, spec, l, innermost);
        r.rejectUnknownKeys();
    }

    void readBanks(ObjectReader& r, StorageLevel& l) {
        if (!r.has("banks")) return;
        l.banks = static_cast<int>(r.optionalInteger("banks", 1, 1, kMaxFanout).value_or(1));
        if (l.storageClass == StorageClass::Dram) r.problem("banks is for on-chip storage, not a dram level");
        else if (l.capacityWords > 0 && l.banks > l.capacityWords)
            r.problem("banks (" + std::to_string(l.banks) + ") is more than the capacity of " +
                      std::to_string(l.capacityWords) + " words");
    }

    void readCapacity(ObjectReader& r, StorageLevel& l, std::optional<StorageClass> cls, bool bitsOk) {
        const bool words = r.has("capacity_words"), kib = r.has("capacity_kib");
        if (words && kib) {
            r.allow({"capacity_words", "capacity_kib"});
            r.problem("set one of capacity_words and capacity_kib, not both");
            return;
        }
        if (words) {
            l.capacityWords = r.positiveInt("capacity_words", kMaxCapacityWords).value_or(0);
        } else if (kib) {
            const auto k = r.number("capacity_kib", 0, kMaxCapacityKiB);
            if (!k) return;
            if (*k <= 0) {
                r.problem("capacity_kib must be greater than 0, got " + numberText(*k));
                return;
            }
            if (!bitsOk) return;
            const double w = *k * 8192.0 / l.wordBits;
            if (w != std::floor(w))
                r.problem("capacity_kib " + numberText(*k) + " is not a whole number of " +
                          std::to_string(l.wordBits) + "-bit words");
            else l.capacityWords = static_cast<std::int64_t>(w);
        } else if (cls && *cls != StorageClass::Dram) {
            r.problem("missing field \"capacity_words\" or \"capacity_kib\" (only a dram level may be unbounded)");
        }
    }

    void readKeeps(ObjectReader& r, StorageLevel& l) {
        const json* keeps = r.array("keeps");
        if (!keeps) return;
        l.keeps = {false, false, false};
        if (keeps->empty()) r.problem("keeps must name at least one of weights, inputs, outputs");
        for (const auto& v : *keeps) {
            const auto t = v.is_string() ? tensorFromName(v.get<std::string>()) : std::nullopt;
            if (!t) {
                r.problem("keeps must hold \"weights\", \"inputs\" or \"outputs\", got " + describeJson(v));
                continue;
            }
            auto& kept = l.keeps[static_cast<std::size_t>(*t)];
            if (kept) r.problem("keeps names " + inQuotes(tensorName(*t)) + " twice");
            kept = true;
        }
    }

    void readPartition(const json& p, const std::string& where, StorageLevel& l) {
        ObjectReader r(p, where + " partition", problems_);
        std::int64_t sum = 0;
        for (auto t : kAllTensors) {
            const auto key = tensorName(t);
            const auto w = r.optionalInteger(key, 0, 0, kMaxCapacityWords).value_or(0);
            l.partitionWords[static_cast<std::size_t>(t)] = w;
            sum += w;
            if (w > 0 && !l.keeps[static_cast<std::size_t>(t)])
                r.problem(std::string(key) + " has a partition but the level does not keep " + std::string(key));
        }
        if (l.capacityWords > 0 && sum > l.capacityWords)
            r.problem("the partitions add up to " + std::to_string(sum) + " words, more than the capacity of " +
                      std::to_string(l.capacityWords));
        r.rejectUnknownKeys();
    }

    void readBandwidth(ObjectReader& r, std::string_view key, double& out) {
        if (!r.has(key)) {
            r.allow({key});
            return;
        }
        if (auto b = r.number(key, 0, kMaxBandwidth)) {
            if (*b <= 0) r.problem(std::string(key) + " must be greater than 0 (leave it out for unlimited), got " +
                                   numberText(*b));
            else out = *b;
        }
    }

    // "energy": "tech" | {"from": "tech", "block_words": B} | {"read_pj", "write_pj", "update_pj", "block_words"}
    void readEnergy(ObjectReader& r, const json& lj, StorageLevel& l, LevelSpec& spec) {
        const bool isString = lj.contains("energy") && lj["energy"].is_string();
        if (isString) {
            const auto s = r.string("energy");
            if (s && *s == kTech) spec.energyFromTech = true;
            else r.problem("energy must be \"tech\" or an object, got \"" + s.value_or("") + "\"");
            return;
        }
        const json* e = r.object("energy");
        if (!e) return;
        ObjectReader er(*e, spec.where + " energy", problems_);
        l.energy.blockWords = er.optionalInteger("block_words", 1, 1, kMaxBlockWords).value_or(1);
        l.energy.clusterInstances = er.optionalInteger("cluster_instances", 1, 1, kMaxFanout).value_or(1);
        if (er.has("from")) {
            const auto from = er.string("from");
            if (from && *from != kTech) er.problem("from must be \"tech\", got " + inQuotes(*from));
            spec.energyFromTech = true;
        } else {
            l.energy.readPj = er.number("read_pj", 0, kMaxEnergyPj).value_or(0);
            l.energy.writePj = er.number("write_pj", 0, kMaxEnergyPj).value_or(0);
            l.energy.updatePj = er.optionalNumber("update_pj", l.energy.writePj, 0, kMaxEnergyPj).value_or(0);
            l.energySource = "explicit";
        }
        er.rejectUnknownKeys();
    }

    // "CRS": the dims a fan-out may unroll; absent: all.
    static std::uint32_t readDims(ObjectReader& r, std::string_view key) {
        const auto text = r.optionalString(key, "");
        if (!text || !r.has(key)) return 0xFFu;
        std::uint32_t mask = 0;
        for (char ch : *text) {
            Dim d;
            if (!dimFromName(std::string_view(&ch, 1), d)) {
                r.problem(std::string(key) + ": '" + ch + "' is not a dim (N, G, K, C, P, Q, R, S)");
                continue;
            }
            mask |= 1u << static_cast<int>(d);
        }
        if (mask == 0) r.problem(std::string(key) + " must name at least one dim");
        return mask == 0 ? 0xFFu : mask;
    }

    void readFanout(const json& f, LevelSpec& spec, StorageLevel& l, bool innermost) {
        ObjectReader r(f, spec.where + " fanout", problems_);
        spec.meshGiven = r.has("x") || r.has("y");
        l.meshX = static_cast<int>(r.optionalInteger("x", 1, 1, kMaxFanout).value_or(1));
        l.meshY = static_cast<int>(r.optionalInteger("y", 1, 1, kMaxFanout).value_or(1));
        if (l.fanout() > kMaxFanout)
            r.problem("x * y = " + std::to_string(l.fanout()) + " exceeds the largest fan-out, " +
                      std::to_string(kMaxFanout));
        l.multicast = r.optionalBool("multicast", true).value_or(true);
        l.spatialReduction = r.optionalBool("reduction", true).value_or(true);
        l.neighbourLinks = r.optionalBool("links", false).value_or(false);
        spec.networkGiven = r.has("network_pj_per_word");
        l.networkPjPerWord = r.optionalNumber("network_pj_per_word", 0, 0, kMaxEnergyPj).value_or(0);
        l.networkAreaUm2 = r.optionalNumber("network_area_um2", 0, 0, kMaxAreaUm2).value_or(0);
        l.spatialDimsX = readDims(r, "x_dims");
        l.spatialDimsY = readDims(r, "y_dims");
        if (auto s = r.optionalString("systolic", ""); s && !s->empty()) {
            if (!systolicFromName(*s, l.systolic))
                r.problem("systolic must be os, ws or is (the operand that stays in the PEs), got " + inQuotes(*s));
            else if (innermost)
                r.problem("systolic cannot be set on the innermost level: its fan-out is the MAC lanes of one PE");
        }
        if (auto rows = r.optionalString("rows", ""); rows && !rows->empty()) {
            if (*rows != "x" && *rows != "y") r.problem("rows must be x or y (the axis the partial sums reduce down), got " + inQuotes(*rows));
            else if (l.systolic == Systolic::None) r.problem("rows is only meaningful with systolic");
            l.systolicRowsOnX = *rows == "x";
        }
        l.systolicDoubleBuffered = r.optionalBool("double_buffered", false).value_or(false);
        if (l.systolicDoubleBuffered && l.systolic == Systolic::None)
            r.problem("double_buffered is only meaningful with systolic");
        if (innermost && spec.meshGiven)
            r.problem("x and y cannot be set on the innermost level: its fan-out is the MAC lanes of one PE, "
                      "set as \"lanes\" in \"compute\"");
        r.rejectUnknownKeys();
    }

    void readCompute(const json& c) {
        ObjectReader r(c, "compute", problems_);
        if (auto m = readNumberOrTech(r, c, "mac_pj", kMaxEnergyPj)) macPj_ = *m;
        if (auto m = readNumberOrTech(r, c, "mac_area_um2", kMaxAreaUm2)) macArea_ = *m;
        lanes_ = static_cast<int>(r.optionalInteger("lanes", 1, 1, kMaxFanout).value_or(1));
        a_.compute.leakPjPerCycle = r.optionalNumber("leak_pj_per_cycle", 0, 0, kMaxEnergyPj).value_or(0);
        r.rejectUnknownKeys();
    }

    void readVector(const json& v) {
        ObjectReader r(v, "vector", problems_);
        a_.vector.lanes = static_cast<int>(r.integer("lanes", 0, kMaxVectorLanes).value_or(0));
        if (auto m = readNumberOrTech(r, v, "op_pj", kMaxEnergyPj)) vectorOp_ = *m;
        if (auto m = readNumberOrTech(r, v, "area_um2", kMaxAreaUm2)) vectorArea_ = *m;
        r.rejectUnknownKeys();
    }

    void checkWhole(ObjectReader& top) {
        if (a_.levels.empty()) return;
        // The outermost level is where every tensor starts and ends: it must keep all three.
        const StorageLevel& outer = a_.levels.front();
        std::string missing;
        for (auto t : kAllTensors)
            if (!outer.keeps[static_cast<std::size_t>(t)]) missing += (missing.empty() ? "" : ", ") + std::string(tensorName(t));
        if (!missing.empty())
            problems_.add(specs_.front().where, "keeps must hold weights, inputs and outputs at the outermost level "
                                                "(where every tensor starts); missing: " + missing);
        int systolic = 0;
        for (std::size_t i = 0; i < a_.levels.size(); ++i)
            if (a_.levels[i].systolic != Systolic::None && ++systolic == 2)
                problems_.add(specs_[i].where, "a second systolic fan-out: an architecture may time one systolic array");
        a_.levels.back().meshX = lanes_;
        a_.levels.back().meshY = 1;
        std::int64_t macs = 1;
        for (const auto& l : a_.levels)
            if (__builtin_mul_overflow(macs, l.fanout(), &macs) || macs > kMaxMacUnits) {
                top.problem("the fan-outs multiply to more than 2^40 MAC units");
                break;
            }
    }

    void derive() {
        const TechTable* tech = tech_ ? &*tech_ : nullptr;
        auto noTable = [&](const std::string& where, const char* what) {
            problems_.add(where, std::string(what) + " is \"tech\" but the file names no technology table "
                                                     "(add \"technology\": {\"table\": \"horowitz45\", \"node_nm\": 45})");
        };
        for (std::size_t i = 0; i < a_.levels.size(); ++i) {
            StorageLevel& l = a_.levels[i];
            const LevelSpec& s = specs_[i];
            const LevelDefaults d = levelDefaults(tech, l, i + 1 == a_.levels.size(), a_.clockGHz);
            if (s.energyFromTech) {
                if (!tech) noTable(s.where, "energy");
                l.energy = d.energy;
                l.energySource = tech ? tech->name : "";
            }
            if (!s.areaGiven) l.areaUm2 = d.areaUm2;
            if (!s.leakGiven) l.leakPjPerCycle = d.leakPjPerCycle;
            if (!s.networkGiven) l.networkPjPerWord = d.networkPjPerWord;
        }
        auto resolve = [&](const NumberOrTech& v, const char* where, const char* what, double fromTable) {
            if (!v.tech) return v.value;
            if (!tech) noTable(where, what);
            return fromTable;
        };
        a_.compute.macPj = resolve(macPj_, "compute", "mac_pj", tech ? techMacPj(*tech, a_) : 0);
        a_.compute.macAreaUm2 = resolve(macArea_, "compute", "mac_area_um2", tech ? techMacAreaUm2(*tech, a_) : 0);
        a_.vector.opPj = resolve(vectorOp_, "vector", "op_pj", tech ? techVectorOpPj(*tech, a_) : 0);
        a_.vector.areaUm2 =
            resolve(vectorArea_, "vector", "area_um2", tech ? techVectorAreaUm2(*tech, a_, a_.vector.lanes) : 0);
    }

    ProblemList problems_;
    Architecture a_;
    std::vector<LevelSpec> specs_;
    std::optional<TechTable> tech_;
    NumberOrTech macPj_, macArea_, vectorOp_, vectorArea_;
    int lanes_ = 1;
};

// ---- writing ----

std::string compact(const ojson& j) { return j.dump(-1, ' ', /*ensure_ascii=*/true); }

// A whole number is written without a fraction ("8", not "8.0"); it reads back as the same double.
ojson num(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
    return v;
}


// A level's "fanout" object: the mesh below it (not for the innermost level, whose fan-out is the
// MAC count), its network's features and costs, and the dims each mesh axis may unroll.
ojson fanoutJson(const StorageLevel& l, bool innermost, const LevelDefaults& d) {
    ojson f;
    if (!innermost) {
        f["x"] = l.meshX;
        f["y"] = l.meshY;
    }
    f["multicast"] = l.multicast;
    f["reduction"] = l.spatialReduction;
    if (l.neighbourLinks) f["links"] = true;
    if (l.networkPjPerWord != d.networkPjPerWord) f["network_pj_per_word"] = num(l.networkPjPerWord);
    if (l.networkAreaUm2 != 0) f["network_area_um2"] = num(l.networkAreaUm2);
    if (l.spatialDimsX != 0xFFu) f["x_dims"] = dimLetters(l.spatialDimsX);
    if (l.spatialDimsY != 0xFFu) f["y_dims"] = dimLetters(l.spatialDimsY);
    if (l.systolic != Systolic::None) {
        f["systolic"] = std::string(systolicName(l.systolic));
        f["rows"] = l.systolicRowsOnX ? "x" : "y";
        if (l.systolicDoubleBuffered) f["double_buffered"] = true;
    }
    return f;
}

ojson levelJson(const Architecture& a, const TechTable* tech, std::size_t i) {
    const StorageLevel& l = a.levels[i];
    const bool innermost = i + 1 == a.levels.size();
    const LevelDefaults d = levelDefaults(tech, l, innermost, a.clockGHz);
    ojson j;
    j["name"] = l.name;
    j["class"] = std::string(storageClassName(l.storageClass));
    // A mesh below the level, or a network that is not the default, is written out.
    const bool mesh = !innermost && (l.storesNothing() || l.fanout() > 1);
    const bool fanout = mesh || !l.multicast || !l.spatialReduction || l.neighbourLinks || l.systolic != Systolic::None ||
                        l.networkPjPerWord != d.networkPjPerWord || l.networkAreaUm2 != 0 || l.spatialDimsX != 0xFFu ||
                        l.spatialDimsY != 0xFFu;
    if (l.storesNothing()) {
        if (fanout) j["fanout"] = fanoutJson(l, innermost, d);
        return j;
    }
    j["word_bits"] = l.wordBits;
    if (l.capacityWords > 0) {
        const std::int64_t bits = l.capacityWords * l.wordBits;
        // Register files are sized in words, buffers in KiB when they are whole KiB.
        if (bits % 8192 == 0 && l.storageClass != StorageClass::RegFile) j["capacity_kib"] = bits / 8192;
        else j["capacity_words"] = l.capacityWords;
    }
    j["keeps"] = ojson::array();
    for (auto t : kAllTensors)
        if (l.keeps[static_cast<std::size_t>(t)]) j["keeps"].push_back(std::string(tensorName(t)));
    if (l.elementBits != std::array<int, kNumTensors>{0, 0, 0}) {
        ojson p;
        for (auto t : kAllTensors)
            if (auto b = l.elementBits[static_cast<std::size_t>(t)]) p[std::string(tensorName(t))] = b;
        j["precision"] = p;
    }
    if (l.partitionWords != std::array<std::int64_t, kNumTensors>{0, 0, 0}) {
        ojson p;
        for (auto t : kAllTensors)
            if (auto w = l.partitionWords[static_cast<std::size_t>(t)]) p[std::string(tensorName(t))] = w;
        j["partition"] = p;
    }
    if (l.readBandwidth > 0) j["read_bandwidth"] = num(l.readBandwidth);
    if (l.writeBandwidth > 0) j["write_bandwidth"] = num(l.writeBandwidth);
    if (l.sharedBandwidth > 0) j["shared_bandwidth"] = num(l.sharedBandwidth);
    if (l.banks != 1) j["banks"] = l.banks;
    if (tech && l.energySource != "explicit" && l.energy == d.energy) {
        if (l.energy.blockWords == 1 && l.energy.clusterInstances == 1) j["energy"] = kTech;
        else j["energy"] = ojson{{"from", kTech}, {"block_words", l.energy.blockWords}};
        if (l.energy.clusterInstances != 1) j["energy"]["cluster_instances"] = l.energy.clusterInstances;
    } else {
        ojson e;
        e["read_pj"] = num(l.energy.readPj);
        e["write_pj"] = num(l.energy.writePj);
        e["update_pj"] = num(l.energy.updatePj);
        e["block_words"] = l.energy.blockWords;
        if (l.energy.clusterInstances != 1) e["cluster_instances"] = l.energy.clusterInstances;
        j["energy"] = e;
    }
    if (l.leakPjPerCycle != d.leakPjPerCycle) j["leak_pj_per_cycle"] = num(l.leakPjPerCycle);
    if (l.areaUm2 != d.areaUm2) j["area_um2"] = num(l.areaUm2);
    if (fanout) j["fanout"] = fanoutJson(l, innermost, d);
    return j;
}

ojson numberOrTech(double value, const TechTable* tech, double fromTable) {
    if (tech && value == fromTable) return kTech;
    return num(value);
}

}  // namespace

std::int64_t levelCapacityBytes(const StorageLevel& l) { return (l.capacityWords * l.wordBits + 7) / 8; }

double onChipKiB(const Architecture& a) {
    double kib = 0;
    for (int i = 0; i < a.levelCount(); ++i) {
        const auto& l = a.levels[static_cast<std::size_t>(i)];
        if (l.storageClass == StorageClass::Dram) continue;
        kib += static_cast<double>(l.capacityWords) * l.wordBits / 8192.0 * static_cast<double>(a.instances(i));
    }
    return kib;
}

Architecture parseArchitecture(const std::string& text, const std::string& source) {
    return readArchitecture(parseJson(text, source), source);
}

Architecture readArchitecture(const nlohmann::json& root, const std::string& source) { return ArchReader(source).read(root); }

Architecture loadArchitecture(const std::filesystem::path& path) {
    return parseArchitecture(readTextFile(path), path.string());
}

std::filesystem::path presetArchitecturesDir() { return resourcesDir() / "arch"; }

std::vector<std::string> presetArchitectureNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(presetArchitecturesDir(), ec))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

Architecture loadArchitectureByNameOrPath(std::string_view nameOrPath) {
    const std::filesystem::path asPath(nameOrPath);
    std::error_code ec;
    const bool looksLikePath = nameOrPath.find('/') != std::string_view::npos || asPath.has_extension() ||
                               std::filesystem::exists(asPath, ec);
    if (looksLikePath) return loadArchitecture(asPath);
    const auto preset = presetArchitecturesDir() / (std::string(nameOrPath) + ".json");
    if (std::filesystem::exists(preset, ec)) return loadArchitecture(preset);
    std::string known;
    for (const auto& n : presetArchitectureNames()) known += (known.empty() ? "" : ", ") + n;
    throw InputError(std::string(nameOrPath), "",
                     "no such architecture file, and no preset of that name (presets: " +
                         (known.empty() ? std::string("none found in ") + presetArchitecturesDir().string() : known) +
                         ")");
}

std::string serializeArchitecture(const Architecture& a) {
    std::optional<TechTable> table;
    if (!a.techTable.empty()) table = techTableByName(a.techTable, a.nodeNm);
    const TechTable* tech = table ? &*table : nullptr;
    std::string t = "{\n";
    auto line = [&](const char* key, const ojson& value, bool last = false) {
        t += "  \"" + std::string(key) + "\": " + compact(value) + (last ? "\n" : ",\n");
    };
    line("format", std::string(kArchFormat));
    line("version", kArchVersion);
    line("name", a.name);
    line("source", a.source);
    line("clock_ghz", num(a.clockGHz));
    ojson precision;
    for (auto tn : kAllTensors) precision[std::string(tensorName(tn))] = a.bits[static_cast<std::size_t>(tn)];
    line("precision", precision);
    if (a.haloReuse != HaloReuse::Timeloop) line("halo_reuse", std::string(haloReuseName(a.haloReuse)));
    if (!a.techTable.empty()) line("technology", ojson{{"table", a.techTable}, {"node_nm", a.nodeNm}});
    t += "  \"levels\": [\n";
    for (std::size_t i = 0; i < a.levels.size(); ++i)
        t += "    " + compact(levelJson(a, tech, i)) + (i + 1 < a.levels.size() ? ",\n" : "\n");
    t += "  ],\n";
    ojson compute;
    compute["mac_pj"] = numberOrTech(a.compute.macPj, tech, tech ? techMacPj(*tech, a) : 0);
    compute["mac_area_um2"] = numberOrTech(a.compute.macAreaUm2, tech, tech ? techMacAreaUm2(*tech, a) : 0);
    compute["lanes"] = a.levels.empty() ? 1 : a.levels.back().meshX;
    if (a.compute.leakPjPerCycle != 0) compute["leak_pj_per_cycle"] = num(a.compute.leakPjPerCycle);
    const bool hasVector = a.vector != VectorUnit{};
    line("compute", compute, !hasVector);
    if (hasVector) {
        ojson v;
        v["lanes"] = a.vector.lanes;
        v["op_pj"] = numberOrTech(a.vector.opPj, tech, tech ? techVectorOpPj(*tech, a) : 0);
        v["area_um2"] = numberOrTech(a.vector.areaUm2, tech, tech ? techVectorAreaUm2(*tech, a, a.vector.lanes) : 0);
        line("vector", v, true);
    }
    t += "}\n";
    return t;
}

void saveArchitecture(const Architecture& arch, const std::filesystem::path& path) {
    writeTextFileAtomically(path, serializeArchitecture(arch));
}

}  // namespace accelscope
