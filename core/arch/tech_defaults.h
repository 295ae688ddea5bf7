#pragma once
// What the technology table gives for the figures an architecture file may leave to "tech": a
// level's access energies, area, leakage and network energy; a MAC's energy and area; a vector
// lane's op energy and area. The reader fills "tech" fields with these, and the writer leaves a
// figure as "tech" when it equals them.
#include "arch/architecture.h"
#include "arch/tech_table.h"

namespace accelscope {

struct LevelDefaults {
    AccessEnergy energy;
    double areaUm2 = 0;
    double leakPjPerCycle = 0;
    double networkPjPerWord = 0;
};

// `tech` null: no table, every figure 0 (the file must give numbers).
LevelDefaults levelDefaults(const TechTable* tech, const StorageLevel& l, bool innermost, double clockGHz);
double techMacPj(const TechTable& t, const Architecture& a);
double techMacAreaUm2(const TechTable& t, const Architecture& a);
double techVectorOpPj(const TechTable& t, const Architecture& a);
double techVectorAreaUm2(const TechTable& t, const Architecture& a, int lanes);

}  // namespace accelscope
