// MainWindow's SCALE-Sim side: File > Import SCALE-Sim..., a .cfg dropped with a .csv, and the
// Architecture dock's entry for an imported config (docs/formats.md, "SCALE-Sim files").
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>

#include "design_evaluator.h"
#include "main_window.h"
#include "scalesim/scalesim_import.h"
#include "scalesim_import_dialog.h"
#include "util/input_error.h"
#include "workload_dock.h"

namespace accelscope::ui {

bool MainWindow::importScalesimFrom(const QString& config, const QString& topology) {
    scalesim::ScalesimImport imported;
    try {
        imported = scalesim::importScalesimFiles(config.toStdString(), topology.toStdString());
    } catch (const InputError& e) {
        showError(tr("Cannot import SCALE-Sim files"), QString::fromStdString(e.what()));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot import SCALE-Sim files"),
                  tr("%1, %2: %3").arg(config, topology, QString::fromLocal8Bit(e.what())));
        return false;
    }
    lastError_.clear();
    workload_ = std::move(imported.workload);
    source_ = topology;
    timeloopCase_.reset();
    // Every layer is costed as SCALE-Sim maps it while its mapping fits the design (showDesign says so).
    scalesimCase_ = ScalesimCase{config, topology, {}};
    for (const auto& l : imported.layers) scalesimCase_->mappings[l.name] = l.mapping.mapping;
    dock_->setWorkload(workload_, topology);
    fitDockToTable();
    setArchitecture(imported.arch, config);
    updateTitle();
    QString message = tr("Imported %1 (%2 layers) and the %3 x %4 %5 array of %6")
                          .arg(QString::fromStdString(workload_.name))
                          .arg(workload_.ops.size())
                          .arg(imported.arch.levels[1].systolicRows())
                          .arg(imported.arch.levels[1].systolicColumns())
                          .arg(QString::fromUtf8(systolicName(imported.arch.levels[1].systolic).data()))
                          .arg(QDir::toNativeSeparators(config));
    if (!imported.notes.empty())
        message += tr("; %n note(s), the first: %1", nullptr, static_cast<int>(imported.notes.size()))
                       .arg(QString::fromStdString(imported.notes.front()));
    statusBar()->showMessage(message, 10000);
    scheduleEvaluation();
    return true;
}

bool MainWindow::importScalesimArchitectureFrom(const QString& config) {
    try {
        const scalesim::ScalesimConfig c = scalesim::loadScalesimConfig(config.toStdString());
        const Architecture arch = scalesim::scalesimArchitecture(c, config.toStdString());
        lastError_.clear();
        setArchitecture(arch, config);
        return true;
    } catch (const InputError& e) {
        showError(tr("Cannot import SCALE-Sim files"), QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        showError(tr("Cannot import SCALE-Sim files"), tr("%1: %2").arg(config, QString::fromLocal8Bit(e.what())));
    }
    return false;
}

void MainWindow::importScalesimDialog() {
    const QString dir = QFileInfo(source_).isFile() ? QFileInfo(source_).absolutePath() : QDir::homePath();
    ScalesimImportDialog dialog(dir, this);
    if (scalesimCase_) dialog.setFiles(scalesimCase_->config, scalesimCase_->topology);
    if (dialog.exec() == QDialog::Accepted) importScalesimFrom(dialog.configFile(), dialog.topologyFile());
}

// How the imported SCALE-Sim layers were costed in `design`.
QString MainWindow::scalesimNote(const EvaluatedDesign& design) const {
    int given = 0, mapped = 0;
    for (const OpCost& c : design.result.ops) {
        if (!scalesimCase_->mappings.count(c.name)) continue;
        ++(c.givenMapping ? given : mapped);
    }
    if (mapped == 0) return tr("every layer costed as SCALE-Sim maps it");
    return tr("%1 layers costed as SCALE-Sim maps them, %2 mapped by the mapper (SCALE-Sim's mapping does not fit "
              "this design)")
        .arg(given)
        .arg(mapped);
}

}  // namespace accelscope::ui
