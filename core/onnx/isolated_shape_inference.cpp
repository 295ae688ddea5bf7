// Shape inference in a forked child: the child sends back a tag byte and either the serialised model
// ('M') or the exception's message ('E'); the parent reads until end of file, then reaps the child.
#include "onnx/isolated_shape_inference.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "onnx/onnx_import.h"
#include "util/input_error.h"

namespace accelscope::onnximport {
namespace {

bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

[[noreturn]] void runChild(onnx::ModelProto& model, int fd) {
    // The default actions, so that a crash ends the child quietly instead of running the parent's
    // handlers (a sanitizer's report, a fuzzer's crash file) in it.
    for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(s, SIG_DFL);
    std::string reply;
    try {
        // Data propagation lets Reshape targets computed from Shape/Gather/Concat chains be inferred.
        const onnx::ShapeInferenceOptions options(false, 0, true);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
        reply = "M";
        if (!model.AppendToString(&reply)) reply = "Ethe model with its inferred shapes does not serialise";
    } catch (const std::exception& e) {
        reply = std::string("E") + e.what();
    }
    _exit(writeAll(fd, reply.data(), reply.size()) ? 0 : 3);  // no exit handlers: they are the parent's
}

std::string describeDeath(int status) {
    if (WIFSIGNALED(status))
        return "ONNX shape inference crashed on this model (signal " + std::to_string(WTERMSIG(status)) + ", " +
               strsignal(WTERMSIG(status)) +
               ", in Debian's ONNX 1.12): the model is malformed, e.g. a tensor of the wrong rank for its "
               "operator; onnx.checker.check_model(model, full_check=True) names the problem";
    return "ONNX shape inference ended abnormally (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
}

}  // namespace

void inferShapesIsolated(onnx::ModelProto& model, const std::string& source, int timeoutSeconds,
                         std::stop_token stop) {
    onnx::OpSchemaRegistry::Instance();  // built before the fork, not by the child alone
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw InputError(source, "", std::string("cannot run ONNX shape inference: pipe: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw InputError(source, "", std::string("cannot run ONNX shape inference: fork: ") + std::strerror(error));
    }
    if (pid == 0) {
        ::close(fds[0]);
        runChild(model, fds[1]);
    }
    ::close(fds[1]);
    std::string reply;
    bool timedOut = false, stopped = false;
    // Polled in short steps when the caller may stop the import, so that a stop is heard quickly.
    const long long step = stop.stop_possible() ? 50 : 1000;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    char buffer[1 << 16];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        if (stop.stop_requested()) {
            stopped = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), step)));
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // end of file: the child is done or dead
        reply.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (timedOut || stopped) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (stopped) throw OnnxImportCancelled(source);
    if (timedOut)
        throw InputError(source, "", "ONNX shape inference did not finish within " + std::to_string(timeoutSeconds) + " s");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty()) throw InputError(source, "", describeDeath(status));
    if (reply[0] == 'E') throw InputError(source, "", "ONNX shape inference failed: " + reply.substr(1));
    if (reply[0] != 'M' || !model.ParseFromArray(reply.data() + 1, static_cast<int>(reply.size() - 1)))
        throw InputError(source, "", "ONNX shape inference returned a model that does not parse");
}

}  // namespace accelscope::onnximport
