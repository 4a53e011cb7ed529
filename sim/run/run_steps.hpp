#pragma once
// Steps a run takes in a single process and under mpirun alike (run_batch.cpp,
// distributed_run.cpp): the disk-space check, the batch's models, the record reducer, summaries
// and replaying recorded paths.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/record_level.hpp"
#include "output/result_writer.hpp"
#include "run/run_plan.hpp"
#include "summary/path_summaries.hpp"

namespace cloudsim::run {

// Refuses (RequestError) before any work when the result cannot fit (a full disk mid-run wastes
// the run).
void check_disk_space(const output::ResultMetadata& metadata, const std::filesystem::path& file,
                      bool ignore);

// Before a precision run's path search: whether the result would fit at the path cap (the search
// decides the count; check_disk_space refuses after it if the count does not fit).
struct DiskShortfall {
  std::uint64_t max_paths = 0;
  std::uint64_t needed_bytes = 0;
  std::uint64_t available_bytes = 0;
};
std::optional<DiskShortfall> disk_shortfall_at_cap(const output::ResultMetadata& metadata,
                                                   std::uint64_t max_paths,
                                                   const std::filesystem::path& file);

// "1.5 GB", "12.3 MB": sizes in messages.
std::string size_text(std::uint64_t bytes);

// The models of a batch, and the engine's view of them.
struct BatchModels {
  std::vector<model::MarketModel> models;
  std::vector<engine::ScenarioModel> scenarios;
  explicit BatchModels(const scenario::Batch& batch);
};

output::RecordReducer reducer_for(const RunPlan& plan, engine::BlockSink& next);

// Summaries describe what is recorded: each year's last recorded quarter (full records; every
// quarter would multiply the histograms' memory traffic by four for little), each year, or the
// final quarter. `metadata.quarter_labels` are the recorded periods of `level`.
struct SummaryPeriods {
  std::vector<std::size_t> indices;
  std::vector<std::string> labels;
};
SummaryPeriods summary_periods(const output::ResultMetadata& metadata, output::RecordLevel level);
// On the heap: a block sink cannot be moved, and an MPI rank makes it inside a try.
std::unique_ptr<summary::BatchSummaries> summaries_for(const RunPlan& plan,
                                                       const SummaryPeriods& periods);
output::SummaryTables summary_tables(summary::BatchSummaries& summaries,
                                     const SummaryPeriods& periods);

// Hands the first `paths` paths of `file` to `recorded` (the sinks after the record reducer), in
// path order and blocks of one output chunk, as the engine would have: whatever is computed from
// them is the same as if they had just been simulated.
struct ReplayOptions {
  // Each chunk's paths are checked against the file's checksums before they are handed on; a
  // file without checksums, or with a mismatch, is refused (NotAResultError).
  bool verify = true;
  const std::atomic<bool>* stop_requested = nullptr;  // checked between chunks
};
// Returns false if stopped by `stop_requested` before all paths were handed on.
bool replay_paths(const std::string& file, const output::ResultMetadata& metadata,
                  std::uint64_t paths, engine::BlockSink& recorded, const ReplayOptions& options);

}  // namespace cloudsim::run
