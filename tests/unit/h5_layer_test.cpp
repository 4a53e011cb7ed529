// The thin HDF5 layer (output/h5.hpp) on its own: what it writes reads back exactly, and what a
// hostile file could hold (arrays where scalars belong, external storage) is refused, not read
// past its end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "output/h5.hpp"

namespace cloudsim::output {
namespace {

std::filesystem::path scratch(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("cloudsim-h5-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove(path);
  return path;
}

TEST(H5Layer, AttributesAndRowsReadBackExactly) {
  h5::silence_default_error_printing();
  const auto path = scratch("roundtrip.h5");
  {
    const h5::Handle file = h5::create_file(path.string());
    h5::write_attribute(file.id(), "text", std::string("亿元 per quarter"));
    h5::write_attribute(file.id(), "count", std::uint64_t{18446744073709551615ULL});
    const std::array<std::int32_t, 2> version = {2, 1};
    h5::write_attribute(file.id(), "version", std::span<const std::int32_t>(version));
    h5::DatasetLayout layout;
    layout.dims = {2, 5, 3};  // (scenario, path, column)
    layout.chunk = {1, 4, 3};
    const h5::Handle data = h5::create_dataset(file.id(), "data", H5T_IEEE_F64LE, layout);
    for (hsize_t scenario = 0; scenario < 2; ++scenario) {
      std::vector<double> rows(5 * 3);
      for (std::size_t k = 0; k < rows.size(); ++k)
        rows[k] = static_cast<double>(scenario) * 100.0 + static_cast<double>(k) / 7.0;
      const std::array<hsize_t, 1> leading = {scenario};
      h5::write_rows(data.id(), H5T_NATIVE_DOUBLE, 0, 5, rows.data(), leading);
    }
  }
  const h5::Handle file = h5::open_file_read_only(path.string());
  EXPECT_EQ(h5::read_string_attribute(file.id(), "text"), "亿元 per quarter");
  EXPECT_EQ(h5::read_uint64_attribute(file.id(), "count"), 18446744073709551615ULL);
  EXPECT_EQ(h5::read_int32_attribute(file.id(), "version"), (std::vector<std::int32_t>{2, 1}));
  const auto shape = h5::attribute_shape(file.id(), "version");
  EXPECT_EQ(shape.type_class, H5T_INTEGER);
  EXPECT_EQ(shape.dims, (std::vector<hsize_t>{2}));
  const h5::Handle data = h5::open_dataset(file.id(), "data");
  EXPECT_EQ(h5::dataset_dims(data.id()), (std::vector<hsize_t>{2, 5, 3}));
  EXPECT_FALSE(h5::stored_elsewhere(data.id()));
  std::vector<double> rows(2 * 3);
  const std::array<hsize_t, 1> second = {1};
  h5::read_rows(data.id(), H5T_NATIVE_DOUBLE, 3, 2, rows.data(), second);
  for (std::size_t k = 0; k < rows.size(); ++k)
    EXPECT_EQ(rows[k], 100.0 + static_cast<double>(9 + k) / 7.0) << k;
  std::filesystem::remove(path);
}

TEST(H5Layer, ArraysWhereScalarsBelongAreRefusedNotReadPastTheVariable) {
  h5::silence_default_error_printing();
  const auto path = scratch("arrays.h5");
  {
    const h5::Handle file = h5::create_file(path.string());
    const std::array<std::int32_t, 3> three = {1, 2, 3};
    h5::write_attribute(file.id(), "three", std::span<const std::int32_t>(three));
  }
  const h5::Handle file = h5::open_file_read_only(path.string());
  EXPECT_THROW((void)h5::read_uint64_attribute(file.id(), "three"), h5::H5Error);
  EXPECT_THROW((void)h5::read_string_attribute(file.id(), "three"), h5::H5Error);
  EXPECT_THROW((void)h5::read_uint64_attribute(file.id(), "missing"), h5::H5Error);
  std::filesystem::remove(path);
}

TEST(H5Layer, ExternalStorageIsRecognised) {
  h5::silence_default_error_printing();
  const auto path = scratch("external.h5");
  const auto outside = scratch("external.bin");
  std::ofstream(outside, std::ios::binary) << std::string(64, '\0');
  {
    const h5::Handle file = h5::create_file(path.string());
    const h5::Handle create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    ASSERT_GE(H5Pset_external(create.id(), outside.c_str(), 0, 64), 0);
    const hsize_t dims[1] = {8};
    const h5::Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    const h5::Handle data(H5Dcreate2(file.id(), "outside", H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                                     create.id(), H5P_DEFAULT),
                          H5Dclose);
    ASSERT_GE(data.id(), 0);
    EXPECT_TRUE(h5::stored_elsewhere(data.id()));
  }
  std::filesystem::remove(path);
  std::filesystem::remove(outside);
}

TEST(H5Layer, FailuresCarryHdf5sReasonOnOneLine) {
  h5::silence_default_error_printing();
  try {
    (void)h5::open_file_read_only(scratch("does-not-exist.h5").string());
    FAIL() << "opened a missing file";
  } catch (const h5::H5Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("HDF5 failed to open file"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace cloudsim::output
