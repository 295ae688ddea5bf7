#pragma once
// Search > Return on Investment: FAST's ROI analysis for the selected design of a run (roi_study.h).
// The baseline is chosen among the space's named points and the architecture presets (costed once
// per choice, with a wait cursor: one design's evaluation); the assumptions are edited in place and
// the per-chip table, the break-even sentence and the net-savings plot follow at once. Problems (a
// baseline with no valid mapping, say) are shown in the dialog, never lost.
#include <QDialog>
#include <map>
#include <optional>

#include "explore/session.h"
#include "roi/roi_study.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QTableWidget;

namespace accelscope::ui {

class RoiPlot;

class RoiDialog : public QDialog {
    Q_OBJECT
public:
    // `run` indexes session.runs; `design` is a DesignRecord::index of that run.
    RoiDialog(Session session, int run, int design, QWidget* parent = nullptr);

    void setBaseline(const QString& name);  // a point of the space or a preset
    void setNreUsd(double usd);
    const std::optional<RoiStudy>& study() const { return study_; }
    const RoiAssumptions& assumptions() const { return assumptions_; }
    QString summaryText() const;
    QString errorText() const;
    RoiPlot* plot() const { return plot_; }
    QTableWidget* table() const { return table_; }

private:
    void baselineChanged();
    void assumptionsChanged();
    void showResult();
    QDoubleSpinBox* addField(QFormLayout* form, const QString& label, double value, double lo, double hi, int decimals,
                             const QString& tip);

    Session session_;
    int run_, design_;
    RoiAssumptions assumptions_;
    std::map<QString, RoiStudy> studies_;  // per baseline, costed once
    std::optional<RoiStudy> study_;
    QComboBox* baseline_ = nullptr;
    QDoubleSpinBox *nre_ = nullptr, *wafer_ = nullptr, *defects_ = nullptr, *other_ = nullptr, *provisioning_ = nullptr,
                   *electricity_ = nullptr, *pue_ = nullptr, *meanPower_ = nullptr, *life_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* error_ = nullptr;
    RoiPlot* plot_ = nullptr;
};

}  // namespace accelscope::ui
