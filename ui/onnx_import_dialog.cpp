#include "onnx_import_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSettings>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "onnx_import_worker.h"

namespace accelscope::ui {
namespace {

constexpr int kMaxSize = 1 << 24;  // the importer's limit for a dim (--dim)
constexpr int kProgressSteps = 1000;

// The importer's phase names (onnx_import.h) as the dialog says them.
QString phaseText(const QString& phase) {
    if (phase == QLatin1String("reading")) return OnnxImportDialog::tr("Reading the file...");
    if (phase == QLatin1String("parsing"))
        return OnnxImportDialog::tr("Parsing the model (one step that cannot be interrupted)...");
    if (phase == QLatin1String("inferring shapes")) return OnnxImportDialog::tr("Inferring shapes...");
    if (phase == QLatin1String("translating")) return OnnxImportDialog::tr("Translating the nodes...");
    if (phase == QLatin1String("checking")) return OnnxImportDialog::tr("Checking the workload...");
    return phase;
}

}  // namespace

OnnxImportDialog::OnnxImportDialog(const QString& file, std::vector<OnnxSymbolicDim> dims,
                                   const std::map<std::string, std::int64_t>& sizes, QWidget* parent)
    : QDialog(parent), file_(file), dims_(std::move(dims)) {
    setObjectName(QStringLiteral("onnxImportDialog"));
    setWindowTitle(tr("Import ONNX Model"));
    worker_ = new OnnxImportWorker(this);

    const QFileInfo info(file);
    // The name in bold over its folder and size, both quoted as plain text.
    auto* name = new QLabel(QStringLiteral("<b>%1</b><br>%2 \u00b7 %3")
                                .arg(info.fileName().toHtmlEscaped(),
                                     QDir::toNativeSeparators(info.absolutePath()).toHtmlEscaped(),
                                     QLocale().formattedDataSize(info.size(), 1, QLocale::DataSizeSIFormat)),
                            this);
    name->setObjectName(QStringLiteral("onnxFileLabel"));
    name->setTextFormat(Qt::RichText);
    name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    name->setWordWrap(true);

    dimsBox_ = new QGroupBox(tr("Symbolic dimensions"), this);
    auto* grid = new QGridLayout(dimsBox_);
    grid->setColumnStretch(2, 1);
    if (dims_.empty()) {
        auto* none = new QLabel(tr("None: every input dimension has a fixed size in the file."), dimsBox_);
        none->setObjectName(QStringLiteral("onnxNoSymbolicDims"));
        none->setWordWrap(true);
        grid->addWidget(none, 0, 0, 1, 3);
    }
    for (std::size_t i = 0; i < dims_.size(); ++i) {
        const OnnxSymbolicDim& d = dims_[i];
        const QString dimName = QString::fromStdString(d.name);
        auto* label = new QLabel(dimName, dimsBox_);
        label->setTextFormat(Qt::PlainText);
        auto* spin = new QSpinBox(dimsBox_);
        spin->setObjectName(QStringLiteral("dimSpin_") + dimName);
        spin->setRange(0, kMaxSize);
        spin->setSpecialValueText(tr("required"));  // 0: no size given yet
        spin->setAccelerated(true);
        spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("16777216")) + 48);
        const auto given = sizes.find(d.name);
        spin->setValue(given != sizes.end() ? static_cast<int>(std::clamp<std::int64_t>(given->second, 0, kMaxSize))
                       : d.batchAxis       ? 1
                                           : 0);
        label->setBuddy(spin);
        QStringList places;
        for (const std::string& p : d.places) places << QString::fromStdString(p);
        QString where = places.join(QStringLiteral("; "));
        if (d.batchAxis)
            where += tr(": the batch (the Workload panel's Batch steps by it; 1 leaves that free)");
        auto* placesLabel = new QLabel(where, dimsBox_);
        placesLabel->setTextFormat(Qt::PlainText);
        placesLabel->setWordWrap(true);
        placesLabel->setForegroundRole(QPalette::PlaceholderText);
        spin->setToolTip(tr("The size of %1 (%2), 1 to %3").arg(dimName, places.join(QStringLiteral("; "))).arg(kMaxSize));
        connect(spin, &QSpinBox::valueChanged, this, &OnnxImportDialog::updateState);
        const int row = static_cast<int>(i);
        grid->addWidget(label, row, 0);
        grid->addWidget(spin, row, 1);
        grid->addWidget(placesLabel, row, 2);
        spins_.push_back(spin);
    }

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("onnxImportStatus"));
    status_->setTextFormat(Qt::PlainText);
    status_->setWordWrap(true);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("onnxImportProgress"));
    progress_->setRange(0, kProgressSteps);
    progress_->setValue(0);
    progress_->setTextVisible(false);  // until the import starts

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    import_ = buttons_->button(QDialogButtonBox::Ok);
    import_->setText(tr("&Import"));
    import_->setObjectName(QStringLiteral("onnxImportButton"));
    cancel_ = buttons_->button(QDialogButtonBox::Cancel);
    cancel_->setObjectName(QStringLiteral("onnxCancelButton"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &OnnxImportDialog::startImport);
    connect(buttons_, &QDialogButtonBox::rejected, this, &OnnxImportDialog::reject);

    connect(worker_, &OnnxImportWorker::progressed, this, [this](const QString& phase, double fraction) {
        if (worker_->isCancelling()) return;
        status_->setText(phaseText(phase));
        progress_->setValue(static_cast<int>(fraction * kProgressSteps));
    });
    connect(worker_, &OnnxImportWorker::imported, this, [this](std::shared_ptr<const OnnxImport> result) {
        progress_->setValue(kProgressSteps);
        emit imported(std::move(result), file_, this->sizes());
        accept();
    });
    connect(worker_, &OnnxImportWorker::failed, this, [this](const QString& message) {
        // Closed first, so that the window's error dialog does not come up over this one.
        done(QDialog::Rejected);
        emit failed(message);
    });
    connect(worker_, &OnnxImportWorker::cancelled, this, [this] { done(QDialog::Rejected); });

    auto* form = new QFormLayout;
    form->addRow(tr("File:"), name);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The model becomes the workload: each node is translated to AccelScope's ops. Give "
                                "every symbolic dimension of its inputs a size."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(dimsBox_);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(buttons_);
    setMinimumWidth(520);
    updateState();
}

OnnxImportDialog::~OnnxImportDialog() = default;  // the worker (a child) stops and waits for its thread

std::map<std::string, std::int64_t> OnnxImportDialog::sizes() const {
    std::map<std::string, std::int64_t> result;
    for (std::size_t i = 0; i < dims_.size(); ++i)
        if (spins_[i]->value() > 0) result[dims_[i].name] = spins_[i]->value();
    return result;
}

QStringList OnnxImportDialog::unfixedDims() const {
    QStringList names;
    for (std::size_t i = 0; i < dims_.size(); ++i)
        if (spins_[i]->value() == 0) names << QString::fromStdString(dims_[i].name);
    return names;
}

QSpinBox* OnnxImportDialog::sizeSpin(const QString& dim) const {
    for (std::size_t i = 0; i < dims_.size(); ++i)
        if (QString::fromStdString(dims_[i].name) == dim) return spins_[i];
    return nullptr;
}

void OnnxImportDialog::setSize(const QString& dim, std::int64_t size) {
    if (QSpinBox* spin = sizeSpin(dim)) spin->setValue(static_cast<int>(std::clamp<std::int64_t>(size, 0, kMaxSize)));
}

bool OnnxImportDialog::isImporting() const { return worker_->isRunning(); }

void OnnxImportDialog::updateState() {
    if (worker_->isRunning()) return;
    const QStringList missing = unfixedDims();
    import_->setEnabled(missing.isEmpty());
    status_->setText(missing.isEmpty() ? tr("Ready to import.")
                                       : tr("No size for %1: give each symbolic dimension a size to import the model.")
                                             .arg(missing.join(QStringLiteral(", "))));
}

void OnnxImportDialog::setEditable(bool on) {
    for (QSpinBox* spin : spins_) spin->setEnabled(on);
    import_->setEnabled(on);
}

bool OnnxImportDialog::startImport() {
    if (worker_->isRunning() || !unfixedDims().isEmpty()) return false;
    OnnxImportOptions options;
    // Batch 1 for a free batch axis: the Workload panel's batch scales the evaluation, so importing at
    // that batch would count it twice.
    options.batch = 1;
    options.dims = sizes();
    setEditable(false);
    status_->setText(tr("Starting..."));
    progress_->setValue(0);
    progress_->setTextVisible(true);
    import_->setDefault(false);
    cancel_->setDefault(true);
    worker_->start(file_, std::move(options));
    return true;
}

void OnnxImportDialog::reject() {
    if (!worker_->isRunning()) {
        QDialog::reject();
        return;
    }
    // The dialog stays until the import's thread has stopped (the worker's cancelled closes it).
    worker_->cancel();
    cancel_->setEnabled(false);
    status_->setText(tr("Cancelling..."));
}

// The symbolic dim sizes of the last ONNX imports, most recent first, one "path" + "sizes" map each
// (QSettings "onnxDimSizes"), so that the dialog and the next start-up begin from them.
std::map<std::string, std::int64_t> OnnxImportDialog::rememberedSizes(const QString& path) {
    const QString key = QFileInfo(path).absoluteFilePath();
    QSettings settings(QStringLiteral("AccelScope"), QStringLiteral("AccelScope"));  // the application's
    for (const QVariant& entry : settings.value(QStringLiteral("onnxDimSizes")).toList()) {
        const QVariantMap m = entry.toMap();
        if (m.value(QStringLiteral("path")).toString() != key) continue;
        std::map<std::string, std::int64_t> sizes;
        const QVariantMap given = m.value(QStringLiteral("sizes")).toMap();
        for (auto it = given.begin(); it != given.end(); ++it) sizes[it.key().toStdString()] = it.value().toLongLong();
        return sizes;
    }
    return {};
}

void OnnxImportDialog::rememberSizes(const QString& path, const std::map<std::string, std::int64_t>& sizes, int keep) {
    const QString key = QFileInfo(path).absoluteFilePath();
    QSettings settings(QStringLiteral("AccelScope"), QStringLiteral("AccelScope"));  // the application's
    QVariantMap given;
    for (const auto& [name, size] : sizes) given[QString::fromStdString(name)] = static_cast<qlonglong>(size);
    QVariantList entries{QVariantMap{{QStringLiteral("path"), key}, {QStringLiteral("sizes"), given}}};
    for (const QVariant& entry : settings.value(QStringLiteral("onnxDimSizes")).toList())
        if (entry.toMap().value(QStringLiteral("path")).toString() != key && entries.size() < keep) entries << entry;
    settings.setValue(QStringLiteral("onnxDimSizes"), entries);
}

}  // namespace accelscope::ui
