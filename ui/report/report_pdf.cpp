// The report as an A4 PDF: text and tables laid out with QPainter, plots drawn by QCustomPlot onto the
// same painter (vectors). The writer's resolution is 96 dpi, the plots' own, so the plots' fonts and
// layout come out as on screen.
#include <QFile>
#include <QPdfWriter>
#include <qcustomplot.h>

#include "report/report_document.h"
#include "util/input_error.h"

namespace accelscope::ui {
namespace {

constexpr int kDpi = 96;
constexpr double kFooterPx = 22;
constexpr double kCellPadX = 4, kCellPadY = 2.5;

const QColor kInk(29, 29, 31), kGrey(102, 102, 102), kRule(210, 210, 210), kHeaderFill(238, 243, 248),
    kChosenFill(255, 243, 214), kAccent(0, 114, 178);

QFont font(double points, bool bold = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

class PdfComposer {
public:
    PdfComposer(QPdfWriter& writer, QCPPainter& painter, QString footer)
        : writer_(writer), painter_(painter), footer_(std::move(footer)) {
        const QRect paint = writer.pageLayout().paintRectPixels(kDpi);
        width_ = paint.width();
        bottom_ = paint.height() - kFooterPx;
        drawFooter();
    }

    void title(const QString& title, const QString& subtitle) {
        text(title, font(17, true), kInk, 4);
        text(subtitle, font(8.5), kGrey, 6);
        painter_.setPen(QPen(kAccent, 2));
        painter_.drawLine(QPointF(0, y_), QPointF(width_, y_));
        y_ += 10;
    }

    void heading(const QString& s, int level) {
        const QFont f = level <= 1 ? font(13, true) : font(10.5, true);
        const double h = height(s, f, width_);
        // Keep a heading with what follows it.
        ensure(h + (level <= 1 ? 150 : 60));
        y_ += y_ > 0 ? (level <= 1 ? 14 : 6) : 0;
        text(s, f, level <= 1 ? kAccent : kInk, level <= 1 ? 2 : 4);
        if (level <= 1) {
            painter_.setPen(QPen(kAccent, 1));
            painter_.drawLine(QPointF(0, y_), QPointF(width_, y_));
            y_ += 6;
        }
    }

    void paragraph(const QString& s) {
        const QFont f = font(9);
        ensure(height(s, f, width_));
        text(s, f, kInk, 6);
    }

    void facts(const std::vector<std::pair<QString, QString>>& rows) {
        const QFont f = font(8.5), bold = font(8.5, true);
        const double labelWidth = 150, valueWidth = width_ - labelWidth;
        for (const auto& [label, value] : rows) {
            const double h = std::max(height(label, bold, labelWidth - 2 * kCellPadX), height(value, f, valueWidth - 2 * kCellPadX)) +
                             2 * kCellPadY;
            ensure(h);
            cell(QRectF(0, y_, labelWidth, h), label, bold, kGrey, Qt::AlignLeft);
            cell(QRectF(labelWidth, y_, valueWidth, h), value, f, kInk, Qt::AlignLeft);
            y_ += h;
            painter_.setPen(QPen(kRule, 0.6));
            painter_.drawLine(QPointF(0, y_), QPointF(width_, y_));
        }
        y_ += 8;
    }

    void table(const ReportTable& t) {
        const QFont f = font(t.compact ? 7 : 8), bold = font(t.compact ? 7 : 8, true);
        const int columns = static_cast<int>(t.header.size());
        std::vector<double> widths(static_cast<std::size_t>(columns), 1.0);
        if (t.widths.size() == widths.size()) widths = t.widths;
        double total = 0;
        for (double w : widths) total += w;
        for (double& w : widths) w *= width_ / total;
        fitColumns(t, widths, f, bold);
        auto rowHeight = [&](const QStringList& cells, const QFont& rf) {
            double h = 0;
            for (int c = 0; c < columns && c < cells.size(); ++c)
                h = std::max(h, height(cells[c], rf, widths[static_cast<std::size_t>(c)] - 2 * kCellPadX));
            return h + 2 * kCellPadY;
        };
        auto alignment = [&](int c) {
            return c < static_cast<int>(t.numeric.size()) && t.numeric[static_cast<std::size_t>(c)] ? Qt::AlignRight : Qt::AlignLeft;
        };
        const double headerHeight = rowHeight(t.header, bold);
        auto drawRow = [&](const QStringList& cells, const QFont& rf, double h, const QColor& fill) {
            if (fill.isValid()) painter_.fillRect(QRectF(0, y_, width_, h), fill);
            double x = 0;
            for (int c = 0; c < columns; ++c) {
                const double w = widths[static_cast<std::size_t>(c)];
                if (c < cells.size()) cell(QRectF(x, y_, w, h), cells[c], rf, kInk, alignment(c));
                x += w;
            }
            y_ += h;
            painter_.setPen(QPen(kRule, 0.6));
            painter_.drawLine(QPointF(0, y_), QPointF(width_, y_));
        };
        // The header and at least one row together; the header again on every page the table spans.
        ensure(headerHeight + (t.rows.empty() ? 0 : rowHeight(t.rows.front(), f)));
        drawRow(t.header, bold, headerHeight, kHeaderFill);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const QFont& rf = static_cast<int>(r) == t.highlightRow ? bold : f;
            const double h = rowHeight(t.rows[r], rf);
            if (!fits(h)) {
                newPage();
                drawRow(t.header, bold, headerHeight, kHeaderFill);
            }
            drawRow(t.rows[r], rf, h, static_cast<int>(r) == t.highlightRow ? kChosenFill : QColor());
        }
        y_ += 10;
    }

    void figure(const ReportFigure& fig) {
        const QFont f = font(8);
        const double scale = std::min(1.0, width_ / fig.size.width());
        const double w = fig.size.width() * scale, h = fig.size.height() * scale;
        const double captionHeight = height(fig.caption, f, width_);
        ensure(h + captionHeight + 8);
        painter_.save();
        painter_.translate((width_ - w) / 2, y_);
        painter_.scale(scale, scale);
        painter_.setMode(QCPPainter::pmVectorized);
        painter_.setMode(QCPPainter::pmNonCosmetic);
        fig.plot->toPainter(&painter_, fig.size.width(), fig.size.height());
        painter_.restore();
        painter_.setMode(QCPPainter::pmVectorized, false);
        painter_.setMode(QCPPainter::pmNonCosmetic, false);
        y_ += h + 3;
        text(fig.caption, f, kGrey, 12, Qt::AlignHCenter);
    }

    int pages() const { return page_; }

private:
    // Widens columns so that no figure wraps and no word breaks, taking the room from the columns that
    // have some to spare (in proportion to it).
    void fitColumns(const ReportTable& t, std::vector<double>& widths, const QFont& f, const QFont& bold) const {
        const QFontMetricsF regular(f, &writer_), strong(bold, &writer_);
        std::vector<double> minimum(widths.size(), 0);
        auto need = [&](std::size_t c, const QString& text, const QFontMetricsF& m, bool whole) {
            double w = 0;
            if (whole) w = m.horizontalAdvance(text);
            else
                for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) w = std::max(w, m.horizontalAdvance(word));
            minimum[c] = std::max(minimum[c], w + 2 * kCellPadX + 1);
        };
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const bool numeric = c < t.numeric.size() && t.numeric[c];
            need(c, t.header[static_cast<qsizetype>(c)], strong, false);
            for (std::size_t r = 0; r < t.rows.size(); ++r)
                if (static_cast<qsizetype>(c) < t.rows[r].size())
                    need(c, t.rows[r][static_cast<qsizetype>(c)], static_cast<int>(r) == t.highlightRow ? strong : regular, numeric);
        }
        double total = 0, slack = 0;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], minimum[c]);
            total += widths[c];
            slack += widths[c] - minimum[c];
        }
        const double excess = total - width_;
        if (excess <= 0) return;
        if (slack >= excess) {
            for (std::size_t c = 0; c < widths.size(); ++c) widths[c] -= excess * (widths[c] - minimum[c]) / slack;
        } else {
            for (double& w : widths) w *= width_ / total;  // too wide in any case: shrink everything
        }
    }

    bool fits(double h) const { return y_ + h <= bottom_; }
    void ensure(double h) {
        if (!fits(h) && y_ > 0) newPage();
    }
    void newPage() {
        writer_.newPage();
        ++page_;
        y_ = 0;
        drawFooter();
    }
    void drawFooter() {
        painter_.setFont(font(7.5));
        painter_.setPen(kGrey);
        const QRectF area(0, bottom_ + 6, width_, kFooterPx - 6);
        painter_.drawText(area, Qt::AlignLeft | Qt::AlignBottom, footer_);
        painter_.drawText(area, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("page %1").arg(page_));
    }
    double height(const QString& s, const QFont& f, double w) const {
        const QFontMetricsF metrics(f, &writer_);
        return metrics.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, s).height();
    }
    void text(const QString& s, const QFont& f, const QColor& color, double after, Qt::Alignment align = Qt::AlignLeft) {
        painter_.setFont(f);
        painter_.setPen(color);
        const QRectF rect(0, y_, width_, height(s, f, width_));
        painter_.drawText(rect, static_cast<int>(align) | Qt::TextWordWrap, s);
        y_ += rect.height() + after;
    }
    void cell(const QRectF& r, const QString& s, const QFont& f, const QColor& color, Qt::Alignment align) {
        painter_.setFont(f);
        painter_.setPen(color);
        painter_.drawText(r.adjusted(kCellPadX, kCellPadY, -kCellPadX, -kCellPadY), static_cast<int>(align) | Qt::AlignTop | Qt::TextWordWrap,
                          s);
    }

    QPdfWriter& writer_;
    QCPPainter& painter_;
    QString footer_;
    double width_ = 0, bottom_ = 0, y_ = 0;
    int page_ = 1;
};

}  // namespace

void writePdf(const ReportDocument& doc, const std::filesystem::path& path) {
    const QString file = QString::fromStdString(path.string());
    {
        // QPdfWriter says nothing when it cannot write: find out first, with the reason.
        QFile probe(file);
        if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw InputError(path.string(), "", "cannot write the report: " + probe.errorString().toStdString());
    }
    QPdfWriter writer(file);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(doc.title);
    writer.setCreator(QStringLiteral("AccelScope %1").arg(QStringLiteral(ACCELSCOPE_VERSION)));
    QCPPainter painter;
    if (!painter.begin(&writer)) throw InputError(path.string(), "", "cannot write the report (the PDF writer failed to start)");
    painter.setRenderHint(QPainter::Antialiasing);
    PdfComposer composer(writer, painter, doc.title);
    composer.title(doc.title, doc.subtitle);
    for (const ReportBlock& b : doc.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading: composer.heading(b.text, b.level); break;
        case ReportBlock::Kind::Paragraph: composer.paragraph(b.text); break;
        case ReportBlock::Kind::Facts: composer.facts(b.facts); break;
        case ReportBlock::Kind::Table: composer.table(b.table); break;
        case ReportBlock::Kind::Figure: composer.figure(b.figure); break;
        }
    }
    if (!painter.end()) throw InputError(path.string(), "", "cannot write the report (the PDF writer failed)");
}

}  // namespace accelscope::ui
