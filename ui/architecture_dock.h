#pragma once
// The "Architecture" dock: choose a preset, edit every parameter of the design in a tree (validated as
// you type, every accepted edit undoable), and read the design's size, area and peak power.
#include <QDockWidget>
#include <QString>

#include "arch/architecture.h"

class QComboBox;
class QLabel;
class QTreeView;
class QUndoStack;

namespace accelscope::ui {

class ArchitectureModel;

class ArchitectureDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ArchitectureDock(QWidget* parent = nullptr);

    // Shows `arch`, loaded from `source` (a preset name or a file path); the undo history starts anew.
    void setArchitecture(const Architecture& arch, const QString& source);
    const Architecture& architecture() const;
    QString source() const { return source_; }
    // Whether the design differs from what was loaded.
    bool isModified() const;
    // Puts the preset chooser back on the design shown (after a failed load of another choice).
    void revertSelection();

    // "168 MAC units · 181 KiB on chip · 1.52 mm² · TDP 0.31 W"
    static QString summaryText(const Architecture& arch);

    ArchitectureModel* model() const { return model_; }
    QTreeView* treeView() const { return tree_; }
    QComboBox* presetCombo() const { return presets_; }
    QLabel* summaryLabel() const { return summary_; }
    QLabel* messageLabel() const { return message_; }
    QUndoStack* undoStack() const { return undo_; }

signals:
    void architectureChanged(const accelscope::Architecture& arch);
    // The user picked another preset (its name).
    void presetRequested(const QString& name);

private:
    void selectSource(const QString& source);
    void updateSummary();

    QComboBox* presets_ = nullptr;
    QTreeView* tree_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* message_ = nullptr;
    ArchitectureModel* model_ = nullptr;
    QUndoStack* undo_ = nullptr;
    QString source_;
};

}  // namespace accelscope::ui
