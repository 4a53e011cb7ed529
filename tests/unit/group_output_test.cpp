// Customer groups in the result file: group_revenue and group_demand are the model's books,
// summed over groups they give revenue (exactly, in the model's order of summation) and demand
// (to one rounding); without groups nothing of them exists.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "engine/run_driver.hpp"
#include "model/events.hpp"
#include "model/market_model.hpp"
#include "output/record_level.hpp"
#include "output/result_reader.hpp"
#include "output/result_writer.hpp"
#include "result_test_files.hpp"
#include "scenario/batch.hpp"
#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

namespace h5 = output::h5;

const std::string kSixGroups =
    std::string(CLOUDSIM_SOURCE_DIR) + "/tests/scenarios/six-groups.toml";
const std::string kNoGroups = std::string(CLOUDSIM_SOURCE_DIR) + "/tests/scenarios/no-groups.toml";

using testing::scratch;

// With the market's customer groups and events, which the grouped runs record.
output::ResultMetadata metadata(const model::MarketParameters& p, std::uint64_t paths) {
  auto m = testing::metadata_of(p, paths);
  for (const auto& g : p.customer_groups)
    m.group_names.push_back(g.name);
  m.scenarios.front().event_names = model::EventTable::build(p).names;
  return m;
}

// Keeps every block whole (the test's runs are one block).
class KeepBlocks final : public engine::BlockSink {
 public:
  void consume(const engine::PathBlock& block) override { blocks.push_back(block); }
  std::vector<engine::PathBlock> blocks;
};

// Σ_g in group order, as the model sums its books: exact against revenue, except in the one cell
// that holds a captive book (ByteDance's own workloads on Volcano Engine IaaS), which is in no
// group: there revenue − Σ_g = C ≥ 0, and Σ_g D_{s,g} + Σ_i C_{i,s} = D_s.
constexpr std::size_t kCaptiveCell = 0 * 8 + 5;  // (IaaS, Volcano Engine)

void expect_groups_sum_to_segments(const engine::PathBlock& b, bool exact) {
  const auto& s = b.shape;
  const std::size_t cells = s.segments * s.providers;
  ASSERT_GT(s.groups, 1u);
  ASSERT_EQ(s.providers, 8u);
  ASSERT_EQ(b.group_revenue.size(), b.path_count * s.quarters * s.groups * cells);
  ASSERT_EQ(b.group_demand.size(), b.path_count * s.quarters * s.groups * s.segments);
  double served = 0.0;
  double captive_seen = 0.0;
  for (std::size_t at = 0; at < b.path_count * s.quarters; ++at) {
    std::vector<double> captive(s.segments, 0.0);
    for (std::size_t k = 0; k < cells; ++k) {
      double total = b.group_revenue[at * s.groups * cells + k];
      for (std::size_t g = 1; g < s.groups; ++g)
        total += b.group_revenue[(at * s.groups + g) * cells + k];
      const double revenue = b.revenue[at * cells + k];
      if (k == kCaptiveCell) {
        EXPECT_GE(revenue - total, -1e-12 * std::abs(revenue)) << "row " << at;
        captive[k / s.providers] += revenue - total;
        captive_seen += revenue - total;
      } else if (exact) {
        EXPECT_EQ(total, revenue) << "period row " << at << " cell " << k;
      } else {
        EXPECT_NEAR(total, revenue, 1e-12 * std::abs(revenue)) << "row " << at << " cell " << k;
      }
      served += revenue;
    }
    for (std::size_t seg = 0; seg < s.segments; ++seg) {
      double total = 0.0;
      for (std::size_t g = 0; g < s.groups; ++g)
        total += b.group_demand[(at * s.groups + g) * s.segments + seg];
      const double demand = b.demand[at * s.segments + seg];
      // The last group takes the rest of the segment: one rounding per quarter (more in a year).
      EXPECT_NEAR(total + captive[seg], demand, 1e-12 * demand)
          << "period row " << at << " segment " << seg;
    }
  }
  EXPECT_GT(served, 0.0);        // the identity is not about zeros
  EXPECT_GT(captive_seen, 0.0);  // and the captive book is really there
}

TEST(GroupOutput, RecordedGroupRevenueSumsToRevenueExactlyAndReadsBack) {
  h5::silence_default_error_printing();
  const scenario::Scenario scenario = scenario::load_scenario_file(kSixGroups);
  const model::MarketModel model(scenario.market);
  const auto m = metadata(scenario.market, 40);
  ASSERT_EQ(m.group_names.size(), 7u);
  const auto path = scratch("groups.h5");
  KeepBlocks memory;
  {
    output::ResultWriter writer(path.string(), m);
    engine::FanOutSink both({&writer, &memory});
    engine::RunOptions options;
    options.paths = 40;
    options.seed = 8;
    options.block_size = 40;
    options.threads = 1;
    engine::run_paths(model, options, both);
    output::RunStatus status;
    status.paths_completed = 40;
    writer.finish(status);
  }
  ASSERT_EQ(memory.blocks.size(), 1u);
  const engine::PathBlock& block = memory.blocks.front();
  EXPECT_EQ(block.shape.groups, 7u);
  expect_groups_sum_to_segments(block, true);

  // What the file holds is what the engine made, bit for bit, under the `group` coordinate.
  const output::ResultReader reader(path.string());
  EXPECT_EQ(reader.metadata().group_names, m.group_names);
  engine::PathBlock read;
  reader.read_block(0, 0, 40, reader.metadata().scenarios.front(), read);
  EXPECT_EQ(read.shape.groups, 7u);
  EXPECT_EQ(read.group_revenue, block.group_revenue);
  EXPECT_EQ(read.group_demand, block.group_demand);
  EXPECT_EQ(read.revenue, block.revenue);
  expect_groups_sum_to_segments(read, true);

  // Annual records sum each group's quarters, then the check sums the groups: to rounding.
  const auto level = output::RecordLevel::annual;
  KeepBlocks annual;
  output::RecordReducer reducer(
      level,
      output::time_axis(level, scenario.run.start_quarter,
                        static_cast<std::size_t>(scenario.market.quarters)),
      annual);
  reducer.consume(block);
  ASSERT_EQ(annual.blocks.size(), 1u);
  EXPECT_LT(annual.blocks.front().shape.quarters, block.shape.quarters);
  expect_groups_sum_to_segments(annual.blocks.front(), false);
  std::filesystem::remove(path);
}

TEST(GroupOutput, WithoutGroupsThereIsNoGroupDatasetNorRoomForOne) {
  h5::silence_default_error_printing();
  const model::MarketModel model(testing::small_market());
  ASSERT_TRUE(model.parameters().customer_groups.empty());
  const auto path = scratch("no-groups.h5");
  KeepBlocks memory;
  {
    output::ResultWriter writer(path.string(), metadata(model.parameters(), 20));
    engine::FanOutSink both({&writer, &memory});
    engine::RunOptions options;
    options.paths = 20;
    options.seed = 8;
    options.block_size = 20;
    options.threads = 1;
    engine::run_paths(model, options, both);
    output::RunStatus status;
    status.paths_completed = 20;
    writer.finish(status);
  }
  ASSERT_EQ(memory.blocks.size(), 1u);
  EXPECT_EQ(memory.blocks.front().shape.groups, 0u);
  EXPECT_EQ(memory.blocks.front().group_revenue.capacity(), 0u);
  EXPECT_EQ(memory.blocks.front().group_demand.capacity(), 0u);
  {
    const h5::Handle file = h5::open_file_read_only(path.string());
    for (const char* name : {"group", "group_revenue", "group_demand"}) {
      EXPECT_FALSE(h5::has_link(file.id(), name)) << name;
    }
    EXPECT_TRUE(h5::has_link(file.id(), "revenue"));
  }
  const output::ResultReader reader(path.string());
  EXPECT_TRUE(reader.metadata().group_names.empty());
  std::filesystem::remove(path);
}

// The first `values` values of a block member as written and as read back, byte for byte.
template <typename Values>
void expect_same_bytes(const Values& read, const Values& written, std::size_t values,
                       const char* name) {
  ASSERT_GE(written.size(), values) << name;
  ASSERT_GE(read.size(), values) << name;
  EXPECT_EQ(std::memcmp(read.data(), written.data(), values * sizeof(written[0])), 0) << name;
}

// The stored bytes of every chunk of the file's per-path datasets that starts at path `first`
// (scenario 0), with how many bytes each path has in it.
struct StoredChunk {
  std::string dataset;
  std::vector<unsigned char> bytes;
  std::size_t path_bytes;
};
std::vector<StoredChunk> chunks_starting_at(const std::string& file_path, hsize_t paths,
                                            hsize_t first) {
  const h5::Handle file(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  std::vector<std::string> names;
  H5Literate(
      file.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* into) -> herr_t {
        static_cast<std::vector<std::string>*>(into)->emplace_back(name);
        return 0;
      },
      &names);
  std::vector<StoredChunk> chunks;
  for (const auto& name : names) {
    H5O_info_t info;
    if (H5Oget_info_by_name(file.id(), name.c_str(), &info, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET) {
      continue;
    }
    const h5::Handle dataset(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), H5Dclose);
    const h5::Handle create(H5Dget_create_plist(dataset.id()), H5Pclose);
    const h5::Handle space(H5Dget_space(dataset.id()), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.id());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank)), chunk(dims.size());
    H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
    if (rank < 2 || dims[1] != paths || H5Pget_layout(create.id()) != H5D_CHUNKED) {
      continue;  // not a (scenario, path, …) dataset, or contiguous (a dimension of length 0)
    }
    H5Pget_chunk(create.id(), rank, chunk.data());
    const h5::Handle type(H5Dget_type(dataset.id()), H5Tclose);
    std::size_t chunk_bytes = H5Tget_size(type.id());
    for (const hsize_t c : chunk)
      chunk_bytes *= c;
    // Every chunk of scenario 0 at `first`: the offsets of the dimensions after the path's.
    std::vector<hsize_t> offset(dims.size(), 0);
    offset[1] = first;
    while (true) {
      StoredChunk stored{name, std::vector<unsigned char>(chunk_bytes), chunk_bytes / chunk[1]};
      std::uint32_t filters = 0;
      EXPECT_GE(
          H5Dread_chunk(dataset.id(), H5P_DEFAULT, offset.data(), &filters, stored.bytes.data()), 0)
          << name;
      chunks.push_back(std::move(stored));
      std::size_t d = dims.size();
      while (d-- > 2 && (offset[d] += chunk[d]) >= dims[d])
        offset[d] = 0;
      if (d < 2)
        break;
    }
  }
  return chunks;
}

// Whole 1,024-path blocks go to the file chunk by chunk, straight from the block, for datasets
// chunked by path (every value of a path in its chunk row: demand, adoption, unserved demand,
// events, regimes, group demand) as for those chunked by column; so does a run's last, partial
// block, padded with zeros. Every path reads back as the engine made it, and the last chunks'
// bytes past the run's paths are zero, as HDF5's own path left them (it read them from the
// chunk's unwritten space): the same file byte for byte.
TEST(GroupOutput, WholeChunksWrittenStraightFromTheBlockReadBackAsSimulated) {
  h5::silence_default_error_printing();
  const scenario::Scenario scenario = scenario::load_scenario_file(kSixGroups);
  const model::MarketModel model(scenario.market);
  constexpr std::uint64_t kPaths = 2 * 1024 + 52;
  const auto m = metadata(scenario.market, kPaths);
  ASSERT_TRUE(m.growth_regimes);
  ASSERT_FALSE(m.scenarios.front().event_names.empty());
  const auto path = scratch("whole-chunks.h5");
  KeepBlocks memory;
  {
    output::ResultWriter writer(path.string(), m);
    engine::FanOutSink both({&writer, &memory});
    engine::RunOptions options;
    options.paths = kPaths;
    options.seed = 8;
    options.block_size = 1024;
    options.threads = 2;
    engine::run_paths(model, options, both);
    output::RunStatus status;
    status.paths_completed = kPaths;
    writer.finish(status);
  }
  ASSERT_EQ(memory.blocks.size(), 3u);
  const output::ResultReader reader(path.string());
  for (const engine::PathBlock& block : memory.blocks) {
    const auto& s = block.shape;
    const std::size_t n = block.path_count;
    const std::size_t rows = n * s.quarters;
    engine::PathBlock read;
    reader.read_block(0, block.first_path, n, reader.metadata().scenarios.front(), read);
    SCOPED_TRACE("block at path " + std::to_string(block.first_path));
    expect_same_bytes(read.demand, block.demand, rows * s.segments, "demand");
    expect_same_bytes(read.multi_cloud_adoption, block.multi_cloud_adoption, rows,
                      "multi_cloud_adoption");
    expect_same_bytes(read.unserved_demand, block.unserved_demand, rows * s.segments,
                      "unserved_demand");
    expect_same_bytes(read.event_quarter, block.event_quarter, n * s.events, "event_quarter");
    expect_same_bytes(read.regime, block.regime, rows, "regime");
    expect_same_bytes(read.segment_regime, block.segment_regime, rows * s.segments,
                      "segment_regime");
    expect_same_bytes(read.group_demand, block.group_demand, rows * s.groups * s.segments,
                      "group_demand");
    expect_same_bytes(read.revenue, block.revenue, rows * s.segments * s.providers, "revenue");
    expect_same_bytes(read.profit, block.profit, rows * s.providers, "profit");
  }
  const auto last = chunks_starting_at(path.string(), kPaths, 2 * 1024);
  // At least revenue's chunks (one per segment and provider) and profit's (one per provider).
  EXPECT_GE(last.size(), (m.segment_names.size() + 1) * m.provider_names.size());
  for (const auto& chunk : last) {
    const std::size_t used = 52 * chunk.path_bytes;
    ASSERT_LT(used, chunk.bytes.size()) << chunk.dataset;
    const auto nonzero = std::find_if(chunk.bytes.begin() + static_cast<std::ptrdiff_t>(used),
                                      chunk.bytes.end(), [](unsigned char b) { return b != 0; });
    EXPECT_EQ(nonzero, chunk.bytes.end())
        << chunk.dataset << ": a byte past the run's last path is not zero, at "
        << (nonzero - chunk.bytes.begin());
  }
  std::filesystem::remove(path);
}

TEST(GroupOutput, ABatchMixingGroupsAndNoGroupsIsRefusedNamingBoth) {
  try {
    scenario::load_batch({kNoGroups, kSixGroups});
    FAIL() << "a batch with and without customer groups was accepted";
  } catch (const scenario::InputError& error) {
    ASSERT_FALSE(error.issues().empty());
    const std::string message = error.issues().front().message;
    EXPECT_NE(message.find("'six-groups'"), std::string::npos) << message;
    EXPECT_NE(message.find("'no-groups'"), std::string::npos) << message;
    EXPECT_NE(message.find("customer groups [pan_internet, government"), std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace cloudsim
