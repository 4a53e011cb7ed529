#include "engine/run_driver.hpp"

#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/path_simulator.hpp"

namespace cloudsim::engine {
namespace {

// Recycles block buffers between pipeline tokens instead of allocating megabytes per block. The
// pool owns every buffer, so blocks in flight are freed even when a stage throws.
class BlockPool {
 public:
  PathBlock* take() {
    const std::lock_guard lock(mutex_);
    if (free_.empty()) {
      owned_.push_back(std::make_unique<PathBlock>());
      return owned_.back().get();
    }
    PathBlock* block = free_.back();
    free_.pop_back();
    return block;
  }
  void give_back(PathBlock* block) {
    const std::lock_guard lock(mutex_);
    free_.push_back(block);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<PathBlock>> owned_;
  std::vector<PathBlock*> free_;
};

}  // namespace

RunReport run_paths(const std::vector<ScenarioModel>& scenarios, const RunOptions& options,
                    BlockSink& sink) {
  if (options.block_size == 0) {
    throw std::invalid_argument("block size must be at least 1");
  }
  if (scenarios.empty()) {
    throw std::invalid_argument("a run needs at least one scenario");
  }
  if (options.next_aligned_block &&
      (options.align == 0 || options.first_path % options.align != 0)) {
    throw std::invalid_argument("a run split over ranks needs aligned blocks from its start");
  }
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const auto start = std::chrono::steady_clock::now();
  std::vector<BlockShape> shapes;
  for (const auto& scenario : scenarios) {
    shapes.push_back(
        PathSimulator(*scenario.model, scenario.uncertain_inputs, options.seed).block_shape());
  }
  const auto is_set = [](const std::atomic<bool>* flag) {
    return flag != nullptr && flag->load(std::memory_order_relaxed);
  };

  BlockPool pool;
  std::uint64_t next_path = options.first_path;  // first path of the next block of paths
  std::uint64_t block_end = next_path;           // end of the block of paths being issued
  std::size_t next_scenario = 0;
  std::uint64_t paths_completed = 0;
  bool stopped_early = false;
  // Two tokens per thread keeps every worker busy while the writer drains the oldest block.
  const auto tokens = static_cast<std::size_t>(2 * threads);

  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, PathBlock*>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& control) -> PathBlock* {
              if (next_scenario == 0) {  // a new block of paths: the only place a run may end
                const bool stop = is_set(options.stop_requested);
                const bool enough = is_set(options.enough);
                // Asked only for a block that will run: a block drawn and dropped would be no
                // rank's.
                if (!stop && !enough && options.next_aligned_block &&
                    next_path % options.align == 0 && next_path < options.paths) {
                  // The aligned blocks in between are other ranks'.
                  const std::uint64_t block = options.next_aligned_block();
                  const std::uint64_t last = (options.paths - 1) / options.align;
                  next_path = block > last ? options.paths : block * options.align;
                  if (next_path < block_end) {
                    throw std::logic_error("a run's aligned blocks must come in increasing order");
                  }
                }
                if (next_path >= options.paths || stop || enough) {
                  stopped_early = stop && next_path < options.paths;
                  control.stop();
                  return nullptr;
                }
                block_end = std::min<std::uint64_t>(options.paths, next_path + options.block_size);
                if (options.align != 0) {
                  block_end = std::min(block_end, (next_path / options.align + 1) * options.align);
                }
              }
              // Only the block's identity here: sizing (zeroing fresh buffers, first-touch page
              // faults: tens of MB per block with customer groups) is left to the parallel stage,
              // so this serial stage never holds up the workers.
              PathBlock* block = pool.take();
              block->first_path = next_path;
              block->path_count = static_cast<std::size_t>(block_end - next_path);
              block->scenario = next_scenario;
              if (++next_scenario == scenarios.size()) {
                next_scenario = 0;
                next_path = block_end;
              }
              return block;
            }) &
            tbb::make_filter<PathBlock*, PathBlock*>(
                tbb::filter_mode::parallel,
                [&](PathBlock* block) {
                  block->resize(block->first_path, block->path_count, shapes[block->scenario]);
                  const ScenarioModel& scenario = scenarios[block->scenario];
                  PathSimulator simulator(*scenario.model, scenario.uncertain_inputs, options.seed,
                                          scenario.histories, options.stepping);
                  simulator.simulate_block(*block);
                  sink.prepare(*block);
                  return block;
                }) &
            tbb::make_filter<PathBlock*, void>(
                tbb::filter_mode::serial_in_order, [&](PathBlock* block) {
                  sink.consume(*block);
                  if (block->scenario + 1 == scenarios.size()) {
                    paths_completed += block->path_count;
                    if (options.on_paths_completed) {
                      options.on_paths_completed(options.first_path + paths_completed);
                    }
                  }
                  pool.give_back(block);
                }));
  });

  RunReport report;
  report.paths_completed = paths_completed;
  report.stopped_early = stopped_early;
  report.threads = threads;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

RunReport run_paths(const model::MarketModel& model, const RunOptions& options, BlockSink& sink) {
  return run_paths({ScenarioModel{&model, options.uncertain_inputs}}, options, sink);
}

}  // namespace cloudsim::engine
