// File > Export Report: the GUI's way to the report writers.
#include <QApplication>
#include <QFileDialog>
#include <QMessageBox>
#include <QStandardPaths>

#include "report/report.h"
#include "util/input_error.h"

namespace accelscope::ui {

void exportReportDialog(QWidget* parent, const Session& session) {
    if (session.runs.empty()) {
        QMessageBox::information(parent, QObject::tr("Export Report"), QObject::tr("Run a search first: the report describes a run."));
        return;
    }
    QString selectedFilter;
    const QString pdfFilter = QObject::tr("PDF report (*.pdf)"), htmlFilter = QObject::tr("HTML report (*.html)");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Export Report"), dir + QStringLiteral("/accelscope_report.pdf"),
                                                pdfFilter + QStringLiteral(";;") + htmlFilter, &selectedFilter);
    if (file.isEmpty()) return;
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix != QStringLiteral("pdf") && suffix != QStringLiteral("html") && suffix != QStringLiteral("htm"))
        file += selectedFilter == htmlFilter ? QStringLiteral(".html") : QStringLiteral(".pdf");
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    try {
        writeReport(session, ReportOptions{}, file.toStdString());
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty()) QMessageBox::critical(parent, QObject::tr("Export Report"), QObject::tr("The report was not written:\n%1").arg(error));
}

}  // namespace accelscope::ui
