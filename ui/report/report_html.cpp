// The report as one self-contained HTML file: inline CSS, every plot a PNG in a data: URI.
#include <QBuffer>
#include <QFile>
#include <QPixmap>
#include <qcustomplot.h>

#include "report/report_document.h"
#include "util/input_error.h"

namespace accelscope::ui {
namespace {

// Rendered at twice the logical size, so the plots stay sharp on high-density screens and in print.
constexpr double kImageScale = 2.0;

const char* const kStyle = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 14px; color: #1d1d1f;
       max-width: 980px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 24px; margin-bottom: 2px; }
.subtitle { color: #666; margin-top: 0; }
h2 { font-size: 19px; border-bottom: 2px solid #0072b2; padding-bottom: 3px; margin-top: 34px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 14px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.chosen td { background: #fff3d6; font-weight: 600; }
table.compact { font-size: 12px; }
table.facts td:first-child { width: 190px; color: #555; }
figure { margin: 12px 0 20px; text-align: center; }
figure img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { color: #555; font-size: 12.5px; margin-top: 4px; }
)";

QString esc(const QString& s) { return s.toHtmlEscaped(); }

QString imageTag(const ReportFigure& f) {
    const QPixmap pixmap = f.plot->toPixmap(f.size.width(), f.size.height(), kImageScale);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    pixmap.save(&buffer, "PNG");
    return QStringLiteral("<img src=\"data:image/png;base64,%1\" width=\"%2\" height=\"%3\" alt=\"%4\">")
        .arg(QString::fromLatin1(png.toBase64()))
        .arg(f.size.width())
        .arg(f.size.height())
        .arg(esc(f.caption));
}

QString tableHtml(const ReportTable& t) {
    QString html = t.compact ? QStringLiteral("<table class=\"compact\">\n<tr>") : QStringLiteral("<table>\n<tr>");
    auto numeric = [&](qsizetype c) { return c < static_cast<qsizetype>(t.numeric.size()) && t.numeric[static_cast<std::size_t>(c)]; };
    for (qsizetype c = 0; c < t.header.size(); ++c)
        html += (numeric(c) ? QStringLiteral("<th class=\"num\">") : QStringLiteral("<th>")) + esc(t.header[c]) + QStringLiteral("</th>");
    html += QStringLiteral("</tr>\n");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        html += static_cast<int>(r) == t.highlightRow ? QStringLiteral("<tr class=\"chosen\">") : QStringLiteral("<tr>");
        for (qsizetype c = 0; c < t.rows[r].size(); ++c)
            html += (numeric(c) ? QStringLiteral("<td class=\"num\">") : QStringLiteral("<td>")) + esc(t.rows[r][c]) +
                    QStringLiteral("</td>");
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</table>\n");
}

}  // namespace

void writeHtml(const ReportDocument& doc, const std::filesystem::path& path) {
    QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>") +
                   esc(doc.title) + QStringLiteral("</title>\n<style>") + QString::fromUtf8(kStyle) +
                   QStringLiteral("</style>\n</head>\n<body>\n<h1>") + esc(doc.title) + QStringLiteral("</h1>\n<p class=\"subtitle\">") +
                   esc(doc.subtitle) + QStringLiteral("</p>\n");
    for (const ReportBlock& b : doc.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            html += (b.level <= 1 ? QStringLiteral("<h2>%1</h2>\n") : QStringLiteral("<h3>%1</h3>\n")).arg(esc(b.text));
            break;
        case ReportBlock::Kind::Paragraph: html += QStringLiteral("<p>%1</p>\n").arg(esc(b.text)); break;
        case ReportBlock::Kind::Facts:
            html += QStringLiteral("<table class=\"facts\">\n");
            for (const auto& [label, value] : b.facts)
                html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>\n").arg(esc(label), esc(value));
            html += QStringLiteral("</table>\n");
            break;
        case ReportBlock::Kind::Table: html += tableHtml(b.table); break;
        case ReportBlock::Kind::Figure:
            html += QStringLiteral("<figure>%1<figcaption>%2</figcaption></figure>\n").arg(imageTag(b.figure), esc(b.figure.caption));
            break;
        }
    }
    html += QStringLiteral("</body>\n</html>\n");

    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw InputError(path.string(), "", "cannot write the report: " + file.errorString().toStdString());
    const QByteArray bytes = html.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.flush())
        throw InputError(path.string(), "", "cannot write the report: " + file.errorString().toStdString());
}

}  // namespace accelscope::ui
