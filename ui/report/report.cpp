// The report's entry points: the writers, and the `report` subcommand of accelscope-cli.
#include "report/report.h"

#include <QApplication>
#include <cstdio>
#include <memory>

#include "report/report_document.h"
#include "util/input_error.h"

namespace accelscope::ui {

void writeHtmlReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path) {
    writeHtml(buildReport(session, options), path);
}

void writePdfReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path) {
    writePdf(buildReport(session, options), path);
}

void writeReport(const Session& session, const ReportOptions& options, const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".pdf") return writePdfReport(session, options, path);
    if (ext == ".html" || ext == ".htm") return writeHtmlReport(session, options, path);
    throw InputError(path.string(), "", "a report is written as .pdf or .html, not \"" + path.extension().string() + "\"");
}

cli::Command reportCommand() {
    cli::Command c;
    c.name = "report";
    c.summary = "write an architect's report of a session's run as PDF or HTML";
    c.usage = "--session FILE --out report.pdf|report.html [--run N] [--design INDEX]";
    c.description =
        "The report holds the job (workloads, design space with its parameter ranges, objective, caps,\n"
        "searchers, budgets, seed, status and time), the convergence and Pareto plots, the table of the\n"
        "Pareto designs, the chosen design (default: the run's best) with its architecture, per-layer\n"
        "mappings, cycles and energy, its roofline, latency and energy breakdowns and bottlenecks, and the\n"
        "same workloads on the eyeriss_like and nvdla_like presets for comparison. The HTML file is\n"
        "self-contained (plots embedded as PNG); the PDF is A4 with the plots as vectors. The chosen design\n"
        "and the baselines are mapped again with the run's software searcher, which takes a while for\n"
        "large budgets.";
    c.options = {{"session", "FILE", "the session file (`search --session`)"},
                 {"out", "FILE", "the report: .pdf or .html"},
                 {"run", "N", "which run (from 0; default the last)"},
                 {"design", "INDEX", "which design of the run (its index; default the run's best)"}};
    c.run = [](const cli::Args& args, cli::Context& ctx) {
        const std::filesystem::path sessionPath = args.required("session");
        const std::filesystem::path out = args.required("out");
        ReportOptions options;
        options.run = static_cast<int>(args.integer("run", 0, 1'000'000).value_or(-1));
        options.design = static_cast<int>(args.integer("design", 0, 1'000'000'000).value_or(-1));
        const Session session = loadSession(sessionPath).session;
        // The plots are widgets: without an application, make one that needs no display.
        std::unique_ptr<QApplication> app;
        static int argc = 3;
        static char arg0[] = "accelscope-cli", arg1[] = "-platform", arg2[] = "offscreen";
        static char* argv[] = {arg0, arg1, arg2, nullptr};
        QtMessageHandler previous = nullptr;
        if (!QCoreApplication::instance()) {
            // Qt's notes about the environment ("XDG_RUNTIME_DIR not set") mean nothing to a CLI user.
            previous = qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
                if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "%s\n", qPrintable(message));
            });
            app = std::make_unique<QApplication>(argc, argv);
        }
        struct RestoreHandler {
            bool installed;
            QtMessageHandler previous;
            ~RestoreHandler() {
                if (installed) qInstallMessageHandler(previous);
            }
        } restore{app != nullptr, previous};
        writeReport(session, options, out);
        ctx.out << "wrote " << out.string() << '\n';
        return 0;
    };
    return c;
}

}  // namespace accelscope::ui
