#pragma once
// Refusing up front a search that would need more memory than the machine has, instead of letting
// the out-of-memory killer end it hours in.
//
// What grows with a search's settings (workloads and spaces are bounded when they are read: 256 MiB
// files, 20,000 ops, parameter values up to 2^20, the grid walked lazily):
// - every design is kept: at least `budget` records (the invalid ones come on top);
// - the Gaussian process of bo and dabo is fitted to every valid observation: n x n matrices for n up to
//   the budget (the hardware searchers), and n up to the software budget in each thread that maps a
//   layer with the software bo or dabo.
#include <cstdint>
#include <string>

namespace accelscope {

struct SearchJob;

// Bytes at the peak of one Gaussian-process fit and prediction over n observations and m candidates
// (GaussianProcess: the pair statistics, the Gram matrix and its jittered copy, the factorisation and
// the kept factor are n x n; the cross-covariances and the solve against them n x m).
std::uint64_t gaussianProcessBytes(std::uint64_t n, std::uint64_t m);

// The least memory the job can run in, in bytes, with `threads` evaluating designs.
std::uint64_t searchMemoryEstimate(const SearchJob& job, unsigned threads);

// What this process may use: the physical memory, or the control group's limit when lower.
std::uint64_t machineMemoryBytes();

// "1.5 GiB", "23 TiB".
std::string formatBytes(std::uint64_t bytes);

// Throws InputError (source "search", naming the setting to lower) when the job needs more than
// `available` bytes.
void checkSearchMemory(const SearchJob& job, unsigned threads, std::uint64_t available);

}  // namespace accelscope
