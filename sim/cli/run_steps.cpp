#include "cli/run_steps.hpp"

#include <unistd.h>

#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/share_table.hpp"
#include "cloudsim/version.hpp"
#include "output/result_reader.hpp"

namespace cloudsim::cli {

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

namespace {
extern "C" void request_stop(int /*signal*/) {
  g_stop_requested.store(true);
}
}  // namespace

StopOnSignal::StopOnSignal() {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

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

BatchModels::BatchModels(const scenario::Batch& batch) {
  models.reserve(batch.scenarios.size());
  for (const auto& entry : batch.scenarios)
    models.emplace_back(entry.scenario.market);
  for (std::size_t k = 0; k < models.size(); ++k)
    scenarios.push_back({&models[k], &batch.scenarios[k].scenario.uncertain});
}

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

SummaryPeriods summary_periods(const RunPlan& plan) {
  SummaryPeriods periods;
  const auto& labels = plan.metadata.quarter_labels;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (plan.level != output::RecordLevel::full || k + 1 == labels.size() ||
        labels[k].ends_with("Q4")) {
      periods.indices.push_back(k);
      periods.labels.push_back(labels[k]);
    }
  }
  return periods;
}

summary::BatchSummaries summaries_for(const RunPlan& plan, const SummaryPeriods& periods) {
  return summary::BatchSummaries(plan.metadata.scenarios.size(), periods.indices,
                                 plan.metadata.segment_names.size(),
                                 plan.metadata.provider_names.size(), plan.metadata.paths);
}

output::SummaryTables summary_tables(summary::BatchSummaries& summaries,
                                     const SummaryPeriods& periods) {
  return output::SummaryTables{periods.labels,
                               summaries.share_table(),
                               summaries.revenue_table(),
                               summaries.share_rank_error(),
                               summaries.revenue_rank_error(),
                               summaries.bins()};
}

void replay_paths(const std::string& file, const output::ResultMetadata& metadata,
                  std::uint64_t paths, engine::BlockSink& recorded, bool demand_and_revenue_only) {
  const output::ResultReader reader(file);
  engine::PathBlock block;
  for (std::uint64_t first = 0; first < paths; first += output::kPathChunk) {
    const auto count = static_cast<std::size_t>(std::min(output::kPathChunk, paths - first));
    for (std::size_t k = 0; k < metadata.scenarios.size(); ++k) {
      reader.read_block(k, first, count, metadata.scenarios[k], block, demand_and_revenue_only);
      recorded.consume(block);
    }
  }
}

void print_run_report(const RunPlan& plan, const engine::RunReport& report, int steps,
                      const output::SummaryTables& tables, std::uint64_t summarised_paths,
                      int ranks) {
  const std::size_t scenario_count = plan.metadata.scenarios.size();
  const std::uint64_t paths = plan.metadata.paths;
  const double path_steps = static_cast<double>(report.paths_completed) *
                            static_cast<double>(steps) * static_cast<double>(scenario_count);
  std::cout << "sim " << kVersion << ": " << scenario_count
            << (scenario_count == 1 ? " scenario (" + plan.batch.scenarios.front().name + ")"
                                    : " scenarios")
            << ", " << paths << " paths x " << steps << " quarterly steps, seed "
            << plan.metadata.seed << ", " << report.threads << " threads";
  if (ranks > 1) {
    std::cout << " on each of " << ranks << " MPI ranks";
  }
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
  print_share_tables(std::cout, plan.metadata, tables.share, summarised_paths);
}

}  // namespace cloudsim::cli
