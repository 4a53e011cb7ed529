#pragma once
// A batch under `mpirun -n K` (the MPI build): the blocks of paths (1,024 paths, every scenario of
// the batch) go to the ranks as they ask for them (a counter on rank 0); each rank simulates its
// blocks with oneTBB, writes their chunks into one file at the places HDF5 allocated for them
// (output/raw_chunk_file.hpp) and summarises them; the summaries merge exactly onto rank 0 (a
// reduce), which writes them and renames the file into place. The file holds exactly what a
// single-process run writes (docs/distributed.md).

#include <exception>
#include <functional>
#include <utility>

#include "run/run_batch.hpp"
#include "run/run_plan.hpp"

namespace cloudsim::run {

// Throws RequestError for what a distributed run does not do (yet): resuming and precision
// targets.
void check_distributable(const RunPlan& plan);

// Ends a rank whose run failed on another rank, which reports the failure; `code` is that
// failure's exit code.
class FailedOnAnotherRank : public std::exception {
 public:
  explicit FailedOnAnotherRank(int code) : code_(code) {}
  [[nodiscard]] int code() const { return code_; }
  [[nodiscard]] const char* what() const noexcept override { return "reported by another rank"; }

 private:
  int code_;
};

// Carries the failure of the rank that reports it, once every rank has agreed to stop: main
// reports it and exits as the other ranks do. A failure that reaches main without this (or
// FailedOnAnotherRank) was not agreed, and under mpirun the other ranks may be waiting for this
// one in a collective call: main then ends them all (parallel::abort_every_rank).
class AgreedFailure : public std::exception {
 public:
  explicit AgreedFailure(std::exception_ptr failure) : failure_(std::move(failure)) {}
  [[nodiscard]] std::exception_ptr failure() const { return failure_; }
  [[nodiscard]] const char* what() const noexcept override { return "agreed by every rank"; }

 private:
  std::exception_ptr failure_;
};

// Collective: if any rank failed, the lowest such rank throws AgreedFailure with its failure (for
// the caller to report) and every other rank throws FailedOnAnotherRank with
// exit_code_of(that failure).
void report_first_failure(std::exception_ptr failure,
                          const std::function<int(std::exception_ptr)>& exit_code_of);

// Collective; run_batch calls it when the process is one of several ranks.
RunResult run_distributed(RunPlan& plan, const RunSettings& settings, RunObserver& observer);

}  // namespace cloudsim::run
