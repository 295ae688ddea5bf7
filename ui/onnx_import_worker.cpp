// The import in a QThread; its progress and its outcome are posted to the worker's (GUI) thread as
// queued calls, which Qt drops if the worker is gone by then (it is not: ~OnnxImportWorker waits).
#include "onnx_import_worker.h"

#include <QMetaObject>
#include <QThread>
#include <cmath>
#include <exception>
#include <string>

#include "util/input_error.h"

namespace accelscope::ui {

OnnxImportWorker::OnnxImportWorker(QObject* parent) : QObject(parent) {}

OnnxImportWorker::~OnnxImportWorker() {
    if (thread_) {
        stop_.request_stop();
        thread_->wait();
        delete thread_;
    }
}

bool OnnxImportWorker::start(const QString& file, OnnxImportOptions options) {
    if (running_) return false;
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    stop_ = std::stop_source();
    options.stop = stop_.get_token();
    // Called on the import's thread: posts a report when the phase or the whole percent changes.
    struct Last {
        std::string phase;
        int percent = -1;
    };
    options.progress = [this, last = std::make_shared<Last>()](std::string_view phase, double fraction) {
        const int percent = static_cast<int>(std::floor(fraction * 100));
        if (phase == last->phase && percent == last->percent) return;
        last->phase = std::string(phase);
        last->percent = percent;
        QMetaObject::invokeMethod(
            this, [this, p = QString::fromUtf8(phase.data(), static_cast<qsizetype>(phase.size())), fraction] {
                if (running_) emit progressed(p, fraction);
            },
            Qt::QueuedConnection);
    };
    running_ = true;
    thread_ = QThread::create([this, path = file.toStdString(), options = std::move(options)] {
        std::shared_ptr<const OnnxImport> result;
        QString error;
        bool wasCancelled = false;
        try {
            result = std::make_shared<const OnnxImport>(importOnnxModel(path, options));
        } catch (const OnnxImportCancelled&) {
            wasCancelled = true;
        } catch (const InputError& e) {
            error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            error = QString::fromStdString(path) + QStringLiteral(": ") + QString::fromLocal8Bit(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, result, error, wasCancelled] { finish(result, error, wasCancelled); }, Qt::QueuedConnection);
    });
    thread_->setObjectName(QStringLiteral("onnxImport"));
    thread_->start();
    return true;
}

void OnnxImportWorker::cancel() {
    if (running_) stop_.request_stop();
}

void OnnxImportWorker::finish(std::shared_ptr<const OnnxImport> result, const QString& error, bool wasCancelled) {
    thread_->wait();  // the thread's last act was to post this call
    running_ = false;
    // A cancel that came after the import ended in the thread still cancels: nothing is loaded.
    if (wasCancelled || stop_.stop_requested()) emit cancelled();
    else if (!error.isEmpty()) emit failed(error);
    else emit imported(std::move(result));
}

}  // namespace accelscope::ui
