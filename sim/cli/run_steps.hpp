#pragma once
// Steps `sim run` takes in a single process and under mpirun alike (run_command.cpp,
// distributed_run.cpp): stopping on signals, the disk-space check, the batch's models, the record
// reducer, summaries, replaying recorded paths, and the closing report.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress.hpp"
#include "cli/run_arguments.hpp"
#include "cli/run_plan.hpp"
#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/record_level.hpp"
#include "output/result_writer.hpp"
#include "summary/path_summaries.hpp"

namespace cloudsim::cli {

// Set by SIGINT and SIGTERM while a StopOnSignal lives; the engine stops between blocks.
extern std::atomic<bool> g_stop_requested;

// Installs the handlers for its lifetime and restores the defaults after, however the run ends.
class StopOnSignal {
 public:
  StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal();
};

// Refuses before any work when the result cannot fit (a full disk mid-run wastes the run).
void check_disk_space(const output::ResultMetadata& metadata, const std::filesystem::path& file,
                      bool ignore);

// The models of a batch, and the engine's view of them.
struct BatchModels {
  std::vector<model::MarketModel> models;
  std::vector<engine::ScenarioModel> scenarios;
  explicit BatchModels(const scenario::Batch& batch);
};

std::optional<ProgressLine> progress_line(const RunArguments& arguments, std::uint64_t paths,
                                          int steps, std::uint64_t already_done);

output::RecordReducer reducer_for(const RunPlan& plan, engine::BlockSink& next);

// Summaries describe what is recorded: each year's last recorded quarter (full records; every
// quarter would multiply the histograms' memory traffic by four for little), each year, or the
// final quarter.
struct SummaryPeriods {
  std::vector<std::size_t> indices;
  std::vector<std::string> labels;
};
SummaryPeriods summary_periods(const RunPlan& plan);
summary::BatchSummaries summaries_for(const RunPlan& plan, const SummaryPeriods& periods);
output::SummaryTables summary_tables(summary::BatchSummaries& summaries,
                                     const SummaryPeriods& periods);

// Hands the first `paths` paths of `file` to `recorded` (the sinks after the record reducer), in
// path order and blocks of one output chunk, as the engine would have: whatever is computed from
// them is the same as if they had just been simulated.
// With `demand_and_revenue_only` the blocks carry only those (enough for the summaries).
void replay_paths(const std::string& file, const output::ResultMetadata& metadata,
                  std::uint64_t paths, engine::BlockSink& recorded,
                  bool demand_and_revenue_only = false);

// What `sim run` prints on stdout at the end (unless --quiet).
void print_run_report(const RunPlan& plan, const engine::RunReport& report, int steps,
                      const output::SummaryTables& tables, std::uint64_t summarised_paths,
                      int ranks = 1);

}  // namespace cloudsim::cli
