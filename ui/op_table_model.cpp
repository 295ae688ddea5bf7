#include "op_table_model.h"

#include <array>

namespace accelscope::ui {
namespace {

bool isNumericColumn(int column) {
    return column == OpTableModel::Groups || column == OpTableModel::Repeat || column >= OpTableModel::Macs;
}

QString strideText(const Op& op) {
    if (opLayout(op.kind) != OpLayout::Window) return {};
    return QStringLiteral("%1x%2").arg(op.stride[0]).arg(op.stride[1]);
}

}  // namespace

OpTableModel::OpTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void OpTableModel::setWorkload(const Workload& workload) {
    beginResetModel();
    workload_ = workload;
    figures_.clear();
    figures_.reserve(workload_.ops.size());
    for (const auto& op : workload_.ops) figures_.push_back(workload_.figures(op));
    endResetModel();
}

int OpTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(workload_.ops.size());
}

int OpTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString OpTableModel::groupedNumber(qlonglong value) {
    QString digits = QString::number(value < 0 ? -value : value);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3) digits.insert(i, QLatin1Char(','));
    return value < 0 ? QLatin1Char('-') + digits : digits;
}

qlonglong OpTableModel::networkMacs(const Workload& workload, const Op& op) {
    return static_cast<qlonglong>(workload.figures(op).macs * op.repeat);
}

QString OpTableModel::dimsText(const Op& op) {
    QStringList parts;
    auto dim = [&parts](char name, std::int64_t value) {
        parts << QLatin1Char(name) + QString::number(value);
    };
    switch (opLayout(op.kind)) {
    case OpLayout::Window:
        if (op.N != 1) dim('N', op.N);
        if (op.kind == OpKind::Conv) dim('K', op.K);
        dim('C', op.C);
        dim('P', op.P);
        dim('Q', op.Q);
        dim('R', op.R);
        dim('S', op.S);
        break;
    case OpLayout::Global:
        if (op.N != 1) dim('N', op.N);
        dim('C', op.C);
        dim('H', op.H);
        dim('W', op.W);
        break;
    case OpLayout::Matrix:
        if (op.kind == OpKind::MatMul) dim('B', op.B);
        dim('M', op.M);
        dim('N', op.N);
        dim('K', op.K);
        break;
    case OpLayout::Shaped: {
        QStringList extents;
        for (auto e : op.shape) extents << QString::number(e);
        return extents.join(QLatin1Char('x'));
    }
    }
    return parts.join(QLatin1Char(' '));
}

QVariant OpTableModel::rawValue(const Op& op, int column) const {
    const auto& f = figures_[static_cast<std::size_t>(&op - workload_.ops.data())];
    switch (column) {
    case Name: return QString::fromStdString(op.name);
    case Kind: return QString::fromUtf8(opKindName(op.kind).data(), static_cast<qsizetype>(opKindName(op.kind).size()));
    case Dims: return dimsText(op);
    case Stride:
        return opLayout(op.kind) == OpLayout::Window ? QVariant(qlonglong(op.stride[0] * 1000 + op.stride[1]))
                                                     : QVariant(qlonglong(0));
    case Groups: return qlonglong(op.kind == OpKind::Conv ? op.groups : 0);
    case Repeat: return qlonglong(op.repeat);
    case Macs: return qlonglong(f.macs * op.repeat);
    case InputElems: return qlonglong(f.inputElements);
    case WeightElems: return qlonglong(f.weightElements);
    case OutputElems: return qlonglong(f.outputElements);
    default: return {};
    }
}

QVariant OpTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) return {};
    const Op& op = workload_.ops[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Stride: return strideText(op);
        case Groups: return op.kind == OpKind::Conv ? QString::number(op.groups) : QString();
        case Macs:
            return op.isMacOp() ? groupedNumber(rawValue(op, column).toLongLong()) : QString();
        default: {
            const QVariant raw = rawValue(op, column);
            return isNumericColumn(column) ? QVariant(groupedNumber(raw.toLongLong())) : raw;
        }
        }
    case kSortRole: return rawValue(op, column);
    case Qt::TextAlignmentRole:
        return isNumericColumn(column) || column == Stride ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                          : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == Name) {
            QStringList inputs;
            for (const auto& in : op.inputs) inputs << QString::fromStdString(in);
            return tr("%1\ninputs: %2").arg(QString::fromStdString(op.name), inputs.join(QStringLiteral(", ")));
        }
        return {};
    default: return {};
    }
}

QVariant OpTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    static const std::array<const char*, ColumnCount> titles = {
        "Name", "Kind", "Dims", "Stride", "Groups", "Repeat", "MACs", "Inputs\nelems", "Weights\nelems", "Outputs\nelems"};
    static const std::array<const char*, ColumnCount> tips = {
        "Op name in the workload file",
        "Op kind",
        "Loop dims: K output channels, C input channels, P x Q output, R x S window; M N K matrix; or output shape",
        "Window stride (rows x cols)",
        "Convolution groups (C for depthwise)",
        "How many times the op stands in series",
        "Multiply-accumulates in the network (one instance x repeat)",
        "Activation elements read by one instance",
        "Parameter elements (incl. bias)",
        "Elements written by one instance"};
    if (section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) return tr(titles[static_cast<std::size_t>(section)]);
    if (role == Qt::ToolTipRole) return tr(tips[static_cast<std::size_t>(section)]);
    if (role == Qt::TextAlignmentRole)
        return isNumericColumn(section) || section == Stride ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

}  // namespace accelscope::ui
