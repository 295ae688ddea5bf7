#pragma once
// Every parameter of an Architecture as a tree: "General" (clock, precisions), one branch per level
// (outermost first: a storage level, or a fan-out level that stores nothing and only has its mesh
// and network), "Compute" and "Vector unit". Columns: parameter, value, unit. A level's own tensor
// precisions show the architecture's when the level does not set them.
//
// An edit is applied the way an architecture file is read: the current design is written in the file
// format, the field is changed there, and the text is read back (arch_io.h). So an edit is validated
// by the same rules as a file (reasons name the field, e.g. `capacity_words must be a positive
// integer, got 0`), and figures the technology table derives ("tech": energies, area, leakage of a
// buffer) follow the new capacity or width. An invalid value is never applied nor clamped: the cell is
// marked (red background, the reason as tooltip) until the next accepted edit of that cell.
// Accepted edits go through the undo stack when one is set (one command per edit).
#include <QAbstractItemModel>
#include <QHash>
#include <QString>
#include <optional>

#include "arch/architecture.h"

class QUndoStack;

namespace accelscope::ui {

class ArchitectureModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Parameter, Value, Unit, ColumnCount };
    enum class Field {
        ClockGHz, WeightBits, InputBits, OutputBits,                      // general
        WordBits, LevelWeightBits, LevelInputBits, LevelOutputBits,      // a storage level
        Capacity, ReadBandwidth, WriteBandwidth, SharedBandwidth, FanoutX, FanoutY,
        Multicast, Reduction, Links,                                      // its fan-out's network
        Systolic, SystolicRows, DoubleBuffered,                           // ... timed as a systolic array
        KeepsWeights, KeepsInputs, KeepsOutputs,
        ReadPj, WritePj, UpdatePj, BlockWords, ClusterInstances, LeakPj, AreaUm2, NetworkPj,
        MacPj, MacAreaUm2, Lanes, MacLeakPj,                              // compute
        VectorLanes, VectorOpPj, VectorAreaUm2,                           // vector unit
    };

    explicit ArchitectureModel(QObject* parent = nullptr);

    // Replaces the design (a load, or an undo/redo step); the rejected-cell marks are cleared.
    void setArchitecture(const Architecture& arch);
    const Architecture& architecture() const { return arch_; }
    // Accepted edits are pushed here (nullptr: applied directly).
    void setUndoStack(QUndoStack* stack) { undo_ = stack; }

    // The value cell of a parameter: `group` is "General", a level's name, "Compute" or "Vector unit".
    QModelIndex valueIndex(const QString& group, Field field) const;
    std::optional<Field> fieldAt(const QModelIndex& index) const;

    // Why `text` is not acceptable for the value cell at `index` (empty: it is).
    QString validate(const QModelIndex& index, const QString& text) const;
    // The reason the last edit was refused (empty after an accepted one).
    QString lastRejection() const { return lastRejection_; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void architectureChanged(const accelscope::Architecture& arch);
    void editRejected(const QModelIndex& index, const QString& reason);

private:
    struct Edit {
        std::optional<Architecture> arch;
        QString error;        // why not
        QString description;  // "GlobalBuffer capacity 55296 -> 65536 words" (the undo text)
    };
    int groupCount() const { return arch_.levelCount() + 3; }
    QString groupName(int group) const;
    std::vector<Field> fields(int group) const;
    int levelOf(int group) const;  // -1 for General, Compute and Vector
    Edit propose(const QModelIndex& index, const QString& text) const;
    QVariant fieldValue(int group, Field f) const;
    QString displayValue(int group, Field f) const;
    QString groupSummary(int group) const;
    void apply(const Architecture& arch);  // what an undo command calls

    Architecture arch_;
    QUndoStack* undo_ = nullptr;
    QHash<quint64, QPair<QString, QString>> rejected_;  // cell key -> (text typed, reason)
    QString lastRejection_;

    friend class ArchitectureEditCommand;
};

QString fieldName(ArchitectureModel::Field f);
QString fieldUnit(ArchitectureModel::Field f);
QString fieldHelp(ArchitectureModel::Field f);

}  // namespace accelscope::ui
