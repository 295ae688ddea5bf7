#pragma once
// A table of a workload's ops: one row per op with its kind, dims and derived figures.
// Qt::DisplayRole is formatted text (thousands separators); kSortRole holds the raw value (numbers as
// qlonglong) so that a QSortFilterProxyModel with setSortRole(kSortRole) sorts numerically.
#include <QAbstractTableModel>
#include <QString>

#include "workload/workload.h"

namespace accelscope::ui {

class OpTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Dims, Stride, Groups, Repeat, Macs, InputElems, WeightElems, OutputElems, ColumnCount };
    static constexpr int kSortRole = Qt::UserRole;

    explicit OpTableModel(QObject* parent = nullptr);

    void setWorkload(const Workload& workload);
    const Workload& workload() const { return workload_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "K64 C3 P112 Q112 R7 S7", "M128 N768 K768", "1x64x56x56", ...
    static QString dimsText(const Op& op);
    // 1234567 -> "1,234,567"
    static QString groupedNumber(qlonglong value);
    // MACs of the op in the network (one instance times repeat), as the Macs column shows.
    static qlonglong networkMacs(const Workload& workload, const Op& op);

private:
    QVariant rawValue(const Op& op, int column) const;

    Workload workload_;
    std::vector<OpFigures> figures_;  // per row, computed once per workload
};

}  // namespace accelscope::ui
