// The technology table's figures (all of them in horowitz45()) and the laws that derive a level's
// energy and area from them.
#include "arch/tech_table.h"

#include <algorithm>
#include <cmath>

namespace accelscope {
namespace {

constexpr double kBitsPerKiB = 8.0 * 1024.0;

// v(bits) through (b0, v0) and (b1, v1) on a power law v = v0 (bits/b0)^e; extrapolated the same way.
// Multipliers grow about quadratically with width and adders about linearly; the fitted exponents
// (int multiply 1.98, int add 0.87) come out close to that, so the law fills the unpublished widths.
double powerLaw(double bits, double b0, double v0, double b1, double v1) {
    const double e = std::log(v1 / v0) / std::log(b1 / b0);
    return v0 * std::pow(bits / b0, e);
}

TechTable buildHorowitz45() {
    TechTable t;
    t.name = "horowitz45";
    t.nodeNm = 45;

    // Horowitz ISSCC 2014, 45 nm: SRAM read of 64 bits costs 10 / 20 / 100 pJ at 8 KiB / 32 KiB /
    // 1 MiB. Between these points the energy follows the power law through the two neighbouring
    // points (exponent 0.5 from 8 to 32 KiB, log(5)/log(32) = 0.46 from 32 KiB to 1 MiB: the square-root
    // law the source states, fitted piecewise so that it reproduces all three published figures exactly);
    // outside them it follows the pure square-root law from the nearest point.
    t.sramAnchorBytes = {8.0 * 1024, 32.0 * 1024, 1024.0 * 1024};
    t.sramAnchorRead64Pj = {10.0, 20.0, 100.0};
    t.sramExtrapolationExponent = 0.5;
    // Writes: the source gives reads only. A write drives the bit lines full swing but needs no sense
    // amplifiers; CACTI-style estimates put SRAM write and read energy within about 20% of each other,
    // so we charge a write (and a partial-sum update, which is one write) the same as a read.
    t.sramWriteToReadRatio = 1.0;

    // Register files (<= 1 KiB): Interstellar / dMazeRunner's table, 0.96 pJ per 16-bit access, i.e.
    // 0.06 pJ per bit. Cross-checks: the square-root SRAM law at 1 KiB gives 3.5 pJ per 64 bits
    // (0.055 pJ/bit), and Eyeriss puts a 0.5 KiB RF access at 1x a 16-bit MAC (1.5 pJ below): same order.
    t.regfileMaxBytes = 1024;
    t.regfilePjPerBit = 0.96 / 16.0;

    // DRAM: Horowitz gives 1300-2600 pJ per 64-bit read; we use the midpoint, 1950 pJ per 64 bits
    // (30.5 pJ/bit), for reads and writes alike. (Eyeriss' 200x a 16-bit MAC = 300 pJ per 16 bits.)
    t.dramPjPerBit = 1950.0 / 64.0;

    // On-chip network: Interstellar's NoC hop, 2 pJ per 16-bit word (Eyeriss: 2x a MAC = 3 pJ).
    t.networkPjPerBit = 2.0 / 16.0;

    // Arithmetic, Horowitz ISSCC 2014 (energy pJ, area um^2).
    t.intMul8 = {0.2, 282};
    t.intMul32 = {3.1, 3495};
    t.intAdd8 = {0.03, 36};
    t.intAdd32 = {0.1, 137};
    t.fpMul16 = {1.1, 1640};
    t.fpMul32 = {3.7, 7700};
    t.fpAdd16 = {0.4, 1360};
    t.fpAdd32 = {0.9, 4184};

    // ASSUMPTION (not in the source): SRAM area. A 45 nm 6T cell is about 0.346 um^2 (Intel's
    // published 45 nm cell); decoders, sense amplifiers and column circuits take roughly 30% of a
    // macro, so 0.346 / 0.7 = 0.494 um^2 per bit, i.e. 0.0040 mm^2 per KiB, 4.1 mm^2 per MiB.
    t.sramAreaUm2PerBit = 0.346 / 0.7;
    // ASSUMPTION: register files (latch/flip-flop storage with their own ports) take about 3x an SRAM
    // bit per bit: 1.5 um^2 per bit at 45 nm.
    t.regfileAreaUm2PerBit = 1.5;
    // ASSUMPTION: SRAM leakage of 10 uW per KiB at 45 nm (about 1.2 nW per bit, a mid value between
    // low-power and high-performance 45 nm processes at nominal temperature). Kept constant when the
    // table is scaled: smaller cells leak more per transistor, which we take to cancel out.
    t.leakUwPerKiB = 10.0;
    return t;
}

OpFigure scaleOp(OpFigure f, double energy, double area) { return {f.pj * energy, f.um2 * area}; }

}  // namespace

const TechTable& horowitz45() {
    static const TechTable table = buildHorowitz45();
    return table;
}

std::optional<TechTable> techTableByName(std::string_view name, int nodeNm) {
    if (name == "horowitz45") return horowitz45().scaledTo(nodeNm);
    return std::nullopt;
}

std::vector<std::string> techTableNames() { return {"horowitz45"}; }

TechTable TechTable::scaledTo(int targetNodeNm) const {
    if (targetNodeNm == nodeNm || targetNodeNm <= 0) return *this;
    TechTable t = *this;
    const double k = static_cast<double>(targetNodeNm) / nodeNm;  // dynamic energy ~ C V^2 ~ node
    const double a = k * k;                                         // area ~ node^2
    // Name the base table, not a chain of scalings.
    const std::string base = name.substr(0, name.find("-scaled-to-"));
    t.name = base + "-scaled-to-" + std::to_string(targetNodeNm) + "nm";
    t.nodeNm = targetNodeNm;
    for (auto& e : t.sramAnchorRead64Pj) e *= k;
    t.regfilePjPerBit *= k;
    t.dramPjPerBit *= k;  // the DRAM interface and array shrink with the process as well (assumption)
    t.networkPjPerBit *= k;
    for (OpFigure* f : {&t.intMul8, &t.intMul32, &t.intAdd8, &t.intAdd32, &t.fpMul16, &t.fpMul32, &t.fpAdd16,
                        &t.fpAdd32})
        *f = scaleOp(*f, k, a);
    t.sramAreaUm2PerBit *= a;
    t.regfileAreaUm2PerBit *= a;
    return t;
}

double TechTable::sramRead64Pj(double capacityBytes) const {
    const auto& c = sramAnchorBytes;
    const auto& e = sramAnchorRead64Pj;
    const double x = std::max(capacityBytes, 1.0);
    if (x <= c[0]) return e[0] * std::pow(x / c[0], sramExtrapolationExponent);
    if (x >= c[2]) return e[2] * std::pow(x / c[2], sramExtrapolationExponent);
    const int i = x <= c[1] ? 0 : 1;
    return powerLaw(x, c[i], e[i], c[i + 1], e[i + 1]);
}

// Energy grows linearly with the bits moved: a vector of blockWords x wordBits costs that many 64-bit
// accesses' worth (fractional for narrower vectors).
AccessEnergy TechTable::sramAccessEnergy(std::int64_t capacityBytes, int wordBits, std::int64_t blockWords) const {
    const double bits = static_cast<double>(wordBits) * static_cast<double>(blockWords);
    AccessEnergy a;
    a.blockWords = blockWords;
    a.readPj = sramRead64Pj(static_cast<double>(capacityBytes)) * bits / 64.0;
    a.writePj = a.readPj * sramWriteToReadRatio;
    a.updatePj = a.writePj;
    return a;
}

AccessEnergy TechTable::regfileAccessEnergy(std::int64_t capacityBytes, int wordBits, std::int64_t blockWords) const {
    const double bits = static_cast<double>(wordBits) * static_cast<double>(blockWords);
    AccessEnergy a;
    a.blockWords = blockWords;
    a.readPj = regfilePjPerBit * bits;
    // A register file larger than regfileMaxBytes costs at least what an SRAM of its size would.
    if (capacityBytes > regfileMaxBytes)
        a.readPj = std::max(a.readPj, sramRead64Pj(static_cast<double>(capacityBytes)) * bits / 64.0);
    a.writePj = a.readPj * sramWriteToReadRatio;
    a.updatePj = a.writePj;
    return a;
}

AccessEnergy TechTable::dramAccessEnergy(int wordBits, std::int64_t blockWords) const {
    const double bits = static_cast<double>(wordBits) * static_cast<double>(blockWords);
    AccessEnergy a;
    a.blockWords = blockWords;
    a.readPj = dramPjPerBit * bits;
    a.writePj = a.readPj;
    a.updatePj = a.readPj;
    return a;
}

AccessEnergy TechTable::accessEnergy(StorageClass c, std::int64_t capacityBytes, int wordBits,
                                     std::int64_t blockWords) const {
    switch (c) {
    case StorageClass::Dram: return dramAccessEnergy(wordBits, blockWords);
    case StorageClass::Sram: return sramAccessEnergy(capacityBytes, wordBits, blockWords);
    case StorageClass::RegFile: return regfileAccessEnergy(capacityBytes, wordBits, blockWords);
    case StorageClass::Fanout: return AccessEnergy{0, 0, 0, blockWords};  // stores nothing
    }
    return {};
}

double TechTable::multiplyPj(int operandBits) const {
    return isFloat(operandBits) ? powerLaw(operandBits, 16, fpMul16.pj, 32, fpMul32.pj)
                                : powerLaw(operandBits, 8, intMul8.pj, 32, intMul32.pj);
}
double TechTable::addPj(int bits, bool floatingPoint) const {
    return floatingPoint ? powerLaw(bits, 16, fpAdd16.pj, 32, fpAdd32.pj)
                         : powerLaw(bits, 8, intAdd8.pj, 32, intAdd32.pj);
}
double TechTable::multiplyAreaUm2(int operandBits) const {
    return isFloat(operandBits) ? powerLaw(operandBits, 16, fpMul16.um2, 32, fpMul32.um2)
                                : powerLaw(operandBits, 8, intMul8.um2, 32, intMul32.um2);
}
double TechTable::addAreaUm2(int bits, bool floatingPoint) const {
    return floatingPoint ? powerLaw(bits, 16, fpAdd16.um2, 32, fpAdd32.um2)
                         : powerLaw(bits, 8, intAdd8.um2, 32, intAdd32.um2);
}

// The accumulator adds in the operands' family: int8 x int8 accumulates in int32 (0.2 + 0.1 pJ at
// 45 nm), bf16 x bf16 in fp32 (1.1 + 0.9 pJ).
double TechTable::macEnergyPj(int operandBits, int accumulatorBits) const {
    return multiplyPj(operandBits) + addPj(accumulatorBits, isFloat(operandBits));
}
double TechTable::macAreaUm2(int operandBits, int accumulatorBits) const {
    return multiplyAreaUm2(operandBits) + addAreaUm2(accumulatorBits, isFloat(operandBits));
}

double TechTable::sramAreaUm2(std::int64_t capacityBytes) const {
    return static_cast<double>(capacityBytes) * 8.0 * sramAreaUm2PerBit;
}
double TechTable::regfileAreaUm2(std::int64_t capacityBytes) const {
    return static_cast<double>(capacityBytes) * 8.0 * regfileAreaUm2PerBit;
}
double TechTable::storageAreaUm2(StorageClass c, std::int64_t capacityBytes) const {
    switch (c) {
    case StorageClass::Dram: return 0;
    case StorageClass::Sram: return sramAreaUm2(capacityBytes);
    case StorageClass::RegFile: return regfileAreaUm2(capacityBytes);
    case StorageClass::Fanout: return 0;
    }
    return 0;
}

// 1 uW for 1 ns is 1 fJ = 1e-3 pJ; a cycle lasts 1/clockGHz ns.
double TechTable::leakPjPerCycle(StorageClass c, std::int64_t capacityBytes, double clockGHz) const {
    if (c == StorageClass::Dram || c == StorageClass::Fanout || clockGHz <= 0) return 0;
    const double kib = static_cast<double>(capacityBytes) * 8.0 / kBitsPerKiB;
    return kib * leakUwPerKiB * 1e-3 / clockGHz;
}

}  // namespace accelscope
