#pragma once
// One entry point for running a planned batch (run/run_plan.hpp), used by `sim run`, by the same
// command under mpirun, and by the benchmark: the staged output file, a precision run's path
// search, replaying a resumed file's paths, the record reducer, summaries and checksums, and the
// commit to the final name (or, when stopped, to a partial file that a resume completes).

#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/run_driver.hpp"
#include "output/result_writer.hpp"
#include "run/run_observer.hpp"
#include "run/run_plan.hpp"

namespace cloudsim::run {

// How the batch runs; none of it changes the result.
struct RunSettings {
  int threads = 0;  // 0: every hardware thread
  std::size_t block_size = 1024;
  engine::Stepping stepping = engine::Stepping::in_lanes;
  bool ignore_disk_space = false;
  // Set (by a signal handler) to stop conditioning, or between blocks.
  std::atomic<bool>* stop_requested = nullptr;
  // Under mpirun: the exit code a failure maps to, sent from the failing rank to the others
  // (FailedOnAnotherRank). Unused in a single process.
  std::function<int(std::exception_ptr)> exit_code_of;
};

enum class RunEnding {
  complete,             // the result is at plan.output_path
  stopped_unwritten,    // stopped before any path was written; nothing written (see stopped_while)
  partial_kept,         // stopped mid-run; the completed paths are in `partial`
  stopped_distributed,  // stopped under mpirun; nothing is kept
};

struct RunResult {
  RunEnding ending = RunEnding::complete;
  std::string stopped_while;  // stopped_unwritten, or stopped_distributed before any block
  std::filesystem::path partial;
  bool partial_replaces_output = false;  // the output name exists: resuming needs --force
  std::uint64_t paths_completed = 0;     // including a resumed file's
  engine::RunReport report;              // the simulation (paths summed over the ranks)
  int steps = 0;                         // quarterly steps per path
  int ranks = 1;
  std::vector<std::uint64_t> paths_per_rank;  // under mpirun, on rank 0: each rank's paths
  bool blocks_as_asked = false;  // under mpirun: blocks went to ranks as they asked, not in turn
  bool reports_here = true;      // under mpirun only rank 0 has the summaries and reports
  // stopped_distributed: the lowest rank that was stopped (by a signal); its signal gives every
  // rank's exit code, so that mpirun's does not depend on which rank it hears from first.
  int stopping_rank = 0;
  output::SummaryTables tables;
  std::uint64_t summarised_paths = 0;
};

// Runs the plan (under mpirun when the process is one of several ranks: collective, every rank
// calls it). A precision run sets plan.metadata.paths to the count it chose. Throws on failure;
// a stop requested through settings.stop_requested returns normally with the ending that says
// what was kept.
RunResult run_batch(RunPlan& plan, const RunSettings& settings, RunObserver& observer);

}  // namespace cloudsim::run
