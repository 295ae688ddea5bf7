#pragma once
// Technology tables: the energy and area figures that an architecture file's "tech" entries are
// derived from. One table ships, "horowitz45": Horowitz, "Computing's energy problem", ISSCC 2014
// (45 nm, 0.9 V), completed with the Eyeriss / Interstellar ratios and a few documented assumptions.
// Every figure lives in horowitz45() in tech_table.cpp, with its source beside it; a table can be
// scaled to another node (scaledTo) and every derived figure says which table it came from.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arch/architecture.h"

namespace accelscope {

// One arithmetic operator: dynamic energy per operation and area of one unit.
struct OpFigure {
    double pj = 0;
    double um2 = 0;
    friend bool operator==(const OpFigure&, const OpFigure&) = default;
};

struct TechTable {
    std::string name;   // "horowitz45", "horowitz45-scaled-to-16nm"
    int nodeNm = 45;

    // SRAM read energy of one 64-bit access at three published capacities (a piecewise power law in
    // capacity passes through them; see sramRead64Pj).
    std::array<double, 3> sramAnchorBytes{0, 0, 0};
    std::array<double, 3> sramAnchorRead64Pj{0, 0, 0};
    double sramExtrapolationExponent = 0.5;  // below the first and above the last anchor
    double sramWriteToReadRatio = 1.0;
    // Register files up to regfileMaxBytes: a flat energy per bit accessed.
    std::int64_t regfileMaxBytes = 1024;
    double regfilePjPerBit = 0;
    double dramPjPerBit = 0;
    double networkPjPerBit = 0;  // one word moved from a level to one child (one NoC hop)

    // Arithmetic at the two widths the source publishes per family; other widths by power law.
    OpFigure intMul8, intMul32, intAdd8, intAdd32;
    OpFigure fpMul16, fpMul32, fpAdd16, fpAdd32;

    double sramAreaUm2PerBit = 0;
    double regfileAreaUm2PerBit = 0;
    double leakUwPerKiB = 0;  // static power of on-chip storage (SRAM and register files)

    // Dynamic energy scales linearly with node/45, area with (node/45)^2; leakage per KiB is kept.
    TechTable scaledTo(int targetNodeNm) const;

    // Energy of one 64-bit SRAM read from an array of capacityBytes.
    double sramRead64Pj(double capacityBytes) const;
    // Energies of one vector access of blockWords words of wordBits bits.
    AccessEnergy sramAccessEnergy(std::int64_t capacityBytes, int wordBits, std::int64_t blockWords) const;
    AccessEnergy regfileAccessEnergy(std::int64_t capacityBytes, int wordBits, std::int64_t blockWords) const;
    AccessEnergy dramAccessEnergy(int wordBits, std::int64_t blockWords) const;
    AccessEnergy accessEnergy(StorageClass c, std::int64_t capacityBytes, int wordBits,
                              std::int64_t blockWords) const;
    double networkPjPerWord(int wordBits) const { return networkPjPerBit * wordBits; }

    // Operands of up to 8 bits use integer arithmetic, wider operands floating point (the source's
    // only 16-bit figures are float; 16/32-bit operands in DL accelerators are bf16/fp16/fp32).
    static bool isFloat(int operandBits) { return operandBits > 8; }
    double multiplyPj(int operandBits) const;
    double addPj(int bits, bool floatingPoint) const;
    double multiplyAreaUm2(int operandBits) const;
    double addAreaUm2(int bits, bool floatingPoint) const;
    // One MAC: a multiply at the operand width and an add at the accumulator width.
    double macEnergyPj(int operandBits, int accumulatorBits) const;
    double macEnergyPj(int bits) const { return macEnergyPj(bits, bits); }
    double macAreaUm2(int operandBits, int accumulatorBits) const;
    double macAreaUm2(int bits) const { return macAreaUm2(bits, bits); }

    double sramAreaUm2(std::int64_t capacityBytes) const;
    double regfileAreaUm2(std::int64_t capacityBytes) const;
    double storageAreaUm2(StorageClass c, std::int64_t capacityBytes) const;  // 0 for DRAM (off chip)
    // Leakage of on-chip storage per cycle at the given clock (0 for DRAM: off chip, not counted).
    double leakPjPerCycle(StorageClass c, std::int64_t capacityBytes, double clockGHz) const;

    friend bool operator==(const TechTable&, const TechTable&) = default;
};

// The Horowitz ISSCC 2014 45 nm table (with the completions documented in tech_table.cpp).
const TechTable& horowitz45();
// Known tables by name ("horowitz45"), scaled to nodeNm; nullopt for an unknown name.
std::optional<TechTable> techTableByName(std::string_view name, int nodeNm);
std::vector<std::string> techTableNames();

}  // namespace accelscope
