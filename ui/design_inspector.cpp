#include "design_inspector.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "design_evaluator.h"
#include "mapper/loop_nest_printer.h"
#include "model/systolic_timing.h"
#include "op_table_model.h"

namespace accelscope::ui {
namespace {

constexpr int kOpIndexRole = Qt::UserRole + 1;  // the row's index in NetworkResult::ops

constexpr int kSortRole = Qt::UserRole + 2;

// Shows formatted text, sorts by the raw value when it has one.
class SortableItem : public QTableWidgetItem {
public:
    bool operator<(const QTableWidgetItem& other) const override {
        const QVariant a = data(kSortRole), b = other.data(kSortRole);
        if (a.isValid() && b.isValid()) return a.toDouble() < b.toDouble();
        return QTableWidgetItem::operator<(other);
    }
};

// A table cell that shows `text` and sorts by `sortValue` (when given).
QTableWidgetItem* cell(const QString& text, const QVariant& sortValue = {}, bool number = false) {
    auto* item = new SortableItem;
    item->setText(text);
    if (sortValue.isValid()) item->setData(kSortRole, sortValue);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidget* makeTable(QWidget* parent, const QStringList& headers, const QString& name) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setAlternatingRowColors(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setWordWrap(false);
    t->verticalHeader()->setVisible(false);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->horizontalHeader()->setHighlightSections(false);
    return t;
}

QString engineering(double value, const QString& unit) {
    static const std::pair<double, const char*> prefixes[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""},
                                                              {1e-3, "m"}, {1e-6, "\u00b5"}, {1e-9, "n"}, {1e-12, "p"}};
    for (const auto& [scale, prefix] : prefixes)
        if (std::abs(value) >= scale) return QStringLiteral("%1 %2%3").arg(value / scale, 0, 'g', 4).arg(QString::fromUtf8(prefix), unit);
    return QStringLiteral("%1 %2").arg(value, 0, 'g', 4).arg(unit);
}

}  // namespace

DesignInspector::DesignInspector(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("designInspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    heading_ = new QLabel(this);
    heading_->setObjectName(QStringLiteral("designHeading"));
    heading_->setStyleSheet(QStringLiteral("QLabel { background: #e8f0fb; border: 1px solid #9db7dc; padding: 3px; }"));
    heading_->setWordWrap(true);
    heading_->hide();
    layout->addWidget(heading_);
    metrics_ = new QLabel(this);
    metrics_->setObjectName(QStringLiteral("designMetrics"));
    metrics_->setTextFormat(Qt::RichText);
    metrics_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(metrics_);

    auto* split = new QSplitter(Qt::Vertical, this);
    bottlenecks_ = makeTable(split, {tr("Category"), tr("Ops"), tr("MACs %"), tr("Time %"), tr("Energy %")},
                             QStringLiteral("bottleneckTable"));
    ops_ = makeTable(split, {tr("Op"), tr("Cycles"), tr("Energy (\u00b5J)"), tr("Bound"), tr("Unit"), tr("Kind")},
                     QStringLiteral("inspectorOpTable"));
    ops_->setSortingEnabled(true);
    loopNest_ = new QPlainTextEdit(split);
    loopNest_->setObjectName(QStringLiteral("loopNestView"));
    loopNest_->setReadOnly(true);
    loopNest_->setLineWrapMode(QPlainTextEdit::NoWrap);
    loopNest_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    loopNest_->setPlaceholderText(tr("Select a MAC op to see its mapping as a loop nest."));
    split->addWidget(bottlenecks_);
    split->addWidget(ops_);
    split->addWidget(loopNest_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 3);
    layout->addWidget(split, 1);

    connect(ops_, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = ops_->selectionModel()->selectedRows();
        if (rows.isEmpty()) return;
        const int opIndex = ops_->item(rows.first().row(), OpName)->data(kOpIndexRole).toInt();
        showOp(opIndex);
    });
    fillMetrics();
}

void DesignInspector::setHeading(const QString& heading) {
    heading_->setText(heading);
    heading_->setVisible(!heading.isEmpty());
}

QString DesignInspector::heading() const { return heading_->text(); }

void DesignInspector::setDesign(std::shared_ptr<const EvaluatedDesign> design) {
    const QString keep = selectedOp();
    design_ = std::move(design);
    fillMetrics();
    fillBottlenecks();
    fillOps();
    loopNest_->clear();
    if (!keep.isEmpty()) selectOp(keep);
}

void DesignInspector::fillMetrics() {
    if (!design_) {
        metrics_->setText(tr("<i>No design evaluated yet.</i>"));
        return;
    }
    const NetworkResult& r = design_->result;
    const auto row = [](const QString& name, const QString& value) {
        return QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;&nbsp;<b>%2</b></td></tr>").arg(name, value);
    };
    QString html = tr("<b>%1</b> on <b>%2</b>, batch %3, fusion %4%5")
                       .arg(QString::fromStdString(design_->workloadName), QString::fromStdString(design_->arch.name))
                       .arg(design_->batch)
                       .arg(QString::fromUtf8(fusionModeName(design_->fusion).data(),
                                              static_cast<qsizetype>(fusionModeName(design_->fusion).size())))
                       .arg(r.complete ? QString() : tr(" <span style='color:#b00000'>(some MAC ops found no mapping)</span>"));
    html += QStringLiteral("<table cellspacing='0'>");
    html += row(tr("latency"), engineering(r.latencyS, QStringLiteral("s")));
    html += row(tr("throughput"), tr("%1 inferences/s").arg(r.throughput, 0, 'g', 4));
    html += row(tr("energy"), engineering(r.energyJ(), QStringLiteral("J")));
    html += row(tr("EDP"), tr("%1 J\u00b7s").arg(r.edp(), 0, 'g', 4));
    html += row(tr("area"), tr("%1 mm\u00b2").arg(r.areaUm2 * 1e-6, 0, 'g', 4));
    html += row(tr("TDP"), engineering(r.tdpW, QStringLiteral("W")));
    html += row(tr("Perf/TDP"), tr("%1 inferences/s/W").arg(r.perfPerTdp, 0, 'g', 4));
    html += row(tr("DRAM traffic"), tr("%1 (%2 without fusion)")
                                        .arg(engineering(r.dramBytes, QStringLiteral("B")),
                                             engineering(r.dramBytesUnfused, QStringLiteral("B"))));
    html += QStringLiteral("</table>");
    metrics_->setText(html);
    metrics_->setToolTip(tr("Evaluated in %1 s (mapper budget per layer shape: interactive)").arg(design_->seconds, 0, 'f', 2));
}

void DesignInspector::fillBottlenecks() {
    bottlenecks_->setRowCount(0);
    if (!design_) return;
    const auto& rows = design_->result.bottlenecks;
    bottlenecks_->setRowCount(static_cast<int>(rows.size()));
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const BottleneckRow& b = rows[static_cast<std::size_t>(i)];
        bottlenecks_->setItem(i, 0, cell(QString::fromStdString(b.category)));
        bottlenecks_->setItem(i, 1, cell(QString::number(b.ops), {}, true));
        bottlenecks_->setItem(i, 2, cell(QString::number(100 * b.macShare, 'f', 1), {}, true));
        bottlenecks_->setItem(i, 3, cell(QString::number(100 * b.cycleShare, 'f', 1), {}, true));
        bottlenecks_->setItem(i, 4, cell(QString::number(100 * b.energyShare, 'f', 1), {}, true));
    }
    bottlenecks_->resizeColumnsToContents();
}

void DesignInspector::fillOps() {
    const QSignalBlocker block(ops_);
    ops_->setSortingEnabled(false);
    ops_->clearContents();
    ops_->setRowCount(0);
    if (!design_) return;
    const auto& ops = design_->result.ops;
    ops_->setRowCount(static_cast<int>(ops.size()));
    for (int i = 0; i < static_cast<int>(ops.size()); ++i) {
        const OpCost& c = ops[static_cast<std::size_t>(i)];
        auto* name = cell(QString::fromStdString(c.name));
        name->setData(kOpIndexRole, i);
        ops_->setItem(i, OpName, name);
        ops_->setItem(i, OpKind, cell(QString::fromStdString(c.category)));
        ops_->setItem(i, OpUnit, cell(QString::fromUtf8(opUnitName(c.unit).data())));
        auto* cycles = cell(OpTableModel::groupedNumber(static_cast<qlonglong>(c.cycles)), static_cast<qlonglong>(c.cycles), true);
        if (c.overlapped) cycles->setToolTip(tr("fused into its producer: these cycles overlap the producer's"));
        ops_->setItem(i, OpCycles, cycles);
        ops_->setItem(i, OpEnergy, cell(QString::number(c.energyPj * 1e-6, 'f', 2), c.energyPj * 1e-6, true));
        ops_->setItem(i, OpBound, cell(QString::fromStdString(opBoundName(c.bound, design_->arch))));
    }
    // Network order until a header is clicked.
    ops_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    ops_->setSortingEnabled(true);
    ops_->resizeColumnsToContents();
}

bool DesignInspector::selectOp(const QString& name) {
    for (int row = 0; row < ops_->rowCount(); ++row)
        if (ops_->item(row, OpName)->text() == name) {
            ops_->selectRow(row);
            ops_->scrollToItem(ops_->item(row, OpName));
            return true;
        }
    return false;
}

QString DesignInspector::selectedOp() const {
    const auto rows = ops_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : ops_->item(rows.first().row(), OpName)->text();
}

void DesignInspector::showOp(int opIndex) {
    if (!design_ || opIndex < 0 || opIndex >= static_cast<int>(design_->result.ops.size())) return;
    const OpCost& c = design_->result.ops[static_cast<std::size_t>(opIndex)];
    const QString name = QString::fromStdString(c.name);
    if (c.unit == OpUnit::MacArray && c.mapped && c.evaluation.valid()) {
        const std::string nest = printLoopNest(design_->arch, c.mapping, &c.evaluation);
        const Evaluation& e = c.evaluation;
        const std::string summary = systolicSummary(design_->arch, e);
        const QString systolic =
            summary.empty() ? QString() : tr("systolic array: %1\n").arg(QString::fromStdString(summary));
        loopNest_->setPlainText(tr("%1: %2 cycles, utilisation %3% (one instance, before fusion)\n")
                                    .arg(name, OpTableModel::groupedNumber(static_cast<qlonglong>(e.cycles)))
                                    .arg(100 * e.utilization, 0, 'f', 1) +
                                systolic + "\n" + QString::fromStdString(nest));
    } else if (c.unit == OpUnit::MacArray) {
        loopNest_->setPlainText(tr("%1: no valid mapping was found within the mapper's budget.").arg(name));
    } else {
        loopNest_->setPlainText(tr("%1 runs on the %2 (bound: %3): it has no loop-nest mapping.")
                                    .arg(name, c.unit == OpUnit::Vector ? tr("vector unit") : tr("no unit (a view or a folded op)"),
                                         QString::fromStdString(opBoundName(c.bound, design_->arch))));
    }
    emit opSelected(name);
}

}  // namespace accelscope::ui
