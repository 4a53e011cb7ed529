#include "run/run_batch.hpp"

#include <optional>

#include "output/path_checksums.hpp"
#include "output/staged_file.hpp"
#include "parallel/ranks.hpp"
#include "run/condition_batch.hpp"
#include "run/distributed_run.hpp"
#include "run/run_steps.hpp"
#include "summary/precision.hpp"

namespace cloudsim::run {
namespace {

bool stop_requested(const RunSettings& settings) {
  return settings.stop_requested != nullptr && settings.stop_requested->load();
}

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
// are computed twice). Returns the path count, or nothing if stopped.
std::optional<std::uint64_t> find_precise_path_count(const RunPlan& plan, const BatchModels& models,
                                                     const RunSettings& settings,
                                                     RunObserver& observer,
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
  options.block_size = std::min<std::size_t>(settings.block_size, kPrecisionStep);
  options.align = kPrecisionStep;
  options.threads = settings.threads;
  options.stepping = settings.stepping;
  options.stop_requested = settings.stop_requested;
  options.enough = &monitor.enough();
  observer.precision_search_started(kPrecisionStep, plan.max_paths);
  const engine::RunReport report = engine::run_paths(models.scenarios, options, monitor);
  if (report.stopped_early || stop_requested(settings)) {
    return std::nullopt;
  }
  status.precision = monitor.records();
  status.stop_reason = monitor.all_met() ? "precision targets met" : "path cap reached";
  observer.precision_search_ended(status, monitor.paths());
  return monitor.paths();
}

RunResult stopped_unwritten(std::string what) {
  RunResult result;
  result.ending = RunEnding::stopped_unwritten;
  result.stopped_while = std::move(what);
  return result;
}

RunResult run_single_process(RunPlan& plan, const RunSettings& settings, RunObserver& observer) {
  BatchModels models(plan.batch);
  const int steps = models.models.front().steps();
  const std::size_t scenario_count = models.models.size();

  // The output name is checked (and leftovers of killed runs removed) before any work.
  output::StagedFile staged(plan.output_path, plan.replace_policy);
  for (const auto& leftover : staged.removed_leftovers())
    observer.removed_leftover(leftover);
  if (stop_requested(settings)) {
    return stopped_unwritten("before the run started");
  }
  output::RunStatus status = plan.carried;
  if (!plan.precision.empty()) {
    if (const auto shortfall =
            disk_shortfall_at_cap(plan.metadata, plan.max_paths, staged.temporary_path())) {
      observer.disk_may_not_suffice(*shortfall);
    }
    const auto paths = find_precise_path_count(plan, models, settings, observer, status);
    if (!paths) {
      return stopped_unwritten("while finding the path count of the precision targets");
    }
    plan.metadata.paths = *paths;
  }
  const std::uint64_t paths = plan.metadata.paths;
  const auto conditioned = condition_batch(plan, models, settings.threads, settings.stepping,
                                           settings.stop_requested, observer);
  if (conditioned && conditioned->stopped) {
    return stopped_unwritten("while conditioning on the observations");
  }

  check_disk_space(plan.metadata, staged.temporary_path(), settings.ignore_disk_space);
  output::ResultWriter writer(staged.temporary_path().string(), plan.metadata);
  const auto periods = summary_periods(plan.metadata, plan.level);
  const auto batch_summaries = summaries_for(plan, periods);
  summary::BatchSummaries& summaries = *batch_summaries;
  output::PathChecksums checksums(scenario_count, paths);
  engine::FanOutSink recorded({&writer, &summaries, &checksums});
  auto sinks = reducer_for(plan, recorded);
  if (!plan.resume_from.empty()) {
    ReplayOptions replay;
    replay.stop_requested = settings.stop_requested;
    if (!replay_paths(plan.resume_from, plan.metadata, plan.paths_on_file, recorded, replay)) {
      return stopped_unwritten("while copying the recorded paths of " + plan.resume_from +
                               ", which is as it was");
    }
  }

  engine::RunOptions options;
  options.first_path = plan.paths_on_file;
  options.paths = paths;
  options.seed = plan.metadata.seed;
  options.block_size = settings.block_size;
  options.threads = settings.threads;
  options.stepping = settings.stepping;
  options.stop_requested = settings.stop_requested;
  if (observer.follows_progress()) {
    options.on_paths_completed = [&observer](std::uint64_t done) {
      observer.paths_completed(done);
    };
  }
  observer.simulation_started(paths, steps * static_cast<int>(scenario_count), plan.paths_on_file);
  RunResult result;
  result.report = engine::run_paths(models.scenarios, options, sinks);
  observer.simulation_ended();
  result.steps = steps;
  result.paths_completed = plan.paths_on_file + result.report.paths_completed;
  result.tables = summary_tables(summaries, periods);
  inflate_conditioned_errors(result.tables, plan.metadata);
  result.summarised_paths = summaries.paths();
  writer.write_summaries(result.tables);
  writer.write_checksums(checksums.sums());
  status.paths_completed = result.paths_completed;
  if (result.paths_completed < paths) {
    // Keep what is done: a partial file that a resume completes to the uninterrupted result.
    status.complete = false;
    status.stop_reason = "interrupted";
    status.final_output = plan.output_path;
    writer.finish(status);
    if (plan.resume_from_partial) {
      result.partial = plan.resume_from;  // superseded: the new partial holds all its paths
      staged.commit_replacing(result.partial);
    } else {
      result.partial =
          staged.commit_as_new([&](int k) { return partial_name(plan.output_path, k); });
    }
    // The final name exists only if this run was allowed to replace it: so is the resume.
    std::error_code ignored;
    result.partial_replaces_output = std::filesystem::exists(plan.output_path, ignored);
    result.ending = RunEnding::partial_kept;
    return result;
  }
  writer.finish(status);
  staged.commit();
  if (plan.resume_from_partial &&
      !std::filesystem::equivalent(plan.resume_from, plan.output_path)) {
    std::filesystem::remove(plan.resume_from);  // superseded by the complete result
  }
  return result;
}

}  // namespace

RunResult run_batch(RunPlan& plan, const RunSettings& settings, RunObserver& observer) {
  if (parallel::ranks().distributed()) {
    return run_distributed(plan, settings, observer);
  }
  return run_single_process(plan, settings, observer);
}

}  // namespace cloudsim::run
