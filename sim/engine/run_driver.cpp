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

RunReport run_paths(const model::MarketModel& model, const RunOptions& options, BlockSink& sink) {
  if (options.block_size == 0) {
    throw std::invalid_argument("block size must be at least 1");
  }
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t block_count =
      (options.paths + options.block_size - 1) / static_cast<std::uint64_t>(options.block_size);
  const BlockShape shape =
      PathSimulator(model, options.uncertain_inputs, options.seed).block_shape();

  BlockPool pool;
  std::uint64_t next_block = 0;
  std::uint64_t paths_completed = 0;
  bool stopped_early = false;
  // Two tokens per thread keeps every worker busy while the writer drains the oldest block.
  const auto tokens = static_cast<std::size_t>(2 * threads);

  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, PathBlock*>(
                    tbb::filter_mode::serial_in_order,
                    [&](tbb::flow_control& control) -> PathBlock* {
                      const bool stop = options.stop_requested != nullptr &&
                                        options.stop_requested->load(std::memory_order_relaxed);
                      if (next_block == block_count || stop) {
                        stopped_early = stop && next_block != block_count;
                        control.stop();
                        return nullptr;
                      }
                      const std::uint64_t first = next_block * options.block_size;
                      const auto count = static_cast<std::size_t>(
                          std::min<std::uint64_t>(options.block_size, options.paths - first));
                      ++next_block;
                      PathBlock* block = pool.take();
                      block->resize(first, count, shape);
                      return block;
                    }) &
                    tbb::make_filter<PathBlock*, PathBlock*>(
                        tbb::filter_mode::parallel,
                        [&](PathBlock* block) {
                          PathSimulator simulator(model, options.uncertain_inputs, options.seed);
                          simulator.simulate_block(*block);
                          return block;
                        }) &
                    tbb::make_filter<PathBlock*, void>(
                        tbb::filter_mode::serial_in_order, [&](PathBlock* block) {
                          sink.consume(*block);
                          paths_completed += block->path_count;
                          if (options.on_paths_completed) {
                            options.on_paths_completed(paths_completed);
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

}  // namespace cloudsim::engine
