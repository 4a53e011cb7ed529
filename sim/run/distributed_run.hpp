#pragma once
// A batch under `mpirun -n K` (the MPI build): the blocks of paths (1,024 paths, every scenario of
// the batch) go to the ranks as they ask for them (a counter on rank 0); each rank simulates its
// blocks with oneTBB, writes their chunks into one file at the places HDF5 allocated for them
// (output/raw_chunk_file.hpp) and summarises them; the summaries merge exactly onto rank 0 (a
// reduce), which writes them and renames the file into place. The file holds exactly what a
// single-process run writes (docs/distributed.md).

#include <exception>
#include <functional>

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

// Collective: if any rank failed, the lowest such rank rethrows its failure (for the caller to
// report) and every other rank throws FailedOnAnotherRank with exit_code_of(that failure).
void report_first_failure(std::exception_ptr failure,
                          const std::function<int(std::exception_ptr)>& exit_code_of);

// Collective; run_batch calls it when the process is one of several ranks.
RunResult run_distributed(RunPlan& plan, const RunSettings& settings, RunObserver& observer);

}  // namespace cloudsim::run
