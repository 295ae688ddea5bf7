// Opening an ONNX model in the GUI (onnx_import_dialog.h), offscreen: the dialog lists the model's
// symbolic dims and names any left without a size (Import stays disabled); a model of 100 MB of
// weights imports in the background with the right MACs while the event loop keeps turning (the
// worst gap of a 5 ms timer is reported and bounded); Cancel leaves the previous workload in place;
// a model the importer refuses is reported with the file and the importer's message; the entry points
// (File > Open's loadFile, a drop) all come to the dialog. Every wait is on a signal. The dialog is
// rendered to $TMPDIR/onnx_import_dialog.png (a dim without a size) and onnx_import_dialog_running.png
// (importing) for a look.
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QtTest>
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "main_window.h"
#include "onnx/onnx_attention.h"
#include "onnx/onnx_big_model.h"
#include "onnx_import_dialog.h"
#include "onnx_import_worker.h"

using accelscope::ui::MainWindow;
using accelscope::ui::OnnxImportDialog;
namespace fs = std::filesystem;

namespace {

const QString kTinyPath = QStringLiteral(ACCELSCOPE_TESTS_DIR "/workload/data_tiny.json");
constexpr int kImportTimeoutMs = 120000;
// The bound on the worst stall: generous (a shared 2-core machine, sanitizer builds); the figures
// are reported, and docs/performance.md keeps them.
constexpr qint64 kStallBoundMs = 250;

// The worst gap between the ticks of a 5 ms timer: how long the event loop was ever kept from turning.
// On a machine whose cores are shared with other work, a gap also holds the time the GUI thread was
// ready but not running; `worstBusy` is the most CPU time the GUI thread itself used between two ticks
// (CLOCK_THREAD_CPUTIME_ID), which scheduling does not inflate.
struct StallMeter {
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = -1, worst = 0;
    double lastCpu = 0, worstBusy = 0;
    int ticks = 0;
    static double threadCpuMs() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
    }
    StallMeter() {
        timer.setInterval(5);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.elapsed();
            const double cpu = threadCpuMs();
            if (last >= 0) {
                worst = std::max(worst, now - last);
                worstBusy = std::max(worstBusy, cpu - lastCpu);
            }
            last = now;
            lastCpu = cpu;
            ++ticks;
        });
    }
    void start() {
        clock.start();
        last = -1;
        worst = 0;
        worstBusy = 0;
        ticks = 0;
        lastCpu = threadCpuMs();
        timer.start();
    }
    void stop() { timer.stop(); }
};

// The import dialog the window has open (importOnnxFrom opens it window-modal).
OnnxImportDialog* openDialog(MainWindow& w) { return w.findChild<OnnxImportDialog*>(QStringLiteral("onnxImportDialog")); }

}  // namespace

class TestOnnxImportGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }
    // 3 MatMuls of 2048 x 4096: 100.7 MB of weights.
    const onnxtest::BigModelShape big_{};
    QString bigModel_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the sizes remembered and the recent files go to a test location
        QVERIFY(dir_.isValid());
        bigModel_ = path(QStringLiteral("big_matmuls.onnx"));
        onnxtest::bigMatMulModel(big_).save(bigModel_.toStdString());
        QVERIFY(fs::file_size(bigModel_.toStdString()) > 100'000'000);
    }

    // The dims of the file, one spin box each: the batch axis starts at 1, seq empty ("required"), and
    // while it is, Import is disabled and the dialog names it; once given, the import can start.
    void unfixedDimIsNamed() {
        const QString file = path(QStringLiteral("attention.onnx"));
        onnxtest::attentionBlock().save(file.toStdString());
        MainWindow w;
        w.setErrorsAsDialogs(false);
        OnnxImportDialog* dialog = w.importOnnxFrom(file);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->windowModality(), Qt::WindowModal);
        QVERIFY(dialog->sizeSpin(QStringLiteral("batch")));
        QCOMPARE(dialog->sizeSpin(QStringLiteral("batch"))->value(), 1);
        QCOMPARE(dialog->sizeSpin(QStringLiteral("seq"))->value(), 0);
        QCOMPARE(dialog->sizeSpin(QStringLiteral("seq"))->text(), QStringLiteral("required"));
        QCOMPARE(dialog->unfixedDims(), QStringList{QStringLiteral("seq")});
        QVERIFY(!dialog->importButton()->isEnabled());
        QVERIFY2(dialog->statusLabel()->text().contains(QLatin1String("No size for seq")),
                 qPrintable(dialog->statusLabel()->text()));
        QVERIFY(!dialog->startImport());
        QVERIFY(!dialog->isImporting());
        QVERIFY(QDir::temp().exists() && dialog->grab().save(QDir::temp().filePath(QStringLiteral("onnx_import_dialog.png"))));

        dialog->setSize(QStringLiteral("seq"), 10);
        QVERIFY(dialog->importButton()->isEnabled());
        QVERIFY(!dialog->statusLabel()->text().contains(QLatin1String("seq")));
        // The attention block at batch 1, T = 10 (test_onnx_import's formula): q, k, v, o projections
        // T d d each, Q.K^T and scores.V H T T dh each.
        QSignalSpy loaded(&w, &MainWindow::workloadLoaded);
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QVERIFY(loaded.wait(kImportTimeoutMs));
        QCOMPARE(w.currentWorkload().totalMacs(), std::int64_t{4} * 10 * 64 * 64 + 2 * 4 * 10 * 10 * 16);
        QCOMPARE(w.currentSource(), file);
        QVERIFY(w.lastError().isEmpty());

        // Opened again, the dialog starts from the sizes it was imported with; the synchronous loader
        // (start-up, scripts) uses them too.
        QTRY_VERIFY(openDialog(w) == nullptr);  // deleted on close
        OnnxImportDialog* again = w.importOnnxFrom(file);
        QVERIFY(again);
        QCOMPARE(again->sizeSpin(QStringLiteral("seq"))->value(), 10);
        again->reject();
        QVERIFY(w.loadWorkloadFrom(file));
        QCOMPARE(w.currentWorkload().totalMacs(), std::int64_t{4} * 10 * 64 * 64 + 2 * 4 * 10 * 10 * 16);
    }

    // The 100 MB model through the dialog, the window shown: the worst event-loop stall from opening
    // the file to the workload shown, and the MACs by the formula (3 MatMuls of batch * seq * d * h).
    void bigModelImportsWithoutFreezing() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        StallMeter stall;
        stall.start();
        QElapsedTimer clock;
        clock.start();
        QVERIFY(w.loadFile(bigModel_));  // as a recent file or a drop opens it
        OnnxImportDialog* dialog = openDialog(w);
        QVERIFY(dialog);
        const qint64 opened = clock.elapsed();
        QCOMPARE(dialog->unfixedDims(), QStringList{QStringLiteral("seq")});
        dialog->setSize(QStringLiteral("seq"), 128);
        QSignalSpy loaded(&w, &MainWindow::workloadLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QStringList phases, phaseStarts;  // each phase and when its first report arrived
        int progressReports = 0;
        connect(dialog->findChild<accelscope::ui::OnnxImportWorker*>(), &accelscope::ui::OnnxImportWorker::progressed,
                this, [&](const QString& phase, double) {
                    ++progressReports;
                    if (!phases.isEmpty() && phases.back() == phase) return;
                    phases << phase;
                    phaseStarts << QStringLiteral("%1 at %2 ms").arg(phase).arg(clock.elapsed());
                });
        QVERIFY(dialog->startImport());
        QVERIFY(dialog->isImporting());
        QVERIFY(dialog->progressBar()->isVisible());
        QVERIFY(loaded.wait(kImportTimeoutMs));
        const qint64 total = clock.elapsed();
        stall.stop();
        QCOMPARE(errors.count(), 0);
        qInfo("ONNX import of a %lld-byte model in the GUI: dialog open after %lld ms, workload shown after %lld ms; "
              "worst event-loop stall %lld ms (GUI thread busy at most %.1f ms between two ticks) over %d ticks; %d "
              "progress reports; phases: %s",
              static_cast<long long>(fs::file_size(bigModel_.toStdString())), opened, total, stall.worst, stall.worstBusy,
              stall.ticks, progressReports, qPrintable(phaseStarts.join(QStringLiteral(", "))));
        QCOMPARE(w.currentWorkload().totalMacs(), big_.macs(1, 128));
        QCOMPARE(w.currentWorkload().name, std::string("big_matmuls"));
        QCOMPARE(w.currentSource(), bigModel_);
        QCOMPARE(phases, (QStringList{QStringLiteral("reading"), QStringLiteral("parsing"), QStringLiteral("inferring shapes"),
                                      QStringLiteral("translating"), QStringLiteral("checking")}));
        QVERIFY(stall.ticks > 0);

        // For comparison, the synchronous loader (start-up, scripts; what File > Open did before the
        // dialog): the event loop waits for the whole import.
        clock.restart();
        const double cpuBefore = StallMeter::threadCpuMs();
        QVERIFY2(w.loadWorkloadFrom(bigModel_), qPrintable(w.lastError()));
        const double syncBusy = StallMeter::threadCpuMs() - cpuBefore;
        qInfo("the same import on the GUI thread (loadWorkloadFrom) blocks the event loop for %lld ms (%.1f ms of the "
              "GUI thread's CPU)", clock.elapsed(), syncBusy);
        QCOMPARE(w.currentWorkload().totalMacs(), big_.macs(1, 128));

        // The bound holds for the GUI thread's own work (a busy machine can keep a ready thread waiting
        // longer; the wall-clock figure is reported above), and the import's work is off that thread:
        // the worst stretch of it is a fraction of what the import costs on it.
        QVERIFY2(stall.worstBusy < kStallBoundMs,
                 qPrintable(QStringLiteral("the GUI thread was busy %1 ms between two ticks").arg(stall.worstBusy)));
        QVERIFY2(stall.worstBusy < syncBusy / 2,
                 qPrintable(QStringLiteral("busy %1 ms between two ticks, %2 ms for the whole import on the GUI thread")
                                .arg(stall.worstBusy)
                                .arg(syncBusy)));
    }

    // Cancel while the 100 MB model is read: the dialog closes once the import's thread has stopped,
    // the previous workload stays, and nothing is reported.
    void cancelKeepsThePreviousWorkload() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        const accelscope::Workload before = w.currentWorkload();
        const QString title = w.windowTitle();
        OnnxImportDialog* dialog = w.importOnnxFrom(bigModel_);
        QVERIFY(dialog);
        dialog->setSize(QStringLiteral("seq"), 128);
        auto* worker = dialog->findChild<accelscope::ui::OnnxImportWorker*>();
        QSignalSpy progressed(worker, &accelscope::ui::OnnxImportWorker::progressed);
        QSignalSpy cancelled(worker, &accelscope::ui::OnnxImportWorker::cancelled);
        QSignalSpy finished(dialog, &QDialog::finished);
        QSignalSpy loaded(&w, &MainWindow::workloadLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QVERIFY(dialog->startImport());
        QVERIFY(progressed.wait(kImportTimeoutMs));  // under way
        QVERIFY(dialog->grab().save(QDir::temp().filePath(QStringLiteral("onnx_import_dialog_running.png"))));
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QVERIFY(!dialog->cancelButton()->isEnabled());
        QVERIFY(dialog->statusLabel()->text().contains(QLatin1String("Cancelling")));
        QVERIFY(finished.wait(kImportTimeoutMs));
        QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Rejected));
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(errors.count(), 0);
        QVERIFY(w.lastError().isEmpty());
        QVERIFY(w.currentWorkload() == before);
        QCOMPARE(w.currentSource(), kTinyPath);
        QCOMPARE(w.windowTitle(), title);
    }

    // A model the importer refuses: the dialog closes and the window reports the importer's message,
    // which names the file; the workload stays. A file that is no model at all is refused before the
    // dialog opens.
    void refusedModelNamesTheFile() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        const accelscope::Workload before = w.currentWorkload();
        const QString bad = QStringLiteral(ACCELSCOPE_TESTS_DIR "/fuzz/regressions/onnx/name_not_utf8.onnx");
        QSignalSpy errors(&w, &MainWindow::errorShown);
        OnnxImportDialog* dialog = w.importOnnxFrom(bad);
        QVERIFY2(dialog, qPrintable(w.lastError()));
        QVERIFY(dialog->unfixedDims().isEmpty());
        QVERIFY(dialog->startImport());
        QVERIFY(errors.wait(kImportTimeoutMs));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(w.lastError().startsWith(bad + QStringLiteral(": ")), qPrintable(w.lastError()));
        QVERIFY2(w.lastError().contains(QLatin1String("a node or tensor name is not valid UTF-8")), qPrintable(w.lastError()));
        QTRY_VERIFY(openDialog(w) == nullptr);
        QVERIFY(w.currentWorkload() == before);

        const QString text = path(QStringLiteral("notes.onnx"));
        {
            std::ofstream out(text.toStdString());
            out << "not a model\n";
        }
        QVERIFY(w.importOnnxFrom(text) == nullptr);
        QCOMPARE(errors.count(), 2);
        QVERIFY2(w.lastError().contains(text + QStringLiteral(": not an ONNX model")), qPrintable(w.lastError()));
        QVERIFY(w.currentWorkload() == before);
    }

    // A dropped model opens the dialog too (the window loads nothing until the import ends).
    void droppedModelOpensTheDialog() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        const QString file = path(QStringLiteral("attention_drop.onnx"));
        onnxtest::attentionBlock().save(file.toStdString());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &event);
        OnnxImportDialog* dialog = openDialog(w);
        QVERIFY(dialog);
        QCOMPARE(dialog->file(), file);
        QCOMPARE(w.currentSource(), kTinyPath);
        dialog->setSize(QStringLiteral("seq"), 4);
        dialog->setSize(QStringLiteral("batch"), 2);
        QSignalSpy loaded(&w, &MainWindow::workloadLoaded);
        QVERIFY(dialog->startImport());
        QVERIFY(loaded.wait(kImportTimeoutMs));
        QCOMPARE(w.currentWorkload().batch, std::int64_t{2});
        QCOMPARE(w.currentWorkload().totalMacs(), std::int64_t{4} * 2 * 4 * 64 * 64 + 2 * 2 * 4 * 4 * 4 * 16);
    }
};

QTEST_MAIN(TestOnnxImportGui)
#include "test_onnx_import_gui.moc"
