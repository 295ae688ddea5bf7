#include "scalesim_import_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accelscope::ui {

ScalesimImportDialog::ScalesimImportDialog(const QString& folder, QWidget* parent) : QDialog(parent), folder_(folder) {
    setObjectName(QStringLiteral("scalesimImportDialog"));
    setWindowTitle(tr("Import SCALE-Sim"));
    auto* intro = new QLabel(tr("A SCALE-Sim v2 config and the topology it runs: the array becomes the design, each "
                                "row a layer, costed as SCALE-Sim maps it."),
                             this);
    intro->setWordWrap(true);
    const auto row = [this](QLineEdit*& edit, const QString& name, const QString& placeholder, const QString& title,
                            const QString& filter) {
        edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setMinimumWidth(360);
        connect(edit, &QLineEdit::textChanged, this, &ScalesimImportDialog::updateOk);
        auto* button = new QPushButton(tr("Browse..."), this);
        button->setObjectName(name + QStringLiteral("Browse"));
        connect(button, &QPushButton::clicked, this, [this, e = edit, title, filter] { browse(e, title, filter); });
        auto* line = new QHBoxLayout;
        line->addWidget(edit, 1);
        line->addWidget(button);
        return line;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("&Config:"), row(config_, QStringLiteral("scalesimConfigEdit"), tr("e.g. scale.cfg"),
                                     tr("SCALE-Sim Config"), tr("SCALE-Sim configs (*.cfg);;All files (*)")));
    form->addRow(tr("&Topology:"), row(topology_, QStringLiteral("scalesimTopologyEdit"), tr("e.g. resnet18.csv"),
                                       tr("SCALE-Sim Topology"), tr("SCALE-Sim topologies (*.csv);;All files (*)")));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    ok_->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateOk();
}

QString ScalesimImportDialog::configFile() const { return config_->text().trimmed(); }
QString ScalesimImportDialog::topologyFile() const { return topology_->text().trimmed(); }

void ScalesimImportDialog::setFiles(const QString& config, const QString& topology) {
    config_->setText(config);
    topology_->setText(topology);
}

void ScalesimImportDialog::browse(QLineEdit* edit, const QString& title, const QString& filter) {
    const QString start = edit->text().isEmpty() ? folder_ : QFileInfo(edit->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, title, start, filter);
    if (file.isEmpty()) return;
    edit->setText(file);
    folder_ = QFileInfo(file).absolutePath();
}

void ScalesimImportDialog::updateOk() { ok_->setEnabled(!configFile().isEmpty() && !topologyFile().isEmpty()); }

}  // namespace accelscope::ui
