#pragma once
// Writes a run to one self-describing HDF5 file (layout: docs/output-format.md). Consumes blocks
// in path order from the engine; the engine never sees HDF5 and this file never sees the model.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/block_sink.hpp"
#include "output/cf_attributes.hpp"
#include "output/h5.hpp"
#include "output/raw_chunk_file.hpp"
#include "output/result_metadata.hpp"

namespace cloudsim::output {

// Summaries over paths, [scenario][summary period][segment][provider][statistic] (statistics:
// mean, standard error, q05, q25, q50, q75, q95) and the quantiles' rank-error bound per
// [scenario][period][segment][provider].
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
  // Creates `path`, which must not exist yet, with room for metadata.paths paths of every scenario.
  ResultWriter(const std::string& path, const ResultMetadata& metadata);

  // Opens a file this class created (and closed with close_data) to write more into it: the
  // summaries and the status (one process), or paths from every MPI rank together when each rank
  // passes its own `chunks` of the file. The caller opens those first and has the ranks agree
  // that every one could: the HDF5 file is then opened collectively, and a rank that failed
  // between the two would leave the others waiting in that collective open for ever.
  struct OpenExisting {
    std::unique_ptr<RawChunkFile> chunks;  // null: this process alone
  };
  ResultWriter(const std::string& path, const ResultMetadata& metadata, OpenExisting mode);

  // Blocks may come in any order; each scenario's block is laid out as that scenario's inputs and
  // events are and is spread over the file's common `parameter` and `event` coordinates.
  void consume(const engine::PathBlock& block) override;
  // Transposes a chunk-aligned block for its column-chunked datasets (any thread).
  void prepare(engine::PathBlock& block) const override;

  // Writes the summary datasets (once, after the last block).
  void write_summaries(const SummaryTables& tables);

  // Writes the paths' checksums, [scenario][chunk] (output/path_checksums.hpp), once.
  void write_checksums(const std::vector<std::uint64_t>& sums);

  // Records how the run ended and closes the file; throws H5Error if anything failed.
  void finish(const RunStatus& status);

  // Closes the file without recording how the run ended (collective when opened on every rank).
  void close_data();

 private:
  // One dataset with (scenario, path) as its first dimensions, filled from one member of PathBlock.
  struct PathDataset {
    h5::Handle handle;
    hid_t memory_type;
    std::function<const void*(const engine::PathBlock&)> data;  // empty: nothing to write
    // Chunked by column (one chunk per provider, or per segment and provider): the sizes of the
    // column dimensions, empty otherwise. Whole chunks of these are written directly.
    std::vector<hsize_t> column_dims;
    // Chunked by path only (every other dimension whole in a chunk): one path's bytes, its row of
    // a chunk, as the block holds it; 0 otherwise. Whole chunks of these are written directly too.
    std::size_t path_bytes = 0;
    std::size_t rank = 0;  // the dataset's dimensions, (scenario, path) included
  };
  // Whether the block's datasets chunked by column or by path are written chunk by chunk
  // (write_columns, write_path_chunk) rather than through HDF5's selections.
  [[nodiscard]] bool writes_whole_chunks(const engine::PathBlock& block) const;
  // `rows` (`bytes` of them, a chunk's first paths) as a whole chunk of `chunk_bytes`: the rows
  // themselves when they fill it, else a copy followed by zeros, the bytes HDF5 would have read
  // from the chunk's unwritten space (chunks are allocated early and never filled).
  const void* pad_to_chunk(const void* rows, std::size_t bytes, std::size_t chunk_bytes);
  // The block's values of a column-chunked dataset, column after column, into `out`.
  void transpose_columns(const PathDataset& dataset, const engine::PathBlock& block,
                         engine::BlockValues& out) const;
  // Writes a block writes_whole_chunks accepts, of a column-chunked dataset, chunk by chunk from
  // `chunks`, its columns one after the other (transposed), bypassing HDF5's element-by-element
  // scatter.
  void write_columns(const PathDataset& dataset, const engine::PathBlock& block,
                     const double* chunks);
  // Writes a block writes_whole_chunks accepts, of a dataset chunked by path only, as one chunk
  // straight from the block (padded when it is the run's last, partial one): HDF5's own path read
  // the chunk's old bytes and copied the block into them first.
  void write_path_chunk(const PathDataset& dataset, const engine::PathBlock& block);
  // Where each scenario's own inputs (events) go in the common coordinate.
  struct ScenarioColumns {
    std::vector<std::size_t> parameters;
    std::vector<std::size_t> events;
  };

  void set_layout(const ResultMetadata& metadata);
  // Writes the _FillValue over every path from `paths_completed` on (partial files).
  void fill_unwritten(std::uint64_t paths_completed);
  const void* spread_parameters(const engine::PathBlock& block);
  const void* spread_events(const engine::PathBlock& block);

  // Opened on every MPI rank: chunks (whole, or a run's last paths) go straight to their place in
  // the file (MPI-IO has no direct chunk write), the rest through MPI-IO.
  std::unique_ptr<RawChunkFile> raw_chunks_;
  std::size_t quarters_ = 0, segments_ = 0, providers_ = 0, groups_ = 0, regimes_ = 0;
  std::size_t all_parameters_ = 0, all_events_ = 0;
  std::vector<ScenarioColumns> columns_;
  h5::Handle file_;
  h5::Handle path_scale_;
  h5::Handle scenario_scale_;
  h5::Handle time_scale_;
  h5::Handle nv_scale_;  // the two ends of a time bound
  h5::Handle segment_scale_;
  h5::Handle provider_scale_;
  h5::Handle statistic_scale_;
  std::string money_;        // in words: "亿元 per quarter"
  std::string money_units_;  // UDUNITS: "4e8 year-1"
  TimeCoordinate time_;      // of every recorded period
  std::vector<std::string> time_labels_;
  std::string run_fingerprint_;  // empty until known: written at creation, read when reopened
  std::vector<PathDataset> datasets_;
  std::vector<std::uint64_t> path_ids_;  // scratch for the path coordinate of one block
  std::vector<double> parameter_rows_;   // scratch: one block's inputs in the common coordinate
  std::vector<std::int32_t> event_rows_;
  engine::BlockValues chunk_;  // scratch: a block's column chunks when it was not prepared
  std::vector<unsigned char> padded_chunk_;  // scratch of pad_to_chunk
  std::uint64_t paths_ = 0;                  // the file's paths per scenario
  std::uint64_t chunk_paths_ = 1;            // paths per chunk: 1024, or all when fewer
};

// The size the file will have once complete: the datasets' bytes (chunks are allocated whole) plus
// the coordinates and the scenario texts. Used to refuse a run that would not fit on the disk.
std::uint64_t estimated_file_bytes(const ResultMetadata& metadata);

}  // namespace cloudsim::output
