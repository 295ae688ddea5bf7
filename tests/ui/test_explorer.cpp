// The explorer drives real widgets offscreen: the window starts on ResNet-50 / eyeriss_like and
// evaluates it in the background; the roofline has a point per MAC layer; architecture edits go
// through the model with validation and undo; the inspector shows a MAC op's loop nest; another
// workload updates the plots; files dropped on the window load by their format. Every panel is
// rendered to a PNG in the build directory for a look.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>
#include <QtTest>
#include <qcustomplot.h>

#include "arch/arch_io.h"
#include "architecture_dock.h"
#include "architecture_model.h"
#include "breakdown_plot.h"
#include "design_evaluator.h"
#include "design_inspector.h"
#include "main_window.h"
#include "roofline_plot.h"
#include "scalesim_import_dialog.h"
#include "search_dock.h"
#include "workload_dock.h"

using accelscope::ui::ArchitectureModel;
using accelscope::ui::MainWindow;
using Field = accelscope::ui::ArchitectureModel::Field;

namespace {

constexpr int kEvaluationTimeoutMs = 60000;
const QString kOutDir = QStringLiteral(ACCELSCOPE_BINARY_DIR);

// MAC ops of the evaluated design that ran on the array with a valid mapping: the roofline's points.
int macLayersOnArray(const accelscope::NetworkResult& r) {
    int n = 0;
    for (const auto& op : r.ops) n += op.unit == accelscope::OpUnit::MacArray && op.mapped && op.evaluation.valid();
    return n;
}

// A window on ResNet-50 / eyeriss_like, shown, with its first evaluation done.
struct Explorer {
    MainWindow w;
    Explorer() {
        w.setErrorsAsDialogs(false);
        w.resize(1440, 900);
    }
    bool start() {
        if (!w.loadWorkloadFrom(QStringLiteral("resnet50"))) return false;
        w.show();
        return QTest::qWaitForWindowExposed(&w);
    }
    bool waitForEvaluations(int count) {
        return QTest::qWaitFor([&] { return w.evaluator()->completedCount() >= count && !w.evaluator()->isBusy(); },
                               kEvaluationTimeoutMs);
    }
    ArchitectureModel* model() const { return w.architectureDock()->model(); }
};

}  // namespace

class TestExplorer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startsOnResNet50AndEvaluates() {
        QElapsedTimer clock;
        clock.start();
        Explorer e;
        QVERIFY2(e.start(), qPrintable(e.w.lastError()));
        qInfo("window shown after %lld ms", static_cast<long long>(clock.elapsed()));
        QCOMPARE(e.w.architectureName(), QStringLiteral("eyeriss_like"));
        QCOMPARE(e.w.currentWorkload().name, std::string("resnet50"));
        QTRY_VERIFY_WITH_TIMEOUT(e.w.evaluator()->completedCount() >= 1, kEvaluationTimeoutMs);
        qInfo("first evaluation shown after %lld ms", static_cast<long long>(clock.elapsed()));
        const auto design = e.w.evaluator()->latest();
        QVERIFY(design);
        QCOMPARE(design->workloadName, std::string("resnet50"));
        QCOMPARE(design->arch.name, std::string("eyeriss_like"));
        QVERIFY(design->result.complete);
        QVERIFY(design->result.latencyS > 0);

        // One point per MAC layer of ResNet-50.
        QCOMPARE(e.w.rooflinePlot()->pointCount(), 54);
        QCOMPARE(macLayersOnArray(design->result), 54);
        QCustomPlot* roof = e.w.rooflinePlot()->plot();
        QCOMPARE(roof->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(roof->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(roof->xAxis->label().contains(QLatin1String("MACs/DRAM byte")));
        QVERIFY(roof->yAxis->label().contains(QLatin1String("MACs/cycle")));
        QVERIFY(roof->yAxis->range().contains(168));  // the compute ceiling: 12 x 14 PEs
        QVERIFY(e.w.rooflinePlot()->pointDescription(QStringLiteral("conv1")).contains(QLatin1String("MACs/cycle")));

        // The breakdown caps the bars at 40 ops plus "others"; the inspector lists every op.
        const QStringList bars = e.w.breakdownPlot()->latencyBars();
        QCOMPARE(bars.size(), accelscope::ui::BreakdownPlot::kMaxBars + 1);
        QVERIFY(bars.last().startsWith(QLatin1String("others")));
        QVERIFY(!e.w.breakdownPlot()->energyBars().isEmpty());
        QCOMPARE(e.w.inspector()->opTable()->rowCount(), int(design->result.ops.size()));
        QVERIFY(e.w.inspector()->bottleneckTable()->rowCount() > 0);
        QVERIFY(e.w.inspector()->metricsLabel()->text().contains(QLatin1String("latency")));

        // Pictures of every panel.
        QVERIFY(roof->savePng(kOutDir + QStringLiteral("/explorer_roofline.png"), 900, 600));
        QVERIFY(e.w.breakdownPlot()->latencyPlot()->savePng(kOutDir + QStringLiteral("/explorer_latency.png"), 1000, 450));
        QVERIFY(e.w.breakdownPlot()->energyPlot()->savePng(kOutDir + QStringLiteral("/explorer_energy.png"), 1000, 450));
        e.w.inspector()->selectOp(QStringLiteral("layer3.1.conv2"));
        QVERIFY(e.w.inspectorDock()->grab().save(kOutDir + QStringLiteral("/explorer_inspector.png")));
        e.w.architectureDock()->raise();
        QApplication::processEvents();
        QVERIFY(e.w.architectureDock()->grab().save(kOutDir + QStringLiteral("/explorer_architecture.png")));
        QVERIFY(e.w.grab().save(kOutDir + QStringLiteral("/explorer_window.png")));
        e.w.centralTabs()->setCurrentWidget(e.w.breakdownPlot());
        QApplication::processEvents();
        QVERIFY(e.w.grab().save(kOutDir + QStringLiteral("/explorer_window_breakdown.png")));
    }

    void editUndoRedo() {
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        ArchitectureModel* model = e.model();
        const QModelIndex capacity = model->valueIndex(QStringLiteral("GlobalBuffer"), Field::Capacity);
        QVERIFY(capacity.isValid());
        const qlonglong before = capacity.data(Qt::EditRole).toLongLong();
        QCOMPARE(before, qlonglong(e.w.currentArchitecture().levels[1].capacityWords));
        QLabel* summary = e.w.architectureDock()->summaryLabel();
        const QString summaryBefore = summary->text();
        const double areaBefore = e.w.evaluator()->latest()->result.areaUm2;
        QUndoStack* undo = e.w.architectureDock()->undoStack();
        QCOMPARE(undo->count(), 0);

        QVERIFY(model->setData(capacity, QString::number(before * 2)));
        QCOMPARE(e.w.currentArchitecture().levels[1].capacityWords, before * 2);
        QCOMPARE(capacity.data(Qt::EditRole).toLongLong(), before * 2);
        QVERIFY2(summary->text() != summaryBefore, qPrintable(summary->text()));  // area (and KiB) grew
        QCOMPARE(undo->count(), 1);
        QVERIFY(undo->undoText().contains(QLatin1String("GlobalBuffer")));
        QVERIFY(e.w.windowTitle().contains(QLatin1String("modified")));
        // The edit is evaluated in the background: a bigger buffer, a bigger chip.
        QVERIFY(e.waitForEvaluations(2));
        QVERIFY(e.w.evaluator()->latest()->result.areaUm2 > areaBefore);

        // Undo (the Edit menu's action, Ctrl+Z) restores the value and the area; redo applies it again.
        auto* undoAction = e.w.findChild<QAction*>(QStringLiteral("actionUndo"));
        auto* redoAction = e.w.findChild<QAction*>(QStringLiteral("actionRedo"));
        QVERIFY(undoAction && redoAction);
        QCOMPARE(undoAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(redoAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        undoAction->trigger();
        QCOMPARE(e.w.currentArchitecture().levels[1].capacityWords, before);
        QCOMPARE(summary->text(), summaryBefore);
        QVERIFY(!e.w.windowTitle().contains(QLatin1String("modified")));
        QVERIFY(e.waitForEvaluations(3));
        QCOMPARE(e.w.evaluator()->latest()->result.areaUm2, areaBefore);
        redoAction->trigger();
        QCOMPARE(e.w.currentArchitecture().levels[1].capacityWords, before * 2);
        undo->undo();
        QCOMPARE(capacity.data(Qt::EditRole).toLongLong(), before);
    }

    void invalidEditsAreRejectedWithAReason() {
        Explorer e;
        ArchitectureModel* model = e.model();
        QUndoStack* undo = e.w.architectureDock()->undoStack();
        const accelscope::Architecture original = e.w.currentArchitecture();
        QSignalSpy rejected(model, &ArchitectureModel::editRejected);

        const QModelIndex capacity = model->valueIndex(QStringLiteral("GlobalBuffer"), Field::Capacity);
        const QString before = capacity.data(Qt::EditRole).toString();
        QVERIFY(!model->validate(capacity, QStringLiteral("0")).isEmpty());
        QVERIFY(!model->setData(capacity, QStringLiteral("0")));
        QCOMPARE(rejected.count(), 1);
        const QString reason = model->lastRejection();
        QVERIFY2(reason.contains(QLatin1String("capacity")) && reason.contains(QLatin1String("positive")), qPrintable(reason));
        QCOMPARE(capacity.data(Qt::EditRole).toString(), before);  // not applied, not clamped
        QVERIFY(e.w.currentArchitecture() == original);
        QCOMPARE(undo->count(), 0);
        // The cell is marked: red background, the reason in its tooltip.
        const QColor background = capacity.data(Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY(background.red() > 200 && background.green() < 220);
        QVERIFY(capacity.data(Qt::ToolTipRole).toString().contains(reason));
        QVERIFY2(e.w.architectureDock()->messageLabel()->text().contains(reason),
                 qPrintable(e.w.architectureDock()->messageLabel()->text()));

        // Other mistakes: a fan-out above 65536, a negative energy, a fraction of a word, not a number.
        const QModelIndex fanX = model->valueIndex(QStringLiteral("GlobalBuffer"), Field::FanoutX);
        QVERIFY(!model->setData(fanX, QStringLiteral("70000")));
        QVERIFY2(model->lastRejection().contains(QLatin1String("65536")), qPrintable(model->lastRejection()));
        const QModelIndex readPj = model->valueIndex(QStringLiteral("DRAM"), Field::ReadPj);
        QVERIFY(!model->setData(readPj, QStringLiteral("-1")));
        QVERIFY(!model->setData(capacity, QStringLiteral("100.5")));
        QVERIFY(model->lastRejection().contains(QLatin1String("whole number")));
        QVERIFY(!model->validate(capacity, QStringLiteral("abc")).isEmpty());
        QVERIFY(e.w.currentArchitecture() == original);
        QCOMPARE(undo->count(), 0);

        // A good value afterwards is applied and clears the mark.
        QVERIFY(model->setData(capacity, QStringLiteral("65536")));
        QVERIFY(!capacity.data(Qt::BackgroundRole).isValid());
        QCOMPARE(undo->count(), 1);
        // A keep flag toggles through its check box.
        const QModelIndex keepsWeights = model->valueIndex(QStringLiteral("GlobalBuffer"), Field::KeepsWeights);
        QVERIFY(model->setData(keepsWeights, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(e.w.currentArchitecture().levels[1].keeps[0]);
        QCOMPARE(undo->count(), 2);
    }

    void selectingAMacOpShowsItsLoopNest() {
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        QSignalSpy selected(e.w.inspector(), &accelscope::ui::DesignInspector::opSelected);
        QVERIFY(e.w.inspector()->selectOp(QStringLiteral("layer2.0.conv2")));
        QCOMPARE(selected.count(), 1);
        const QString nest = e.w.inspector()->loopNestView()->toPlainText();
        QVERIFY2(nest.contains(QLatin1String("for ")), qPrintable(nest));
        for (const auto& level : e.w.currentArchitecture().levels)
            QVERIFY2(nest.contains(QString::fromStdString(level.name)), qPrintable(nest));
        QCOMPARE(e.w.rooflinePlot()->highlightedOp(), QStringLiteral("layer2.0.conv2"));
        // A vector op has no loop nest, and says where it ran.
        QVERIFY(e.w.inspector()->selectOp(QStringLiteral("layer2.0.relu1")) || e.w.inspector()->selectOp(QStringLiteral("relu")));
        QVERIFY(e.w.inspector()->loopNestView()->toPlainText().contains(QLatin1String("no loop-nest")));
        QVERIFY(e.w.inspector()->loopNestView()->grab().save(kOutDir + QStringLiteral("/explorer_loop_nest.png")));
    }

    // tpu_v3_like's MXUs are weight-stationary systolic arrays with double-buffered weights: the editor
    // shows and edits those keys; turning the systolic timing off makes the network faster (no
    // preloads, skews or drains: the array is then timed by its MACs and ports alone), and a dataflow
    // that is none of none/os/ws/is is refused with the reason.
    void systolicArrayIsEditable() {
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        int before = e.w.evaluator()->completedCount();
        QVERIFY2(e.w.loadArchitectureFrom(QStringLiteral("tpu_v3_like")), qPrintable(e.w.lastError()));
        QVERIFY(e.waitForEvaluations(before + 1));
        const double systolicCycles = e.w.evaluator()->latest()->result.cycles;
        ArchitectureModel* model = e.model();
        const QString mxu = QStringLiteral("MXU_io");
        QCOMPARE(model->valueIndex(mxu, Field::Systolic).data().toString(), QStringLiteral("ws"));
        QCOMPARE(model->valueIndex(mxu, Field::SystolicRows).data().toString(), QStringLiteral("x"));
        QCOMPARE(model->valueIndex(mxu, Field::DoubleBuffered).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(!model->valueIndex(QStringLiteral("WeightRegister"), Field::Systolic).isValid());  // innermost: the PE
        // The inspector says how a layer ran on the array.
        const auto design = e.w.evaluator()->latest();
        const auto conv = std::find_if(design->result.ops.begin(), design->result.ops.end(),
                                       [](const accelscope::OpCost& c) { return c.unit == accelscope::OpUnit::MacArray && c.mapped; });
        QVERIFY(conv != design->result.ops.end());
        QVERIFY(e.w.inspector()->selectOp(QString::fromStdString(conv->name)));
        QVERIFY2(e.w.inspector()->loopNestView()->toPlainText().contains(QLatin1String("ws, double-buffered")),
                 qPrintable(e.w.inspector()->loopNestView()->toPlainText()));
        QVERIFY(e.w.inspector()->loopNestView()->grab().save(kOutDir + QStringLiteral("/explorer_systolic_inspector.png")));

        QVERIFY(!model->setData(model->valueIndex(mxu, Field::Systolic), QStringLiteral("rs")));
        QVERIFY2(model->lastRejection().contains(QLatin1String("none, os, ws or is")), qPrintable(model->lastRejection()));
        before = e.w.evaluator()->completedCount();
        QVERIFY(model->setData(model->valueIndex(mxu, Field::Systolic), QStringLiteral("none")));
        QVERIFY(e.waitForEvaluations(before + 1));
        QCOMPARE(e.w.currentArchitecture().levels[2].systolic, accelscope::Systolic::None);
        QVERIFY(!model->valueIndex(mxu, Field::SystolicRows).isValid());
        QVERIFY2(e.w.evaluator()->latest()->result.cycles < systolicCycles,
                 qPrintable(QStringLiteral("%1 vs %2").arg(e.w.evaluator()->latest()->result.cycles).arg(systolicCycles)));
        e.w.architectureDock()->raise();
        e.w.architectureDock()->treeView()->expandAll();
        e.w.architectureDock()->treeView()->scrollTo(model->valueIndex(mxu, Field::Systolic));
        QVERIFY(e.w.architectureDock()->grab().save(kOutDir + QStringLiteral("/explorer_systolic_editor.png")));
    }

    // Timeloop's Eyeriss-like design has two fan-out levels that store nothing (14 PE columns, then 12
    // PEs per column); Simba-like keeps 24-bit partial sums in 24-bit words. The editor shows a fan-out
    // level with its mesh and network only, the level precisions as the file gives them, and the
    // roofline one ceiling per storage level with a bandwidth limit (none for a fan-out level).
    void importedTimeloopDesignsShowTheirLevels() {
        const QString tests = QStringLiteral(ACCELSCOPE_TESTS_DIR);
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        const int before = e.w.evaluator()->completedCount();
        QVERIFY2(e.w.importTimeloopFrom(tests + QStringLiteral("/model/timeloop_cases/design_eyeriss_like_default_problem/input.yaml")),
                 qPrintable(e.w.lastError()));
        QVERIFY(e.waitForEvaluations(before + 1));
        ArchitectureModel* model = e.model();
        const QString column = QStringLiteral("inter_PE_column_spatial");
        QVERIFY(model->valueIndex(column, Field::FanoutX).isValid());
        QVERIFY(model->valueIndex(column, Field::Multicast).isValid());
        for (Field storageOnly : {Field::Capacity, Field::WordBits, Field::ReadPj, Field::KeepsWeights})
            QVERIFY(!model->valueIndex(column, storageOnly).isValid());
        QCOMPARE(model->valueIndex(column, Field::FanoutX).data().toString(), QStringLiteral("14"));
        QCOMPARE(model->valueIndex(QStringLiteral("inter_PE_spatial"), Field::FanoutY).data().toString(), QStringLiteral("12"));
        // The file's precision (Timeloop: shared_glb is 8 bits wide and holds one element per word).
        QCOMPARE(model->valueIndex(QStringLiteral("shared_glb"), Field::LevelOutputBits).data().toString(), QStringLiteral("8"));
        QVERIFY(model->valueIndex(QStringLiteral("psum_spad"), Field::LevelOutputBits).data().toString().contains(QLatin1String("16 (default)")));

        // One ceiling per storage level with a bandwidth limit: shared_glb and the three spads
        // (eyeriss_like's input file gives them; DRAM has none), never a fan-out level.
        QCustomPlot* roof = e.w.rooflinePlot()->plot();
        QStringList legend;
        for (int i = 0; i < roof->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(roof->legend->item(i))) legend << item->plottable()->name();
        for (const char* level : {"shared_glb", "ifmap_spad", "weights_spad", "psum_spad"})
            QVERIFY2(legend.filter(QRegularExpression(QStringLiteral("^%1: .* B/cycle").arg(QLatin1String(level)))).size() == 1,
                     qPrintable(legend.join(QLatin1Char('|'))));
        QVERIFY2(legend.filter(QLatin1String("inter_PE")).isEmpty(), qPrintable(legend.join(QLatin1Char('|'))));
        QVERIFY2(legend.filter(QLatin1String("no bandwidth limit: DRAM")).size() == 1, qPrintable(legend.join(QLatin1Char('|'))));
        // The only layer is drawn at each limited level's own intensity, which the evaluation gave.
        const auto design = e.w.evaluator()->latest();
        const auto& roofline = design->result.ops.front().evaluation.roofline;
        std::vector<double> diamonds;
        for (int g = 0; g < roof->graphCount(); ++g)
            if (roof->graph(g)->scatterStyle().shape() == QCPScatterStyle::ssDiamond && roof->graph(g)->dataCount() == 1)
                diamonds.push_back(roof->graph(g)->data()->at(0)->key);
        QCOMPARE(int(diamonds.size()), 4);
        for (int l : {1, 4, 5, 6})
            QVERIFY(std::count(diamonds.begin(), diamonds.end(), roofline.levelIntensity[static_cast<std::size_t>(l)]) >= 1);
        QVERIFY(roof->savePng(kOutDir + QStringLiteral("/explorer_roofline_eyeriss_timeloop.png"), 900, 600));
        // The inspector's loop nest names every level, the fan-out levels with their spatial loops.
        QVERIFY(e.w.inspector()->selectOp(QString::fromStdString(design->result.ops.front().name)));
        const QString nest = e.w.inspector()->loopNestView()->toPlainText();
        for (const auto& level : e.w.currentArchitecture().levels)
            QVERIFY2(nest.contains(QString::fromStdString(level.name)), qPrintable(nest));
        QVERIFY2(nest.contains(QLatin1String("spatial_for")), qPrintable(nest));
        QVERIFY(e.w.inspectorDock()->grab().save(kOutDir + QStringLiteral("/explorer_inspector_eyeriss_timeloop.png")));
        e.w.architectureDock()->raise();
        e.w.architectureDock()->treeView()->expandAll();
        e.w.architectureDock()->treeView()->scrollTo(model->valueIndex(column, Field::FanoutX).parent(),
                                                     QAbstractItemView::PositionAtTop);
        QVERIFY(e.w.architectureDock()->grab().save(kOutDir + QStringLiteral("/explorer_arch_eyeriss_timeloop.png")));

        // Halving the PE columns halves every level below; the file's mapping no longer fits, and the
        // figures say that the mapper mapped the layer.
        const std::int64_t macsBefore = e.w.currentArchitecture().macUnits();
        QVERIFY(model->setData(model->valueIndex(column, Field::FanoutX), QStringLiteral("7")));
        QCOMPARE(e.w.currentArchitecture().macUnits(), macsBefore / 2);
        QVERIFY(e.waitForEvaluations(before + 2));
        QTRY_VERIFY2(e.w.statusBar()->currentMessage().contains(QLatin1String("does not fit this design")),
                     qPrintable(e.w.statusBar()->currentMessage()));

        // Simba-like: 24-bit accumulation words.
        const int simbaBefore = e.w.evaluator()->completedCount();
        QVERIFY2(e.w.importTimeloopFrom(tests + QStringLiteral("/model/timeloop_cases/design_simba_like_default_problem/input.yaml")),
                 qPrintable(e.w.lastError()));
        QVERIFY(e.waitForEvaluations(simbaBefore + 1));
        QCOMPARE(model->valueIndex(QStringLiteral("PEAccuBuffer"), Field::WordBits).data().toString(), QStringLiteral("24"));
        QVERIFY(model->valueIndex(QStringLiteral("PEAccuBuffer"), Field::LevelOutputBits).data().toString().startsWith(QLatin1String("24")));
        QVERIFY(model->valueIndex(QStringLiteral("inter_reg_mac_spatial"), Field::FanoutY).isValid());
        e.w.architectureDock()->treeView()->expandAll();
        e.w.architectureDock()->treeView()->scrollTo(model->valueIndex(QStringLiteral("PEAccuBuffer"), Field::WordBits).parent(),
                                                     QAbstractItemView::PositionAtTop);
        QVERIFY(e.w.architectureDock()->grab().save(kOutDir + QStringLiteral("/explorer_arch_simba_timeloop.png")));
        QVERIFY(e.w.rooflinePlot()->plot()->savePng(kOutDir + QStringLiteral("/explorer_roofline_simba_timeloop.png"), 900, 600));
    }

    void anotherWorkloadUpdatesTheRoofline() {
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        const QStringList resnetPoints = e.w.rooflinePlot()->pointNames();
        QVERIFY(e.w.loadWorkloadFrom(QStringLiteral("mobilenet_v2")));
        QTRY_VERIFY_WITH_TIMEOUT(e.w.evaluator()->latest()->workloadName == "mobilenet_v2", kEvaluationTimeoutMs);
        const auto design = e.w.evaluator()->latest();
        QCOMPARE(e.w.rooflinePlot()->pointCount(), macLayersOnArray(design->result));
        QVERIFY(e.w.rooflinePlot()->pointCount() > 0);
        QVERIFY(e.w.rooflinePlot()->pointNames() != resnetPoints);
        QVERIFY(e.w.rooflinePlot()->plot()->savePng(kOutDir + QStringLiteral("/explorer_roofline_mobilenet.png"), 900, 600));

        // Batch and fusion are part of the design: changing them evaluates again.
        const int done = e.w.evaluator()->completedCount();
        e.w.workloadDock()->batchSpin()->setValue(4);
        e.w.workloadDock()->fusionCombo()->setCurrentIndex(2);
        QVERIFY(e.waitForEvaluations(done + 1));
        QCOMPARE(e.w.evaluator()->latest()->batch, 4);
        QCOMPARE(e.w.evaluator()->latest()->fusion, accelscope::FusionMode::GlobalMemory);
    }

    void aNewRequestCancelsTheRunningOne() {
        Explorer e;
        QVERIFY(e.start());
        QSignalSpy evaluated(e.w.evaluator(), &accelscope::ui::DesignEvaluator::designEvaluated);
        // Three requests in a row: only the last one's result is shown.
        e.w.evaluateNow();
        QVERIFY(e.w.loadWorkloadFrom(QStringLiteral("resnet18")));
        e.w.evaluateNow();
        QVERIFY(e.w.loadWorkloadFrom(QStringLiteral("mobilenet_v2")));
        e.w.evaluateNow();
        QVERIFY(e.waitForEvaluations(1));
        QTest::qWait(50);
        QCOMPARE(e.w.evaluator()->latest()->workloadName, std::string("mobilenet_v2"));
        for (const auto& args : evaluated)
            QCOMPARE(args.first().value<std::shared_ptr<const accelscope::ui::EvaluatedDesign>>()->workloadName,
                     std::string("mobilenet_v2"));
    }

    void droppedFilesLoadByFormat() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        accelscope::Architecture arch = accelscope::loadArchitectureByNameOrPath("simba_like");
        arch.name = "my_simba";
        const QString archFile = dir.filePath(QStringLiteral("my_simba.json"));
        accelscope::saveArchitecture(arch, archFile.toStdString());

        Explorer e;
        const auto drop = [&](const QString& file) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(file)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&e.w, &enter);
            QDropEvent dropEvent(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&e.w, &dropEvent);
            return enter.isAccepted();
        };
        QVERIFY(drop(archFile));
        QCOMPARE(e.w.architectureName(), QStringLiteral("my_simba"));
        QCOMPARE(e.w.currentArchitecture(), arch);
        QVERIFY(MainWindow::recentFilesSetting().contains(QFileInfo(archFile).absoluteFilePath()));
        QVERIFY(drop(QStringLiteral(ACCELSCOPE_TESTS_DIR "/workload/data_tiny.json")));
        QCOMPARE(e.w.currentWorkload().name, std::string("tiny"));
        QCOMPARE(e.w.architectureName(), QStringLiteral("my_simba"));

        // A broken architecture file is reported with file, level and field; the design stays.
        const QString broken = dir.filePath(QStringLiteral("broken_arch.json"));
        std::string text = accelscope::serializeArchitecture(arch);
        const auto at = text.find("\"capacity_kib\":");
        QVERIFY(at != std::string::npos);
        text.replace(at, std::string("\"capacity_kib\":").size(), "\"capacity_words\": 0, \"x\":");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(text));
        f.close();
        QVERIFY(!e.w.loadArchitectureFrom(broken));
        QVERIFY2(e.w.lastError().contains(QLatin1String("broken_arch.json")) && e.w.lastError().contains(QLatin1String("level")),
                 qPrintable(e.w.lastError()));
        QCOMPARE(e.w.currentArchitecture(), arch);

        // Save As writes a file that loads back to the same design.
        const QString saved = dir.filePath(QStringLiteral("saved.json"));
        QVERIFY(e.w.saveArchitectureTo(saved));
        QCOMPARE(accelscope::loadArchitecture(saved.toStdString()), arch);
    }

    // File > Import SCALE-Sim...: the dialog takes the config and the topology (Import enabled once
    // both are given); the array becomes the design, the rows the workload, and every layer is costed
    // with SCALE-Sim's mapping, folds included (the status bar says so; the inspector's nest shows the
    // array's spatial loops). The window is rendered to explorer_scalesim_window.png.
    void importedScalesimDesignIsCostedAsScalesimMapsIt() {
        const QString dir = QStringLiteral(ACCELSCOPE_TESTS_DIR "/scalesim/");
        Explorer e;
        QVERIFY(e.start());
        QVERIFY(e.waitForEvaluations(1));
        const int before = e.w.evaluator()->completedCount();
        QAction* action = e.w.findChild<QAction*>(QStringLiteral("actionImportScalesim"));
        QVERIFY(action);
        bool dialogSeen = false, okWaitedForBoth = false;
        QTimer poll;
        poll.setInterval(10);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<accelscope::ui::ScalesimImportDialog*>(QApplication::activeModalWidget());
            if (!dialog || dialogSeen) return;
            dialogSeen = true;
            dialog->configEdit()->setText(dir + QStringLiteral("configs/sa32_os.cfg"));
            okWaitedForBoth = !dialog->okButton()->isEnabled();
            dialog->topologyEdit()->setText(dir + QStringLiteral("topologies/records.csv"));
            okWaitedForBoth = okWaitedForBoth && dialog->okButton()->isEnabled();
            dialog->okButton()->click();
        });
        poll.start();
        action->trigger();
        poll.stop();
        QVERIFY(dialogSeen);
        QVERIFY(okWaitedForBoth);
        QVERIFY2(e.w.lastError().isEmpty(), qPrintable(e.w.lastError()));
        QCOMPARE(e.w.architectureName(), QStringLiteral("sa32_os"));
        QCOMPARE(e.w.currentWorkload().name, std::string("records"));
        QVERIFY(e.waitForEvaluations(before + 1));
        const auto design = e.w.evaluator()->latest();
        QCOMPARE(design->arch.name, std::string("sa32_os"));
        QCOMPARE(int(design->result.ops.size()), 4);
        for (const auto& op : design->result.ops) {
            QVERIFY2(op.givenMapping, op.name.c_str());
            QVERIFY(op.evaluation.valid() && op.evaluation.systolicFolds > 0);
        }
        QCOMPARE(design->result.ops.front().evaluation.systolicFolds, std::int64_t{92 * 2});  // SCALE-Sim's folds
        QVERIFY2(e.w.statusBar()->currentMessage().contains(QLatin1String("every layer costed as SCALE-Sim maps it")),
                 qPrintable(e.w.statusBar()->currentMessage()));
        QCOMPARE(e.model()->valueIndex(QStringLiteral("SRAM"), Field::FanoutX).data().toString(), QStringLiteral("32"));
        QCOMPARE(e.w.rooflinePlot()->pointCount(), 4);
        QVERIFY(e.w.inspector()->selectOp(QStringLiteral("CB2a_2")));
        const QString nest = e.w.inspector()->loopNestView()->toPlainText();
        QVERIFY2(nest.contains(QLatin1String("spatial_for")) && nest.contains(QLatin1String("PE")), qPrintable(nest));
        QVERIFY(e.w.grab().save(kOutDir + QStringLiteral("/explorer_scalesim_window.png")));
        QVERIFY(e.w.inspectorDock()->grab().save(kOutDir + QStringLiteral("/explorer_inspector_scalesim.png")));
        e.w.architectureDock()->raise();
        e.w.architectureDock()->treeView()->expandAll();
        QVERIFY(e.w.architectureDock()->grab().save(kOutDir + QStringLiteral("/explorer_arch_scalesim.png")));

        // The config's entry in the Architecture dock drops edits by re-reading its design only.
        const accelscope::Architecture imported = e.w.currentArchitecture();
        QVERIFY(e.model()->setData(e.model()->valueIndex(QStringLiteral("SRAM"), Field::FanoutX), QStringLiteral("16")));
        QVERIFY(e.w.architectureDock()->isModified());
        QComboBox* presets = e.w.architectureDock()->presetCombo();
        QCOMPARE(presets->itemText(0), QStringLiteral("sa32_os.cfg (file)"));
        emit presets->activated(0);
        QVERIFY2(e.w.lastError().isEmpty(), qPrintable(e.w.lastError()));
        QVERIFY(e.w.currentArchitecture() == imported);
        QVERIFY(!e.w.architectureDock()->isModified());
        QCOMPARE(e.w.currentWorkload().name, std::string("records"));
    }

    void menusAndDocks() {
        Explorer e;
        QStringList titles;
        for (const QAction* a : e.w.menuBar()->actions()) titles << a->text().remove(QLatin1Char('&'));
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("View"), QStringLiteral("Search"), QStringLiteral("Help")}));
        QMenu* view = nullptr;
        for (QAction* a : e.w.menuBar()->actions())
            if (a->text().remove(QLatin1Char('&')) == QLatin1String("View")) view = a->menu();
        QVERIFY(view);
        for (QDockWidget* dock : {static_cast<QDockWidget*>(e.w.workloadDock()), static_cast<QDockWidget*>(e.w.architectureDock()),
                                  e.w.inspectorDock(), static_cast<QDockWidget*>(e.w.searchDock())})
            QVERIFY(view->actions().contains(dock->toggleViewAction()));
        QVERIFY(e.w.findChild<QAction*>(QStringLiteral("actionOpenArchitecture")));
        QVERIFY(e.w.findChild<QAction*>(QStringLiteral("actionSaveArchitectureAs")));
        QVERIFY(e.w.findChild<QAction*>(QStringLiteral("actionImportScalesim")));
        QVERIFY(e.w.recentFilesMenu());
        QCOMPARE(e.w.centralTabs()->count(), 4);  // Roofline, Breakdown, Pareto, Convergence
        QCOMPARE(e.w.centralTabs()->tabText(0), QStringLiteral("Roofline"));
        QCOMPARE(e.w.centralTabs()->tabText(1), QStringLiteral("Breakdown"));
        // The layout round-trips through saveState/restoreState at the current version.
        e.w.inspectorDock()->hide();
        const QByteArray state = e.w.saveState(MainWindow::kStateVersion);
        e.w.inspectorDock()->show();
        QVERIFY(e.w.restoreState(state, MainWindow::kStateVersion));
        QVERIFY(e.w.inspectorDock()->isHidden());
        QVERIFY(!e.w.restoreState(state, MainWindow::kStateVersion - 1));
        // The preset chooser lists the presets; picking one loads it.
        QComboBox* presets = e.w.architectureDock()->presetCombo();
        QCOMPARE(presets->count(), int(accelscope::presetArchitectureNames().size()));
        const int tpu = presets->findText(QStringLiteral("tpu_v3_like"));
        QVERIFY(tpu >= 0);
        presets->setCurrentIndex(tpu);
        emit presets->activated(tpu);
        QCOMPARE(e.w.architectureName(), QStringLiteral("tpu_v3_like"));
    }
};

QTEST_MAIN(TestExplorer)
#include "test_explorer.moc"
