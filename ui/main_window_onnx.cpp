// MainWindow's ONNX side: opening a model (File > Open, a drop, a recent file, the Workload dock's
// entry) shows the import dialog, which imports in the background (docs/workloads.md).
#include <QDir>
#include <QStatusBar>
#include <QStringList>

#include "main_window.h"
#include "onnx/onnx_import.h"
#include "onnx_import_dialog.h"
#include "util/input_error.h"

namespace accelscope::ui {

OnnxImportDialog* MainWindow::importOnnxFrom(const QString& path) {
    std::vector<OnnxSymbolicDim> dims;
    try {
        dims = onnxSymbolicDims(path.toStdString());  // the inputs only: quick even on a big model
    } catch (const InputError& e) {
        showError(tr("Cannot load workload"), QString::fromStdString(e.what()));
        return nullptr;
    } catch (const std::exception& e) {
        showError(tr("Cannot load workload"), tr("%1: %2").arg(path, QString::fromLocal8Bit(e.what())));
        return nullptr;
    }
    auto* dialog = new OnnxImportDialog(path, std::move(dims), OnnxImportDialog::rememberedSizes(path), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OnnxImportDialog::imported, this,
            [this](std::shared_ptr<const OnnxImport> result, const QString& file,
                   const std::map<std::string, std::int64_t>& sizes) {
                OnnxImportDialog::rememberSizes(file, sizes, 2 * kMaxRecentFiles);
                setLoadedWorkload(result->workload, file);
                QString message = tr("Imported %1 from %2: %3 ops, %4 GMACs at batch %5")
                                      .arg(QString::fromStdString(workload_.name), QDir::toNativeSeparators(file))
                                      .arg(workload_.ops.size())
                                      .arg(static_cast<double>(workload_.totalMacs()) / 1e9, 0, 'f', 2)
                                      .arg(workload_.batch);
                QStringList given;
                for (const auto& [name, size] : sizes) given << QStringLiteral("%1=%2").arg(QString::fromStdString(name)).arg(size);
                if (!given.isEmpty()) message += tr(" (%1)").arg(given.join(QStringLiteral(", ")));
                statusBar()->showMessage(message, 10000);
            });
    connect(dialog, &OnnxImportDialog::failed, this,
            [this](const QString& message) { showError(tr("Cannot load workload"), message); });
    dialog->open();
    return dialog;
}

}  // namespace accelscope::ui
