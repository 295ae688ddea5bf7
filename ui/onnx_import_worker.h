#pragma once
// Runs an ONNX import (core's importOnnxModel) in a background thread and tells the GUI thread how it
// goes: its phase and fraction (only when the shown percentage or the phase changes, so a model of
// many nodes does not flood the event loop), then exactly one of imported, failed or cancelled. cancel()
// asks core to stop (OnnxImportOptions::stop); the thread ends at the import's next check, and nothing
// it had read is kept.
#include <QObject>
#include <QString>
#include <memory>
#include <stop_token>

#include "onnx/onnx_import.h"

class QThread;

namespace accelscope::ui {

class OnnxImportWorker : public QObject {
    Q_OBJECT
public:
    explicit OnnxImportWorker(QObject* parent = nullptr);
    ~OnnxImportWorker() override;  // stops a running import and waits for its thread

    // Imports `file` with `options` (its progress and stop are the worker's). False if one is running.
    bool start(const QString& file, OnnxImportOptions options);
    void cancel();
    bool isRunning() const { return running_; }
    bool isCancelling() const { return running_ && stop_.stop_requested(); }

signals:
    // GUI thread, in this order: any number of progressed, then one of the other three.
    void progressed(const QString& phase, double fraction);
    void imported(std::shared_ptr<const accelscope::OnnxImport> result);
    void failed(const QString& message);  // the importer's message: the file, the place and the problem
    void cancelled();

private:
    void finish(std::shared_ptr<const OnnxImport> result, const QString& error, bool wasCancelled);

    QThread* thread_ = nullptr;
    std::stop_source stop_;
    bool running_ = false;
};

}  // namespace accelscope::ui
