#include "architecture_dock.h"

#include "dock_body.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QToolTip>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "arch/arch_io.h"
#include "architecture_model.h"
#include "model/layer_cost.h"
#include "model/power.h"

namespace accelscope::ui {
namespace {

constexpr int kSourceRole = Qt::UserRole;  // combo item data: the preset name or the file path
const QString kInvalidStyle = QStringLiteral("QLineEdit { background: #ffcdcd; }");

// A line editor that checks every keystroke against the model: an unacceptable value turns the
// editor red with the reason as its tooltip (and in the dock's message line).
class ValueDelegate : public QStyledItemDelegate {
public:
    ValueDelegate(ArchitectureModel* model, QLabel* message, QObject* parent)
        : QStyledItemDelegate(parent), model_(model), message_(message) {}

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex& index) const override {
        auto* edit = new QLineEdit(parent);
        edit->setObjectName(QStringLiteral("architectureValueEditor"));
        edit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const QPersistentModelIndex persistent(index);
        connect(edit, &QLineEdit::textEdited, edit, [this, edit, persistent](const QString& text) {
            const QString reason = model_->validate(persistent, text);
            edit->setStyleSheet(reason.isEmpty() ? QString() : kInvalidStyle);
            edit->setToolTip(reason);
            message_->setText(reason);
            if (!reason.isEmpty() && edit->isVisible())
                QToolTip::showText(edit->mapToGlobal(QPoint(0, edit->height())), reason, edit);
        });
        return edit;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        static_cast<QLineEdit*>(editor)->setText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
        const QString text = static_cast<QLineEdit*>(editor)->text();
        if (text == index.data(Qt::EditRole).toString()) return;  // unchanged: no undo step
        model->setData(index, text, Qt::EditRole);
    }

private:
    ArchitectureModel* model_;
    QLabel* message_;
};

}  // namespace

ArchitectureDock::ArchitectureDock(QWidget* parent) : QDockWidget(tr("Architecture"), parent) {
    const auto [body, layout, form] = makeDockBody(this, QStringLiteral("architectureDock"));
    presets_ = new QComboBox(body);
    presets_->setObjectName(QStringLiteral("presetCombo"));
    presets_->setToolTip(tr("Architecture presets (resources/arch/); File > Open Architecture... loads your own"));
    for (const auto& name : presetArchitectureNames()) {
        const QString n = QString::fromStdString(name);
        presets_->addItem(n, n);
    }
    form->addRow(tr("&Preset:"), presets_);

    model_ = new ArchitectureModel(this);
    undo_ = new QUndoStack(this);
    model_->setUndoStack(undo_);

    tree_ = new QTreeView(body);
    tree_->setObjectName(QStringLiteral("architectureTree"));
    tree_->setModel(model_);
    tree_->setAlternatingRowColors(true);
    tree_->setUniformRowHeights(true);
    tree_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                           QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(ArchitectureModel::Parameter, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(ArchitectureModel::Value, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(ArchitectureModel::Unit, QHeaderView::ResizeToContents);
    layout->addWidget(tree_, 1);

    message_ = new QLabel(body);
    message_->setObjectName(QStringLiteral("architectureMessage"));
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("QLabel { color: #b00000; }"));
    layout->addWidget(message_);
    tree_->setItemDelegateForColumn(ArchitectureModel::Value, new ValueDelegate(model_, message_, this));

    summary_ = new QLabel(body);
    summary_->setObjectName(QStringLiteral("architectureSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    setWidget(body);

    connect(model_, &ArchitectureModel::architectureChanged, this, [this](const Architecture& arch) {
        updateSummary();
        message_->clear();
        emit architectureChanged(arch);
    });
    connect(model_, &ArchitectureModel::editRejected, this, [this](const QModelIndex&, const QString& reason) {
        message_->setText(tr("Not applied: %1").arg(reason));
    });
    connect(model_, &QAbstractItemModel::modelReset, tree_, &QTreeView::expandAll);
    connect(presets_, &QComboBox::activated, this, [this](int index) {
        const QString source = presets_->itemData(index, kSourceRole).toString();
        if (!source.isEmpty() && (source != source_ || isModified())) emit presetRequested(source);
    });
    updateSummary();
}

void ArchitectureDock::setArchitecture(const Architecture& arch, const QString& source) {
    source_ = source;
    undo_->clear();
    model_->setArchitecture(arch);
    tree_->expandAll();
    selectSource(source);
}

const Architecture& ArchitectureDock::architecture() const { return model_->architecture(); }

bool ArchitectureDock::isModified() const { return !undo_->isClean(); }

void ArchitectureDock::revertSelection() { selectSource(source_); }

void ArchitectureDock::selectSource(const QString& source) {
    const QSignalBlocker block(presets_);
    if (presets_->count() > 0 && presets_->itemData(0, kSourceRole).toString().contains(QLatin1Char('/')))
        presets_->removeItem(0);
    int index = presets_->findData(source, kSourceRole);
    if (index < 0 && !source.isEmpty()) {
        const QFileInfo file(source);
        presets_->insertItem(0, tr("%1 (file)").arg(file.fileName()), file.absoluteFilePath());
        presets_->setItemData(0, file.absoluteFilePath(), Qt::ToolTipRole);
        index = 0;
    }
    presets_->setCurrentIndex(index);
}

QString ArchitectureDock::summaryText(const Architecture& arch) {
    if (arch.levels.empty()) return tr("No architecture loaded");
    return tr("%1 MAC units  \u00b7  %2 KiB on chip  \u00b7  %3 mm\u00b2  \u00b7  TDP %4 W")
        .arg(arch.macUnits())
        .arg(onChipKiB(arch), 0, 'f', 1)
        .arg(architectureAreaUm2(arch) * 1e-6, 0, 'f', 3)
        .arg(peakPowerW(arch), 0, 'f', 3);
}

void ArchitectureDock::updateSummary() {
    const Architecture& arch = model_->architecture();
    summary_->setText(summaryText(arch));
    summary_->setToolTip(arch.levels.empty() ? QString()
                                             : tr("%1 at %2 GHz; source: %3")
                                                   .arg(QString::fromStdString(arch.name))
                                                   .arg(arch.clockGHz)
                                                   .arg(QString::fromStdString(arch.source)));
}

}  // namespace accelscope::ui
