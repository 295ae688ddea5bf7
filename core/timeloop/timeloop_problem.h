#pragma once
// Timeloop v0.4 problems <-> AccelScope ops. A Timeloop CNN-layer problem (dims C M R S N P Q, and G
// when grouped; coefficients Wstride Hstride Wdilation Hdilation) is one conv op. Timeloop's input
// width W pairs P with R (Inputs[n][c][p*Wstride + r*Wdilation][q*Hstride + s*Hdilation]); AccelScope
// calls the P/R axis H (problem.h), so Timeloop's W, Wstride, Wdilation, Wpad become AccelScope's
// H, stride[0], dilation[0], padding[0] and Timeloop's H-axis the W-axis. Timeloop has no padding: the
// input extent follows from P, R, stride and dilation; the optional instance keys W/H/Wpad/Hpad (as
// written by Timeloop's PyTorch converter) carry AccelScope's padded input sizes through a round trip.
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "workload/workload.h"

namespace accelscope::timeloop {

// Timeloop's dim letters: M (or K, as some exercises write it) is AccelScope's K; the others are the same.
bool dimFromTimeloop(std::string_view letter, Dim& out);
std::string_view timeloopDimName(Dim d);
// Timeloop's data spaces Weights, Inputs, Outputs (any case).
bool tensorFromTimeloop(std::string_view name, Tensor& out);
std::string timeloopTensorName(Tensor t);
// Problem dims written to Timeloop files, in Timeloop's usual order C M R S N P Q (G first when grouped).
std::vector<Dim> timeloopDims(const ProblemShape& shape);

// `problem` is the value of the top-level `problem:` key. Returns a one-op workload (a conv op named
// after the shape) validated like a workload file; errors name `source` and the YAML path. Input
// sizes and padding that disagree with the dims (which Timeloop ignores) are replaced by the
// unpadded input, with a note in `notes`.
Workload importTimeloopProblem(const YAML::Node& problem, const std::string& source,
                               std::vector<std::string>* notes = nullptr);

// The `problem:` value for a MAC op (conv, linear, matmul: its canonical nest, problem.h).
YAML::Node exportTimeloopProblem(const Op& op);

}  // namespace accelscope::timeloop
