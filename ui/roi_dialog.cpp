#include "roi_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "arch/arch_io.h"
#include "util/thread_pool.h"
#include "report/report_format.h"
#include "roi_plot.h"

namespace accelscope::ui {

RoiDialog::RoiDialog(Session session, int run, int design, QWidget* parent)
    : QDialog(parent), session_(std::move(session)), run_(run), design_(design) {
    setWindowTitle(tr("Return on Investment of design #%1").arg(design));
    setObjectName(QStringLiteral("roiDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    layout->addLayout(top);

    auto* form = new QFormLayout;
    top->addLayout(form);
    baseline_ = new QComboBox(this);
    baseline_->setObjectName(QStringLiteral("roiBaseline"));
    for (const NamedPoint& p : session_.space.points) baseline_->addItem(QString::fromStdString(p.name));
    for (const std::string& name : presetArchitectureNames()) baseline_->addItem(QString::fromStdString(name));
    baseline_->setToolTip(tr("A point of the space is costed as the search costs it, at the design's batch; a preset with the "
                             "design's compiler settings."));
    form->addRow(tr("Baseline"), baseline_);
    const RoiAssumptions d;
    nre_ = addField(form, tr("NRE (million $)"), d.nreUsd / 1e6, 0, 1e6, 1, tr("Engineering and masks (assumption)"));
    wafer_ = addField(form, tr("Wafer ($)"), d.waferCostUsd, 1, 1e6, 0, tr("A 300 mm wafer at 16/12 nm (CSET 2020)"));
    defects_ = addField(form, tr("Defects (per cm²)"), d.defectsPerCm2, 0, 100, 3, tr("Poisson yield (assumption)"));
    other_ = addField(form, tr("Package, memory ($/chip)"), d.chipOtherUsd, 0, 1e6, 0, tr("Beside the die (assumption)"));
    provisioning_ = addField(form, tr("Provisioning ($/W)"), d.provisioningUsdPerW, 0, 1e4, 2,
                             tr("Datacenter capacity per W of TDP (The Datacenter as a Computer)"));
    electricity_ = addField(form, tr("Electricity ($/kWh)"), d.electricityUsdPerKWh, 0, 100, 3, tr("US industrial average (EIA)"));
    pue_ = addField(form, tr("PUE"), d.pue, 1, 10, 2, tr("Google's fleet"));
    meanPower_ = addField(form, tr("Mean power / TDP"), d.meanPowerFraction, 0.001, 1, 3, tr("TPU-v3: 220 W mean over 262 W max"));
    life_ = addField(form, tr("Service life (years)"), d.serviceLifeYears, 0.1, 100, 1, tr("Assumption"));

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("roiTable"));
    table_->setColumnCount(3);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->setMinimumWidth(430);
    table_->verticalHeader()->setDefaultSectionSize(24);
    table_->setMinimumHeight(10 * 24 + 30);
    top->addWidget(table_, 1);

    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    layout->addWidget(summary_);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    error_->hide();
    layout->addWidget(error_);
    plot_ = new RoiPlot(this);
    plot_->setMinimumHeight(260);
    layout->addWidget(plot_, 1);
    auto* note = new QLabel(tr("Die areas are the model's (MACs and memories only), so die costs are lower bounds. Sources of "
                               "every default: docs/roi.md."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(baseline_, &QComboBox::currentTextChanged, this, [this] { baselineChanged(); });
    for (QDoubleSpinBox* box : {nre_, wafer_, defects_, other_, provisioning_, electricity_, pue_, meanPower_, life_})
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { assumptionsChanged(); });
    resize(900, 760);
    baselineChanged();
}

QDoubleSpinBox* RoiDialog::addField(QFormLayout* form, const QString& label, double value, double lo, double hi, int decimals,
                                    const QString& tip) {
    auto* box = new QDoubleSpinBox(this);
    box->setRange(lo, hi);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setToolTip(tip);
    box->setKeyboardTracking(false);
    form->addRow(label, box);
    return box;
}

void RoiDialog::setBaseline(const QString& name) {
    const int i = baseline_->findText(name);
    if (i >= 0) baseline_->setCurrentIndex(i);
}

void RoiDialog::setNreUsd(double usd) { nre_->setValue(usd / 1e6); }

QString RoiDialog::summaryText() const { return summary_->text(); }
QString RoiDialog::errorText() const { return error_->isVisible() ? error_->text() : QString(); }

void RoiDialog::baselineChanged() {
    const QString name = baseline_->currentText();
    error_->hide();
    if (!studies_.count(name)) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        try {
            ThreadPool pool(0);
            RoiRequest request;
            request.run = run_;
            request.design = design_;
            request.baseline = name.toStdString();
            studies_.emplace(name, studyRoi(session_, request, pool));
        } catch (const std::exception& e) {
            error_->setText(tr("Cannot compare with %1: %2").arg(name, QString::fromUtf8(e.what())));
            error_->show();
        }
        QApplication::restoreOverrideCursor();
    }
    if (!studies_.count(name)) {
        study_.reset();
        return;
    }
    study_ = studies_.at(name);
    assumptionsChanged();
}

void RoiDialog::assumptionsChanged() {
    assumptions_.nreUsd = nre_->value() * 1e6;
    assumptions_.waferCostUsd = wafer_->value();
    assumptions_.defectsPerCm2 = defects_->value();
    assumptions_.chipOtherUsd = other_->value();
    assumptions_.provisioningUsdPerW = provisioning_->value();
    assumptions_.electricityUsdPerKWh = electricity_->value();
    assumptions_.pue = pue_->value();
    assumptions_.meanPowerFraction = meanPower_->value();
    assumptions_.serviceLifeYears = life_->value();
    if (!study_) return;
    try {
        study_->result = returnOnInvestment(study_->result.design, study_->result.baseline, assumptions_);
        error_->hide();
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
        error_->show();
        return;
    }
    showResult();
}

void RoiDialog::showResult() {
    const RoiResult& r = study_->result;
    table_->setHorizontalHeaderLabels(
        {tr("per chip"), QString::fromStdString(r.design.name), QString::fromStdString(r.baseline.name)});
    const std::vector<std::tuple<QString, QString, QString>> rows = {
        {tr("inferences/s"), QString::number(r.design.throughputPerS, 'f', 1), QString::number(r.baseline.throughputPerS, 'f', 1)},
        {tr("TDP"), QStringLiteral("%1 W").arg(r.design.tdpW, 0, 'f', 1), QStringLiteral("%1 W").arg(r.baseline.tdpW, 0, 'f', 1)},
        {tr("Perf/TDP (inferences/s/W)"), QString::number(r.design.throughputPerS / r.design.tdpW, 'f', 2),
         QString::number(r.baseline.throughputPerS / r.baseline.tdpW, 'f', 2)},
        {tr("die area (model)"), QStringLiteral("%1 mm²").arg(r.design.areaMm2, 0, 'f', 1),
         QStringLiteral("%1 mm²").arg(r.baseline.areaMm2, 0, 'f', 1)},
        {tr("dies per wafer, yield"), QStringLiteral("%1, %2 %").arg(r.designCost.diesPerWafer).arg(100 * r.designCost.yield, 0, 'f', 1),
         QStringLiteral("%1, %2 %").arg(r.baselineCost.diesPerWafer).arg(100 * r.baselineCost.yield, 0, 'f', 1)},
        {tr("chip (die + package, memory)"), formatUsd(r.designCost.chipUsd), formatUsd(r.baselineCost.chipUsd)},
        {tr("datacenter provisioning"), formatUsd(r.designCost.provisioningUsd), formatUsd(r.baselineCost.provisioningUsd)},
        {tr("electricity over the life"), formatUsd(r.designCost.energyUsd), formatUsd(r.baselineCost.energyUsd)},
        {tr("lifetime cost"), formatUsd(r.designCost.lifetimeUsd), formatUsd(r.baselineCost.lifetimeUsd)},
        {tr("per inference/s of capacity"), formatUsd(r.designCost.usdPerThroughput), formatUsd(r.baselineCost.usdPerThroughput)},
    };
    table_->setRowCount(static_cast<int>(rows.size()));
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const auto& [label, mine, theirs] = rows[static_cast<std::size_t>(i)];
        table_->setItem(i, 0, new QTableWidgetItem(label));
        for (int c = 1; c <= 2; ++c) {
            auto* item = new QTableWidgetItem(c == 1 ? mine : theirs);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(i, c, item);
        }
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    QString text = tr("Against %1. One new chip does the work of %2 %3 chips and ")
                       .arg(QString::fromStdString(study_->baselineHow))
                       .arg(r.replacedPerChip, 0, 'f', 3)
                       .arg(QString::fromStdString(r.baseline.name));
    if (r.breakEvenChips)
        text += tr("saves %1 over its life: the NRE of %2 is paid back after %L3 chips deployed.")
                    .arg(formatUsd(r.savingsPerChipUsd), formatUsd(assumptions_.nreUsd))
                    .arg(std::ceil(*r.breakEvenChips), 0, 'f', 0);
    else
        text += tr("costs %1 more over its life than they do: the NRE is never paid back.").arg(formatUsd(-r.savingsPerChipUsd));
    summary_->setText(text);
    plot_->setResult(r, assumptions_);
}

}  // namespace accelscope::ui
