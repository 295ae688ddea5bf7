// accelscope: the GUI explorer. Options: --workload NAME|FILE, --arch PRESET, --timeloop FILE, --theme NAME,
// --screenshot FILE.
#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QPixmap>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>

#include "design_evaluator.h"
#include "main_window.h"
#include "theme.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

namespace {

constexpr const char* kDefaultWorkload = "resnet50";
constexpr const char* kDefaultArch = "eyeriss_like";
// How long --screenshot waits for the first evaluation before grabbing the window anyway.
constexpr int kScreenshotEvaluationTimeoutMs = 120'000;

bool envSet(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

bool hasArg(int argc, char** argv, std::initializer_list<const char*> names) {
    for (int i = 1; i < argc; ++i)
        for (const char* n : names)
            if (std::strcmp(argv[i], n) == 0 || (std::strncmp(argv[i], n, std::strlen(n)) == 0 && argv[i][std::strlen(n)] == '='))
                return true;
    return false;
}

// True when Qt would try a window-system platform (xcb or wayland) that has no display to talk to.
bool noDisplay(int argc, char** argv) {
#if defined(Q_OS_LINUX)
    if (hasArg(argc, argv, {"-platform", "--platform"})) return false;
    const std::string platform = envSet("QT_QPA_PLATFORM") ? std::getenv("QT_QPA_PLATFORM") : "";
    const bool windowSystem = platform.empty() || platform.rfind("xcb", 0) == 0 || platform.rfind("wayland", 0) == 0;
    return windowSystem && !envSet("DISPLAY") && !envSet("WAYLAND_DISPLAY");
#else
    (void)argc;
    (void)argv;
    return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    if (noDisplay(argc, argv)) {
        if (hasArg(argc, argv, {"--screenshot", "--help", "-h", "--help-all", "--version", "-v"})) {
            // Nothing needs a screen: render without a window system.
            qputenv("QT_QPA_PLATFORM", "offscreen");
        } else {
            std::fputs("accelscope: no display found (DISPLAY is not set). Run it under a virtual display: "
                       "xvfb-run -a scripts/run, or render offscreen: QT_QPA_PLATFORM=offscreen scripts/run\n",
                       stderr);
            return 1;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("accelscope"));
    QApplication::setOrganizationName(QStringLiteral("AccelScope"));
    QApplication::setApplicationVersion(QStringLiteral(ACCELSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("AccelScope: design-space exploration for deep-learning accelerators."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption workloadOption(
        QStringLiteral("workload"),
        QStringLiteral("Shipped network name (e.g. resnet50), workload JSON file or ONNX model (asks its symbolic "
                       "dims, unless with --screenshot); default: the last one, else resnet50."),
        QStringLiteral("NAME|FILE"));
    const QCommandLineOption archOption(QStringLiteral("arch"),
                                        QStringLiteral("Architecture preset (default eyeriss_like)."),
                                        QStringLiteral("NAME"), QString::fromLatin1(kDefaultArch));
    const QCommandLineOption timeloopOption(
        QStringLiteral("timeloop"),
        QStringLiteral("Import a Timeloop v0.4 input (problem, architecture, mapping or mapper constraints) instead of "
                       "--workload and --arch."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window to a PNG file, once the design is evaluated, and exit."), QStringLiteral("FILE"));
    const QCommandLineOption themeOption(QStringLiteral("theme"),
                                         QStringLiteral("Look: system, light or dark (default: the last one chosen, else system)."),
                                         QStringLiteral("NAME"));
    parser.addOption(workloadOption);
    parser.addOption(archOption);
    parser.addOption(timeloopOption);
    parser.addOption(themeOption);
    parser.addOption(screenshotOption);
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "accelscope: %s\nTry 'accelscope --help'.\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(helpOption)) parser.showHelp(0);
    if (parser.isSet(versionOption)) parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "accelscope: unexpected argument '%s'\nTry 'accelscope --help'.\n",
                     qPrintable(parser.positionalArguments().first()));
        return 2;
    }

    const bool screenshot = parser.isSet(screenshotOption);
    accelscope::ui::MainWindow window;
    if (screenshot) window.setErrorsAsDialogs(false);
    if (!window.loadArchitectureFrom(parser.value(archOption)) && screenshot) {
        std::fprintf(stderr, "%s\n", qPrintable(window.lastError()));
        return 2;
    }
    if (!screenshot) window.restoreSettings();  // a screenshot is the same on every machine
    if (parser.isSet(themeOption) && !accelscope::ui::applyTheme(parser.value(themeOption))) {
        std::fprintf(stderr, "accelscope: unknown theme '%s' (system, light or dark)\n", qPrintable(parser.value(themeOption)));
        return 2;
    }

    QString workload = parser.value(workloadOption);
    if (workload.isEmpty() && !screenshot) workload = accelscope::ui::MainWindow::lastWorkloadSetting();
    if (workload.isEmpty()) workload = QString::fromLatin1(kDefaultWorkload);

    const QString timeloop = parser.value(timeloopOption);
    if (screenshot) {
        window.setErrorsAsDialogs(false);
        if (!(timeloop.isEmpty() ? window.loadWorkloadFrom(workload) : window.importTimeloopFrom(timeloop))) {
            std::fprintf(stderr, "%s\n", qPrintable(window.lastError()));
            return 2;
        }
        window.show();
        // The evaluation runs in the background: wait for its result (or give up after a while).
        accelscope::ui::DesignEvaluator* evaluator = window.evaluator();
        QEventLoop waitForEvaluation;
        QObject::connect(evaluator, &accelscope::ui::DesignEvaluator::designEvaluated, &waitForEvaluation, &QEventLoop::quit);
        QObject::connect(evaluator, &accelscope::ui::DesignEvaluator::failed, &waitForEvaluation, [&](const QString& message) {
            std::fprintf(stderr, "accelscope: evaluation failed: %s\n", qPrintable(message));
            waitForEvaluation.quit();
        });
        QTimer::singleShot(kScreenshotEvaluationTimeoutMs, &waitForEvaluation, [&] {
            std::fprintf(stderr, "accelscope: the evaluation did not finish within %d s; grabbing the window as it is\n",
                         kScreenshotEvaluationTimeoutMs / 1000);
            waitForEvaluation.quit();
        });
        if (evaluator->completedCount() == 0) waitForEvaluation.exec();
        // Let the window be laid out and painted once more before grabbing it.
        for (int i = 0; i < 3; ++i) QApplication::processEvents();
        const QString file = parser.value(screenshotOption);
        if (!window.grab().save(file, "PNG")) {
            std::fprintf(stderr, "accelscope: %s: cannot write the screenshot\n", qPrintable(file));
            return 2;
        }
        return 0;
    }

    // Errors go to the terminal too (before their dialog, which waits for the user).
    QObject::connect(&window, &accelscope::ui::MainWindow::errorShown, [](const QString& message) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        std::fflush(stderr);
    });
    window.show();
    // Load once the event loop runs, so that an error dialog appears over the window.
    QTimer::singleShot(0, &window, [&window, workload, timeloop] {
        if (!timeloop.isEmpty() && window.importTimeloopFrom(timeloop)) return;
        if (workload.endsWith(QLatin1String(".onnx"), Qt::CaseInsensitive)) {
            // A model is imported in the background, through the dialog that asks its symbolic dims, over
            // the default network (which stays if the import is cancelled or fails).
            window.loadWorkloadFrom(QString::fromLatin1(kDefaultWorkload));
            window.importOnnxFrom(workload);
            return;
        }
        if (window.loadWorkloadFrom(workload)) return;
        if (workload != QLatin1String(kDefaultWorkload)) window.loadWorkloadFrom(QString::fromLatin1(kDefaultWorkload));
    });
    return QApplication::exec();
}
