// The HDF5 writer, read back through the HDF5 C API.

#include "output/result_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "output/result_reader.hpp"
#include "result_test_files.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

namespace h5 = output::h5;

using testing::scratch;

output::ResultMetadata metadata(const model::MarketModel& model, std::uint64_t paths) {
  return testing::metadata_of(model.parameters(), paths);
}

std::vector<double> read_all(hid_t file, const char* name, std::vector<hsize_t>& dims) {
  const h5::Handle dataset(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  const h5::Handle space(H5Dget_space(dataset.id()), H5Sclose);
  dims.resize(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id())));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  hsize_t count = 1;
  for (auto d : dims)
    count *= d;
  std::vector<double> values(count);
  EXPECT_GE(H5Dread(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            0);
  return values;
}

// Runs the engine into a ResultWriter at `path` and into `memory`, then finishes the file.
void write_from_engine(const model::MarketModel& model, const std::filesystem::path& path,
                       std::uint64_t paths, std::size_t block_size, int threads,
                       testing::CollectingSink& memory) {
  output::ResultWriter writer(path.string(), metadata(model, paths));
  engine::FanOutSink both({&writer, &memory});
  engine::RunOptions options;
  options.paths = paths;
  options.seed = 8;
  options.block_size = block_size;
  options.threads = threads;
  const auto report = engine::run_paths(model, options, both);
  output::RunStatus status;
  status.paths_completed = report.paths_completed;
  writer.finish(status);
}

TEST(ResultWriter, WritesWhatTheEngineProducedWithDimensionScales) {
  h5::silence_default_error_printing();
  const model::MarketModel model(testing::small_market());
  const auto path = scratch("writer.h5");
  testing::CollectingSink memory;
  write_from_engine(model, path, 70, 16, 0, memory);
  const h5::Handle file = h5::open_file_read_only(path.string());
  std::vector<hsize_t> dims;
  EXPECT_EQ(read_all(file.id(), "revenue", dims), memory.revenue);
  EXPECT_EQ(dims, (std::vector<hsize_t>{1, 70, 13, 2, 3}));
  EXPECT_EQ(read_all(file.id(), "demand", dims), memory.demand);
  EXPECT_EQ(dims, (std::vector<hsize_t>{1, 70, 13, 2}));
  EXPECT_EQ(read_all(file.id(), "multi_cloud_adoption", dims), memory.adoption);

  const h5::Handle revenue(H5Dopen2(file.id(), "revenue", H5P_DEFAULT), H5Dclose);
  const char* scales[] = {"scenario", "path", "time", "segment", "provider"};
  for (unsigned d = 0; d < 5; ++d) {
    const h5::Handle scale(H5Dopen2(file.id(), scales[d], H5P_DEFAULT), H5Dclose);
    EXPECT_GT(H5DSis_attached(revenue.id(), scale.id(), d), 0) << scales[d];
  }
  std::uint64_t completed = 0;
  const h5::Handle attribute(H5Aopen(file.id(), "paths_completed", H5P_DEFAULT), H5Aclose);
  H5Aread(attribute.id(), H5T_NATIVE_UINT64, &completed);
  EXPECT_EQ(completed, 70u);
  std::filesystem::remove(path);
}

// Blocks of whole 1,024-path chunks are transposed by prepare() on the engine's worker threads and
// written from there; the rest are written as they come. Both read back as simulated.
TEST(ResultWriter, ChunksPreparedOnWorkerThreadsReadBackAsSimulated) {
  h5::silence_default_error_printing();
  const model::MarketModel model(testing::small_market());
  const auto path = scratch("prepared.h5");
  testing::CollectingSink memory;
  write_from_engine(model, path, 2100, 1024, 2, memory);  // two whole chunks, then 52 paths
  const h5::Handle file = h5::open_file_read_only(path.string());
  std::vector<hsize_t> dims;
  EXPECT_EQ(read_all(file.id(), "revenue", dims), memory.revenue);
  EXPECT_EQ(read_all(file.id(), "demand", dims), memory.demand);
  EXPECT_EQ(read_all(file.id(), "profit", dims).size(), 2100u * 13 * 3);
  std::filesystem::remove(path);
}

// Two scenarios drawing different inputs share the file's `parameter` coordinate: each writes NaN
// where it draws nothing, and the reader gives each scenario its own layout back.
TEST(ResultWriter, ScenariosWithDifferentInputsShareOneCoordinateAndReadBack) {
  h5::silence_default_error_printing();
  const model::MarketModel model(testing::small_market());
  const auto path = scratch("batch.h5");
  auto m = metadata(model, 9);
  m.scenarios = {{"a", "a.toml", "# a", {"x", "y"}, {"fixed(1)", "fixed(2)"}, {}, {}, {}},
                 {"b", "b.toml", "# b", {"y", "z"}, {"fixed(3)", "fixed(4)"}, {}, {}, {}}};
  ASSERT_EQ(m.all_parameter_names(), (std::vector<std::string>{"x", "y", "z"}));
  std::vector<engine::PathBlock> blocks(2);
  for (std::size_t k = 0; k < 2; ++k) {
    blocks[k].resize(0, 9, {13, 2, 3, 2, 0});
    blocks[k].scenario = k;
    for (std::size_t j = 0; j < blocks[k].revenue.size(); ++j)
      blocks[k].revenue[j] = static_cast<double>(j + 1000 * k);
    for (std::size_t j = 0; j < blocks[k].parameters.size(); ++j)
      blocks[k].parameters[j] = static_cast<double>(10 * k + j);
  }
  {
    output::ResultWriter writer(path.string(), m);
    writer.consume(blocks[0]);
    writer.consume(blocks[1]);
    output::RunStatus status;
    status.paths_completed = 9;
    writer.finish(status);
  }
  {
    const h5::Handle file = h5::open_file_read_only(path.string());
    std::vector<hsize_t> dims;
    const auto parameters = read_all(file.id(), "parameters", dims);
    EXPECT_EQ(dims, (std::vector<hsize_t>{2, 9, 3}));
    EXPECT_EQ(parameters[0], 0.0);            // scenario a, path 0: x
    EXPECT_EQ(parameters[1], 1.0);            // y
    EXPECT_TRUE(std::isnan(parameters[2]));   // a does not draw z
    EXPECT_TRUE(std::isnan(parameters[27]));  // scenario b, path 0: x
    EXPECT_EQ(parameters[28], 10.0);
    EXPECT_EQ(parameters[29], 11.0);
  }
  const output::ResultReader reader(path.string());
  ASSERT_EQ(reader.metadata().scenarios.size(), 2u);
  EXPECT_EQ(reader.metadata().scenarios[1].parameter_names, (std::vector<std::string>{"y", "z"}));
  EXPECT_TRUE(reader.status().complete);
  for (std::size_t k = 0; k < 2; ++k) {
    engine::PathBlock back;
    reader.read_block(k, 0, 9, m.scenarios[k], back);
    EXPECT_EQ(back.scenario, k);
    EXPECT_EQ(back.revenue, blocks[k].revenue);
    EXPECT_EQ(back.parameters, blocks[k].parameters);
  }
  std::filesystem::remove(path);
}

TEST(ResultWriter, RefusesToCreateOverAnExistingFile) {
  h5::silence_default_error_printing();
  const model::MarketModel model(testing::small_market());
  const auto path = scratch("exists.h5");
  { std::ofstream(path) << "precious"; }
  EXPECT_THROW(output::ResultWriter(path.string(), metadata(model, 5)), h5::H5Error);
  std::ifstream in(path);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cloudsim
