#pragma once
// A plain-text table with aligned columns, for terminal output.
#include <ostream>
#include <string>
#include <vector>

namespace accelscope::cli {

class TextTable {
public:
    enum class Align { Left, Right };
    explicit TextTable(std::vector<std::string> header, std::vector<Align> align = {});
    void addRow(std::vector<std::string> cells);
    void print(std::ostream& out) const;

private:
    std::vector<std::string> header_;
    std::vector<Align> align_;
    std::vector<std::vector<std::string>> rows_;
};

// 4091203584 -> "4.091 G"; for tables meant for people.
std::string humanCount(double value);
std::string fixed(double value, int decimals);

}  // namespace accelscope::cli
