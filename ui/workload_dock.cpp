#include "workload_dock.h"

#include "dock_body.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "op_table_model.h"
#include "workload/workload_io.h"

namespace accelscope::ui {
namespace {

// Keeps the rows whose name or kind contains the filter text (case-insensitive).
class OpFilterProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override {
        const QRegularExpression& re = filterRegularExpression();
        if (re.pattern().isEmpty()) return true;
        for (int column : {int(OpTableModel::Name), int(OpTableModel::Kind)}) {
            const QModelIndex index = sourceModel()->index(sourceRow, column, sourceParent);
            if (sourceModel()->data(index, Qt::DisplayRole).toString().contains(re)) return true;
        }
        return false;
    }
};

// A spin box that accepts only multiples of its single step: a workload file fixes a batch (its
// inputs' N), and the evaluation batch must be a multiple of it (workload/batch.h).
class MultipleSpinBox : public QSpinBox {
public:
    using QSpinBox::QSpinBox;

protected:
    QValidator::State validate(QString& text, int& pos) const override {
        const QValidator::State state = QSpinBox::validate(text, pos);
        if (state != QValidator::Acceptable) return state;
        return valueFromText(text) % singleStep() == 0 ? QValidator::Acceptable : QValidator::Intermediate;
    }
    void fixup(QString& text) const override {
        const int step = singleStep();
        const int rounded = std::max(minimum(), (valueFromText(text) + step / 2) / step * step);
        text = textFromValue(std::min(rounded, maximum()));
    }
};

constexpr int kSourceRole = Qt::UserRole;  // combo item data: the shipped name or the file path

}  // namespace

WorkloadDock::WorkloadDock(QWidget* parent) : QDockWidget(tr("Workload"), parent) {
    const auto [body, layout, form] = makeDockBody(this, QStringLiteral("workloadDock"));
    combo_ = new QComboBox(body);
    combo_->setObjectName(QStringLiteral("workloadCombo"));
    combo_->setToolTip(tr("Shipped networks (workloads/); File > Open Workload... loads your own"));
    form->addRow(tr("&Network:"), combo_);
    filter_ = new QLineEdit(body);
    filter_->setObjectName(QStringLiteral("opFilter"));
    filter_->setPlaceholderText(tr("name or kind, e.g. conv"));
    filter_->setClearButtonEnabled(true);
    form->addRow(tr("&Filter:"), filter_);
    batch_ = new MultipleSpinBox(body);
    batch_->setObjectName(QStringLiteral("batchSpin"));
    batch_->setRange(1, 4096);
    batch_->setValue(1);
    batch_->setToolTip(tr("Inferences per batch: MAC layers see N = batch; throughput = batch / latency"));
    form->addRow(tr("&Batch:"), batch_);
    fusion_ = new QComboBox(body);
    fusion_->setObjectName(QStringLiteral("fusionCombo"));
    fusion_->addItem(tr("none: every activation goes through DRAM"), static_cast<int>(FusionMode::None));
    fusion_->addItem(tr("producer: element-wise ops fused into their producer"), static_cast<int>(FusionMode::ProducerConsumer));
    fusion_->addItem(tr("global: producer fusion + tensors resident in the global buffer"), static_cast<int>(FusionMode::GlobalMemory));
    fusion_->setToolTip(tr("The compiler's fusion pass (FAST): which activations stay on chip"));
    form->addRow(tr("F&usion:"), fusion_);

    model_ = new OpTableModel(this);
    proxy_ = new OpFilterProxy(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(OpTableModel::kSortRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    table_ = new QTableView(body);
    table_->setObjectName(QStringLiteral("opTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // file order until a header is clicked
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setHighlightSections(false);
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->horizontalHeader()->setSortIndicatorShown(true);
    layout->addWidget(table_, 1);

    summary_ = new QLabel(body);
    summary_->setObjectName(QStringLiteral("workloadSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    setWidget(body);

    refreshShippedNames();
    updateSummary();

    connect(batch_, &QSpinBox::valueChanged, this, &WorkloadDock::evaluationSettingsChanged);
    connect(fusion_, &QComboBox::currentIndexChanged, this, &WorkloadDock::evaluationSettingsChanged);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(combo_, &QComboBox::activated, this, [this](int index) {
        const QString source = combo_->itemData(index, kSourceRole).toString();
        if (!source.isEmpty() && source != source_) emit workloadRequested(source);
    });
}

void WorkloadDock::refreshShippedNames() {
    const QSignalBlocker block(combo_);
    combo_->clear();
    for (const auto& name : shippedWorkloadNames()) {
        const QString n = QString::fromStdString(name);
        combo_->addItem(n, n);
    }
    if (combo_->count() == 0) combo_->setPlaceholderText(tr("(no shipped networks found)"));
    selectSource(source_);
}

void WorkloadDock::selectSource(const QString& source) {
    const QSignalBlocker block(combo_);
    // A file that is not a shipped network gets its own entry, first in the list.
    if (combo_->count() > 0 && combo_->itemData(0, kSourceRole).toString().contains(QLatin1Char('/')))
        combo_->removeItem(0);
    if (source.isEmpty()) {
        combo_->setCurrentIndex(-1);
        return;
    }
    int index = combo_->findData(source, kSourceRole);
    if (index < 0) {
        const QFileInfo file(source);
        combo_->insertItem(0, tr("%1 (file)").arg(file.fileName()), file.absoluteFilePath());
        combo_->setItemData(0, file.absoluteFilePath(), Qt::ToolTipRole);
        index = 0;
    }
    combo_->setCurrentIndex(index);
}

void WorkloadDock::setWorkload(const Workload& workload, const QString& source) {
    const bool shipped = combo_->findData(source, kSourceRole) >= 0;
    source_ = shipped ? source : QFileInfo(source).absoluteFilePath();
    model_->setWorkload(workload);
    // The batch steps by the file's own batch (a Timeloop layer with N = 32 runs at 32, 64, ...).
    const int fileBatch = static_cast<int>(std::clamp<std::int64_t>(workload.batch, 1, 4096));
    batch_->setRange(fileBatch, 4096 / fileBatch * fileBatch);
    batch_->setSingleStep(fileBatch);
    if (batch_->value() % fileBatch != 0) batch_->setValue(fileBatch);
    batch_->setToolTip(fileBatch == 1 ? tr("Inferences per batch: MAC layers see N = batch; throughput = batch / latency")
                                      : tr("Inferences per batch, a multiple of the file's batch %1: MAC layers see "
                                           "N = batch; throughput = batch / latency")
                                            .arg(fileBatch));
    selectSource(source_);
    table_->resizeColumnsToContents();
    updateSummary();
    emit workloadChanged(workload);
}

int WorkloadDock::preferredWidth() const {
    const int margins = widget()->layout()->contentsMargins().left() + widget()->layout()->contentsMargins().right();
    return table_->horizontalHeader()->length() + table_->verticalScrollBar()->sizeHint().width() +
           2 * table_->frameWidth() + margins + 4;
}

std::int64_t WorkloadDock::batch() const { return batch_->value(); }

FusionMode WorkloadDock::fusion() const { return static_cast<FusionMode>(fusion_->currentData().toInt()); }

void WorkloadDock::setEvaluationSettings(std::int64_t batch, FusionMode fusion) {
    const std::int64_t step = std::max(1, batch_->singleStep());
    batch_->setValue(static_cast<int>(std::clamp<std::int64_t>((batch + step - 1) / step * step, batch_->minimum(), batch_->maximum())));
    const int index = fusion_->findData(static_cast<int>(fusion));
    if (index >= 0) fusion_->setCurrentIndex(index);
}

void WorkloadDock::revertSelection() { selectSource(source_); }

void WorkloadDock::updateSummary() {
    const Workload& w = model_->workload();
    if (w.ops.empty()) {
        summary_->setText(tr("No workload loaded"));
        summary_->setToolTip({});
        return;
    }
    const std::int64_t macs = w.totalMacs();
    summary_->setText(tr("%1 ops  \u00b7  %2 GMACs  \u00b7  %3 MAC ops")
                          .arg(OpTableModel::groupedNumber(static_cast<qlonglong>(w.ops.size())))
                          .arg(static_cast<double>(macs) / 1e9, 0, 'f', 2)
                          .arg(OpTableModel::groupedNumber(static_cast<qlonglong>(w.macOpCount()))));
    summary_->setToolTip(tr("%1: %2 MACs in total (repeat counted), batch %3\nsource: %4")
                             .arg(QString::fromStdString(w.name), OpTableModel::groupedNumber(macs))
                             .arg(w.batch)
                             .arg(QString::fromStdString(w.source)));
}

}  // namespace accelscope::ui
