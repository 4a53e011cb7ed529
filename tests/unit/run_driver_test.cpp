// The engine: results do not depend on threads or block sizes, and a stop leaves a prefix.

#include "engine/run_driver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

std::unique_ptr<testing::CollectingSink> run(const model::MarketModel& model, int threads,
                                             std::size_t block_size, std::uint64_t seed = 99) {
  auto sink = std::make_unique<testing::CollectingSink>();
  engine::RunOptions options;
  options.paths = 333;
  options.seed = seed;
  options.threads = threads;
  options.block_size = block_size;
  engine::run_paths(model, options, *sink);
  return sink;
}

TEST(RunDriver, ResultsAreIdenticalForAnyThreadCountAndBlockSize) {
  const model::MarketModel model(testing::small_market());
  const auto reference = run(model, 1, 333);
  const std::pair<int, std::size_t> settings[] = {{1, 1}, {2, 7}, {2, 64}, {4, 100}, {2, 1000}};
  for (const auto& [threads, block] : settings) {
    const auto other = run(model, threads, block);
    EXPECT_EQ(other->paths, 333u);
    EXPECT_EQ(other->demand, reference->demand) << threads << " threads, block " << block;
    EXPECT_EQ(other->revenue, reference->revenue) << threads << " threads, block " << block;
    EXPECT_EQ(other->adoption, reference->adoption) << threads << " threads, block " << block;
  }
}

TEST(RunDriver, DifferentSeedsGiveDifferentPaths) {
  const model::MarketModel model(testing::small_market());
  EXPECT_NE(run(model, 2, 50, 1)->demand, run(model, 2, 50, 2)->demand);
}

TEST(RunDriver, BlocksArriveInPathOrder) {
  const model::MarketModel model(testing::small_market());
  struct OrderCheck final : engine::BlockSink {
    std::uint64_t next = 0;
    void consume(const engine::PathBlock& block) override {
      EXPECT_EQ(block.first_path, next);
      next += block.path_count;
    }
  } order;
  engine::RunOptions options;
  options.paths = 1000;
  options.block_size = 10;
  options.threads = 2;
  engine::run_paths(model, options, order);
  EXPECT_EQ(order.next, 1000u);
}

TEST(RunDriver, StopRequestLeavesACompletePrefix) {
  const model::MarketModel model(testing::small_market());
  std::atomic<bool> stop{true};
  testing::CollectingSink sink;
  engine::RunOptions options;
  options.paths = 1000;
  options.block_size = 10;
  options.stop_requested = &stop;
  const auto report = engine::run_paths(model, options, sink);
  EXPECT_TRUE(report.stopped_early);
  EXPECT_EQ(report.paths_completed, sink.paths);
  EXPECT_LT(sink.paths, 1000u);
}

TEST(RunDriver, SinkErrorsReachTheCaller) {
  const model::MarketModel model(testing::small_market());
  struct Failing final : engine::BlockSink {
    void consume(const engine::PathBlock&) override { throw std::runtime_error("disk full"); }
  } failing;
  engine::RunOptions options;
  options.paths = 100;
  options.block_size = 10;
  EXPECT_THROW(engine::run_paths(model, options, failing), std::runtime_error);
}

// A batch runs every scenario on each block of paths before the next block: the sink sees blocks
// ordered by path, then by scenario, and each scenario's paths match a run of it alone.
TEST(RunDriver, ABatchRunsEveryScenarioOnTheSamePathsInPathThenScenarioOrder) {
  const model::MarketModel base(testing::small_market());
  auto cheaper_parameters = testing::small_market();
  cheaper_parameters.providers[0].price_index *= 0.8;
  const model::MarketModel cheaper(cheaper_parameters);
  struct PerScenario final : engine::BlockSink {
    testing::CollectingSink sinks[2];
    std::uint64_t next_path = 0;
    std::size_t next_scenario = 0;
    void consume(const engine::PathBlock& block) override {
      EXPECT_EQ(block.first_path, next_path);
      EXPECT_EQ(block.scenario, next_scenario);
      if (++next_scenario == 2) {
        next_scenario = 0;
        next_path += block.path_count;
      }
      sinks[block.scenario].consume(block);
    }
  } batch;
  engine::RunOptions options;
  options.paths = 333;
  options.seed = 99;
  options.block_size = 50;
  options.threads = 2;
  const auto report = engine::run_paths({{&base, nullptr}, {&cheaper, nullptr}}, options, batch);
  EXPECT_EQ(report.paths_completed, 333u);
  EXPECT_EQ(batch.sinks[0].revenue, run(base, 1, 333)->revenue);
  EXPECT_EQ(batch.sinks[1].revenue, run(cheaper, 1, 333)->revenue);
  // Common random numbers: the price does not touch demand's shocks, so demand is identical...
  EXPECT_EQ(batch.sinks[0].demand, batch.sinks[1].demand);
  // ... while the cheaper provider's revenue differs.
  EXPECT_NE(batch.sinks[0].revenue, batch.sinks[1].revenue);
}

TEST(RunDriver, AlignedBlocksNeverStraddleTheAlignmentAndEnoughEndsTheRunNormally) {
  const model::MarketModel model(testing::small_market());
  struct StopAt final : engine::BlockSink {
    std::atomic<bool> enough{false};
    std::uint64_t paths = 0;
    void consume(const engine::PathBlock& block) override {
      EXPECT_EQ(block.first_path / 64, (block.first_path + block.path_count - 1) / 64)
          << "block " << block.first_path << "+" << block.path_count << " straddles 64";
      paths += block.path_count;
      if (paths >= 256)
        enough.store(true);
    }
  } sink;
  engine::RunOptions options;
  options.first_path = 10;  // as when resuming: the first block is short, then aligned
  options.paths = 100000;
  options.block_size = 50;
  options.align = 64;
  options.threads = 2;
  options.enough = &sink.enough;
  const auto report = engine::run_paths(model, options, sink);
  EXPECT_FALSE(report.stopped_early);
  EXPECT_GE(sink.paths, 256u);
  EXPECT_LT(sink.paths, 256u + 4 * 50u) << "only the blocks in flight finish after enough";
}

// Under MPI a rank runs the aligned blocks it is dealt (distributed_run.cpp), asking for the next
// when the last is done: the sink sees exactly those blocks, whole and in path order (split by
// the block size where it is smaller than the alignment), and the paths are those a run of every
// block gives, to the bit.
TEST(RunDriver, DealtAlignedBlocksAreExactlyTheBlocksRunInPathOrder) {
  const model::MarketModel model(testing::small_market());
  const auto every = run(model, 1, 64);
  struct Kept final : engine::BlockSink {
    std::vector<std::pair<std::uint64_t, std::size_t>> blocks;
    testing::CollectingSink values;
    void consume(const engine::PathBlock& block) override {
      blocks.emplace_back(block.first_path, block.path_count);
      values.consume(block);
    }
  };
  struct Deal {
    std::vector<std::uint64_t> dealt;   // the dealer's answers, the last repeated
    std::vector<std::uint64_t> firsts;  // the aligned blocks run
    std::size_t asks;
  };
  // Block 5 is the last, partial one (paths 320 … 332): after it the run ends without asking; a
  // rank whose last block is another's asks once past the end.
  const Deal deals[] = {{{0, 2, 3, 5}, {0, 128, 192, 320}, 4}, {{1, 4, 9}, {64, 256}, 3}};
  for (const Deal& deal : deals) {
    for (const std::size_t block_size : {std::size_t{64}, std::size_t{40}}) {
      Kept sink;
      std::size_t asked = 0;
      engine::RunOptions options;
      options.paths = 333;
      options.seed = 99;
      options.threads = 2;
      options.block_size = block_size;
      options.align = 64;
      options.next_aligned_block = [&] {
        return deal.dealt[std::min(asked++, deal.dealt.size() - 1)];
      };
      const auto report = engine::run_paths(model, options, sink);
      EXPECT_EQ(asked, deal.asks);
      EXPECT_FALSE(report.stopped_early);
      std::vector<std::pair<std::uint64_t, std::size_t>> expected;
      std::uint64_t paths = 0;
      for (const std::uint64_t first : deal.firsts) {
        const std::uint64_t end = std::min<std::uint64_t>(333, first + 64);
        for (std::uint64_t at = first; at < end; at += block_size)
          expected.emplace_back(at, std::min<std::uint64_t>(end, at + block_size) - at);
        paths += end - first;
      }
      EXPECT_EQ(sink.blocks, expected) << "block size " << block_size;
      EXPECT_EQ(report.paths_completed, paths);
      // Path p's values are every run's path p.
      std::size_t row = 0;
      const std::size_t per_path = sink.values.shape.quarters * sink.values.shape.segments;
      for (const auto& [first, count] : sink.blocks) {
        for (std::size_t k = 0; k < count * per_path; ++k) {
          ASSERT_EQ(sink.values.demand[row * per_path + k], every->demand[first * per_path + k]);
        }
        row += count;
      }
    }
  }
}

TEST(RunDriver, AlignedBlocksDealtOutOfOrderAreRefused) {
  const model::MarketModel model(testing::small_market());
  testing::CollectingSink sink;
  const std::vector<std::uint64_t> dealt = {2, 1};
  std::size_t asked = 0;
  engine::RunOptions options;
  options.paths = 333;
  options.threads = 1;
  options.block_size = 64;
  options.align = 64;
  options.next_aligned_block = [&] { return dealt[std::min(asked++, dealt.size() - 1)]; };
  EXPECT_THROW(engine::run_paths(model, options, sink), std::logic_error);
}

}  // namespace
}  // namespace cloudsim
