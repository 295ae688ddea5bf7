#pragma once
// File > Import SCALE-Sim...: asks for the two files SCALE-Sim v2 runs on, a config (.cfg) and a
// topology (.csv, conv or GEMM), each typed or chosen with its Browse button; OK is enabled once both
// are given. The window imports them (MainWindow::importScalesimFrom) and reports any error itself.
#include <QDialog>

class QLineEdit;
class QPushButton;

namespace accelscope::ui {

class ScalesimImportDialog : public QDialog {
    Q_OBJECT
public:
    // `folder`: where the Browse buttons start.
    ScalesimImportDialog(const QString& folder, QWidget* parent = nullptr);

    QString configFile() const;
    QString topologyFile() const;
    void setFiles(const QString& config, const QString& topology);
    QLineEdit* configEdit() const { return config_; }
    QLineEdit* topologyEdit() const { return topology_; }
    QPushButton* okButton() const { return ok_; }

private:
    void browse(QLineEdit* edit, const QString& title, const QString& filter);
    void updateOk();

    QString folder_;
    QLineEdit* config_ = nullptr;
    QLineEdit* topology_ = nullptr;
    QPushButton* ok_ = nullptr;
};

}  // namespace accelscope::ui
