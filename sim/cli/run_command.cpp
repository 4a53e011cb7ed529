#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/run_plan.hpp"
#include "cli/share_table.hpp"
#include "cloudsim/version.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/result_reader.hpp"
#include "output/result_writer.hpp"
#include "output/staged_file.hpp"
#include "summary/path_summaries.hpp"
#include "summary/precision.hpp"

namespace cloudsim::cli {
namespace {

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void request_stop(int /*signal*/) {
  g_stop_requested.store(true);
}

// Restores the default signal handlers when the run ends, however it ends.
class StopOnSignal {
 public:
  StopOnSignal() {
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
};

// Refuses before any work when the result cannot fit (a full disk mid-run wastes the run).
void check_disk_space(const output::ResultMetadata& metadata, const std::filesystem::path& file,
                      bool ignore) {
  const std::uint64_t needed = output::estimated_file_bytes(metadata);
  std::error_code error;
  const auto space =
      std::filesystem::space(file.parent_path().empty() ? "." : file.parent_path(), error);
  if (error || ignore || needed <= space.available) {
    return;
  }
  const auto size = [](std::uint64_t bytes) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(1);
    if (bytes >= 1'000'000'000)
      text << static_cast<double>(bytes) / 1e9 << " GB";
    else
      text << static_cast<double>(bytes) / 1e6 << " MB";
    return text.str();
  };
  std::ostringstream message;
  message << "the result would take about " << size(needed) << " but only " << size(space.available)
          << " are free in " << file.parent_path().string()
          << "; run fewer paths, keep less (--record annual or final), write elsewhere (-o), or "
          << "pass --ignore-disk-space";
  throw UsageError(message.str());
}

// outputs/x.h5 → outputs/x.partial.h5 (x.partial-2.h5, … if taken).
std::filesystem::path partial_name(const std::filesystem::path& output) {
  const auto stem = output.stem().string();
  for (int k = 1;; ++k) {
    auto candidate = output.parent_path() /
                     (stem + ".partial" + (k == 1 ? "" : "-" + std::to_string(k)) + ".h5");
    if (!std::filesystem::exists(candidate))
      return candidate;
  }
}

// The models of a batch, and the engine's view of them.
struct BatchModels {
  std::vector<model::MarketModel> models;
  std::vector<engine::ScenarioModel> scenarios;

  explicit BatchModels(const scenario::Batch& batch) {
    models.reserve(batch.scenarios.size());
    for (const auto& entry : batch.scenarios)
      models.emplace_back(entry.scenario.market);
    for (std::size_t k = 0; k < models.size(); ++k)
      scenarios.push_back({&models[k], &batch.scenarios[k].scenario.uncertain});
  }
};

std::optional<ProgressLine> progress_line(const RunArguments& arguments, std::uint64_t paths,
                                          int steps, std::uint64_t already_done) {
  if (arguments.quiet)
    return std::nullopt;
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const double interval =
      arguments.progress_interval >= 0.0 ? arguments.progress_interval : (terminal ? 0.2 : 10.0);
  return ProgressLine(std::cerr, paths, steps, terminal, interval, already_done);
}

output::RecordReducer reducer_for(const RunPlan& plan, engine::BlockSink& next) {
  const auto& run = plan.batch.scenarios.front().scenario;
  return output::RecordReducer(plan.level,
                               output::time_axis(plan.level, run.run.start_quarter,
                                                 static_cast<std::size_t>(run.market.quarters)),
                               next);
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
  engine::RunReport report;
  {
    const StopOnSignal stop_on_signal;
    report = engine::run_paths(models.scenarios, options, monitor);
  }
  if (report.stopped_early) {
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

// Hands the paths already in the resumed file to the new file's sinks, in path order, as the
// engine would have: the result is the same as if they had just been computed.
void replay_paths_on_file(const RunPlan& plan, engine::BlockSink& recorded) {
  const output::ResultReader reader(plan.resume_from);
  engine::PathBlock block;
  for (std::uint64_t first = 0; first < plan.paths_on_file; first += output::kPathChunk) {
    const auto count =
        static_cast<std::size_t>(std::min(output::kPathChunk, plan.paths_on_file - first));
    for (std::size_t k = 0; k < plan.metadata.scenarios.size(); ++k) {
      reader.read_block(k, first, count, plan.metadata.scenarios[k], block);
      recorded.consume(block);
    }
  }
}

}  // namespace

int run_command(const std::vector<std::string>& arguments) {
  const auto parsed = parse_run_arguments(arguments);
  if (!parsed) {
    return 0;
  }
  output::h5::silence_default_error_printing();
  RunPlan plan = parsed->resume.empty() ? plan_new_run(*parsed) : plan_resumed_run(*parsed);
  const BatchModels models(plan.batch);
  const int steps = models.models.front().steps();
  const std::size_t scenario_count = models.models.size();
  g_stop_requested.store(false);

  output::RunStatus status = plan.carried;
  if (!plan.precision.empty()) {
    const auto paths = find_precise_path_count(plan, models, *parsed, status);
    if (!paths) {
      std::cerr << "sim: interrupted while finding the path count of the precision targets; "
                << "nothing was written\n";
      return 130;
    }
    plan.metadata.paths = *paths;
  }
  const std::uint64_t paths = plan.metadata.paths;

  output::StagedFile staged(plan.output_path, plan.replace_existing);
  check_disk_space(plan.metadata, staged.temporary_path(), parsed->ignore_disk_space);
  output::ResultWriter writer(staged.temporary_path().string(), plan.metadata);
  // Summaries describe what is recorded: each year's last recorded quarter (full records; every
  // quarter would multiply the histograms' memory traffic by four for little), each year, or the
  // final quarter.
  std::vector<std::size_t> summary_periods;
  std::vector<std::string> summary_labels;
  const auto& labels = plan.metadata.quarter_labels;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (plan.level != output::RecordLevel::full || k + 1 == labels.size() ||
        labels[k].ends_with("Q4")) {
      summary_periods.push_back(k);
      summary_labels.push_back(labels[k]);
    }
  }
  summary::BatchSummaries summaries(scenario_count, summary_periods,
                                    plan.metadata.segment_names.size(),
                                    plan.metadata.provider_names.size(), paths);
  engine::FanOutSink recorded({&writer, &summaries});
  auto sinks = reducer_for(plan, recorded);
  if (!plan.resume_from.empty()) {
    replay_paths_on_file(plan, recorded);
  }

  engine::RunOptions options;
  options.first_path = plan.paths_on_file;
  options.paths = paths;
  options.seed = plan.metadata.seed;
  options.block_size = parsed->block_size;
  options.threads = parsed->threads;
  options.stop_requested = &g_stop_requested;
  auto progress =
      progress_line(*parsed, paths, steps * static_cast<int>(scenario_count), plan.paths_on_file);
  if (progress) {
    options.on_paths_completed = [&progress](std::uint64_t done) { progress->update(done); };
  }
  engine::RunReport report;
  {
    const StopOnSignal stop_on_signal;
    report = engine::run_paths(models.scenarios, options, sinks);
  }
  if (progress) {
    progress->finish();
  }
  const std::uint64_t completed = plan.paths_on_file + report.paths_completed;
  const output::SummaryTables tables{summary_labels,
                                     summaries.share_table(),
                                     summaries.revenue_table(),
                                     summaries.share_rank_error(),
                                     summaries.revenue_rank_error(),
                                     summaries.bins()};
  writer.write_summaries(tables);
  status.paths_completed = completed;
  if (report.stopped_early) {
    // Keep what is done: a partial file that `--resume` completes to the uninterrupted result.
    status.complete = false;
    status.stop_reason = "interrupted";
    status.final_output = plan.output_path;
    writer.finish(status);
    const auto partial = plan.resume_from_partial ? std::filesystem::path(plan.resume_from)
                                                  : partial_name(plan.output_path);
    staged.commit_as(partial);
    std::cerr << "sim: interrupted after " << completed << " of " << paths << " paths; "
              << plan.output_path << " was not written (or left as it was). The " << completed
              << " paths are kept in " << partial.string()
              << "; finish them with: sim run --resume " << partial.string() << "\n";
    return 130;
  }
  writer.finish(status);
  staged.commit();
  if (plan.resume_from_partial &&
      !std::filesystem::equivalent(plan.resume_from, plan.output_path)) {
    std::filesystem::remove(plan.resume_from);  // superseded by the complete result
  }

  if (!parsed->quiet) {
    const double path_steps = static_cast<double>(report.paths_completed) *
                              static_cast<double>(steps) * static_cast<double>(scenario_count);
    std::cout << "sim " << kVersion << ": " << scenario_count
              << (scenario_count == 1 ? " scenario (" + plan.batch.scenarios.front().name + ")"
                                      : " scenarios")
              << ", " << paths << " paths x " << steps << " quarterly steps, seed "
              << plan.metadata.seed << ", " << report.threads << " threads";
    if (plan.paths_on_file != 0) {
      std::cout << "; " << plan.paths_on_file << " paths taken from " << plan.resume_from;
    }
    std::cout << "\n  " << std::fixed << std::setprecision(2) << report.seconds << " s, "
              << std::setprecision(0) << (report.seconds > 0 ? path_steps / report.seconds : 0.0)
              << " path-steps/s\n"
              << "  wrote " << plan.output_path << " (" << std::setprecision(2)
              << static_cast<double>(std::filesystem::file_size(plan.output_path)) / 1e6
              << " MB; estimated "
              << static_cast<double>(output::estimated_file_bytes(plan.metadata)) / 1e6 << " MB)\n";
    print_share_tables(std::cout, plan.metadata, tables.share, summaries.paths());
  }
  return 0;
}

}  // namespace cloudsim::cli
