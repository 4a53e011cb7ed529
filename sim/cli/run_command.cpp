#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/result_metadata.hpp"
#include "cli/scenario_options.hpp"
#include "cloudsim/version.hpp"
#include "engine/random_stream.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/result_writer.hpp"
#include "output/staged_file.hpp"
#include "scenario/scenario_loader.hpp"
#include "summary/path_summaries.hpp"

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
    g_stop_requested.store(false);
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

struct RunArguments {
  ScenarioArguments scenario;
  std::string output_path;
  std::optional<std::uint64_t> paths;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::size_t block_size = 1024;
  bool force = false;
  std::string record = "full";
  bool ignore_disk_space = false;
  bool quiet = false;
  double progress_interval = -1.0;  // seconds; < 0: 0.2 on a terminal, 10 otherwise
};

std::optional<RunArguments> parse(const std::vector<std::string>& arguments) {
  namespace po = boost::program_options;
  RunArguments parsed;
  po::options_description options(
      "sim run SCENARIO.toml [options]\n\nSimulates the scenario's Monte Carlo paths and writes "
      "them "
      "to one HDF5 file\n(layout: docs/output-format.md).\n\noptions");
  options.add_options()("help,h", "this text")("output,o",
                                               po::value<std::string>(&parsed.output_path),
                                               "result file (default: outputs/<scenario name>.h5)")(
      "paths", po::value<std::uint64_t>(), "number of paths (default: the scenario's)")(
      "seed", po::value<std::uint64_t>(), "random seed (default: the scenario's)")(
      "threads", po::value<int>(&parsed.threads)->default_value(0),
      "worker threads; 0 = all hardware threads (results do not depend on it)")(
      "block-size", po::value<std::size_t>(&parsed.block_size)->default_value(1024),
      "paths per work block (results do not depend on it)")(
      "record", po::value<std::string>(&parsed.record)->default_value("full"),
      "what to keep of each path: full (every quarter), annual (yearly sums of flows, year-end "
      "stocks) or final (the last quarter); drawn inputs and events are always kept")(
      "force", po::bool_switch(&parsed.force),
      "replace an existing result file (only once the new run has succeeded)")(
      "ignore-disk-space", po::bool_switch(&parsed.ignore_disk_space),
      "run even if the estimated result size exceeds the free disk space")(
      "quiet,q", po::bool_switch(&parsed.quiet), "print nothing but errors")(
      "progress-interval", po::value<double>(&parsed.progress_interval),
      "seconds between progress lines on stderr (default: 0.2 on a terminal, 10 otherwise)");
  po::options_description hidden;
  po::positional_options_description positional;
  add_scenario_options(options, hidden, positional, parsed.scenario);
  const auto parsed_values = parse_command_line(arguments, options, hidden, positional);
  if (!parsed_values) {
    return std::nullopt;
  }
  const po::variables_map& values = *parsed_values;
  require_scenario(parsed.scenario, "sim run SCENARIO.toml [-o OUT.h5]");
  if (!output::parse_record_level(parsed.record)) {
    throw UsageError("--record must be full, annual or final, not '" + parsed.record + "'");
  }
  if (values.count("paths") != 0) {
    parsed.paths = values["paths"].as<std::uint64_t>();
    if (*parsed.paths == 0 || *parsed.paths > scenario::kMaxPaths) {
      throw UsageError("--paths must be between 1 and " + std::to_string(scenario::kMaxPaths));
    }
  }
  if (values.count("seed") != 0) {
    parsed.seed = values["seed"].as<std::uint64_t>();
  }
  if (parsed.threads < 0 || parsed.threads > 1024) {
    throw UsageError("--threads must be between 0 (all) and 1024");
  }
  if (parsed.block_size == 0 || parsed.block_size > 1'000'000) {
    throw UsageError("--block-size must be between 1 and 1000000");
  }
  if (parsed.output_path.empty()) {
    parsed.output_path =
        (std::filesystem::path("outputs") /
         std::filesystem::path(parsed.scenario.path).filename().replace_extension(".h5"))
            .string();
  }
  return parsed;
}

// The planner's table: median and 90% interval of each provider's share in the last recorded
// period, by segment.
void print_share_table(const output::ResultMetadata& m, const std::vector<double>& table,
                       std::uint64_t paths) {
  const std::size_t segments = m.segment_names.size();
  const std::size_t providers = m.provider_names.size();
  const std::size_t last = table.size() / (segments * providers * summary::kStatistics) - 1;
  std::cout << "Share of each segment's revenue in " << m.quarter_labels.back()
            << ", % (median [5%-95%] over " << paths << " paths):\n";
  std::cout << std::left << std::setw(20) << "provider";
  for (const auto& segment : m.segment_names) {
    std::cout << std::right << std::setw(20) << segment;
  }
  std::cout << "\n";
  for (std::size_t i = 0; i < providers; ++i) {
    std::cout << std::left << std::setw(20) << m.provider_names[i];
    for (std::size_t s = 0; s < segments; ++s) {
      const double* row =
          table.data() + ((last * segments + s) * providers + i) * summary::kStatistics;
      std::ostringstream cell;
      cell << std::fixed << std::setprecision(1) << 100.0 * row[4] << " [" << 100.0 * row[2] << "-"
           << 100.0 * row[6] << "]";
      std::cout << std::right << std::setw(20) << cell.str();
    }
    std::cout << "\n";
  }
}

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
  std::ostringstream message;
  message << std::fixed << std::setprecision(1) << "the result would take about "
          << static_cast<double>(needed) / 1e9 << " GB but only "
          << static_cast<double>(space.available) / 1e9 << " GB are free in "
          << file.parent_path().string() << "; run fewer paths, write elsewhere (-o), or pass "
          << "--ignore-disk-space";
  throw UsageError(message.str());
}

}  // namespace

int run_command(const std::vector<std::string>& arguments) {
  const auto parsed = parse(arguments);
  if (!parsed) {
    return 0;
  }
  auto scenario =
      scenario::load_scenario_file(parsed->scenario.path, load_options(parsed->scenario));
  if (parsed->paths) {
    scenario.run.paths = *parsed->paths;
  }
  if (parsed->seed) {
    scenario.run.seed = *parsed->seed;
  }
  const model::MarketModel model(scenario.market);
  const auto level = *output::parse_record_level(parsed->record);
  const output::ResultMetadata metadata = metadata_for(scenario, level);

  output::h5::silence_default_error_printing();
  output::StagedFile staged(parsed->output_path, parsed->force);
  check_disk_space(metadata, staged.temporary_path(), parsed->ignore_disk_space);
  output::ResultWriter writer(staged.temporary_path().string(), metadata);
  // Summaries describe what is recorded: each year's last recorded quarter (full records; every
  // quarter would multiply the histograms' memory traffic by four for little), each year, or the
  // final quarter.
  std::vector<std::size_t> summary_periods;
  std::vector<std::string> summary_labels;
  for (std::size_t k = 0; k < metadata.quarter_labels.size(); ++k) {
    const bool last = k + 1 == metadata.quarter_labels.size();
    if (level != output::RecordLevel::full || last || metadata.quarter_labels[k].ends_with("Q4")) {
      summary_periods.push_back(k);
      summary_labels.push_back(metadata.quarter_labels[k]);
    }
  }
  summary::PathSummaries summaries(summary_periods, model.segment_count(), model.provider_count(),
                                   scenario.run.paths);
  engine::FanOutSink recorded_sinks({&writer, &summaries});
  output::RecordReducer sinks(level,
                              output::time_axis(level, scenario.run.start_quarter,
                                                static_cast<std::size_t>(scenario.market.quarters)),
                              recorded_sinks);

  engine::RunOptions options;
  options.paths = scenario.run.paths;
  options.seed = scenario.run.seed;
  options.uncertain_inputs = &scenario.uncertain;
  options.block_size = parsed->block_size;
  options.threads = parsed->threads;
  options.stop_requested = &g_stop_requested;
  std::optional<ProgressLine> progress;
  if (!parsed->quiet) {
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const double interval =
        parsed->progress_interval >= 0.0 ? parsed->progress_interval : (terminal ? 0.2 : 10.0);
    progress.emplace(std::cerr, scenario.run.paths, model.steps(), terminal, interval);
    options.on_paths_completed = [&progress](std::uint64_t done) { progress->update(done); };
  }
  engine::RunReport report;
  {
    const StopOnSignal stop_on_signal;
    report = engine::run_paths(model, options, sinks);
  }
  if (progress) {
    progress->finish();
  }
  if (report.stopped_early) {
    std::cerr << "sim: interrupted after " << report.paths_completed << " of " << scenario.run.paths
              << " paths; " << parsed->output_path << " was not written (or left as it was)\n";
    return 130;
  }
  const output::SummaryTables tables{summary_labels,
                                     summaries.share_table(),
                                     summaries.revenue_table(),
                                     summaries.share_rank_error(),
                                     summaries.revenue_rank_error(),
                                     summaries.bins()};
  writer.write_summaries(tables);
  writer.finish();
  staged.commit();

  if (!parsed->quiet) {
    const double path_steps =
        static_cast<double>(report.paths_completed) * static_cast<double>(model.steps());
    std::cout << "sim " << kVersion << ": " << scenario.source_file << ", "
              << report.paths_completed << " paths x " << model.steps() << " quarterly steps, seed "
              << scenario.run.seed << ", " << report.threads << " threads\n"
              << "  " << std::fixed << std::setprecision(2) << report.seconds << " s, "
              << std::setprecision(0) << path_steps / report.seconds << " path-steps/s\n"
              << "  wrote " << parsed->output_path << " (" << std::setprecision(2)
              << static_cast<double>(std::filesystem::file_size(parsed->output_path)) / 1e6
              << " MB; estimated "
              << static_cast<double>(output::estimated_file_bytes(metadata)) / 1e6 << " MB)\n";
    print_share_table(metadata, tables.share, summaries.paths());
  }
  return 0;
}

}  // namespace cloudsim::cli
