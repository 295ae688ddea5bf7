// The main window shell: loading a workload (shipped or file), the op table (rows, filter, numeric
// sort), a malformed file reported with file/op/field while the previous workload stays, the menus,
// drag-and-drop, and a rendered screenshot.
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <QSettings>

#include "main_window.h"
#include "op_table_model.h"
#include "theme.h"
#include "util/data_paths.h"
#include "workload/workload_io.h"
#include "workload_dock.h"

using accelscope::Workload;
using accelscope::ui::MainWindow;
using accelscope::ui::OpTableModel;

namespace {

const QString kTinyPath = QStringLiteral(ACCELSCOPE_TESTS_DIR "/workload/data_tiny.json");

// The network the table checks run on: the shipped ResNet-50 (a missing shipped file fails the load,
// and with it the test, rather than being skipped).
QString primaryWorkload() { return QStringLiteral("resnet50"); }

QStringList menuTitles(const QMenuBar* bar) {
    QStringList titles;
    for (const QAction* a : bar->actions()) titles << a->text().remove(QLatin1Char('&'));
    return titles;
}

QMenu* menuTitled(const QMenuBar* bar, const QString& title) {
    for (QAction* a : bar->actions())
        if (a->text().remove(QLatin1Char('&')) == title) return a->menu();
    return nullptr;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void titleNamesResNet50() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(QStringLiteral("resnet50")), qPrintable(w.lastError()));
        QVERIFY2(w.windowTitle().contains(QLatin1String("ResNet")) || w.windowTitle().contains(QLatin1String("resnet50")),
                 qPrintable(w.windowTitle()));
        QCOMPARE(w.workloadDock()->workloadCombo()->currentText(), QStringLiteral("resnet50"));
    }

    void titleNamesFileWorkload() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(kTinyPath), qPrintable(w.lastError()));
        QVERIFY2(w.windowTitle().startsWith(QStringLiteral("AccelScope")), qPrintable(w.windowTitle()));
        QVERIFY2(w.windowTitle().contains(QLatin1String("tiny")), qPrintable(w.windowTitle()));
        QCOMPARE(w.currentWorkload().name, std::string("tiny"));
    }

    void comboListsShippedNetworks() {
        MainWindow w;
        QCOMPARE(w.workloadDock()->workloadCombo()->count(), int(accelscope::shippedWorkloadNames().size()));
    }

    void tableHasOneRowPerOp() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QSignalSpy changed(w.workloadDock(), &accelscope::ui::WorkloadDock::workloadChanged);
        QVERIFY2(w.loadWorkloadFrom(primaryWorkload()), qPrintable(w.lastError()));
        QCOMPARE(changed.count(), 1);
        const Workload& wl = w.currentWorkload();
        QVERIFY(!wl.ops.empty());
        QAbstractItemModel* model = w.workloadDock()->tableView()->model();
        QCOMPARE(model->rowCount(), int(wl.ops.size()));
        QCOMPARE(model->index(0, OpTableModel::Name).data().toString(), QString::fromStdString(wl.ops.front().name));
        QCOMPARE(model->columnCount(), int(OpTableModel::ColumnCount));
        QCOMPARE(model->headerData(OpTableModel::Macs, Qt::Horizontal).toString(), QStringLiteral("MACs"));
        // Numbers are right-aligned and the summary names the op count.
        const auto align = model->index(0, OpTableModel::Macs).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(align & Qt::AlignRight);
        QVERIFY2(w.workloadDock()->summaryLabel()->text().contains(QString::number(wl.ops.size())),
                 qPrintable(w.workloadDock()->summaryLabel()->text()));
    }

    void dimsAndNumbersFormatted() {
        accelscope::Op conv;
        conv.kind = accelscope::OpKind::Conv;
        conv.C = 3, conv.K = 64, conv.P = 112, conv.Q = 112, conv.R = 7, conv.S = 7;
        QCOMPARE(OpTableModel::dimsText(conv), QStringLiteral("K64 C3 P112 Q112 R7 S7"));
        accelscope::Op mm;
        mm.kind = accelscope::OpKind::MatMul;
        mm.B = 12, mm.M = 128, mm.N = 128, mm.K = 64;
        QCOMPARE(OpTableModel::dimsText(mm), QStringLiteral("B12 M128 N128 K64"));
        accelscope::Op relu;
        relu.kind = accelscope::OpKind::Relu;
        relu.shape = {1, 64, 56, 56};
        QCOMPARE(OpTableModel::dimsText(relu), QStringLiteral("1x64x56x56"));
        QCOMPARE(OpTableModel::groupedNumber(118013952), QStringLiteral("118,013,952"));
        QCOMPARE(OpTableModel::groupedNumber(999), QStringLiteral("999"));
        QCOMPARE(OpTableModel::groupedNumber(1000), QStringLiteral("1,000"));
    }

    void filterKeepsConvRows() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(primaryWorkload()), qPrintable(w.lastError()));
        const Workload& wl = w.currentWorkload();
        int expected = 0;
        for (const auto& op : wl.ops) {
            const QString name = QString::fromStdString(op.name);
            const QString kind = QString::fromUtf8(accelscope::opKindName(op.kind).data(),
                                                   qsizetype(accelscope::opKindName(op.kind).size()));
            if (name.contains(QLatin1String("conv"), Qt::CaseInsensitive) ||
                kind.contains(QLatin1String("conv"), Qt::CaseInsensitive))
                ++expected;
        }
        QVERIFY(expected > 0);
        QTest::keyClicks(w.workloadDock()->filterEdit(), QStringLiteral("conv"));
        QAbstractItemModel* model = w.workloadDock()->tableView()->model();
        QCOMPARE(model->rowCount(), expected);
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString name = model->index(r, OpTableModel::Name).data().toString();
            const QString kind = model->index(r, OpTableModel::Kind).data().toString();
            QVERIFY2(name.contains(QLatin1String("conv"), Qt::CaseInsensitive) || kind.contains(QLatin1String("conv")),
                     qPrintable(name));
        }
        // Case-insensitive, and clearing the filter brings every row back.
        w.workloadDock()->filterEdit()->setText(QStringLiteral("CONV"));
        QCOMPARE(model->rowCount(), expected);
        w.workloadDock()->filterEdit()->clear();
        QCOMPARE(model->rowCount(), int(wl.ops.size()));
    }

    void sortByMacsIsNumeric() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(primaryWorkload()), qPrintable(w.lastError()));
        const Workload& wl = w.currentWorkload();
        qlonglong maxMacs = 0, minMacs = -1;
        for (const auto& op : wl.ops) {
            const qlonglong m = qlonglong(wl.figures(op).macs * op.repeat);
            maxMacs = std::max(maxMacs, m);
            minMacs = minMacs < 0 ? m : std::min(minMacs, m);
        }
        QTableView* view = w.workloadDock()->tableView();
        view->sortByColumn(OpTableModel::Macs, Qt::DescendingOrder);
        QAbstractItemModel* model = view->model();
        QCOMPARE(model->index(0, OpTableModel::Macs).data(OpTableModel::kSortRole).toLongLong(), maxMacs);
        const QString first = model->index(0, OpTableModel::Name).data().toString();
        const accelscope::Op* op = wl.findOp(first.toStdString());
        QVERIFY(op);
        QCOMPARE(qlonglong(wl.figures(*op).macs * op->repeat), maxMacs);
        QCOMPARE(model->index(0, OpTableModel::Macs).data().toString(), OpTableModel::groupedNumber(maxMacs));
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r - 1, OpTableModel::Macs).data(OpTableModel::kSortRole).toLongLong() >=
                    model->index(r, OpTableModel::Macs).data(OpTableModel::kSortRole).toLongLong());
        view->sortByColumn(OpTableModel::Macs, Qt::AscendingOrder);
        QCOMPARE(model->index(0, OpTableModel::Macs).data(OpTableModel::kSortRole).toLongLong(), minMacs);
    }

    void malformedFileKeepsPreviousWorkload() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY2(w.loadWorkloadFrom(primaryWorkload()), qPrintable(w.lastError()));
        const Workload before = w.currentWorkload();
        const QString titleBefore = w.windowTitle();
        const int rowsBefore = w.workloadDock()->tableView()->model()->rowCount();

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("broken_net.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "accelscope-workload", "version": 1, "name": "broken", "source": "test", "batch": 1,
  "inputs": [{"name": "image", "shape": [1, 3, 8, 8]}],
  "ops": [{"name": "stem.conv_k0", "kind": "conv", "inputs": ["image"],
           "N": 1, "C": 3, "K": 0, "H": 8, "W": 8, "P": 8, "Q": 8, "R": 3, "S": 3,
           "stride": [1, 1], "padding": [1, 1], "dilation": [1, 1], "groups": 1}]})");
        file.close();

        QSignalSpy errors(&w, &MainWindow::errorShown);
        QVERIFY(!w.loadWorkloadFrom(path));
        QCOMPARE(errors.count(), 1);
        const QString message = w.lastError();
        QCOMPARE(errors.first().first().toString(), message);
        QVERIFY2(message.contains(QLatin1String("broken_net.json")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("stem.conv_k0")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("K must be a positive integer")), qPrintable(message));
        QVERIFY(w.currentWorkload() == before);
        QCOMPARE(w.windowTitle(), titleBefore);
        QCOMPARE(w.workloadDock()->tableView()->model()->rowCount(), rowsBefore);

        // A name that is neither a file nor a shipped network is reported the same way.
        QVERIFY(!w.loadWorkloadFrom(QStringLiteral("no_such_network")));
        QVERIFY2(w.lastError().contains(QLatin1String("no_such_network")), qPrintable(w.lastError()));
        QVERIFY(w.currentWorkload() == before);
    }

    void menusExist() {
        MainWindow w;
        const QStringList titles = menuTitles(w.menuBar());
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("View"), QStringLiteral("Search"), QStringLiteral("Help")}));
        QMenu* file = menuTitled(w.menuBar(), QStringLiteral("File"));
        QVERIFY(file);
        QAction* open = w.findChild<QAction*>(QStringLiteral("actionOpenWorkload"));
        QVERIFY(open && file->actions().contains(open));
        QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));
        QMenu* view = menuTitled(w.menuBar(), QStringLiteral("View"));
        QVERIFY(view && view->actions().contains(w.workloadDock()->toggleViewAction()));
        QMenu* help = menuTitled(w.menuBar(), QStringLiteral("Help"));
        QVERIFY(help);
        const auto actions = help->actions();
        QVERIFY(std::any_of(actions.begin(), actions.end(), [](const QAction* a) {
            return a->text().remove(QLatin1Char('&')).startsWith(QLatin1String("About AccelScope"));
        }));
    }

    void architectureInStatusBar() {
        MainWindow w;
        w.setArchitectureName(QStringLiteral("eyeriss_like"));
        bool found = false;
        for (const QLabel* label : w.statusBar()->findChildren<QLabel*>())
            found = found || label->text() == QLatin1String("architecture: eyeriss_like");
        QVERIFY(found);
    }

    void droppedJsonFileLoads() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(kTinyPath)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(w.currentWorkload().name, std::string("tiny"));
    }

    void screenshot() {
        MainWindow w;
        w.setErrorsAsDialogs(false);
        w.setArchitectureName(QStringLiteral("eyeriss_like"));
        QVERIFY2(w.loadWorkloadFrom(primaryWorkload()), qPrintable(w.lastError()));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QPixmap shot = w.grab();
        QVERIFY(!shot.isNull());
        QVERIFY2(shot.width() > 400 && shot.height() > 300,
                 qPrintable(QStringLiteral("%1x%2").arg(shot.width()).arg(shot.height())));
        QVERIFY(shot.save(QStringLiteral(ACCELSCOPE_BINARY_DIR "/test_main_window.png"), "PNG"));
    }

    // View > Theme: light and dark palettes with readable text (WCAG contrast >= 4.5 between text and
    // its background roles), remembered in the settings; plots keep their white canvas.
    void themesAreReadableAndRemembered() {
        auto luminance = [](const QColor& c) {
            auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
        };
        auto contrast = [&](const QColor& a, const QColor& b) {
            const double la = luminance(a), lb = luminance(b);
            return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
        };
        MainWindow w;
        w.setErrorsAsDialogs(false);
        QVERIFY(!accelscope::ui::applyTheme(QStringLiteral("purple")));
        for (const QString& name : {QStringLiteral("dark"), QStringLiteral("light")}) {
            QAction* action = w.findChild<QAction*>(QStringLiteral("actionTheme_") + name);
            QVERIFY(action);
            action->trigger();
            QCOMPARE(accelscope::ui::currentTheme(), name);
            const QPalette p = QApplication::palette();
            QVERIFY(contrast(p.color(QPalette::Text), p.color(QPalette::Base)) >= 4.5);
            QVERIFY(contrast(p.color(QPalette::WindowText), p.color(QPalette::Window)) >= 4.5);
            QVERIFY(contrast(p.color(QPalette::ButtonText), p.color(QPalette::Button)) >= 4.5);
            QCOMPARE(p.color(QPalette::Window).lightness() < 128, name == QStringLiteral("dark"));
            QCOMPARE(QSettings(QStringLiteral("AccelScope"), QStringLiteral("AccelScope")).value(QStringLiteral("theme")).toString(), name);
            w.resize(1280, 800);
            w.grab().save(QStringLiteral(ACCELSCOPE_BINARY_DIR) + QStringLiteral("/main_window_") + name + QStringLiteral(".png"));
        }
        QVERIFY(accelscope::ui::applyTheme(QStringLiteral("system")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
