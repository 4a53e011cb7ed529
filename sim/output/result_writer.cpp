#include "output/result_writer.hpp"

#include <algorithm>
#include <array>
#include <numeric>

namespace cloudsim::output {
namespace {

void describe(hid_t dataset, const std::string& units, const std::string& description) {
  h5::write_attribute(dataset, "units", units);
  h5::write_attribute(dataset, "long_name", description);
}

// A string dataset that is not itself a dimension scale (a non-index coordinate).
h5::Handle string_coordinate_data(hid_t file, const std::string& name,
                                  const std::vector<std::string>& values,
                                  const std::string& description) {
  const h5::Handle type = h5::utf8_string_type();
  h5::DatasetLayout layout;
  layout.dims = {values.size()};
  h5::Handle dataset = h5::create_dataset(file, name, type.id(), layout);
  h5::write_strings(dataset.id(), values);
  h5::write_attribute(dataset.id(), "long_name", description);
  return dataset;
}

// A string dataset that is a dimension scale: xarray shows it as an index coordinate.
h5::Handle string_coordinate(hid_t file, const std::string& name,
                             const std::vector<std::string>& values,
                             const std::string& description) {
  h5::Handle dataset = string_coordinate_data(file, name, values, description);
  h5::set_dimension_scale(dataset.id(), name);
  return dataset;
}

std::size_t cache_bytes(std::size_t chunk_bytes, std::size_t chunks_per_block_row) {
  // Hold every chunk one block row touches, so a block that ends mid-chunk never forces a
  // read-back; capped so wide markets do not claim unbounded memory.
  constexpr std::size_t kCap = 64u << 20;
  return std::min(kCap, std::max<std::size_t>(1u << 20, 2 * chunk_bytes * chunks_per_block_row));
}

}  // namespace

ResultWriter::ResultWriter(const std::string& path, const ResultMetadata& m) {
  file_ = h5::create_file(path);
  const hid_t f = file_.id();

  h5::write_attribute(f, "filetype", std::string(kFileType));
  const std::array<std::int32_t, 2> version = {kFormatMajor, kFormatMinor};
  h5::write_attribute(f, "format_version", std::span<const std::int32_t>(version));
  h5::write_attribute(f, "program_version", m.program_version);
  h5::write_attribute(f, "seed", m.seed);
  h5::write_attribute(f, "paths_requested", m.paths);
  h5::write_attribute(f, "scenario_file", m.scenario_file);
  h5::write_attribute(f, "scenario_text", m.scenario_text);
  h5::write_attribute(f, "currency_unit", m.currency_unit);
  h5::write_attribute(f, "rng_layout", m.rng_layout);

  const hsize_t paths = m.paths;
  const hsize_t quarters = m.quarter_labels.size();
  const hsize_t segments = m.segment_names.size();
  const hsize_t providers = m.provider_names.size();
  const hsize_t path_chunk = std::max<hsize_t>(1, std::min<hsize_t>(paths, kPathChunk));

  h5::Handle quarter = string_coordinate(f, "quarter", m.quarter_labels, "calendar quarter");
  h5::Handle segment = string_coordinate(f, "segment", m.segment_names, "market segment");
  h5::Handle provider = string_coordinate(f, "provider", m.provider_names, "cloud provider");

  h5::DatasetLayout path_layout;
  path_layout.dims = {paths};
  path_layout.chunk = {path_chunk};
  path_scale_ = h5::create_dataset(f, "path", H5T_STD_U64LE, path_layout);
  h5::set_dimension_scale(path_scale_.id(), "path");
  h5::write_attribute(path_scale_.id(), "long_name",
                      std::string("Monte Carlo path number (the RNG key with the seed)"));

  const std::string money = m.currency_unit + " per quarter";
  constexpr std::size_t kDouble = sizeof(double);

  h5::DatasetLayout demand_layout;
  demand_layout.dims = {paths, quarters, segments};
  demand_layout.chunk = {path_chunk, quarters, segments};
  demand_layout.chunk_cache_bytes = cache_bytes(path_chunk * quarters * segments * kDouble, 1);
  demand_ = h5::create_dataset(f, "demand", H5T_IEEE_F64LE, demand_layout);
  describe(demand_.id(), money, "segment demand D_s(t): total spend in the segment");

  // One chunk per (segment, provider) column: one provider's series over all paths is read
  // without touching the other providers' data.
  h5::DatasetLayout revenue_layout;
  revenue_layout.dims = {paths, quarters, segments, providers};
  revenue_layout.chunk = {path_chunk, quarters, 1, 1};
  revenue_layout.chunk_cache_bytes =
      cache_bytes(path_chunk * quarters * kDouble, segments * providers);
  revenue_ = h5::create_dataset(f, "revenue", H5T_IEEE_F64LE, revenue_layout);
  describe(revenue_.id(), money, "provider revenue R_{i,s}(t) in each segment");

  h5::DatasetLayout adoption_layout;
  adoption_layout.dims = {paths, quarters};
  adoption_layout.chunk = {path_chunk, quarters};
  adoption_layout.chunk_cache_bytes = cache_bytes(path_chunk * quarters * kDouble, 1);
  multi_cloud_adoption_ =
      h5::create_dataset(f, "multi_cloud_adoption", H5T_IEEE_F64LE, adoption_layout);
  describe(multi_cloud_adoption_.id(), "1",
           "m(t): share of customers running multi-cloud (Bass diffusion)");

  // Drawn inputs: one column per uncertain input. Stored even when there are none (0 columns),
  // so readers need no special case.
  const hsize_t inputs = m.parameter_names.size();
  h5::Handle parameter = string_coordinate(f, "parameter", m.parameter_names,
                                           "key path of an uncertain scenario input");
  h5::Handle distribution =
      string_coordinate_data(f, "parameter_distribution", m.parameter_distributions,
                             "distribution each input was drawn from");
  h5::attach_dimension_scale(distribution.id(), parameter.id(), 0);
  h5::DatasetLayout parameters_layout;
  parameters_layout.dims = {paths, inputs};
  if (inputs > 0) {
    parameters_layout.chunk = {path_chunk, inputs};
    parameters_layout.chunk_cache_bytes = cache_bytes(path_chunk * inputs * kDouble, 1);
  }
  parameters_ = h5::create_dataset(f, "parameters", H5T_IEEE_F64LE, parameters_layout);
  describe(
      parameters_.id(), "as the scenario key",
      "value of each uncertain input drawn for each path (drawn once, before the first quarter)");
  h5::attach_dimension_scale(parameters_.id(), path_scale_.id(), 0);
  h5::attach_dimension_scale(parameters_.id(), parameter.id(), 1);

  h5::attach_dimension_scale(demand_.id(), path_scale_.id(), 0);
  h5::attach_dimension_scale(demand_.id(), quarter.id(), 1);
  h5::attach_dimension_scale(demand_.id(), segment.id(), 2);
  h5::attach_dimension_scale(revenue_.id(), path_scale_.id(), 0);
  h5::attach_dimension_scale(revenue_.id(), quarter.id(), 1);
  h5::attach_dimension_scale(revenue_.id(), segment.id(), 2);
  h5::attach_dimension_scale(revenue_.id(), provider.id(), 3);
  h5::attach_dimension_scale(multi_cloud_adoption_.id(), path_scale_.id(), 0);
  h5::attach_dimension_scale(multi_cloud_adoption_.id(), quarter.id(), 1);
}

void ResultWriter::consume(const engine::PathBlock& block) {
  const hsize_t first = block.first_path;
  const hsize_t rows = block.path_count;
  path_ids_.resize(block.path_count);
  std::iota(path_ids_.begin(), path_ids_.end(), block.first_path);
  h5::write_rows(path_scale_.id(), H5T_NATIVE_UINT64, first, rows, path_ids_.data());
  h5::write_rows(demand_.id(), H5T_NATIVE_DOUBLE, first, rows, block.demand.data());
  h5::write_rows(revenue_.id(), H5T_NATIVE_DOUBLE, first, rows, block.revenue.data());
  h5::write_rows(multi_cloud_adoption_.id(), H5T_NATIVE_DOUBLE, first, rows,
                 block.multi_cloud_adoption.data());
  if (block.shape.parameters > 0) {
    h5::write_rows(parameters_.id(), H5T_NATIVE_DOUBLE, first, rows, block.parameters.data());
  }
  paths_written_ += block.path_count;
}

void ResultWriter::finish() {
  h5::write_attribute(file_.id(), "paths_completed", paths_written_);
  path_scale_.close();
  demand_.close();
  revenue_.close();
  multi_cloud_adoption_.close();
  parameters_.close();
  file_.close();
}

}  // namespace cloudsim::output
