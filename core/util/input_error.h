#pragma once
// Errors in what a user brought (a file, a flag, a parameter): every problem is named with the file,
// the place in it and what is wrong, e.g.
//   resnet50.json: op "layer3.2.conv2": K must be a positive integer, got 0
#include <stdexcept>
#include <string>
#include <vector>

namespace accelscope {

struct Problem {
    std::string where;    // e.g. `op "layer3.2.conv2"`, `level "GlobalBuffer"`; empty for the whole file
    std::string message;  // e.g. `K must be a positive integer, got 0`
};

class InputError : public std::runtime_error {
public:
    InputError(std::string source, std::vector<Problem> problems);
    InputError(std::string source, std::string where, std::string message);

    const std::string& source() const { return source_; }
    const std::vector<Problem>& problems() const { return problems_; }

private:
    static std::string render(const std::string& source, const std::vector<Problem>& problems);
    std::string source_;
    std::vector<Problem> problems_;
};

// Collects problems while a file is validated, so that all of them are reported at once.
class ProblemList {
public:
    explicit ProblemList(std::string source) : source_(std::move(source)) {}
    void add(std::string where, std::string message) { problems_.push_back({std::move(where), std::move(message)}); }
    bool empty() const { return problems_.empty(); }
    const std::string& source() const { return source_; }
    // Throws InputError with every problem collected so far, if any.
    void throwIfAny() const;

private:
    std::string source_;
    std::vector<Problem> problems_;
};

}  // namespace accelscope
