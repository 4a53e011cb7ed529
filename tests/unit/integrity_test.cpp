// The guards that keep wrong numbers out of result files: the engine's finiteness check, and the
// path checksums that do not depend on how paths were blocked.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/finite_check.hpp"
#include "output/path_checksums.hpp"
#include "output/result_metadata.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

// Keeps a copy of every block, in the order they came.
class KeepBlocks final : public engine::BlockSink {
 public:
  void consume(const engine::PathBlock& block) override { blocks.push_back(block); }
  std::vector<engine::PathBlock> blocks;
};

std::vector<engine::PathBlock> simulate(const model::MarketModel& market, std::uint64_t paths,
                                        std::uint64_t seed) {
  KeepBlocks sink;
  engine::RunOptions options;
  options.paths = paths;
  options.seed = seed;
  options.block_size = 256;
  engine::run_paths(market, options, sink);
  return sink.blocks;
}

TEST(FiniteCheck, AnInfiniteRevenueIsNamedByPathQuarterProviderAndSegment) {
  const model::MarketModel market(testing::small_market());
  const auto blocks = simulate(market, 3, 42);
  engine::PathBlock block = blocks.front();
  for (std::size_t row = 0; row < block.path_count; ++row)
    EXPECT_NO_THROW(engine::check_finite(block, row, market));
  const auto& s = block.shape;
  const std::size_t row = 1, t = 2, segment = 0, provider = 1;
  block.revenue[((row * s.quarters + t) * s.segments + segment) * s.providers + provider] =
      std::numeric_limits<double>::infinity();
  try {
    engine::check_finite(block, row, market);
    FAIL() << "an infinite revenue passed";
  } catch (const engine::NonFiniteResult& e) {
    const std::string message = e.what();
    const auto& p = market.parameters();
    EXPECT_NE(message.find("path " + std::to_string(block.first_path + row)), std::string::npos)
        << message;
    EXPECT_NE(message.find("quarter 2 of the run"), std::string::npos) << message;
    EXPECT_NE(message.find("revenue of " + p.providers[provider].name + " in " +
                           p.segments[segment].name + " is infinite"),
              std::string::npos)
        << message;
  }
  block = blocks.front();
  block.profit.back() = std::nan("");
  EXPECT_THROW(engine::check_finite(block, block.path_count - 1, market), engine::NonFiniteResult);
  EXPECT_NO_THROW(engine::check_finite(block, 0, market));
}

// Splits one block of paths into blocks of `size` paths (as another block size would have).
std::vector<engine::PathBlock> split(const engine::PathBlock& whole, std::size_t size) {
  std::vector<engine::PathBlock> parts;
  const auto& s = whole.shape;
  const std::size_t per_quarter = s.quarters;
  for (std::size_t first = 0; first < whole.path_count; first += size) {
    const std::size_t count = std::min(size, whole.path_count - first);
    engine::PathBlock part;
    part.resize(whole.first_path + first, count, s);
    part.scenario = whole.scenario;
    const auto copy = [&](const auto& from, auto& to, std::size_t per_path) {
      std::copy(from.begin() + static_cast<std::ptrdiff_t>(first * per_path),
                from.begin() + static_cast<std::ptrdiff_t>((first + count) * per_path), to.begin());
    };
    copy(whole.demand, part.demand, per_quarter * s.segments);
    copy(whole.revenue, part.revenue, per_quarter * s.segments * s.providers);
    copy(whole.multi_cloud_adoption, part.multi_cloud_adoption, per_quarter);
    copy(whole.parameters, part.parameters, s.parameters);
    copy(whole.profit, part.profit, per_quarter * s.providers);
    copy(whole.cumulative_profit, part.cumulative_profit, per_quarter * s.providers);
    copy(whole.unserved_demand, part.unserved_demand, per_quarter * s.segments);
    copy(whole.event_quarter, part.event_quarter, s.events);
    parts.push_back(std::move(part));
  }
  return parts;
}

TEST(PathChecksums, SumsDoNotDependOnBlockSizeOrOrderButOnEveryValue) {
  const model::MarketModel market(testing::small_market());
  const std::vector<engine::PathBlock> pieces = simulate(market, 1500, 7);
  output::PathChecksums in_order(1, 1500);
  for (const auto& block : pieces)
    in_order.consume(block);
  output::PathChecksums reversed(1, 1500);
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it)
    for (const auto& part : split(*it, 7))
      reversed.consume(part);
  EXPECT_EQ(in_order.sums(), reversed.sums());
  ASSERT_EQ(in_order.sums().size(), 2U);  // paths 0-1023 and 1024-1499
  EXPECT_NE(in_order.sums()[0], 0U);
  EXPECT_NE(in_order.sums()[1], 0U);

  // One bit of one value of one path changes its chunk's sum, and only that.
  engine::PathBlock changed = pieces.back();
  changed.revenue.back() = std::nextafter(changed.revenue.back(), 1e300);
  output::PathChecksums with_change(1, 1500);
  for (std::size_t k = 0; k + 1 < pieces.size(); ++k)
    with_change.consume(pieces[k]);
  with_change.consume(changed);
  EXPECT_EQ(with_change.sums()[0], in_order.sums()[0]);
  EXPECT_NE(with_change.sums()[1], in_order.sums()[1]);

  // The same values under another path number hash differently (paths cannot be swapped).
  engine::PathBlock moved = pieces.front();
  EXPECT_NE(output::path_hash(moved, 0), output::path_hash(moved, 1));
}

// Hashes worked out in prepare() (on the engine's worker threads) add up to the same sums, and a
// pooled block resized for other paths no longer counts as prepared.
TEST(PathChecksums, PreparedHashesGiveTheSameSumsAndGoStaleOnResize) {
  const model::MarketModel market(testing::small_market());
  std::vector<engine::PathBlock> pieces = simulate(market, 1500, 7);
  output::PathChecksums plain(1, 1500);
  output::PathChecksums prepared(1, 1500);
  for (auto& block : pieces) {
    plain.consume(block);
    prepared.prepare(block);
    ASSERT_TRUE(block.hashes_staged);
    ASSERT_EQ(block.path_hashes.size(), block.path_count);
    prepared.consume(block);
  }
  EXPECT_EQ(plain.sums(), prepared.sums());
  engine::PathBlock& reused = pieces.front();
  reused.resize(reused.first_path + 1, reused.path_count, reused.shape);
  EXPECT_FALSE(reused.hashes_staged);
  EXPECT_FALSE(reused.columns_staged);
}

}  // namespace
}  // namespace cloudsim
