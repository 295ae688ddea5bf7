// What the GUI user sees of a bad input file: every file of the bad-input corpora (tests/workload/bad,
// arch/bad, search/bad_space, timeloop/bad, scalesim/bad_config and bad_topology, each SCALE-Sim
// file imported with a good partner) and of the fuzzers' findings (tests/fuzz/regressions),
// opened through the window's own loaders, is refused with exactly one error that names the file and
// carries the corpus's expected message, while the workload, architecture and design space shown stay
// as they were; with dialogs on, that message appears in a modal message box, whole and readable. The
// same entry points accept valid ONNX models and merged Timeloop inputs, and a drop dispatches each
// kind of file to its loader.
#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSpinBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "architecture_dock.h"
#include "architecture_model.h"
#include "design_evaluator.h"
#include "explore/session.h"
#include "main_window.h"
#include "mapping/map_constraints.h"
#include "model/layer_cost.h"
#include "onnx_import_dialog.h"
#include "search_dock.h"
#include "search_session.h"
#include "support/files.h"
#include "timeloop/timeloop_import.h"
#include "workload_dock.h"

using accelscope::ui::MainWindow;
namespace fs = std::filesystem;

namespace {

const fs::path kTests = ACCELSCOPE_TESTS_DIR;
const QString kTinyPath = QStringLiteral(ACCELSCOPE_TESTS_DIR "/workload/data_tiny.json");
const fs::path kTimeloop01 = kTests / "model/timeloop_cases/ispass_timeloop_01_model_conv1d_2level_ref_ws/input.yaml";
const QString kScalesimConfig = QStringLiteral(ACCELSCOPE_TESTS_DIR "/scalesim/configs/sa32_os.cfg");
const QString kScalesimTopology = QStringLiteral(ACCELSCOPE_TESTS_DIR "/scalesim/topologies/records.csv");
const QString kOnnxConv =
    QStringLiteral("/usr/share/libonnx-testdata/data/node/test_conv_with_strides_padding/model.onnx");

// One bad file: which loader takes it ("workload", "arch", "space", "timeloop", "onnx", "session"),
// its path and the fragment of the message it must produce.
struct BadFile {
    QString kind;
    QString file;
    QString expected;
};

std::string withoutTrailingNewlines(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

// The conventions of test_fuzz_regressions: a corpus file's message is in its sibling .expected file,
// except a Timeloop corpus file's, which is its first line "# expect: ..."; a fuzz finding's is in its
// .expected file (a finding without one only has to be refused).
std::string expectedMessage(const fs::path& file, bool finding) {
    if (!finding && file.extension() == ".yaml") {
        const std::string text = testsupport::slurp(file);
        const std::string prefix = "# expect: ";
        if (text.rfind(prefix, 0) != 0) return {};
        return withoutTrailingNewlines(text.substr(prefix.size(), text.find('\n') - prefix.size()));
    }
    return withoutTrailingNewlines(testsupport::slurp(fs::path(file).replace_extension(".expected")));
}

std::vector<BadFile> badFiles() {
    struct Folder {
        const char* kind;
        fs::path dir;
        bool finding;
    };
    // The fuzz targets without a GUI loader (mapping) are left to test_fuzz_regressions.
    const std::vector<Folder> folders = {
        {"workload", kTests / "workload/bad", false},
        {"arch", kTests / "arch/bad", false},
        {"space", kTests / "search/bad_space", false},
        {"timeloop", kTests / "timeloop/bad", false},
        {"workload", kTests / "fuzz/regressions/workload", true},
        {"space", kTests / "fuzz/regressions/space", true},
        {"timeloop", kTests / "fuzz/regressions/timeloop", true},
        {"onnx", kTests / "fuzz/regressions/onnx", true},
        {"session", kTests / "fuzz/regressions/session", true},
        {"scalesim_config", kTests / "scalesim/bad_config", false},
        {"scalesim_topology", kTests / "scalesim/bad_topology", false}};
    std::vector<BadFile> files;
    for (const Folder& f : folders) {
        if (!fs::is_directory(f.dir)) continue;
        for (const auto& entry : fs::directory_iterator(f.dir)) {
            const fs::path& p = entry.path();
            // A corpus pairs each input with its .expected file; a finding may be of any name.
            const bool input = p.extension() == ".json" || p.extension() == ".yaml" || p.extension() == ".cfg" ||
                               p.extension() == ".csv";
            if (p.extension() == ".expected" || (!f.finding && !input))
                continue;
            files.push_back({QString::fromLatin1(f.kind), QString::fromStdString(p.string()),
                             QString::fromStdString(expectedMessage(p, f.finding))});
        }
    }
    std::sort(files.begin(), files.end(), [](const BadFile& a, const BadFile& b) { return a.file < b.file; });
    return files;
}

// The dialog title each loader's errors carry.
QString dialogTitle(const QString& kind) {
    if (kind == QLatin1String("arch")) return QStringLiteral("Cannot load architecture");
    if (kind == QLatin1String("space")) return QStringLiteral("Search");
    if (kind == QLatin1String("timeloop")) return QStringLiteral("Cannot import Timeloop files");
    if (kind == QLatin1String("session")) return QStringLiteral("Cannot open session");
    if (kind.startsWith(QLatin1String("scalesim"))) return QStringLiteral("Cannot import SCALE-Sim files");
    return QStringLiteral("Cannot load workload");
}

// What the window shows, to compare before and after a refused load.
struct Shown {
    accelscope::Workload workload;
    accelscope::Architecture arch;
    QString source, architectureName, archSource, title, workloadChoice, archChoice;
    std::string spaceName, spaceText;
    int runs = 0;

    explicit Shown(const MainWindow& w)
        : workload(w.currentWorkload()),
          arch(w.currentArchitecture()),
          source(w.currentSource()),
          architectureName(w.architectureName()),
          archSource(w.architectureDock()->source()),
          title(w.windowTitle()),
          workloadChoice(w.workloadDock()->workloadCombo()->currentText()),
          archChoice(w.architectureDock()->presetCombo()->currentText()),
          spaceName(w.searchDock()->space().name),
          spaceText(w.searchDock()->space().text),
          runs(w.searchSession()->runCount()) {}
};

// A dialog caught while it was up.
struct CaughtBox {
    bool seen = false;
    QString title, text;
    QMessageBox::Icon icon = QMessageBox::NoIcon;
    bool textFits = false;  // the label shows its whole text, in a dialog no wider than the screen
    QPixmap shot;
};

}  // namespace

class TestBadInputGui : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;
    std::unique_ptr<MainWindow> window_;  // one window takes every bad file in turn, as a user's would
    qsizetype longestDialogText_ = 0;

    // The path to open for `file`: a session finding is a session file and its journal joined by a NUL
    // (fuzz_entry_points.h, session()); they are written apart, the session file only if the part before
    // the NUL is not empty (an empty part stands for a session whose file is gone: journal-only recovery).
    QString pathToOpen(const QString& kind, const QString& file) {
        if (kind != QLatin1String("session")) return file;
        const fs::path session =
            fs::path(scratch_.path().toStdString()) / (QFileInfo(file).fileName().toStdString() + ".json");
        std::error_code ec;
        fs::remove(session, ec);
        fs::remove(accelscope::journalPath(session), ec);
        const std::string text = testsupport::slurp(file.toStdString());
        const auto nul = text.find('\0');
        const auto write = [](const fs::path& p, const std::string& content) {
            std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
        };
        if (nul != 0) write(session, text.substr(0, nul));
        if (nul != std::string::npos) write(accelscope::journalPath(session), text.substr(nul + 1));
        return QString::fromStdString(session.string());
    }

    bool load(MainWindow& w, const QString& kind, const QString& path) {
        if (kind == QLatin1String("arch")) return w.loadArchitectureFrom(path);
        if (kind == QLatin1String("space")) return w.searchDock()->selectSpace(path);
        if (kind == QLatin1String("timeloop")) return w.importTimeloopFrom(path);
        if (kind == QLatin1String("session")) return w.openSessionFrom(path);
        if (kind == QLatin1String("scalesim_config")) return w.importScalesimFrom(path, kScalesimTopology);
        if (kind == QLatin1String("scalesim_topology")) return w.importScalesimFrom(kScalesimConfig, path);
        return w.loadWorkloadFrom(path);  // workload files and ONNX models
    }

    // Loads `path` with dialogs on, reads the message box that comes up and closes it with its OK button.
    CaughtBox loadWithDialog(MainWindow& w, const QString& kind, const QString& path, bool* loaded) {
        CaughtBox caught;
        QTimer poll;
        poll.setInterval(10);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || caught.seen || !box->isVisible()) return;
            caught.seen = true;
            caught.title = box->windowTitle();
            caught.text = box->text();
            caught.icon = box->icon();
            const QLabel* label = box->findChild<QLabel*>(QStringLiteral("qt_msgbox_label"));
            const QRect screen = box->screen()->availableGeometry();
            caught.textFits = label && label->isVisible() && box->frameGeometry().width() <= screen.width() &&
                              (label->wordWrap() ? label->heightForWidth(label->width()) <= label->height()
                                                 : label->sizeHint().width() <= label->width());
            caught.shot = box->grab();
            box->button(QMessageBox::Ok)->click();
        });
        poll.start();
        w.setErrorsAsDialogs(true);
        *loaded = load(w, kind, path);
        w.setErrorsAsDialogs(false);
        return caught;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the recent-files list goes to a test location
        QVERIFY(scratch_.isValid());
        window_ = std::make_unique<MainWindow>();
        window_->setErrorsAsDialogs(false);
        QVERIFY2(window_->loadWorkloadFrom(kTinyPath), qPrintable(window_->lastError()));
        QVERIFY(!window_->currentArchitecture().levels.empty());
        QVERIFY(!window_->searchDock()->space().name.empty());
        // Let the first evaluation finish, so that no evaluation result or failure lands amid a row.
        QTRY_VERIFY_WITH_TIMEOUT(window_->evaluator()->completedCount() > 0, 10000);
    }

    // Every bad file: refused, one error naming the file with its message, nothing shown changes.
    void badFileIsRefusedAndNothingChanges_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        int count = 0;
        for (const BadFile& f : badFiles()) {
            const QString row = f.kind + QLatin1Char('/') + QFileInfo(f.file).fileName();
            QTest::newRow(qPrintable(row)) << f.kind << f.file << f.expected;
            ++count;
        }
        QVERIFY2(count >= 100, qPrintable(QStringLiteral("only %1 bad files").arg(count)));
    }
    void badFileIsRefusedAndNothingChanges() {
        QFETCH(QString, kind);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        // Every corpus file has its message; only a fuzz finding may lack one.
        if (!file.contains(QLatin1String("/fuzz/regressions/"))) QVERIFY(!expected.isEmpty());
        MainWindow& w = *window_;
        const QString path = pathToOpen(kind, file);
        const Shown before(w);
        QSignalSpy errors(&w, &MainWindow::errorShown);

        QVERIFY2(!load(w, kind, path), "the bad file was accepted");

        QCOMPARE(errors.count(), 1);
        const QString message = w.lastError();
        QCOMPARE(errors.first().first().toString(), message);
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        if (kind == QLatin1String("space")) QCOMPARE(w.searchDock()->lastError(), message);

        const Shown after(w);
        QVERIFY(after.workload == before.workload);
        QVERIFY(after.arch == before.arch);
        QCOMPARE(after.source, before.source);
        QCOMPARE(after.architectureName, before.architectureName);
        QCOMPARE(after.archSource, before.archSource);
        QCOMPARE(after.title, before.title);
        QCOMPARE(after.workloadChoice, before.workloadChoice);
        QCOMPARE(after.archChoice, before.archChoice);
        QCOMPARE(after.spaceName, before.spaceName);
        QVERIFY(after.spaceText == before.spaceText);
        QCOMPARE(after.runs, before.runs);
    }

    // With dialogs on, one file per loader (the one with the longest path and message, where wrapping
    // matters most): a critical message box with the loader's title shows the whole message and the
    // file, and closing it leaves nothing changed. The dialog with the longest text is saved to
    // $TMPDIR/bad_input_dialog.png for a look.
    void badFileShowsReadableDialog_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        std::map<QString, BadFile> longest;
        for (const BadFile& f : badFiles())
            if (!longest.count(f.kind) || f.file.size() + f.expected.size() >
                                              longest[f.kind].file.size() + longest[f.kind].expected.size())
                longest[f.kind] = f;
        for (const QString& kind : {QStringLiteral("workload"), QStringLiteral("arch"), QStringLiteral("space"),
                                    QStringLiteral("timeloop"), QStringLiteral("onnx"), QStringLiteral("session"),
                                    QStringLiteral("scalesim_config"), QStringLiteral("scalesim_topology")}) {
            QVERIFY2(longest.count(kind), qPrintable(QStringLiteral("no bad %1 file").arg(kind)));
            QTest::newRow(qPrintable(kind)) << kind << longest[kind].file << longest[kind].expected;
        }
    }
    void badFileShowsReadableDialog() {
        QFETCH(QString, kind);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        MainWindow& w = *window_;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString path = pathToOpen(kind, file);
        const Shown before(w);
        QSignalSpy errors(&w, &MainWindow::errorShown);

        bool loaded = true;
        const CaughtBox box = loadWithDialog(w, kind, path, &loaded);

        QVERIFY(!loaded);
        QVERIFY2(box.seen, "no modal dialog came up");
        QCOMPARE(errors.count(), 1);
        QCOMPARE(box.title, dialogTitle(kind));
        QCOMPARE(box.icon, QMessageBox::Critical);
        QCOMPARE(box.text, w.lastError());
        QVERIFY2(box.text.contains(path), qPrintable(box.text));
        QVERIFY2(box.text.contains(expected), qPrintable(box.text));
        QVERIFY2(box.textFits, qPrintable(QStringLiteral("the message does not fit: %1").arg(box.text)));
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QVERIFY(w.currentWorkload() == before.workload);
        QVERIFY(w.currentArchitecture() == before.arch);
        QCOMPARE(w.searchDock()->space().text, before.spaceText);
        if (box.text.size() > longestDialogText_) {
            longestDialogText_ = box.text.size();
            QVERIFY(box.shot.save(QDir::temp().filePath(QStringLiteral("bad_input_dialog.png")), "PNG"));
        }
    }

    // A valid ONNX model opens as a workload through the same entry point, named after its file.
    void onnxModelLoads() {
        if (!QFileInfo::exists(kOnnxConv)) QSKIP("libonnx-testdata is not installed");
        const QString path = QDir(scratch_.path()).filePath(QStringLiteral("conv_strides_padding.onnx"));
        QFile::remove(path);
        QVERIFY(QFile::copy(kOnnxConv, path));
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QVERIFY2(w.loadWorkloadFrom(path), qPrintable(w.lastError()));
        QCOMPARE(errors.count(), 0);
        QCOMPARE(w.currentWorkload().name, std::string("conv_strides_padding"));
        QCOMPARE(w.currentWorkload().ops.size(), std::size_t(1));
        QCOMPARE(w.currentWorkload().ops.front().kind, accelscope::OpKind::Conv);
        QVERIFY2(w.windowTitle().contains(QLatin1String("conv_strides_padding")), qPrintable(w.windowTitle()));
        QCOMPARE(w.workloadDock()->workloadCombo()->currentText(), QStringLiteral("conv_strides_padding.onnx (file)"));
    }

    // The merged Timeloop inputs import: the problem's conv op becomes the workload, the file's
    // architecture the architecture, exactly as the importer reads them, and the design is evaluated.
    void timeloopCaseImports_data() {
        QTest::addColumn<QString>("file");
        int count = 0;
        for (const auto& entry : fs::directory_iterator(kTests / "model/timeloop_cases"))
            if (fs::exists(entry.path() / "input.yaml")) {
                QTest::newRow(entry.path().filename().c_str())
                    << QString::fromStdString((entry.path() / "input.yaml").string());
                ++count;
            }
        QVERIFY(count >= 3);
    }
    void timeloopCaseImports() {
        QFETCH(QString, file);
        const auto expected = accelscope::timeloop::importTimeloopFiles(file.toStdString(), std::nullopt, std::nullopt);
        QVERIFY(expected.arch);
        QVERIFY(expected.mapping.has_value() != expected.constraints.has_value());  // a mapping, or a mapper case
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QSignalSpy evaluated(w.evaluator(), &accelscope::ui::DesignEvaluator::designEvaluated);

        QVERIFY2(w.importTimeloopFrom(file), qPrintable(w.lastError()));

        QCOMPARE(errors.count(), 0);
        QVERIFY(w.currentWorkload() == expected.workload);
        QCOMPARE(w.currentWorkload().ops.size(), std::size_t(1));
        QVERIFY(w.currentArchitecture() == *expected.arch);
        QCOMPARE(w.architectureName(), QString::fromStdString(expected.arch->name));
        QCOMPARE(w.currentSource(), file);
        QCOMPARE(w.workloadDock()->workloadCombo()->currentText(), QStringLiteral("input.yaml (file)"));
        QCOMPARE(w.architectureDock()->presetCombo()->currentText(), QStringLiteral("input.yaml (file)"));
        QVERIFY2(w.windowTitle().contains(QString::fromStdString(expected.workload.name)), qPrintable(w.windowTitle()));
        // The batch steps by the file's own (interface_dse_2024's layer has N = 32).
        QCOMPARE(w.workloadDock()->batchSpin()->value(), int(expected.workload.batch));
        QCOMPARE(w.workloadDock()->batchSpin()->singleStep(), int(expected.workload.batch));
        // The layer is costed as Timeloop costed it: with the case's own mapping, or (a mapper case) by
        // the mapper within the case's constraints; the figures say which.
        const QString note = expected.mapping ? QStringLiteral("costed with the mapping of input.yaml")
                                              : QStringLiteral("mapped within the constraints of input.yaml");
        QTRY_VERIFY_WITH_TIMEOUT(!evaluated.isEmpty(), 60000);
        const auto design = evaluated.last().first().value<std::shared_ptr<const accelscope::ui::EvaluatedDesign>>();
        QVERIFY(design->arch == *expected.arch);
        QCOMPARE(design->workloadName, expected.workload.name);
        QCOMPARE(design->result.ops.size(), std::size_t(1));
        const accelscope::OpCost& cost = design->result.ops.front();
        const QString figures = w.statusBar()->currentMessage();
        QVERIFY2(figures.contains(note), qPrintable(figures));
        if (expected.mapping) {
            QVERIFY(cost.givenMapping);
            QVERIFY(cost.mapping == *expected.mapping);
            // The same figures as the cost model gives the case's mapping directly.
            accelscope::Evaluation direct;
            QVERIFY(accelscope::evaluate(*expected.arch, expected.workload.ops.front().problem(), *expected.mapping, direct));
            QCOMPARE(cost.evaluation.cycles, direct.cycles);
            QCOMPARE(cost.evaluation.energyPj, direct.energyPj);
        } else if (cost.mapped) {
            QVERIFY(!cost.givenMapping);
            QVERIFY(accelscope::satisfies(cost.mapping, *expected.constraints));
        }
        // A workload loaded afterwards is not from the Timeloop file: its figures come without the note.
        evaluated.clear();
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!evaluated.isEmpty(), 10000);
        QVERIFY2(!w.statusBar()->currentMessage().contains(QLatin1String("input.yaml")),
                 qPrintable(w.statusBar()->currentMessage()));
    }

    // A file with only a problem: section replaces the workload and keeps the architecture.
    void timeloopProblemOnlyKeepsArchitecture() {
        const std::string merged = testsupport::slurp(kTimeloop01);
        const auto begin = merged.find("\nproblem:");
        QVERIFY(begin != std::string::npos);
        auto end = begin + 1;  // the next top-level key ends the section
        while ((end = merged.find('\n', end)) != std::string::npos && end + 1 < merged.size() &&
               (merged[end + 1] == ' ' || merged[end + 1] == '\n'))
            ++end;
        const QString path = QDir(scratch_.path()).filePath(QStringLiteral("problem_only.yaml"));
        std::ofstream(path.toStdString()) << merged.substr(begin + 1, end == std::string::npos ? end : end - begin);
        MainWindow w;
        w.setErrorsAsDialogs(false);
        const accelscope::Architecture before = w.currentArchitecture();
        const QString archBefore = w.architectureName();
        QVERIFY(!before.levels.empty());

        QVERIFY2(w.importTimeloopFrom(path), qPrintable(w.lastError()));

        QCOMPARE(w.currentWorkload().ops.size(), std::size_t(1));
        QVERIFY(w.currentArchitecture() == before);
        QCOMPARE(w.architectureName(), archBefore);
        const QString status = w.statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("no architecture")) && !status.contains(QLatin1String("mapping")),
                 qPrintable(status));
    }

    // Choosing the imported file's entry in the Architecture dock again drops the edits by re-reading
    // the file's architecture only: the workload chosen since stays.
    void timeloopArchitectureEntryRevertsEdits() {
        const QString file = QString::fromStdString(
            (kTests / "model/timeloop_cases/ispass_timeloop_03_model_conv1d+oc_3level_ref_bypass/input.yaml").string());
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.importTimeloopFrom(file), qPrintable(w.lastError()));
        const accelscope::Architecture imported = w.currentArchitecture();
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        const auto& level = imported.levels.at(1);
        const QModelIndex capacity = w.architectureDock()->model()->valueIndex(
            QString::fromStdString(level.name), accelscope::ui::ArchitectureModel::Field::Capacity);
        QVERIFY(capacity.isValid());
        QVERIFY(w.architectureDock()->model()->setData(capacity, QString::number(level.capacityWords * 2)));
        QVERIFY(w.architectureDock()->isModified());
        QVERIFY(!(w.currentArchitecture() == imported));

        QComboBox* presets = w.architectureDock()->presetCombo();
        QCOMPARE(presets->itemText(0), QStringLiteral("input.yaml (file)"));
        emit presets->activated(0);

        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QVERIFY(w.currentArchitecture() == imported);
        QVERIFY(!w.architectureDock()->isModified());
        QCOMPARE(w.currentWorkload().name, std::string("tiny"));
    }

    // A drag is accepted for each kind of file the window opens and refused for others; a drop goes to
    // the kind's loader: an ONNX model to the import dialog, a Timeloop YAML to the import (.yml too).
    void droppedFilesGoToTheirLoader() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        const auto accepts = [&](const QString& path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            return enter.isAccepted();
        };
        // As a drag does it: Qt delivers a drop only to the widget that accepted the drag's entry.
        const auto drop = [&](const QString& path) {
            QVERIFY(accepts(path));
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &event);
        };
        QVERIFY(accepts(QStringLiteral("/x/net.json")));
        QVERIFY(accepts(QStringLiteral("/x/net.ONNX")));
        QVERIFY(accepts(QStringLiteral("/x/problem.yaml")));
        QVERIFY(accepts(QStringLiteral("/x/problem.yml")));
        QVERIFY(!accepts(QStringLiteral("/x/notes.txt")));
        QVERIFY(accepts(QStringLiteral("/x/scale.cfg")));
        QVERIFY(accepts(QStringLiteral("/x/resnet18.csv")));

        // A SCALE-Sim config dropped with its topology imports the pair; either alone is explained.
        const auto dropAll = [&](const QList<QUrl>& urls) {
            QMimeData mime;
            mime.setUrls(urls);
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &event);
        };
        dropAll({QUrl::fromLocalFile(kScalesimTopology), QUrl::fromLocalFile(kScalesimConfig)});
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.currentSource(), kScalesimTopology);
        QCOMPARE(w.architectureName(), QStringLiteral("sa32_os"));
        QCOMPARE(w.currentWorkload().name, std::string("records"));
        dropAll({QUrl::fromLocalFile(kScalesimConfig)});
        QVERIFY2(w.lastError().contains(kScalesimConfig + QStringLiteral(": drop a SCALE-Sim config (.cfg) together with "
                                                                         "its topology (.csv)")),
                 qPrintable(w.lastError()));
        QCOMPARE(w.currentSource(), kScalesimTopology);

        const QString yml = QDir(scratch_.path()).filePath(QStringLiteral("tl01.yml"));
        QFile::remove(yml);
        QVERIFY(QFile::copy(QString::fromStdString(kTimeloop01.string()), yml));
        drop(yml);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.currentSource(), yml);
        QCOMPARE(w.architectureDock()->source(), yml);

        // A dropped ONNX model opens the import dialog; a bad one reaches the ONNX importer (its message,
        // not the JSON parser's) when the import runs, in the background.
        const auto importDialog = [&] {
            return w.findChild<accelscope::ui::OnnxImportDialog*>(QStringLiteral("onnxImportDialog"));
        };
        const QString badOnnx = QString::fromStdString((kTests / "fuzz/regressions/onnx/name_not_utf8.onnx").string());
        QSignalSpy errors(&w, &MainWindow::errorShown);
        drop(badOnnx);
        QVERIFY(importDialog());
        QCOMPARE(errors.count(), 0);
        QVERIFY(importDialog()->startImport());
        QVERIFY(errors.wait(60000));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(w.lastError().contains(QLatin1String("a node or tensor name is not valid UTF-8")),
                 qPrintable(w.lastError()));
        QCOMPARE(w.currentSource(), yml);
        QTRY_VERIFY(importDialog() == nullptr);

        if (!QFileInfo::exists(kOnnxConv)) QSKIP("libonnx-testdata is not installed");
        drop(kOnnxConv);
        QVERIFY(importDialog());
        QSignalSpy loaded(&w, &MainWindow::workloadLoaded);
        QVERIFY(importDialog()->startImport());
        QVERIFY(loaded.wait(60000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.currentSource(), kOnnxConv);
        QCOMPARE(w.currentWorkload().name, std::string("model"));
    }

    void cleanupTestCase() { window_.reset(); }
};

QTEST_MAIN(TestBadInputGui)
#include "test_bad_input_gui.moc"
