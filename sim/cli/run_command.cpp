#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/distributed_run.hpp"
#include "cli/interrupts.hpp"
#include "cli/printable.hpp"
#include "cli/progress.hpp"
#include "cli/run_plan.hpp"
#include "cli/run_steps.hpp"
#include "cloudsim/version.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/path_checksums.hpp"
#include "output/result_writer.hpp"
#include "output/staged_file.hpp"
#include "parallel/ranks.hpp"
#include "summary/precision.hpp"

namespace cloudsim::cli {
namespace {

// outputs/x.h5 → outputs/x.partial.h5 (x.partial-2.h5, … if taken).
// The stem is cut where the name would pass the file systems' 255 bytes.
std::filesystem::path partial_name(const std::filesystem::path& output, int k) {
  const std::string suffix = ".partial" + (k == 1 ? "" : "-" + std::to_string(k)) + ".h5";
  std::string stem = output.stem().string();
  if (stem.size() + suffix.size() > 255) {
    stem.resize(255 - suffix.size());
  }
  return output.parent_path() / (stem + suffix);
}

// Precision runs first find where their targets are met, without writing, then write exactly that
// many paths: the file is then the same as a fixed run of that many paths (the price: the paths
// are computed twice). Returns the path count, or nothing if interrupted.
std::optional<std::uint64_t> find_precise_path_count(RunPlan& plan, const BatchModels& models,
                                                     const RunArguments& arguments,
                                                     output::RunStatus& status) {
  // Targets name simulated quarters whatever the record level: the monitor sees every quarter.
  output::ResultMetadata quarterly = plan.metadata;
  const auto& first = plan.batch.scenarios.front().scenario;
  quarterly.quarter_labels = output::time_axis(output::RecordLevel::full, first.run.start_quarter,
                                               static_cast<std::size_t>(first.market.quarters))
                                 .labels;
  std::vector<summary::PrecisionTarget> targets;
  for (const auto& text : plan.precision)
    targets.push_back(summary::parse_precision_target(text, quarterly));
  summary::PrecisionMonitor monitor(std::move(targets), models.scenarios.size(), kPrecisionStep,
                                    plan.max_paths);
  engine::RunOptions options;
  options.paths = plan.max_paths;
  options.seed = plan.metadata.seed;
  options.block_size = std::min<std::size_t>(arguments.block_size, kPrecisionStep);
  options.align = kPrecisionStep;
  options.threads = arguments.threads;
  options.stop_requested = &g_stop_requested;
  options.enough = &monitor.enough();
  if (!arguments.quiet) {
    std::cerr << "sim: adding paths until every precision target is met (checked every "
              << kPrecisionStep << " paths, at most " << plan.max_paths << ")\n";
  }
  const engine::RunReport report = engine::run_paths(models.scenarios, options, monitor);
  if (report.stopped_early || g_stop_requested.load()) {
    return std::nullopt;
  }
  status.precision = monitor.records();
  status.stop_reason = monitor.all_met() ? "precision targets met" : "path cap reached";
  if (!arguments.quiet) {
    std::cerr << "sim: " << status.stop_reason << " at " << monitor.paths() << " paths:";
    for (const auto& record : status.precision) {
      std::cerr << "\n  " << record.target << ": standard error " << record.standard_error
                << (record.met ? " (met)" : " (NOT met)");
    }
    std::cerr << "\n";
  }
  return monitor.paths();
}

int interrupted_before_writing(const std::string& what) {
  std::cerr << "sim: interrupted (" << received_signal_name() << ") " << what
            << "; nothing was written\n";
  return interrupted_exit_code();
}

int run_single_process(RunPlan& plan, const RunArguments& arguments) {
  const BatchModels models(plan.batch);
  const int steps = models.models.front().steps();
  const std::size_t scenario_count = models.models.size();

  // The output name is checked (and leftovers of killed runs removed) before any work.
  output::StagedFile staged(plan.output_path, plan.replace_policy);
  for (const auto& leftover : staged.removed_leftovers()) {
    std::cerr << "sim: removed " << leftover.string()
              << ", the temporary file of a run that was killed\n";
  }
  if (g_stop_requested.load()) {
    return interrupted_before_writing("before the run started");
  }
  output::RunStatus status = plan.carried;
  if (!plan.precision.empty()) {
    warn_if_disk_may_not_suffice(plan.metadata, plan.max_paths, staged.temporary_path());
    const auto paths = find_precise_path_count(plan, models, arguments, status);
    if (!paths) {
      return interrupted_before_writing("while finding the path count of the precision targets");
    }
    plan.metadata.paths = *paths;
  }
  const std::uint64_t paths = plan.metadata.paths;

  check_disk_space(plan.metadata, staged.temporary_path(), arguments.ignore_disk_space);
  output::ResultWriter writer(staged.temporary_path().string(), plan.metadata);
  const auto periods = summary_periods(plan);
  auto summaries = summaries_for(plan, periods);
  output::PathChecksums checksums(scenario_count, paths);
  engine::FanOutSink recorded({&writer, &summaries, &checksums});
  auto sinks = reducer_for(plan, recorded);
  if (!plan.resume_from.empty()) {
    ReplayOptions replay;
    replay.stop_requested = &g_stop_requested;
    if (!replay_paths(plan.resume_from, plan.metadata, plan.paths_on_file, recorded, replay)) {
      return interrupted_before_writing("while copying the recorded paths of " + plan.resume_from +
                                        ", which is as it was");
    }
  }

  engine::RunOptions options;
  options.first_path = plan.paths_on_file;
  options.paths = paths;
  options.seed = plan.metadata.seed;
  options.block_size = arguments.block_size;
  options.threads = arguments.threads;
  options.stop_requested = &g_stop_requested;
  auto progress =
      progress_line(arguments, paths, steps * static_cast<int>(scenario_count), plan.paths_on_file);
  if (progress) {
    options.on_paths_completed = [&progress](std::uint64_t done) { progress->update(done); };
  }
  const engine::RunReport report = engine::run_paths(models.scenarios, options, sinks);
  if (progress) {
    progress->finish();
  }
  const std::uint64_t completed = plan.paths_on_file + report.paths_completed;
  const auto tables = summary_tables(summaries, periods);
  writer.write_summaries(tables);
  writer.write_checksums(checksums.sums());
  status.paths_completed = completed;
  if (completed < paths) {
    // Keep what is done: a partial file that `--resume` completes to the uninterrupted result.
    status.complete = false;
    status.stop_reason = "interrupted";
    status.final_output = plan.output_path;
    writer.finish(status);
    std::filesystem::path partial;
    if (plan.resume_from_partial) {
      partial = plan.resume_from;  // superseded: the new partial holds all its paths
      staged.commit_replacing(partial);
    } else {
      partial = staged.commit_as_new([&](int k) { return partial_name(plan.output_path, k); });
    }
    // The final name exists only if this run was allowed to replace it: so is the resume.
    std::error_code ignored;
    const bool replaces = std::filesystem::exists(plan.output_path, ignored);
    std::cerr << "sim: interrupted (" << received_signal_name() << ") after " << completed << " of "
              << paths << " paths; " << printable(plan.output_path)
              << " was not written (or left as it was). The " << completed << " paths are kept in "
              << printable(partial.string()) << "; finish them with: sim run --resume "
              << shell_quoted(partial.string()) << (replaces ? " --force" : "") << "\n";
    return interrupted_exit_code();
  }
  writer.finish(status);
  staged.commit();
  if (plan.resume_from_partial &&
      !std::filesystem::equivalent(plan.resume_from, plan.output_path)) {
    std::filesystem::remove(plan.resume_from);  // superseded by the complete result
  }
  if (!arguments.quiet) {
    print_run_report(plan, report, steps, tables, summaries.paths());
  }
  if (received_signal() != 0) {
    std::cerr << "sim: " << received_signal_name() << " arrived after the last path; the complete "
              << "result was written to " << printable(plan.output_path) << "\n";
    return interrupted_exit_code();
  }
  return 0;
}

}  // namespace

int run_command(const std::vector<std::string>& arguments) {
  // From here to the final rename no SIGINT, SIGTERM or SIGHUP kills the run (cli/interrupts.hpp).
  const InterruptGuard interrupts;
  output::h5::silence_default_error_printing();
  const parallel::Ranks ranks = parallel::ranks();
  // Under mpirun every rank plans the run; a problem on any rank (usually the same on all) is
  // reported once, by the lowest rank that has it, and every rank exits with its code.
  std::optional<RunArguments> parsed;
  RunPlan plan;
  std::exception_ptr failure;
  try {
    parsed = parse_run_arguments(arguments);
    if (parsed) {
      plan = parsed->resume.empty() ? plan_new_run(*parsed) : plan_resumed_run(*parsed);
      if (ranks.distributed()) {
        check_distributable(plan);
      }
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!ranks.distributed()) {
    if (failure)
      std::rethrow_exception(failure);
    if (parsed && g_stop_requested.load()) {
      return interrupted_before_writing("while reading the scenarios");
    }
    return parsed ? run_single_process(plan, *parsed) : 0;
  }
  report_first_failure(failure);
  return parsed ? run_distributed(plan, *parsed) : 0;
}

}  // namespace cloudsim::cli
