#pragma once
// Architect-facing reports of a session's run: a self-contained HTML page or an A4 PDF with the job,
// the convergence and Pareto plots, the Pareto designs, the chosen design with its per-layer schedule,
// roofline, breakdowns and bottlenecks, and the same workloads on the shipped baseline presets
// (eyeriss_like, nvdla_like). The plots are the GUI's own widgets, rendered offscreen.
//
// The writers need a QApplication (reportCommand() creates an offscreen one when none exists).
// Bad indices and unwritable paths throw InputError naming the field or the file.
#include <QString>
#include <filesystem>

#include "cli/command.h"
#include "explore/session.h"

class QWidget;

namespace accelscope::ui {

struct ReportOptions {
    int run = -1;     // index into session.runs; -1: the last run
    int design = -1;  // DesignRecord::index within the run; -1: the run's best design
};

void writeHtmlReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path);
void writePdfReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path);
// By the extension: ".pdf" or ".html"/".htm" (anything else: InputError).
void writeReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path);

// A figure as the report prints it: three significant digits and an SI prefix, "4.56 µJ·s".
QString formatSi(double value, const QString& unit, int digits = 3);

// `accelscope-cli report --session FILE --out report.pdf|report.html [--run N] [--design INDEX]`.
cli::Command reportCommand();

// File > Export Report: asks for a .pdf or .html file, writes the report of the session's last run
// (wait cursor while it is built) and shows an error dialog when it cannot.
void exportReportDialog(QWidget* parent, const Session& session);

}  // namespace accelscope::ui
