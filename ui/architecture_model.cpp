#include "architecture_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QUndoStack>
#include <cmath>
#include <nlohmann/json.hpp>

#include "arch/arch_io.h"
#include "model/layer_cost.h"
#include "util/input_error.h"

namespace accelscope::ui {

using Field = ArchitectureModel::Field;
using ojson = nlohmann::ordered_json;

// One accepted edit: the design before and after it.
class ArchitectureEditCommand : public QUndoCommand {
public:
    ArchitectureEditCommand(ArchitectureModel* model, Architecture before, Architecture after, const QString& text)
        : QUndoCommand(text), model_(model), before_(std::move(before)), after_(std::move(after)) {}
    void redo() override { model_->apply(after_); }
    void undo() override { model_->apply(before_); }

private:
    ArchitectureModel* model_;
    Architecture before_, after_;
};

namespace {

constexpr int kGeneral = 0;
const QColor kRejectedBackground(255, 205, 205);

bool isIntegerField(Field f) {
    switch (f) {
    case Field::WeightBits: case Field::InputBits: case Field::OutputBits: case Field::WordBits:
    case Field::LevelWeightBits: case Field::LevelInputBits: case Field::LevelOutputBits:
    case Field::Capacity: case Field::FanoutX: case Field::FanoutY: case Field::BlockWords:
    case Field::ClusterInstances: case Field::Lanes: case Field::VectorLanes:
        return true;
    default:
        return false;
    }
}

bool isKeepField(Field f) { return f == Field::KeepsWeights || f == Field::KeepsInputs || f == Field::KeepsOutputs; }

// Yes/no fields: a check box in the view.
bool isFlagField(Field f) {
    return isKeepField(f) || f == Field::Multicast || f == Field::Reduction || f == Field::Links || f == Field::DoubleBuffered;
}

// Fields edited as one of a few words (a systolic array's dataflow and rows).
bool isChoiceField(Field f) { return f == Field::Systolic || f == Field::SystolicRows; }

int keepTensor(Field f) { return f == Field::KeepsWeights ? 0 : f == Field::KeepsInputs ? 1 : 2; }

bool isLevelPrecisionField(Field f) {
    return f == Field::LevelWeightBits || f == Field::LevelInputBits || f == Field::LevelOutputBits;
}

int precisionTensor(Field f) { return f == Field::LevelWeightBits ? 0 : f == Field::LevelInputBits ? 1 : 2; }

QString number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return QString::number(static_cast<qlonglong>(v));
    return QString::number(v, 'g', 6);
}

QString kib(double bytes) {
    if (bytes >= 1024.0 * 1024.0) return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'g', 4);
    if (bytes >= 1024.0) return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'g', 4);
    return QStringLiteral("%1 B").arg(bytes, 0, 'g', 4);
}

// The JSON number the file format would hold: whole numbers without a fraction.
ojson jsonNumber(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
    return v;
}

// The level's energy as an explicit object (the current figures), so that one of them can be changed.
ojson& explicitEnergy(ojson& level, const StorageLevel& l) {
    ojson& e = level["energy"];
    if (!e.is_object() || !e.contains("read_pj"))
        e = ojson{{"read_pj", jsonNumber(l.energy.readPj)},
                  {"write_pj", jsonNumber(l.energy.writePj)},
                  {"update_pj", jsonNumber(l.energy.updatePj)},
                  {"block_words", l.energy.blockWords}};
    return e;
}

ojson& fanoutObject(ojson& level, const StorageLevel& l, bool innermost) {
    ojson& f = level["fanout"];
    if (!f.is_object()) {
        f = ojson::object();
        if (!innermost) {
            f["x"] = l.meshX;
            f["y"] = l.meshY;
        }
    }
    return f;
}

}  // namespace

QString fieldName(Field f) {
    switch (f) {
    case Field::ClockGHz: return QObject::tr("clock");
    case Field::WeightBits: return QObject::tr("weight precision");
    case Field::InputBits: return QObject::tr("input precision");
    case Field::OutputBits: return QObject::tr("output precision");
    case Field::WordBits: return QObject::tr("word width");
    case Field::LevelWeightBits: return QObject::tr("weight bits here");
    case Field::LevelInputBits: return QObject::tr("input bits here");
    case Field::LevelOutputBits: return QObject::tr("output bits here");
    case Field::Capacity: return QObject::tr("capacity");
    case Field::ReadBandwidth: return QObject::tr("read bandwidth");
    case Field::WriteBandwidth: return QObject::tr("write bandwidth");
    case Field::SharedBandwidth: return QObject::tr("shared bandwidth");
    case Field::FanoutX: return QObject::tr("fan-out x");
    case Field::FanoutY: return QObject::tr("fan-out y");
    case Field::Multicast: return QObject::tr("multicast");
    case Field::Reduction: return QObject::tr("spatial reduction");
    case Field::Links: return QObject::tr("neighbour links");
    case Field::Systolic: return QObject::tr("systolic dataflow");
    case Field::SystolicRows: return QObject::tr("systolic rows");
    case Field::DoubleBuffered: return QObject::tr("double-buffered");
    case Field::KeepsWeights: return QObject::tr("keeps weights");
    case Field::KeepsInputs: return QObject::tr("keeps inputs");
    case Field::KeepsOutputs: return QObject::tr("keeps outputs");
    case Field::ReadPj: return QObject::tr("read energy");
    case Field::WritePj: return QObject::tr("fill energy");
    case Field::UpdatePj: return QObject::tr("update energy");
    case Field::BlockWords: return QObject::tr("access block");
    case Field::ClusterInstances: return QObject::tr("energy cluster");
    case Field::LeakPj: return QObject::tr("leakage");
    case Field::AreaUm2: return QObject::tr("area");
    case Field::NetworkPj: return QObject::tr("network energy");
    case Field::MacPj: return QObject::tr("MAC energy");
    case Field::MacAreaUm2: return QObject::tr("MAC area");
    case Field::Lanes: return QObject::tr("MAC lanes per PE");
    case Field::MacLeakPj: return QObject::tr("MAC leakage");
    case Field::VectorLanes: return QObject::tr("lanes");
    case Field::VectorOpPj: return QObject::tr("op energy");
    case Field::VectorAreaUm2: return QObject::tr("area");
    }
    return {};
}

QString fieldUnit(Field f) {
    switch (f) {
    case Field::ClockGHz: return QStringLiteral("GHz");
    case Field::WeightBits: case Field::InputBits: case Field::OutputBits: case Field::WordBits:
    case Field::LevelWeightBits: case Field::LevelInputBits: case Field::LevelOutputBits:
        return QObject::tr("bits");
    case Field::Capacity: return QObject::tr("words");
    case Field::ReadBandwidth: case Field::WriteBandwidth: case Field::SharedBandwidth: return QObject::tr("words/cycle");
    case Field::FanoutX: case Field::FanoutY: return QObject::tr("children");
    case Field::KeepsWeights: case Field::KeepsInputs: case Field::KeepsOutputs:
    case Field::Multicast: case Field::Reduction: case Field::Links: return {};
    case Field::Systolic: case Field::SystolicRows: case Field::DoubleBuffered: return {};
    case Field::ClusterInstances: return QObject::tr("instances");
    case Field::ReadPj: case Field::WritePj: case Field::UpdatePj: return QObject::tr("pJ/block");
    case Field::BlockWords: return QObject::tr("words");
    case Field::LeakPj: case Field::MacLeakPj: return QObject::tr("pJ/cycle");
    case Field::AreaUm2: case Field::MacAreaUm2: case Field::VectorAreaUm2: return QStringLiteral("\u00b5m\u00b2");
    case Field::NetworkPj: return QObject::tr("pJ/word");
    case Field::MacPj: return QObject::tr("pJ/MAC");
    case Field::Lanes: return QObject::tr("MACs");
    case Field::VectorLanes: return QObject::tr("ops/cycle");
    case Field::VectorOpPj: return QObject::tr("pJ/op");
    }
    return {};
}

QString fieldHelp(Field f) {
    switch (f) {
    case Field::ClockGHz: return QObject::tr("Clock frequency: turns cycles into seconds and energy per cycle into watts.");
    case Field::WeightBits: return QObject::tr("Bits per weight. MAC energy and area follow the wider operand when they come from the technology table.");
    case Field::InputBits: return QObject::tr("Bits per input activation.");
    case Field::OutputBits: return QObject::tr("Bits per output / partial sum (the accumulator width).");
    case Field::WordBits: return QObject::tr("Width of one word of this level (1 to 64 bits); capacities and bandwidths count these words.");
    case Field::LevelWeightBits: return QObject::tr("Bits of a weight held at this level (default: the architecture's). A word holds one element; an element wider than a word takes ceil(bits / word width) words.");
    case Field::LevelInputBits: return QObject::tr("Bits of an input activation held at this level (default: the architecture's).");
    case Field::LevelOutputBits: return QObject::tr("Bits of an output / partial sum held at this level (default: the architecture's), e.g. a 24-bit accumulator.");
    case Field::SharedBandwidth: return QObject::tr("Words per cycle of one port that serves reads and writes together (0: separate read and write ports).");
    case Field::Multicast: return QObject::tr("Whether one read from this level feeds every child that needs the same data (a bus or tree); otherwise each child reads its own copy.");
    case Field::Reduction: return QObject::tr("Whether partial sums of children are added in the network on their way up (one update per distinct output); otherwise each child updates on its own.");
    case Field::Links: return QObject::tr("Whether neighbouring children forward data to each other (Timeloop's link transfers): a child that needs what its neighbour held gets it over a link instead of from this level.");
    case Field::Systolic: return QObject::tr("none, os, ws or is: time this fan-out as a systolic array with that dataflow (the operand that stays in the PEs), fold by fold with its preload, skew and drain, as SCALE-Sim does.");
    case Field::SystolicRows: return QObject::tr("x or y: the mesh axis the partial sums reduce down (SCALE-Sim's ArrayHeight); a weight- or input-stationary fold takes as many cycles to preload.");
    case Field::DoubleBuffered: return QObject::tr("Whether each PE holds a second stationary operand, so that a fold's preload hides behind the previous fold's stream (as TPU's MXUs do).");
    case Field::ClusterInstances: return QObject::tr("Instances charged as one (Timeloop and Accelergy's cluster_size): each instance's accesses are charged min(utilised instances, instances / cluster) times, not once per utilised instance.");
    case Field::Capacity: return QObject::tr("Words one instance holds, shared by the tensors it keeps. Energy, area and leakage from the technology table follow it.");
    case Field::ReadBandwidth: return QObject::tr("Words per cycle one instance can deliver (0: unlimited).");
    case Field::WriteBandwidth: return QObject::tr("Words per cycle one instance can absorb (0: unlimited).");
    case Field::FanoutX: return QObject::tr("Children of one instance along x (meshX). Instances below = product of the fan-outs above; x \u00d7 y at most 65536.");
    case Field::FanoutY: return QObject::tr("Children of one instance along y (meshY). x \u00d7 y at most 65536.");
    case Field::KeepsWeights: return QObject::tr("Whether this level may hold weights (otherwise they bypass it).");
    case Field::KeepsInputs: return QObject::tr("Whether this level may hold input activations.");
    case Field::KeepsOutputs: return QObject::tr("Whether this level may hold outputs / partial sums.");
    case Field::ReadPj: return QObject::tr("Energy of one vector read of `access block` words (Accelergy's convention).");
    case Field::WritePj: return QObject::tr("Energy of one vector fill (a write from the parent level).");
    case Field::UpdatePj: return QObject::tr("Energy of one vector partial-sum update (a write from the child).");
    case Field::BlockWords: return QObject::tr("Words per vector access: accesses are charged as ceil(words / block).");
    case Field::LeakPj: return QObject::tr("Static energy per cycle of one instance.");
    case Field::AreaUm2: return QObject::tr("Area of one instance.");
    case Field::NetworkPj: return QObject::tr("Energy of moving one word between this level and one child (one NoC hop).");
    case Field::MacPj: return QObject::tr("Energy of one multiply-accumulate at the architecture's precision.");
    case Field::MacAreaUm2: return QObject::tr("Area of one MAC unit.");
    case Field::Lanes: return QObject::tr("MAC lanes in one PE (SIMD): the fan-out of the innermost level.");
    case Field::MacLeakPj: return QObject::tr("Static energy per cycle of one MAC unit.");
    case Field::VectorLanes: return QObject::tr("Element-wise ops per cycle for the whole chip (0: no vector unit; such ops run on the MAC array).");
    case Field::VectorOpPj: return QObject::tr("Energy of one element-wise op.");
    case Field::VectorAreaUm2: return QObject::tr("Area of the whole vector unit.");
    }
    return {};
}

ArchitectureModel::ArchitectureModel(QObject* parent) : QAbstractItemModel(parent) {}

void ArchitectureModel::setArchitecture(const Architecture& arch) {
    beginResetModel();
    arch_ = arch;
    rejected_.clear();
    lastRejection_.clear();
    endResetModel();
    emit architectureChanged(arch_);
}

void ArchitectureModel::apply(const Architecture& arch) {
    if (arch.levelCount() != arch_.levelCount()) {
        setArchitecture(arch);
        return;
    }
    arch_ = arch;
    for (int g = 0; g < groupCount(); ++g) {
        const QModelIndex group = index(g, 0);
        emit dataChanged(group, index(g, ColumnCount - 1));
        if (const int rows = rowCount(group); rows > 0) emit dataChanged(index(0, 0, group), index(rows - 1, ColumnCount - 1, group));
    }
    emit architectureChanged(arch_);
}

QString ArchitectureModel::groupName(int group) const {
    if (group == kGeneral) return tr("General");
    if (const int l = levelOf(group); l >= 0) return QString::fromStdString(arch_.levels[static_cast<std::size_t>(l)].name);
    return group == arch_.levelCount() + 1 ? tr("Compute") : tr("Vector unit");
}

int ArchitectureModel::levelOf(int group) const {
    return group >= 1 && group <= arch_.levelCount() ? group - 1 : -1;
}

std::vector<Field> ArchitectureModel::fields(int group) const {
    if (group == kGeneral) return {Field::ClockGHz, Field::WeightBits, Field::InputBits, Field::OutputBits};
    if (const int l = levelOf(group); l >= 0) {
        const StorageLevel& lv = arch_.levels[static_cast<std::size_t>(l)];
        const bool innermost = l + 1 == arch_.levelCount();
        std::vector<Field> f;
        f.reserve(20);
        const auto add = [&f](std::initializer_list<Field> more) {
            for (Field m : more) f.push_back(m);
        };
        const auto addSystolic = [&] {
            if (innermost) return;
            f.push_back(Field::Systolic);
            if (lv.systolic != Systolic::None) add({Field::SystolicRows, Field::DoubleBuffered});
        };
        if (lv.storesNothing()) {  // a fan-out level: its mesh and network only
            if (!innermost) add({Field::FanoutX, Field::FanoutY});
            add({Field::Multicast, Field::Reduction, Field::Links});
            addSystolic();
            if (!innermost) f.push_back(Field::NetworkPj);
            return f;
        }
        add({Field::WordBits, Field::LevelWeightBits, Field::LevelInputBits, Field::LevelOutputBits});
        if (lv.storageClass != StorageClass::Dram) add({Field::Capacity});
        add({Field::ReadBandwidth, Field::WriteBandwidth, Field::SharedBandwidth});
        if (!innermost) add({Field::FanoutX, Field::FanoutY});
        add({Field::Multicast, Field::Reduction, Field::Links});
        addSystolic();
        add({Field::KeepsWeights, Field::KeepsInputs, Field::KeepsOutputs, Field::ReadPj, Field::WritePj,
             Field::UpdatePj, Field::BlockWords, Field::ClusterInstances, Field::LeakPj, Field::AreaUm2});
        if (!innermost) f.push_back(Field::NetworkPj);
        return f;
    }
    if (group == arch_.levelCount() + 1) return {Field::Lanes, Field::MacPj, Field::MacAreaUm2, Field::MacLeakPj};
    return {Field::VectorLanes, Field::VectorOpPj, Field::VectorAreaUm2};
}

QVariant ArchitectureModel::fieldValue(int group, Field f) const {
    const int l = levelOf(group);
    const StorageLevel* lv = l >= 0 ? &arch_.levels[static_cast<std::size_t>(l)] : nullptr;
    switch (f) {
    case Field::ClockGHz: return arch_.clockGHz;
    case Field::WeightBits: return arch_.bits[0];
    case Field::InputBits: return arch_.bits[1];
    case Field::OutputBits: return arch_.bits[2];
    case Field::WordBits: return lv->wordBits;
    case Field::LevelWeightBits: case Field::LevelInputBits: case Field::LevelOutputBits:
        return elementBits(arch_, l, static_cast<Tensor>(precisionTensor(f)));  // what the cost model uses
    case Field::Capacity: return static_cast<qlonglong>(lv->capacityWords);
    case Field::ReadBandwidth: return lv->readBandwidth;
    case Field::WriteBandwidth: return lv->writeBandwidth;
    case Field::SharedBandwidth: return lv->sharedBandwidth;
    case Field::FanoutX: return lv->meshX;
    case Field::FanoutY: return lv->meshY;
    case Field::Multicast: return lv->multicast;
    case Field::Reduction: return lv->spatialReduction;
    case Field::Links: return lv->neighbourLinks;
    case Field::Systolic:
        return lv->systolic == Systolic::None ? QStringLiteral("none") : QString::fromLatin1(systolicName(lv->systolic).data());
    case Field::SystolicRows: return lv->systolicRowsOnX ? QStringLiteral("x") : QStringLiteral("y");
    case Field::DoubleBuffered: return lv->systolicDoubleBuffered;
    case Field::ClusterInstances: return static_cast<qlonglong>(lv->energy.clusterInstances);
    case Field::KeepsWeights: case Field::KeepsInputs: case Field::KeepsOutputs:
        return lv->keeps[static_cast<std::size_t>(keepTensor(f))];
    case Field::ReadPj: return lv->energy.readPj;
    case Field::WritePj: return lv->energy.writePj;
    case Field::UpdatePj: return lv->energy.updatePj;
    case Field::BlockWords: return static_cast<qlonglong>(lv->energy.blockWords);
    case Field::LeakPj: return lv->leakPjPerCycle;
    case Field::AreaUm2: return lv->areaUm2;
    case Field::NetworkPj: return lv->networkPjPerWord;
    case Field::MacPj: return arch_.compute.macPj;
    case Field::MacAreaUm2: return arch_.compute.macAreaUm2;
    case Field::Lanes: return arch_.levels.empty() ? 1 : arch_.levels.back().meshX;
    case Field::MacLeakPj: return arch_.compute.leakPjPerCycle;
    case Field::VectorLanes: return arch_.vector.lanes;
    case Field::VectorOpPj: return arch_.vector.opPj;
    case Field::VectorAreaUm2: return arch_.vector.areaUm2;
    }
    return {};
}

QString ArchitectureModel::displayValue(int group, Field f) const {
    const QVariant v = fieldValue(group, f);
    if (isKeepField(f)) return v.toBool() ? tr("yes") : tr("no (bypass)");
    if (isFlagField(f)) return v.toBool() ? tr("yes") : tr("no");
    if (isChoiceField(f)) return v.toString();
    if ((f == Field::ReadBandwidth || f == Field::WriteBandwidth) && v.toDouble() == 0) return tr("unlimited");
    if (f == Field::SharedBandwidth && v.toDouble() == 0) return tr("none");
    if (isLevelPrecisionField(f) &&
        arch_.levels[static_cast<std::size_t>(levelOf(group))].elementBits[static_cast<std::size_t>(precisionTensor(f))] == 0)
        return v.toInt() == arch_.bits[precisionTensor(f)] ? tr("%1 (default)").arg(number(v.toDouble()))
                                                           : tr("%1 (leaves as an activation)").arg(number(v.toDouble()));
    return number(v.toDouble());
}

QString ArchitectureModel::groupSummary(int group) const {
    if (group == kGeneral)
        return tr("%1 GHz, %2/%3/%4-bit").arg(number(arch_.clockGHz)).arg(arch_.bits[0]).arg(arch_.bits[1]).arg(arch_.bits[2]);
    if (const int l = levelOf(group); l >= 0) {
        const StorageLevel& lv = arch_.levels[static_cast<std::size_t>(l)];
        if (lv.storesNothing())
            return tr("fan-out %1 \u00d7 %2").arg(lv.meshX).arg(lv.meshY);
        const QString size = lv.capacityWords > 0 ? kib(static_cast<double>(levelCapacityBytes(lv))) : tr("unbounded");
        return tr("%1, %2 \u00d7 %3").arg(QString::fromStdString(std::string(storageClassName(lv.storageClass))), size)
            .arg(arch_.instances(l));
    }
    if (group == arch_.levelCount() + 1) return tr("%1 MAC units").arg(arch_.macUnits());
    return arch_.vector.lanes > 0 ? tr("%1 lanes").arg(arch_.vector.lanes) : tr("none");
}

QModelIndex ArchitectureModel::valueIndex(const QString& group, Field field) const {
    for (int g = 0; g < groupCount(); ++g) {
        if (groupName(g) != group) continue;
        const auto f = fields(g);
        for (std::size_t r = 0; r < f.size(); ++r)
            if (f[r] == field) return index(static_cast<int>(r), Value, index(g, 0));
    }
    return {};
}

std::optional<Field> ArchitectureModel::fieldAt(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0) return std::nullopt;
    const auto f = fields(static_cast<int>(index.internalId()) - 1);
    if (index.row() < 0 || index.row() >= static_cast<int>(f.size())) return std::nullopt;
    return f[static_cast<std::size_t>(index.row())];
}

ArchitectureModel::Edit ArchitectureModel::propose(const QModelIndex& index, const QString& rawText) const {
    Edit edit;
    const auto field = fieldAt(index);
    if (!field) {
        edit.error = tr("not an editable parameter");
        return edit;
    }
    const Field f = *field;
    const int group = static_cast<int>(index.internalId()) - 1;
    const int l = levelOf(group);
    const QString text = rawText.trimmed();
    double v = 0;
    bool flag = false;
    QString choice;
    if (isChoiceField(f)) {
        choice = text.toLower();
        const bool ok = f == Field::Systolic ? (choice == QLatin1String("none") || choice == QLatin1String("os") ||
                                                choice == QLatin1String("ws") || choice == QLatin1String("is"))
                                             : (choice == QLatin1String("x") || choice == QLatin1String("y"));
        if (!ok) {
            edit.error = f == Field::Systolic ? tr("\"%1\" is not none, os, ws or is").arg(text)
                                              : tr("\"%1\" is not x or y").arg(text);
            return edit;
        }
    } else if (isFlagField(f)) {
        const QString t = text.toLower();
        if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1")) flag = true;
        else if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0")) flag = false;
        else {
            edit.error = tr("\"%1\" is not yes or no").arg(text);
            return edit;
        }
    } else {
        bool ok = false;
        v = text.toDouble(&ok);
        if (text.isEmpty() || !ok || !std::isfinite(v)) {
            edit.error = tr("\"%1\" is not a number").arg(text);
            return edit;
        }
        if (isIntegerField(f) && v != std::floor(v)) {
            edit.error = tr("%1 must be a whole number, got %2").arg(fieldName(f), text);
            return edit;
        }
    }

    ojson j = ojson::parse(serializeArchitecture(arch_));
    const StorageLevel* lv = l >= 0 ? &arch_.levels[static_cast<std::size_t>(l)] : nullptr;
    ojson* level = l >= 0 ? &j["levels"][static_cast<std::size_t>(l)] : nullptr;
    const bool innermost = l + 1 == arch_.levelCount();
    switch (f) {
    case Field::ClockGHz: j["clock_ghz"] = jsonNumber(v); break;
    case Field::WeightBits: j["precision"]["weights"] = jsonNumber(v); break;
    case Field::InputBits: j["precision"]["inputs"] = jsonNumber(v); break;
    case Field::OutputBits: j["precision"]["outputs"] = jsonNumber(v); break;
    case Field::WordBits: (*level)["word_bits"] = jsonNumber(v); break;
    case Field::LevelWeightBits: case Field::LevelInputBits: case Field::LevelOutputBits:
        (*level)["precision"][std::string(tensorName(static_cast<Tensor>(precisionTensor(f))))] = jsonNumber(v);
        break;
    case Field::SharedBandwidth: (*level)["shared_bandwidth"] = jsonNumber(v); break;
    case Field::Multicast: fanoutObject(*level, *lv, innermost)["multicast"] = flag; break;
    case Field::Reduction: fanoutObject(*level, *lv, innermost)["reduction"] = flag; break;
    case Field::Links: fanoutObject(*level, *lv, innermost)["links"] = flag; break;
    case Field::Systolic: {
        ojson& fan = fanoutObject(*level, *lv, innermost);
        if (choice == QLatin1String("none")) {
            for (const char* key : {"systolic", "rows", "double_buffered"}) fan.erase(key);
        } else {
            fan["systolic"] = choice.toStdString();
        }
        break;
    }
    case Field::SystolicRows: fanoutObject(*level, *lv, innermost)["rows"] = choice.toStdString(); break;
    case Field::DoubleBuffered: fanoutObject(*level, *lv, innermost)["double_buffered"] = flag; break;
    case Field::ClusterInstances: {
        ojson& e = (*level)["energy"];
        if (e.is_string()) e = ojson{{"from", "tech"}, {"block_words", lv->energy.blockWords}};
        e["cluster_instances"] = jsonNumber(v);
        break;
    }
    case Field::Capacity:
        level->erase("capacity_kib");
        (*level)["capacity_words"] = jsonNumber(v);
        break;
    case Field::ReadBandwidth: (*level)["read_bandwidth"] = jsonNumber(v); break;
    case Field::WriteBandwidth: (*level)["write_bandwidth"] = jsonNumber(v); break;
    case Field::FanoutX: fanoutObject(*level, *lv, innermost)["x"] = jsonNumber(v); break;
    case Field::FanoutY: fanoutObject(*level, *lv, innermost)["y"] = jsonNumber(v); break;
    case Field::KeepsWeights: case Field::KeepsInputs: case Field::KeepsOutputs: {
        ojson keeps = ojson::array();
        for (int t = 0; t < kNumTensors; ++t) {
            const bool keep = t == keepTensor(f) ? flag : lv->keeps[static_cast<std::size_t>(t)];
            if (keep) keeps.push_back(std::string(tensorName(static_cast<Tensor>(t))));
        }
        (*level)["keeps"] = keeps;
        break;
    }
    case Field::ReadPj: explicitEnergy(*level, *lv)["read_pj"] = jsonNumber(v); break;
    case Field::WritePj: explicitEnergy(*level, *lv)["write_pj"] = jsonNumber(v); break;
    case Field::UpdatePj: explicitEnergy(*level, *lv)["update_pj"] = jsonNumber(v); break;
    case Field::BlockWords: {
        ojson& e = (*level)["energy"];
        if (e.is_string()) e = ojson{{"from", "tech"}, {"block_words", jsonNumber(v)}};
        else e["block_words"] = jsonNumber(v);
        break;
    }
    case Field::LeakPj: (*level)["leak_pj_per_cycle"] = jsonNumber(v); break;
    case Field::AreaUm2: (*level)["area_um2"] = jsonNumber(v); break;
    case Field::NetworkPj: fanoutObject(*level, *lv, innermost)["network_pj_per_word"] = jsonNumber(v); break;
    case Field::MacPj: j["compute"]["mac_pj"] = jsonNumber(v); break;
    case Field::MacAreaUm2: j["compute"]["mac_area_um2"] = jsonNumber(v); break;
    case Field::Lanes: j["compute"]["lanes"] = jsonNumber(v); break;
    case Field::MacLeakPj: j["compute"]["leak_pj_per_cycle"] = jsonNumber(v); break;
    case Field::VectorLanes: case Field::VectorOpPj: case Field::VectorAreaUm2: {
        if (!j.contains("vector")) {
            // A new vector unit takes its figures from the technology table when there is one.
            const bool tech = !arch_.techTable.empty();
            j["vector"] = ojson{{"lanes", 0},
                                {"op_pj", tech ? ojson("tech") : jsonNumber(arch_.vector.opPj)},
                                {"area_um2", tech ? ojson("tech") : jsonNumber(arch_.vector.areaUm2)}};
        }
        const char* key = f == Field::VectorLanes ? "lanes" : f == Field::VectorOpPj ? "op_pj" : "area_um2";
        j["vector"][key] = jsonNumber(v);
        break;
    }
    }

    try {
        Architecture next = parseArchitecture(j.dump(), arch_.name);
        next.source = arch_.source;
        edit.arch = std::move(next);
    } catch (const InputError& e) {
        QStringList reasons;
        for (const Problem& p : e.problems())
            reasons << (p.where.empty() ? QString::fromStdString(p.message)
                                        : QStringLiteral("%1: %2").arg(QString::fromStdString(p.where),
                                                                       QString::fromStdString(p.message)));
        edit.error = reasons.isEmpty() ? QString::fromStdString(e.what()) : reasons.join(QLatin1Char('\n'));
        return edit;
    } catch (const std::exception& e) {
        edit.error = QString::fromLocal8Bit(e.what());
        return edit;
    }
    const QString unit = fieldUnit(f);
    edit.description = tr("%1 %2: %3 \u2192 %4%5")
                           .arg(groupName(group), fieldName(f), displayValue(group, f),
                                isFlagField(f) ? (flag ? tr("yes") : tr("no")) : isChoiceField(f) ? choice : number(v),
                                unit.isEmpty() || isFlagField(f) ? QString() : QLatin1Char(' ') + unit);
    return edit;
}

QString ArchitectureModel::validate(const QModelIndex& index, const QString& text) const {
    return propose(index, text).error;
}

bool ArchitectureModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    const auto field = fieldAt(index);
    if (!field || index.column() != Value) return false;
    QString text;
    if (role == Qt::CheckStateRole && isFlagField(*field))
        text = value.value<Qt::CheckState>() == Qt::Checked ? QStringLiteral("yes") : QStringLiteral("no");
    else if (role == Qt::EditRole)
        text = value.toString();
    else
        return false;

    const quint64 key = (index.internalId() << 8) | static_cast<quint64>(index.row());
    Edit edit = propose(index, text);
    if (!edit.arch) {
        rejected_.insert(key, {text, edit.error});
        lastRejection_ = edit.error;
        emit dataChanged(index.siblingAtColumn(Parameter), index.siblingAtColumn(Unit));
        emit editRejected(index, edit.error);
        return false;
    }
    rejected_.remove(key);
    lastRejection_.clear();
    if (*edit.arch == arch_) {
        emit dataChanged(index.siblingAtColumn(Parameter), index.siblingAtColumn(Unit));
        return true;  // nothing changed: no undo step
    }
    if (undo_) undo_->push(new ArchitectureEditCommand(this, arch_, std::move(*edit.arch), edit.description));
    else apply(*edit.arch);
    return true;
}

QModelIndex ArchitectureModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (!parent.isValid()) return row < groupCount() ? createIndex(row, column, quintptr{0}) : QModelIndex();
    if (parent.internalId() != 0) return {};
    if (row >= static_cast<int>(fields(parent.row()).size())) return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex ArchitectureModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(static_cast<int>(child.internalId()) - 1, 0, quintptr{0});
}

int ArchitectureModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return arch_.levels.empty() ? 0 : groupCount();
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return static_cast<int>(fields(parent.row()).size());
}

int ArchitectureModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ArchitectureModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (index.internalId() == 0) {
        const int g = index.row();
        if (role == Qt::DisplayRole) {
            if (index.column() == Parameter) return groupName(g);
            if (index.column() == Value) return groupSummary(g);
        }
        if (role == Qt::FontRole && index.column() == Parameter) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::ToolTipRole && levelOf(g) >= 0) {
            const StorageLevel& lv = arch_.levels[static_cast<std::size_t>(levelOf(g))];
            if (lv.storesNothing())
                return tr("%1: a fan-out level (Timeloop's dummy storage): it holds no tensor; its %2 instance(s) "
                          "each spread the work over %3 \u00d7 %4 children")
                    .arg(groupName(g))
                    .arg(arch_.instances(levelOf(g)))
                    .arg(lv.meshX)
                    .arg(lv.meshY);
            return tr("%1: %2 instance(s); energies from %3")
                .arg(groupName(g))
                .arg(arch_.instances(levelOf(g)))
                .arg(lv.energySource.empty() ? tr("(unknown)") : QString::fromStdString(lv.energySource));
        }
        return {};
    }
    const auto field = fieldAt(index);
    if (!field) return {};
    const Field f = *field;
    const int g = static_cast<int>(index.internalId()) - 1;
    const quint64 key = (index.internalId() << 8) | static_cast<quint64>(index.row());
    const auto rejected = rejected_.constFind(key);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Parameter) return fieldName(f);
        if (index.column() == Value) return displayValue(g, f);
        if (index.column() == Unit) {
            if (f == Field::Capacity) {
                const StorageLevel& lv = arch_.levels[static_cast<std::size_t>(levelOf(g))];
                return tr("words (%1)").arg(kib(static_cast<double>(levelCapacityBytes(lv))));
            }
            return fieldUnit(f);
        }
        return {};
    case Qt::EditRole:
        if (index.column() == Value && isChoiceField(f)) return fieldValue(g, f).toString();
        if (index.column() == Value && !isFlagField(f)) return number(fieldValue(g, f).toDouble());
        return {};
    case Qt::CheckStateRole:
        if (index.column() == Value && isFlagField(f)) return fieldValue(g, f).toBool() ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Value) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::BackgroundRole:
        if (rejected != rejected_.constEnd()) return QBrush(kRejectedBackground);
        return {};
    case Qt::ToolTipRole:
        if (rejected != rejected_.constEnd())
            return tr("Rejected \"%1\": %2\n(the value stays %3)").arg(rejected->first, rejected->second, displayValue(g, f));
        return fieldHelp(f);
    default:
        return {};
    }
}

Qt::ItemFlags ArchitectureModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Value) {
        if (const auto f = fieldAt(index)) flags |= isFlagField(*f) ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    }
    if (index.internalId() != 0) flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant ArchitectureModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Parameter: return tr("Parameter");
    case Value: return tr("Value");
    case Unit: return tr("Unit");
    default: return {};
    }
}

}  // namespace accelscope::ui
