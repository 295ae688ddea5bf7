#include "report/report_format.h"

#include <QStringList>
#include <array>
#include <cmath>

#include "report/report.h"

namespace accelscope::ui {

QString formatNumber(double value, int digits) {
    if (!std::isfinite(value)) return QStringLiteral("–");
    if (value == 0) return QStringLiteral("0");
    const double magnitude = std::abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e6) return QString::number(value, 'e', digits - 1);
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    return QString::number(value, 'f', std::max(0, digits - 1 - exponent));
}

QString plainNumber(double value) { return QString::number(value, 'g', 6); }

QString formatSi(double value, const QString& unit, int digits) {
    if (!std::isfinite(value)) return QStringLiteral("–");
    if (value == 0) return QStringLiteral("0 ") + unit;
    static const std::array<const char*, 10> prefixes = {"f", "p", "n", "\u00b5", "m", "", "k", "M", "G", "T"};
    int group = static_cast<int>(std::floor(std::log10(std::abs(value)) / 3.0));
    group = std::clamp(group, -5, 4);
    double scaled = value / std::pow(10.0, 3 * group);
    // 999.7 would round to "1000": move to the next prefix instead.
    if (std::abs(scaled) >= 1000 - 0.5 * std::pow(10.0, 3 - digits) && group < 4) {
        ++group;
        scaled /= 1000;
    }
    return formatNumber(scaled, digits) + QLatin1Char(' ') + QString::fromUtf8(prefixes[static_cast<std::size_t>(group + 5)]) +
           unit;
}

QString formatCount(double value) {
    if (!std::isfinite(value)) return QStringLiteral("–");
    QString digits = QString::number(static_cast<long long>(std::llround(std::abs(value))));
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3) digits.insert(i, QLatin1Char(','));
    return value < 0 ? QLatin1Char('-') + digits : digits;
}

QString formatRatio(double value) { return formatNumber(value) + QStringLiteral("\u00d7"); }

QString formatPercent(double share) { return formatNumber(100 * share) + QStringLiteral(" %"); }

QString formatUsd(double usd) {
    const double a = std::fabs(usd);
    if (a >= 1e9) return QStringLiteral("$%L1 B").arg(usd / 1e9, 0, 'f', 2);
    if (a >= 1e6) return QStringLiteral("$%L1 M").arg(usd / 1e6, 0, 'f', 2);
    if (a >= 1e4) return QStringLiteral("$%L1 k").arg(usd / 1e3, 0, 'f', 1);
    return QStringLiteral("$%L1").arg(usd, 0, 'f', 2);
}

QString formatBytes(double bytes) {
    if (bytes >= 1024.0 * 1024) return formatNumber(bytes / (1024.0 * 1024)) + QStringLiteral(" MiB");
    if (bytes >= 1024.0) return formatNumber(bytes / 1024.0) + QStringLiteral(" KiB");
    return formatNumber(bytes) + QStringLiteral(" B");
}

QString mappingSummary(const Mapping& mapping, const Architecture& arch) {
    QStringList levels;
    for (int i = 0; i < mapping.levelCount; ++i) {
        const LevelMapping& l = mapping.levels[static_cast<std::size_t>(i)];
        QStringList loops;
        for (Dim d : l.order) {
            const std::int64_t f = l.temporal[static_cast<int>(d)];
            if (f > 1) loops << QString::fromLatin1(dimName(d).data(), 1) + QString::number(f);
        }
        QStringList spatial;
        for (const auto& [axis, factors] : {std::pair{"x", &l.spatialX}, std::pair{"y", &l.spatialY}}) {
            QStringList dims;
            for (Dim d : kAllDims)
                if ((*factors)[static_cast<int>(d)] > 1)
                    dims << QString::fromLatin1(dimName(d).data(), 1) + QString::number((*factors)[static_cast<int>(d)]);
            if (!dims.isEmpty()) spatial << QString::fromLatin1(axis) + QLatin1Char(' ') + dims.join(QLatin1Char(' '));
        }
        if (loops.isEmpty() && spatial.isEmpty()) continue;
        const QString name = i < arch.levelCount() ? QString::fromStdString(arch.levels[static_cast<std::size_t>(i)].name)
                                                   : QStringLiteral("L%1").arg(i);
        QString text = name + QStringLiteral(": ") + loops.join(QLatin1Char(' '));
        if (!spatial.isEmpty()) text += (loops.isEmpty() ? QString() : QStringLiteral(" ")) + QLatin1Char('[') + spatial.join(QStringLiteral(", ")) + QLatin1Char(']');
        levels << text;
    }
    return levels.join(QStringLiteral("; "));
}

QString parameterRange(const Param& param) {
    const QString unit = param.unit.empty() ? QString() : QLatin1Char(' ') + QString::fromStdString(param.unit);
    switch (param.kind) {
    case ParamKind::Integer: {
        if (param.lo == param.hi) return QString::number(param.lo) + unit;
        QString text = QStringLiteral("%1 \u2026 %2").arg(param.lo).arg(param.hi) + unit;
        if (param.step != 1) text += QStringLiteral(", step %1").arg(param.step);
        return text;
    }
    case ParamKind::Ordinal: {
        QStringList values;
        for (double v : param.values) values << plainNumber(v);
        if (values.size() > 6)
            return QStringLiteral("%1, %2 \u2026 %3 (%4 values)").arg(values[0], values[1], values.back()).arg(values.size()) + unit;
        return values.join(QStringLiteral(", ")) + unit;
    }
    case ParamKind::Categorical: {
        QStringList choices;
        for (const std::string& c : param.choices) choices << QString::fromStdString(c);
        return choices.join(QStringLiteral(", "));
    }
    case ParamKind::Boolean: return QStringLiteral("false, true");
    }
    return {};
}

}  // namespace accelscope::ui
