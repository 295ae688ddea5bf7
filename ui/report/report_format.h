#pragma once
// How the report prints figures: significant digits, SI prefixes, mappings in one line.
#include <QString>
#include <cstdint>

#include "arch/architecture.h"
#include "mapping/mapping.h"
#include "search/param_space.h"

namespace accelscope::ui {

// Three significant digits without an exponent between 1e-3 and 1e6: "0.0421", "12.3", "4560".
QString formatNumber(double value, int digits = 3);
// A value as typed in a file, up to six digits without trailing zeros: "1", "16", "0.25".
QString plainNumber(double value);
// An integer with thousands separators: "1,234,567".
QString formatCount(double value);
// A ratio: "0.421×".
QString formatRatio(double value);
// A share in percent: "42.1 %".
QString formatPercent(double share);
// Dollars: "$12.34", "$56.7 k", "$1.23 M", "$4.56 B".
QString formatUsd(double usd);
// Bytes as B, KiB or MiB.
QString formatBytes(double bytes);

// Every level with loops, outermost first: temporal loops in their order with factors above 1, then
// the spatial ones over x and y: "DRAM: K4 C2; L1: Q7 P7 [x K8, y C4]; PE_RF: S3 R3".
QString mappingSummary(const Mapping& mapping, const Architecture& arch);

// The values a parameter takes: "2 … 16 lanes", "32 … 256 KiB, step 8", "none, producer, global".
QString parameterRange(const Param& param);

}  // namespace accelscope::ui
