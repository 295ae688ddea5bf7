// The architect's report on a small real session (a random search on ResNet-18, spotlight_edge): the
// PDF has its pages, sections, the chosen design's EDP and the layer names; the HTML is self-contained
// with every plot embedded; `accelscope-cli report` (runCli with the report command) writes a file and
// refuses a bad design index and a malformed session with exit status 2. The files stay in the build
// directory (test_report.pdf, test_report.html) for a look.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "explore/search_engine.h"
#include "explore/session.h"
#include "util/thread_pool.h"
#include "report/report.h"
#include "report/report_format.h"
#include "roi/roi_study.h"
#include "search/design_space.h"
#include "util/input_error.h"
#include "workload/workload_io.h"

using accelscope::InputError;
using accelscope::Session;
using accelscope::ui::ReportOptions;

namespace {

const QString kOutDir = QStringLiteral(ACCELSCOPE_BINARY_DIR);
const QStringList kSections = {QStringLiteral("Job summary"),       QStringLiteral("Convergence"),
                               QStringLiteral("Pareto front"),      QStringLiteral("Chosen design"),
                               QStringLiteral("Per-layer results"), QStringLiteral("Bottlenecks"),
                               QStringLiteral("Baselines"),         QStringLiteral("eyeriss_like"),
                               QStringLiteral("nvdla_like"),        QStringLiteral("Return on investment")};

Session smallSession(const char* space = "spotlight_edge") {
    accelscope::SearchJob job;
    job.workloads = {accelscope::loadWorkloadByNameOrPath("resnet18")};
    job.space = accelscope::loadDesignSpaceByNameOrPath(space);
    job.settings.searcher = "random";
    job.settings.searcherSettings.budget = 6;
    job.settings.swSearcher = "greedy";
    job.settings.swBudget = 200;
    job.settings.searcherSettings.seed = 3;
    job.settings.threads = 2;
    accelscope::ThreadPool pool(2);
    Session session;
    session.workloads = job.workloads;
    session.space = job.space;
    accelscope::SessionRun run;
    run.label = "random #1";
    run.settings = job.settings;
    run.result = accelscope::runSearch(job, pool);
    session.runs.push_back(std::move(run));
    return session;
}

// Runs a poppler tool; empty when it is not installed.
bool runTool(const QString& tool, const QStringList& args, QByteArray& out) {
    if (QStandardPaths::findExecutable(tool).isEmpty()) return false;
    QProcess p;
    p.start(tool, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return false;
    out = p.readAllStandardOutput();
    return true;
}

int cli(const std::vector<std::string>& args, std::string* err = nullptr) {
    std::ostringstream out, errors;
    accelscope::cli::Context ctx{out, errors, false};
    const int status = accelscope::cli::runCli(args, ctx, {accelscope::ui::reportCommand()});
    if (err) *err = errors.str();
    return status;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        session_ = smallSession();
        const auto& run = session_.runs.front().result;
        QVERIFY2(run.best >= 0, "the small search found no valid design");
        pdf_ = kOutDir + QStringLiteral("/test_report.pdf");
        html_ = kOutDir + QStringLiteral("/test_report.html");
        QFile::remove(pdf_);
        QFile::remove(html_);
    }

    void pdfHoldsEverySection() {
        accelscope::ui::writePdfReport(session_, ReportOptions{}, pdf_.toStdString());
        QVERIFY(QFileInfo(pdf_).size() > 10000);
        QByteArray info;
        // poppler-utils is one of scripts/deps' packages: without it this test fails rather than skips.
        QVERIFY2(runTool(QStringLiteral("pdfinfo"), {pdf_}, info), "pdfinfo failed (poppler-utils; run scripts/deps)");
        const QRegularExpressionMatch pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(info));
        QVERIFY(pages.hasMatch());
        QVERIFY2(pages.captured(1).toInt() >= 3, qPrintable(QStringLiteral("%1 pages").arg(pages.captured(1))));
        QByteArray text;
        QVERIFY(runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf_, QStringLiteral("-")}, text));
        const QString t = QString::fromUtf8(text);
        for (const QString& s : kSections) QVERIFY2(t.contains(s), qPrintable(s));
        const auto& run = session_.runs.front().result;
        const QString edp = accelscope::ui::formatSi(run.designs[static_cast<std::size_t>(run.best)].edp, QStringLiteral("J·s"));
        QVERIFY2(t.contains(edp), qPrintable(edp));
        for (const char* layer : {"conv1", "layer1.0.conv1", "layer4.1.conv2", "fc"}) QVERIFY2(t.contains(QLatin1String(layer)), layer);
    }

    void fastSessionReportsTheReturnOnInvestment() {
        // fast_datacenter names tpu_v3: the section compares the chosen design with it.
        const Session fast = smallSession("fast_datacenter");
        QVERIFY(fast.runs.front().result.best >= 0);
        const QString pdf = kOutDir + QStringLiteral("/test_report_fast.pdf");
        accelscope::ui::writePdfReport(fast, ReportOptions{}, pdf.toStdString());
        QByteArray text;
        QVERIFY2(runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}, text),
                 "pdftotext failed (poppler-utils; run scripts/deps)");
        const QString t = QString::fromUtf8(text).simplified();  // sentences wrap across lines
        QVERIFY(t.contains(QStringLiteral("Return on investment")));
        QVERIFY(t.contains(QStringLiteral("point tpu_v3,batch=")));
        QVERIFY(t.contains(QStringLiteral("CSET 2020")));  // the assumptions with their sources
        QVERIFY(t.contains(QStringLiteral("tpu_v3 point (16")));  // the space's point among the baselines (the cell wraps)
        QVERIFY(t.contains(QStringLiteral("lower than tpu_v3 point's")) || t.contains(QStringLiteral("higher than tpu_v3 point's")));
        // The break-even printed is NRE / s of the same study, rounded up.
        accelscope::ThreadPool pool(2);
        const accelscope::RoiStudy study = accelscope::studyRoi(fast, accelscope::RoiRequest{}, pool);
        if (study.result.breakEvenChips) {
            const QString n = accelscope::ui::formatCount(std::ceil(*study.result.breakEvenChips));
            QVERIFY2(t.contains(QStringLiteral("paid back after %1 chips").arg(n)), qPrintable(n));
        } else {
            QVERIFY(t.contains(QStringLiteral("never paid back")));
        }
    }

    void htmlIsSelfContained() {
        accelscope::ui::writeHtmlReport(session_, ReportOptions{}, html_.toStdString());
        QFile f(html_);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(f.readAll());
        for (const QString& s : kSections) QVERIFY2(html.contains(s), qPrintable(s));
        QVERIFY(html.contains(QStringLiteral("layer1.0.conv1")));
        // Convergence, Pareto, roofline, latency and energy breakdowns.
        const QRegularExpression img(QStringLiteral("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        // ... and the return on investment against spotlight_edge's first named point (eyeriss_like).
        QCOMPARE(html.count(QStringLiteral("<img ")), 6);
        QCOMPARE(html.count(img), 6);
        const QImage image = QImage::fromData(QByteArray::fromBase64(img.match(html).captured(1).toLatin1()), "PNG");
        QVERIFY(!image.isNull());
        QVERIFY2(image.width() >= 600 && image.height() >= 300, qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
        QVERIFY(!html.contains(QStringLiteral("src=\"http")));
        QVERIFY(!html.contains(QStringLiteral("<link")));
        QVERIFY(!html.contains(QStringLiteral("url(")));
    }

    void badIndicesAndPathsAreInputErrors() {
        const QTemporaryDir dir;
        const std::string out = (dir.path() + QStringLiteral("/r.html")).toStdString();
        auto message = [&](const ReportOptions& o, const std::string& path) -> QString {
            try {
                accelscope::ui::writeReport(session_, o, path);
            } catch (const InputError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        QVERIFY(message({1, -1}, out).contains(QStringLiteral("--run")));
        QVERIFY(message({0, 100000}, out).contains(QStringLiteral("--design")));
        QVERIFY(message({}, "/nonexistent_dir/r.pdf").contains(QStringLiteral("/nonexistent_dir/r.pdf")));
        QVERIFY(message({}, dir.path().toStdString() + "/r.txt").contains(QStringLiteral("r.txt")));
    }

    void cliWritesAndRefuses() {
        const QTemporaryDir dir;
        const std::string sessionFile = (dir.path() + QStringLiteral("/session.json")).toStdString();
        accelscope::saveSession(session_, sessionFile);
        const std::string out = (dir.path() + QStringLiteral("/report.pdf")).toStdString();
        std::string err;
        QCOMPARE(cli({"report", "--session", sessionFile, "--out", out}, &err), 0);
        QVERIFY2(QFileInfo(QString::fromStdString(out)).size() > 10000, err.c_str());

        QCOMPARE(cli({"report", "--session", sessionFile, "--out", out, "--design", "9999"}, &err), 2);
        QVERIFY2(QString::fromStdString(err).contains(QStringLiteral("--design")), err.c_str());
        QCOMPARE(cli({"report", "--session", sessionFile, "--out", out, "--run", "3"}, &err), 2);

        const std::string malformed = (dir.path() + QStringLiteral("/malformed.json")).toStdString();
        std::ofstream(malformed) << "{\"format\": \"accelscope-session\", \"version\": 1, \"runs\": [";
        QCOMPARE(cli({"report", "--session", malformed, "--out", out}, &err), 2);
        QVERIFY2(QString::fromStdString(err).contains(QStringLiteral("malformed.json")), err.c_str());
        QCOMPARE(cli({"report", "--session", sessionFile + ".missing", "--out", out}, &err), 2);

        std::ostringstream help, errors;
        accelscope::cli::Context ctx{help, errors, false};
        QCOMPARE(accelscope::cli::runCli({"--help"}, ctx, {accelscope::ui::reportCommand()}), 0);
        QVERIFY(help.str().find("report") != std::string::npos);
    }

private:
    Session session_;
    QString pdf_, html_;
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
