#include "cli/distributed_run.hpp"

#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/run_steps.hpp"
#include "output/path_checksums.hpp"
#include "output/staged_file.hpp"
#include "parallel/ranks.hpp"

namespace cloudsim::cli {

void check_distributable(const RunPlan& plan) {
  if (!plan.resume_from.empty()) {
    throw UsageError("--resume runs in one process; run it without mpirun");
  }
  if (!plan.precision.empty()) {
    throw UsageError(
        "precision targets need every path's outcome in one place as paths are added; "
        "under mpirun give a path count (--paths) instead");
  }
}

void report_first_failure(std::exception_ptr failure) {
  const int failing = parallel::first_failing_rank(failure != nullptr);
  if (failing < 0) {
    return;
  }
  // The failing rank's exit code, to every rank (collective: all ranks reach this call).
  const int mine = parallel::ranks().rank == failing ? describe_failure(failure).exit_code : 0;
  const int code = parallel::broadcast_from(failing, mine);
  if (parallel::ranks().rank == failing) {
    std::rethrow_exception(failure);
  }
  throw QuietExit(code);
}

int run_distributed(RunPlan& plan, const RunArguments& arguments) {
  const parallel::Ranks ranks = parallel::ranks();
  const BatchModels models(plan.batch);
  const int steps = models.models.front().steps();
  g_stop_requested.store(false);

  // Rank 0 checks the output name and the disk, and creates the file with every dataset and
  // coordinate (strings and attributes are written by one process; parallel HDF5 1.10 cannot
  // write variable-length strings collectively).
  std::optional<output::StagedFile> staged;
  std::string temporary;
  std::exception_ptr failure;
  if (ranks.root()) {
    try {
      staged.emplace(plan.output_path, plan.replace_policy);
      check_disk_space(plan.metadata, staged->temporary_path(), arguments.ignore_disk_space);
      output::ResultWriter skeleton(staged->temporary_path().string(), plan.metadata);
      skeleton.close_data();
      temporary = staged->temporary_path().string();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  report_first_failure(failure);
  temporary = parallel::broadcast(temporary);

  // Every rank writes its own blocks (whole chunks: no two ranks touch one chunk).
  engine::RunReport report;
  bool stopped = false;
  output::PathChecksums checksums(plan.metadata.scenarios.size(), plan.metadata.paths);
  {
    output::ResultWriter writer(temporary, plan.metadata, output::ResultWriter::OpenExisting{true});
    engine::FanOutSink written({&writer, &checksums});
    auto sinks = reducer_for(plan, written);
    engine::RunOptions options;
    options.paths = plan.metadata.paths;
    options.seed = plan.metadata.seed;
    options.block_size = output::kPathChunk;
    options.align = output::kPathChunk;
    options.rank = ranks.rank;
    options.ranks = ranks.size;
    options.threads = arguments.threads;
    options.stop_requested = &g_stop_requested;
    try {
      report = engine::run_paths(models.scenarios, options, sinks);
    } catch (...) {
      failure = std::current_exception();
    }
    report_first_failure(failure);  // the writer closes collectively as every rank unwinds
    stopped = parallel::first_failing_rank(report.stopped_early) >= 0;
    writer.close_data();
  }
  const std::uint64_t completed = parallel::sum(report.paths_completed);
  parallel::sum_in_place(checksums.sums());
  if (stopped) {
    if (ranks.root()) {
      std::cerr << "sim: interrupted; " << plan.output_path
                << " was not written (or left as it was). Under mpirun no partial file is kept: "
                   "run again, or run without mpirun to be able to resume\n";
    }
    return interrupted_exit_code();
  }

  // Rank 0: summaries from the file in path order (exactly what a single process computes while
  // it runs), the run's status, and the rename into place.
  int code = 0;
  if (ranks.root()) {
    try {
      const auto periods = summary_periods(plan);
      auto summaries = summaries_for(plan, periods);
      ReplayOptions replay;
      replay.demand_and_revenue_only = true;
      replay.verify = false;  // this run's own file, written a moment ago
      replay_paths(temporary, plan.metadata, plan.metadata.paths, summaries, replay);
      const auto tables = summary_tables(summaries, periods);
      output::ResultWriter finishing(temporary, plan.metadata,
                                     output::ResultWriter::OpenExisting{false});
      finishing.write_summaries(tables);
      finishing.write_checksums(checksums.sums());
      output::RunStatus status = plan.carried;
      status.paths_completed = completed;
      finishing.finish(status);
      staged->commit();
      if (!arguments.quiet) {
        engine::RunReport whole = report;
        whole.paths_completed = completed;
        print_run_report(plan, whole, steps, tables, summaries.paths(), ranks.size);
      }
    } catch (...) {
      failure = std::current_exception();
      code = describe_failure(failure).exit_code;
    }
  }
  code = parallel::broadcast(code);
  if (failure) {
    std::rethrow_exception(failure);  // rank 0 reports; the others exit with its code below
  }
  if (code != 0) {
    throw QuietExit(code);
  }
  return 0;
}

}  // namespace cloudsim::cli
