#pragma once
// The report as a list of blocks (headings, paragraphs, fact lists, tables, figures), built once from
// the session and then written as HTML (report_html.cpp) or PDF (report_pdf.cpp), so both say the same.
#include <QSize>
#include <QString>
#include <QStringList>
#include <memory>
#include <utility>
#include <vector>

#include "report/report.h"

class QCustomPlot;
class QWidget;

namespace accelscope::ui {

struct ReportTable {
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<bool> numeric;        // per column: right-aligned
    std::vector<double> widths;       // per column: relative width on paper (empty: even)
    int highlightRow = -1;            // the chosen design's row
    bool compact = false;             // small font (long per-layer tables)
};

struct ReportFigure {
    QCustomPlot* plot = nullptr;  // owned by ReportDocument::plotHost
    QSize size;                   // logical pixels (96 per inch) on paper and in the page
    QString caption;
};

struct ReportBlock {
    enum class Kind { Heading, Paragraph, Facts, Table, Figure };
    Kind kind = Kind::Paragraph;
    QString text;                                       // heading or paragraph
    int level = 1;                                      // heading level: 1 section, 2 subsection
    std::vector<std::pair<QString, QString>> facts;     // label, value
    ReportTable table;
    ReportFigure figure;
};

struct ReportDocument {
    QString title;
    QString subtitle;
    std::vector<ReportBlock> blocks;
    std::shared_ptr<QWidget> plotHost;  // parent of the plot widgets the figures draw

    void heading(const QString& text, int level = 1);
    void paragraph(const QString& text);
    void facts(std::vector<std::pair<QString, QString>> rows);
    void table(ReportTable t);
    void figure(QCustomPlot* plot, QSize size, const QString& caption);
};

// Throws InputError ("--run", "--design") for an index the session does not have.
ReportDocument buildReport(const Session& session, const ReportOptions& options);

void writeHtml(const ReportDocument& doc, const std::filesystem::path& path);
void writePdf(const ReportDocument& doc, const std::filesystem::path& path);

}  // namespace accelscope::ui
