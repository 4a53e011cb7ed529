#pragma once
// The parallel driver: splits paths into blocks, simulates blocks on oneTBB worker threads and
// hands them to a sink in path order while later blocks are still being computed, so compute and
// output overlap and memory stays bounded by the blocks in flight, not by the number of paths.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/block_sink.hpp"
#include "engine/conditioned_histories.hpp"
#include "engine/stepping.hpp"
#include "model/market_model.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::engine {

// One scenario of a batch: every scenario of a run sees the same random numbers on the same path
// (common random numbers), because streams are keyed by (seed, path) and never by scenario.
struct ScenarioModel {
  const model::MarketModel* model = nullptr;
  // Drawn once per path before its first quarter; null or empty when every input is fixed.
  const uncertainty::UncertainInputs* uncertain_inputs = nullptr;
  // A conditioned run (docs/conditioning.md): the histories its paths continue; null otherwise.
  const ConditionedHistories* histories = nullptr;
};

struct RunOptions {
  std::uint64_t first_path = 0;  // paths first_path … paths − 1 are run (resuming starts later)
  std::uint64_t paths = 0;
  std::uint64_t seed = 0;
  // Drawn once per path before its first quarter; null or empty when every input is fixed.
  const uncertainty::UncertainInputs* uncertain_inputs = nullptr;
  // Paths per block; changes speed and memory, never results. 1024 matches the output's chunks
  // along the path dimension, so the writer fills whole chunks (about 20% faster end to end).
  std::size_t block_size = 1024;
  int threads = 0;                         // 0: every hardware thread
  Stepping stepping = Stepping::in_lanes;  // never changes results
  // Checked between blocks: when set, no new block starts; blocks already started are finished and
  // consumed, so the sink always holds a prefix of the paths.
  const std::atomic<bool>* stop_requested = nullptr;
  // Checked like stop_requested, but ends the run normally: set by a sink that has seen enough
  // paths (precision targets met). Blocks already started are still handed to the sink.
  const std::atomic<bool>* enough = nullptr;
  // When non-zero, no block straddles a multiple of this many paths, so a sink that decides at
  // those multiples sees whole blocks on each side of them.
  std::uint64_t align = 0;
  // Under MPI (with `align`, and first_path aligned): the index (first path / align) of the next
  // aligned block of paths this process runs, asked when the last one has been handed out and
  // only when another block will run (not after a stop or `enough`); the indices must increase,
  // and one at or past the last block ends the run. The sink sees those blocks, in path order.
  // Empty: every block, in turn. Called from one thread at a time.
  std::function<std::uint64_t()> next_aligned_block;
  // Called after each block reaches the sink, from one thread at a time, with the number of
  // paths completed so far (for progress display; must be cheap).
  std::function<void(std::uint64_t)> on_paths_completed;
};

struct RunReport {
  std::uint64_t paths_completed = 0;
  bool stopped_early = false;
  double seconds = 0.0;
  int threads = 0;
};

// Runs every scenario on each block of paths in turn: the sink receives blocks ordered by path,
// then by scenario, and a stop never splits a block of paths between scenarios.
RunReport run_paths(const std::vector<ScenarioModel>& scenarios, const RunOptions& options,
                    BlockSink& sink);

// A single scenario; `options.uncertain_inputs` supplies its uncertain inputs.
RunReport run_paths(const model::MarketModel& model, const RunOptions& options, BlockSink& sink);

}  // namespace cloudsim::engine
