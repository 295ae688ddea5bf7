#include "cli/text_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace accelscope::cli {

TextTable::TextTable(std::vector<std::string> header, std::vector<Align> align)
    : header_(std::move(header)), align_(std::move(align)) {
    align_.resize(header_.size(), Align::Left);
}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(header_.size());
    rows_.push_back(std::move(cells));
}

namespace {

// Columns on a terminal: UTF-8 code points (continuation bytes 10xxxxxx do not count), so "mm²" is 3.
std::size_t columns(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

}  // namespace

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> width(header_.size());
    for (std::size_t c = 0; c < header_.size(); ++c) {
        width[c] = columns(header_[c]);
        for (const auto& row : rows_) width[c] = std::max(width[c], columns(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(width[c] - columns(cells[c]), ' ');
            if (c) text += "  ";
            text += align_[c] == Align::Right ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : "");
        }
        out << text << '\n';
    };
    line(header_);
    std::vector<std::string> rule;
    for (auto w : width) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& row : rows_) line(row);
}

std::string humanCount(double value) {
    const char* units[] = {"", " k", " M", " G", " T", " P"};
    int u = 0;
    while (std::fabs(value) >= 1000.0 && u < 5) {
        value /= 1000.0;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.3f%s", value, units[u]);
    return buf;
}

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

}  // namespace accelscope::cli
