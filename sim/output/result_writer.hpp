#pragma once
// Writes a run to one self-describing HDF5 file (layout: docs/output-format.md). Consumes blocks
// in path order from the engine; the engine never sees HDF5 and this file never sees the model.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/block_sink.hpp"
#include "output/h5.hpp"

namespace cloudsim::output {

inline constexpr const char* kFileType = "cloudsim-result";
inline constexpr std::int32_t kFormatMajor = 1;
inline constexpr std::int32_t kFormatMinor = 1;

struct ResultMetadata {
  std::string program_version;
  std::string scenario_file;
  std::string scenario_text;  // the resolved scenario as run
  std::string currency_unit;  // of every money dataset, per quarter
  std::string rng_layout;     // how random numbers map to (seed, path, quarter, purpose)
  std::uint64_t seed = 0;
  std::uint64_t paths = 0;
  std::string record_level = "full";        // full, annual or final (output/record_level.hpp)
  std::string time_dimension = "quarter";   // "quarter", or "year" for annual records
  std::string flow_period = "quarter";      // money flows are per quarter, or per year
  std::vector<std::string> quarter_labels;  // the time coordinate: "2021Q1", … (or "2021", …)
  std::vector<std::string> segment_names;
  std::vector<std::string> provider_names;
  std::vector<std::string> parameter_names;          // key paths of the uncertain inputs
  std::vector<std::string> parameter_distributions;  // "uniform(low=…, high=…)", same order
  std::vector<std::string> event_names;              // "Volcano Engine: capture retreats", …
};

// Summaries over paths, [summary period][segment][provider][statistic] (statistics: mean, standard
// error, q05, q25, q50, q75, q95) and the quantiles' rank-error bound per
// [period][segment][provider].
struct SummaryTables {
  std::vector<std::string> periods;  // labels of the summarised periods
  std::vector<double> share;
  std::vector<double> revenue;
  std::vector<double> share_rank_error;
  std::vector<double> revenue_rank_error;
  std::uint64_t histogram_bins = 0;
};

class ResultWriter final : public engine::BlockSink {
 public:
  // Creates `path`, which must not exist yet.
  ResultWriter(const std::string& path, const ResultMetadata& metadata);

  void consume(const engine::PathBlock& block) override;

  // Writes the summary datasets (once, after the last block).
  void write_summaries(const SummaryTables& tables);

  // Records how many paths were written and closes the file; throws H5Error if anything failed.
  void finish();

 private:
  // One dataset with `path` as its first dimension, filled from one member of PathBlock.
  struct PathDataset {
    h5::Handle handle;
    hid_t memory_type;
    const void* (*data)(const engine::PathBlock&);
  };

  engine::BlockShape expected_;  // what every block must look like, from the metadata
  h5::Handle file_;
  h5::Handle path_scale_;
  h5::Handle time_scale_;
  h5::Handle segment_scale_;
  h5::Handle provider_scale_;
  h5::Handle statistic_scale_;
  std::string money_;
  std::vector<PathDataset> datasets_;
  std::uint64_t paths_written_ = 0;
  std::vector<std::uint64_t> path_ids_;  // scratch for the path coordinate of one block
};

// The size the file will have once complete: the datasets' bytes (chunks are allocated whole) plus
// the coordinates and the scenario text. Used to refuse a run that would not fit on the disk.
std::uint64_t estimated_file_bytes(const ResultMetadata& metadata);

// Paths per chunk along the path dimension: fixed, so the file layout never depends on how the
// engine blocked its work.
inline constexpr std::uint64_t kPathChunk = 1024;

}  // namespace cloudsim::output
