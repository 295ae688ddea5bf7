#pragma once
// ONNX's shape inference, run in a child process so that a crash in it cannot end AccelScope.
//
// Debian's ONNX 1.12 indexes tensor dimensions it has not checked in some operator versions (Gemm of
// opset 6 with a rank-1 B reads past the shape and segfaults; found by fuzzing), and no check of ours
// can foresee every such path through a malformed model. The child (fork) infers the shapes and sends
// the model back through a pipe; a child that dies becomes an InputError naming the file.
#include <stop_token>
#include <string>

#include <onnx/onnx_pb.h>

namespace accelscope::onnximport {

// Replaces `model` by the model with its inferred shapes (value_info). Throws InputError(source, ...)
// when inference fails or its process dies or runs out of `timeoutSeconds`. A request on `stop` kills
// the child within about 50 ms and throws OnnxImportCancelled, `model` unchanged.
void inferShapesIsolated(onnx::ModelProto& model, const std::string& source, int timeoutSeconds = 300,
                         std::stop_token stop = {});

}  // namespace accelscope::onnximport
