#include "util/input_error.h"

namespace accelscope {

InputError::InputError(std::string source, std::vector<Problem> problems)
    : std::runtime_error(render(source, problems)), source_(std::move(source)), problems_(std::move(problems)) {}

InputError::InputError(std::string source, std::string where, std::string message)
    : InputError(std::move(source), std::vector<Problem>{{std::move(where), std::move(message)}}) {}

std::string InputError::render(const std::string& source, const std::vector<Problem>& problems) {
    std::string text;
    for (const auto& p : problems) {
        if (!text.empty()) text += '\n';
        text += source.empty() ? std::string("input") : source;
        text += ": ";
        if (!p.where.empty()) {
            text += p.where;
            text += ": ";
        }
        text += p.message;
    }
    return text;
}

void ProblemList::throwIfAny() const {
    if (!problems_.empty()) throw InputError(source_, problems_);
}

}  // namespace accelscope
