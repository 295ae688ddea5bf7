#pragma once
// Opening an ONNX model: the dialog names the file, asks a size for each of its symbolic input dims
// (each required: Import stays disabled, and the dialog names the dims still without one), then runs
// the import in the background (OnnxImportWorker) with its phase, a progress bar and Cancel. The window
// hears `imported` (and loads the workload) or `failed` (and reports the importer's message); after a
// cancel the dialog just closes. While the import runs, Cancel and closing the dialog stop it; the
// dialog closes once the import's thread has ended.
#include <QDialog>
#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "onnx/onnx_import.h"

class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace accelscope::ui {

class OnnxImportWorker;

class OnnxImportDialog : public QDialog {
    Q_OBJECT
public:
    // `dims`: the model's symbolic dims (onnxSymbolicDims); `sizes`: sizes to start from (the last
    // import of this file), else the batch axis starts at 1 and any other dim empty.
    OnnxImportDialog(const QString& file, std::vector<OnnxSymbolicDim> dims,
                     const std::map<std::string, std::int64_t>& sizes = {}, QWidget* parent = nullptr);
    ~OnnxImportDialog() override;

    QString file() const { return file_; }
    // The sizes given so far (dims without one are left out).
    std::map<std::string, std::int64_t> sizes() const;
    // The dims still without a size, in the model's order.
    QStringList unfixedDims() const;
    void setSize(const QString& dim, std::int64_t size);  // 0 clears it

    // Starts the import, as the Import button does; false (and nothing starts) while a dim has no size.
    bool startImport();
    bool isImporting() const;

    QSpinBox* sizeSpin(const QString& dim) const;
    QPushButton* importButton() const { return import_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    // What is missing before the import (the dims without a size), its phase during it.
    QLabel* statusLabel() const { return status_; }

    // The sizes given at the last imports of `path` (QSettings "onnxDimSizes", the `keep` most recent
    // files, the newest first), so that the dialog and the next start-up begin from them.
    static std::map<std::string, std::int64_t> rememberedSizes(const QString& path);
    static void rememberSizes(const QString& path, const std::map<std::string, std::int64_t>& sizes, int keep);

    // Cancel and Escape: a running import is stopped first (the dialog closes when it has stopped).
    void reject() override;

signals:
    void imported(std::shared_ptr<const accelscope::OnnxImport> result, const QString& file,
                  const std::map<std::string, std::int64_t>& sizes);
    void failed(const QString& message);

private:
    void updateState();
    void setEditable(bool on);

    QString file_;
    std::vector<OnnxSymbolicDim> dims_;
    std::vector<QSpinBox*> spins_;  // one per dim, in dims_'s order
    QGroupBox* dimsBox_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QPushButton* import_ = nullptr;
    QPushButton* cancel_ = nullptr;
    OnnxImportWorker* worker_ = nullptr;
};

}  // namespace accelscope::ui
