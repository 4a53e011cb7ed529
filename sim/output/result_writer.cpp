#include "output/result_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "output/cf_attributes.hpp"
#include "output/cf_datasets.hpp"
#include "output/conditioning_datasets.hpp"
#include "output/run_fingerprint.hpp"
#include "output/scenario_descriptions.hpp"

namespace cloudsim::output {
namespace {

// `units` are UDUNITS-parseable; `note` says in words what a unit of "1" counts, if anything.
void describe(hid_t dataset, const std::string& units, const std::string& description,
              const std::string& note = {}) {
  h5::write_attribute(dataset, "units", units);
  h5::write_attribute(dataset, "long_name", description);
  if (!note.empty()) {
    h5::write_attribute(dataset, "units_note", note);
  }
}

// The periods of the record a summary period label stands for.
std::vector<std::size_t> rows_of(const std::vector<std::string>& labels,
                                 const std::vector<std::string>& all) {
  std::vector<std::size_t> rows = positions_in(labels, all);
  for (const std::size_t row : rows) {
    if (row >= all.size()) {
      throw std::logic_error("a summary period is not a recorded period");
    }
  }
  return rows;
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

// Describes one (path, …) dataset before it is created.
struct Spec {
  const char* name;
  hid_t file_type;
  hid_t memory_type;
  std::vector<hsize_t> dims;   // after the path dimension
  std::vector<hsize_t> chunk;  // after the path dimension
  std::vector<hid_t> scales;   // after the path dimension
  std::string units;
  std::string description;
  std::function<const void*(const engine::PathBlock&)> data;
  std::string note;  // units_note: what a unit of "1" counts
};

template <typename T>
std::vector<std::string> column(const std::vector<ScenarioRecord>& scenarios, T member) {
  std::vector<std::string> values;
  for (const auto& scenario : scenarios)
    values.push_back(scenario.*member);
  return values;
}

// The units of a recorded quantity's dataset.
std::string units_of(const engine::RecordedQuantity& quantity, const ResultMetadata& m) {
  if (quantity.unit == engine::QuantityUnit::fraction) {
    return "1";
  }
  const Currency currency = parse_currency(m.currency_unit);
  return quantity.accumulation == engine::Accumulation::flow
             ? money_flow_units(currency, m.record_level)
             : money_stock_units(currency);
}

// The units in words, as before format 3.0.
std::string units_text_of(const engine::RecordedQuantity& quantity, const ResultMetadata& m) {
  if (quantity.unit == engine::QuantityUnit::fraction) {
    return "";
  }
  return quantity.accumulation == engine::Accumulation::flow
             ? m.currency_unit + " per " + time_label(m.record_level)
             : m.currency_unit;
}

// The (scenario, path, …) datasets: shapes, chunks, units and where their values come from.
// `scales` are the time, segment, provider, parameter, event and group coordinates (only used
// when creating the datasets).
std::vector<Spec> path_specs(const ResultMetadata& m, const std::array<hid_t, 6>& scales,
                             std::function<const void*(const engine::PathBlock&)> parameters,
                             std::function<const void*(const engine::PathBlock&)> events) {
  const hsize_t quarters = m.quarter_labels.size();
  const hsize_t segments = m.segment_names.size();
  const hsize_t providers = m.provider_names.size();
  const hsize_t inputs = m.all_parameter_names().size();
  const hsize_t events_count = m.all_event_names().size();
  const hsize_t groups = m.group_names.size();
  const auto [quarter, segment, provider, parameter, event, group] = scales;
  const engine::BlockShape shape{quarters, segments, providers, 0, 0, groups};
  std::vector<Spec> specs;
  for (const auto& quantity : engine::kRecordedQuantities) {
    if (!quantity.recorded(shape)) {
      continue;  // a group quantity in a run without groups: no dataset at all
    }
    Spec spec{quantity.name,
              H5T_IEEE_F64LE,
              H5T_NATIVE_DOUBLE,
              {quarters},
              {quarters},
              {quarter},
              units_of(quantity, m),
              quantity.description,
              [values = quantity.values](const engine::PathBlock& b) -> const void* {
                return (b.*values).data();
              },
              units_text_of(quantity, m)};
    // One chunk per (segment, provider) column where a provider is a dimension: one provider's
    // series over all paths is read without touching the other providers' data.
    if (quantity.per_group) {
      spec.dims.push_back(groups);
      spec.chunk.push_back(quantity.per_provider ? 1 : groups);
      spec.scales.push_back(group);
    }
    if (quantity.per_segment) {
      spec.dims.push_back(segments);
      spec.chunk.push_back(quantity.per_provider ? 1 : segments);
      spec.scales.push_back(segment);
    }
    if (quantity.per_provider) {
      spec.dims.push_back(providers);
      spec.chunk.push_back(1);
      spec.scales.push_back(provider);
    }
    specs.push_back(std::move(spec));
  }
  specs.push_back({"parameters",
                   H5T_IEEE_F64LE,
                   H5T_NATIVE_DOUBLE,
                   {inputs},
                   {inputs},
                   {parameter},
                   "1",
                   "value of each uncertain input drawn for each path (drawn once, before the "
                   "first quarter); NaN where the scenario does not draw it",
                   std::move(parameters),
                   "as the scenario key the parameter names (quarters since the start quarter "
                   "for quarter-valued inputs)"});
  specs.push_back({"event_quarter",
                   H5T_STD_I32LE,
                   H5T_NATIVE_INT32,
                   {events_count},
                   {events_count},
                   {event},
                   "1",
                   "index of the quarter in which each event happened on each path, -1 if it "
                   "never did (or cannot happen in the scenario)",
                   std::move(events),
                   "quarter index (0 = start quarter; -1 = never)"});
  if (m.growth_regimes) {
    // A year counts its slowdown quarters; a quarter is 0 or 1 (record_level.cpp).
    const bool annual = m.record_level == RecordLevel::annual;
    const std::string note =
        annual ? "quarters in a slowdown in the year" : "0 = normal, 1 = slowdown";
    specs.push_back({"regime",
                     H5T_STD_I8LE,
                     H5T_NATIVE_INT8,
                     {quarters},
                     {quarters},
                     {quarter},
                     "1",
                     "growth regime r(t) of the macro chain (docs/model.md, Growth regimes)",
                     [](const engine::PathBlock& b) -> const void* { return b.regime.data(); },
                     note});
    specs.push_back(
        {"segment_regime",
         H5T_STD_I8LE,
         H5T_NATIVE_INT8,
         {quarters, segments},
         {quarters, segments},
         {quarter, segment},
         "1",
         "growth regime of the chain that drives each segment's growth",
         [](const engine::PathBlock& b) -> const void* { return b.segment_regime.data(); },
         note + "; -1 = no chain drives the segment"});
  }
  return specs;
}

// Chunked by column (one chunk per provider, or per segment and provider): the column
// dimensions' sizes; empty for other datasets.
std::vector<hsize_t> column_dims_of(const Spec& spec, bool empty) {
  if (!empty && spec.memory_type == H5T_NATIVE_DOUBLE && spec.dims.size() >= 2 &&
      spec.chunk[0] == spec.dims[0] &&
      std::all_of(spec.chunk.begin() + 1, spec.chunk.end(), [](hsize_t c) { return c == 1; })) {
    return {spec.dims.begin() + 1, spec.dims.end()};
  }
  return {};
}

// Chunked by path only (the chunk spans every other dimension): one path's bytes in the file,
// the same in memory (native types are the file's little-endian ones); 0 for other datasets.
std::size_t path_bytes_of(const Spec& spec, bool empty) {
  if (empty || spec.chunk != spec.dims ||
      H5Tget_size(spec.file_type) != H5Tget_size(spec.memory_type)) {
    return 0;
  }
  std::size_t bytes = H5Tget_size(spec.file_type);
  for (const hsize_t d : spec.dims)
    bytes *= d;
  return bytes;
}

TimeCoordinate time_of(const ResultMetadata& m) {
  if (m.simulated_quarters == 0) {  // labels of a full record (metadata built by hand)
    return time_coordinate(RecordLevel::full, m.start_quarter, m.quarter_labels.size());
  }
  TimeCoordinate time = time_coordinate(m.record_level, m.start_quarter, m.simulated_quarters);
  if (time.middle.size() != m.quarter_labels.size()) {
    throw std::logic_error("the time labels do not match the simulated quarters");
  }
  return time;
}

bool has_empty_dimension(const Spec& spec) {
  return std::any_of(spec.dims.begin(), spec.dims.end(), [](hsize_t d) { return d == 0; });
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
  h5::write_attribute(f, "currency_unit", m.currency_unit);
  h5::write_attribute(f, "rng_layout", m.rng_layout);
  h5::write_attribute(f, "record_level", std::string(record_level_name(m.record_level)));
  h5::write_attribute(f, "Conventions", std::string(kConventions));
  h5::write_attribute(f, "title", result_title(m));
  h5::write_attribute(f, "history", result_history(m));
  h5::write_attribute(f, "source", result_source(m));
  h5::write_attribute(f, "references", result_references(m));
  {
    const Currency currency = parse_currency(m.currency_unit);
    h5::write_attribute(f, "currency", currency.code);
  }

  const auto all_parameters = m.all_parameter_names();
  const auto all_events = m.all_event_names();
  run_fingerprint_ = run_fingerprint(m, all_parameters, all_events);
  h5::write_attribute(f, "run_fingerprint", run_fingerprint_);
  const hsize_t scenarios = m.scenarios.size();
  const hsize_t paths = m.paths;
  const hsize_t inputs = all_parameters.size();
  set_layout(m);
  const hsize_t path_chunk = chunk_paths_;

  scenario_scale_ = string_coordinate(f, "scenario", column(m.scenarios, &ScenarioRecord::name),
                                      "scenario of the batch (all see the same random numbers)");
  for (const auto& [name, member, description] :
       {std::tuple{"scenario_file", &ScenarioRecord::file, "scenario file as given"},
        std::tuple{"scenario_text", &ScenarioRecord::text,
                   "resolved scenario as run (extends, --set and sweep values applied)"}}) {
    const h5::Handle data =
        string_coordinate_data(f, name, column(m.scenarios, member), description);
    h5::attach_dimension_scale(data.id(), scenario_scale_.id(), 0);
  }
  const h5::Handle sweep_key = string_coordinate(f, "sweep_key", m.sweep_keys,
                                                 "scenario key varied by a sweep of the batch");
  {
    h5::DatasetLayout layout;
    layout.dims = {scenarios, m.sweep_keys.size()};
    const h5::Handle sweep_value = h5::create_dataset(f, "sweep_value", H5T_IEEE_F64LE, layout);
    std::vector<double> values;
    for (const auto& scenario : m.scenarios) {
      for (std::size_t k = 0; k < m.sweep_keys.size(); ++k) {
        values.push_back(k < scenario.sweep_values.size()
                             ? scenario.sweep_values[k]
                             : std::numeric_limits<double>::quiet_NaN());
      }
    }
    if (!values.empty()) {
      h5::write_rows(sweep_value.id(), H5T_NATIVE_DOUBLE, 0, scenarios, values.data());
    }
    describe(sweep_value.id(), "1",
             "value a sweep set for each scenario, NaN where the key was not swept",
             "as the scenario key");
    h5::attach_dimension_scale(sweep_value.id(), scenario_scale_.id(), 0);
    h5::attach_dimension_scale(sweep_value.id(), sweep_key.id(), 1);
  }

  const std::string time = time_label(m.record_level);
  nv_scale_ = write_bare_dimension(f, "nv", 2);
  {
    std::vector<std::size_t> rows(m.quarter_labels.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    time_scale_ = write_time_coordinate(f, kTimeDimension, kTimeDimension, time_of(m), rows,
                                        nv_scale_.id(), "middle of the recorded " + time);
  }
  {
    const h5::Handle labels =
        string_coordinate_data(f, time, m.quarter_labels, "calendar " + time + " label");
    h5::attach_dimension_scale(labels.id(), time_scale_.id(), 0);
  }
  segment_scale_ = string_coordinate(f, "segment", m.segment_names, "market segment");
  provider_scale_ = string_coordinate(f, "provider", m.provider_names, "cloud provider");
  h5::Handle group_scale;  // only with customer groups: a run without them has no `group`
  if (!m.group_names.empty()) {
    group_scale = string_coordinate(f, "group", m.group_names,
                                    "customer group (the same groups inside every segment)");
  }
  statistic_scale_ = string_coordinate(
      f, "statistic", {"mean", "standard_error", "q05", "q25", "q50", "q75", "q95"},
      "summary statistic over paths (qNN: the NN% quantile)");
  const h5::Handle& quarter = time_scale_;
  const h5::Handle& segment = segment_scale_;
  const h5::Handle& provider = provider_scale_;
  const h5::Handle parameter =
      string_coordinate(f, "parameter", all_parameters, "key path of an uncertain scenario input");
  {
    std::vector<std::string> distributions(scenarios * inputs);
    for (std::size_t k = 0; k < m.scenarios.size(); ++k) {
      const auto& scenario = m.scenarios[k];
      for (std::size_t j = 0; j < scenario.parameter_names.size(); ++j) {
        distributions[k * inputs + columns_[k].parameters[j]] = scenario.parameter_distributions[j];
      }
    }
    const h5::Handle type = h5::utf8_string_type();
    h5::DatasetLayout layout;
    layout.dims = {scenarios, inputs};
    const h5::Handle distribution =
        h5::create_dataset(f, "parameter_distribution", type.id(), layout);
    h5::write_strings(distribution.id(), distributions);
    h5::write_attribute(
        distribution.id(), "long_name",
        std::string("distribution each input was drawn from in each scenario (empty "
                    "where the scenario does not draw it)"));
    h5::attach_dimension_scale(distribution.id(), scenario_scale_.id(), 0);
    h5::attach_dimension_scale(distribution.id(), parameter.id(), 1);
  }
  {
    std::vector<std::vector<std::size_t>> parameter_columns;
    for (const auto& columns : columns_)
      parameter_columns.push_back(columns.parameters);
    write_conditioning_datasets(f, m, scenario_scale_.id(), parameter.id(), parameter_columns);
  }
  write_scenario_descriptions(f, m, all_parameters, scenario_scale_.id(), parameter.id());
  const h5::Handle event =
      string_coordinate(f, "event", all_events, "something that may happen on a path");

  h5::DatasetLayout path_layout;
  path_layout.dims = {paths};
  path_layout.chunk = {path_chunk};
  path_scale_ = h5::create_dataset(f, "path", H5T_STD_U64LE, path_layout);
  h5::set_dimension_scale(path_scale_.id(), "path");
  h5::write_attribute(path_scale_.id(), "long_name",
                      std::string("Monte Carlo path number (the RNG key with the seed)"));

  money_ = m.currency_unit + " per " + time;
  money_units_ = money_flow_units(parse_currency(m.currency_unit), m.record_level);
  time_ = time_of(m);
  time_labels_ = m.quarter_labels;
  const std::vector<Spec> specs = path_specs(
      m, {quarter.id(), segment.id(), provider.id(), parameter.id(), event.id(), group_scale.id()},
      [this](const engine::PathBlock& b) { return spread_parameters(b); },
      [this](const engine::PathBlock& b) { return spread_events(b); });

  for (const auto& spec : specs) {
    h5::DatasetLayout layout;
    layout.dims = {scenarios, paths};
    layout.dims.insert(layout.dims.end(), spec.dims.begin(), spec.dims.end());
    const bool empty = has_empty_dimension(spec);
    if (!empty) {  // a dimension of length 0 cannot be chunked; such a dataset stays contiguous
      layout.chunk = {1, path_chunk};
      layout.chunk.insert(layout.chunk.end(), spec.chunk.begin(), spec.chunk.end());
      hsize_t chunk_bytes = H5Tget_size(spec.file_type);
      hsize_t chunks_per_row = 1;
      for (std::size_t d = 0; d < spec.dims.size(); ++d) {
        chunk_bytes *= spec.chunk[d];
        chunks_per_row *= spec.dims[d] / spec.chunk[d];
      }
      layout.chunk_cache_bytes = cache_bytes(path_chunk * chunk_bytes, chunks_per_row);
    }
    // Unwritten paths of a partial file read as missing (finish() fills them).
    const double float_fill = std::numeric_limits<double>::quiet_NaN();
    const std::int32_t int32_fill = kInt32Fill;
    const std::int8_t int8_fill = kInt8Fill;
    const void* fill = spec.memory_type == H5T_NATIVE_DOUBLE ? static_cast<const void*>(&float_fill)
                       : spec.memory_type == H5T_NATIVE_INT32
                           ? static_cast<const void*>(&int32_fill)
                           : static_cast<const void*>(&int8_fill);
    layout.fill_value = fill;
    layout.fill_memory_type = spec.memory_type;
    h5::Handle dataset = h5::create_dataset(f, spec.name, spec.file_type, layout);
    describe(dataset.id(), spec.units, spec.description, spec.note);
    h5::write_attribute(dataset.id(), "_FillValue", spec.file_type, spec.memory_type, fill);
    if (!spec.dims.empty() && spec.scales.front() == quarter.id()) {
      h5::write_attribute(dataset.id(), "coordinates", time);
    }
    h5::attach_dimension_scale(dataset.id(), scenario_scale_.id(), 0);
    h5::attach_dimension_scale(dataset.id(), path_scale_.id(), 1);
    for (std::size_t d = 0; d < spec.scales.size(); ++d) {
      h5::attach_dimension_scale(dataset.id(), spec.scales[d], static_cast<unsigned>(d + 2));
    }
    datasets_.push_back({std::move(dataset), spec.memory_type,
                         empty ? std::function<const void*(const engine::PathBlock&)>() : spec.data,
                         column_dims_of(spec, empty), path_bytes_of(spec, empty),
                         spec.dims.size() + 2});
  }
}

ResultWriter::ResultWriter(const std::string& path, const ResultMetadata& m, OpenExisting mode) {
  file_ = h5::open_file_read_write(path, /*every_rank=*/mode.chunks != nullptr);
  raw_chunks_ = std::move(mode.chunks);
  const hid_t f = file_.id();
  set_layout(m);
  scenario_scale_ = h5::open_dataset(f, "scenario");
  time_scale_ = h5::open_dataset(f, kTimeDimension);
  nv_scale_ = h5::open_dataset(f, "nv");
  segment_scale_ = h5::open_dataset(f, "segment");
  provider_scale_ = h5::open_dataset(f, "provider");
  statistic_scale_ = h5::open_dataset(f, "statistic");
  path_scale_ = h5::open_dataset(f, "path");
  money_ = m.currency_unit + " per " + time_label(m.record_level);
  money_units_ = money_flow_units(parse_currency(m.currency_unit), m.record_level);
  time_ = time_of(m);
  time_labels_ = m.quarter_labels;
  const auto specs = path_specs(
      m, {-1, -1, -1, -1, -1, -1},
      [this](const engine::PathBlock& b) { return spread_parameters(b); },
      [this](const engine::PathBlock& b) { return spread_events(b); });
  for (const auto& spec : specs) {
    const bool empty = has_empty_dimension(spec);
    datasets_.push_back({h5::open_dataset(f, spec.name), spec.memory_type,
                         empty ? std::function<const void*(const engine::PathBlock&)>() : spec.data,
                         column_dims_of(spec, empty), path_bytes_of(spec, empty),
                         spec.dims.size() + 2});
  }
}

void ResultWriter::set_layout(const ResultMetadata& m) {
  const auto all_parameters = m.all_parameter_names();
  const auto all_events = m.all_event_names();
  quarters_ = m.quarter_labels.size();
  segments_ = m.segment_names.size();
  providers_ = m.provider_names.size();
  groups_ = m.group_names.size();
  regimes_ = m.growth_regimes ? 1 : 0;
  all_parameters_ = all_parameters.size();
  all_events_ = all_events.size();
  paths_ = m.paths;
  chunk_paths_ = std::max<std::uint64_t>(1, std::min<std::uint64_t>(m.paths, kPathChunk));
  columns_.clear();
  for (const auto& scenario : m.scenarios) {
    columns_.push_back({positions_in(scenario.parameter_names, all_parameters),
                        positions_in(scenario.event_names, all_events)});
  }
}

void ResultWriter::close_data() {
  // HDF5's handles first: under MPI their closing is collective, so every rank reaches it before
  // its own chunk file's close may fail (which the caller then reports on every rank).
  time_scale_.close();
  nv_scale_.close();
  scenario_scale_.close();
  segment_scale_.close();
  provider_scale_.close();
  statistic_scale_.close();
  path_scale_.close();
  for (auto& dataset : datasets_) {
    dataset.handle.close();
  }
  file_.close();
  if (raw_chunks_) {
    raw_chunks_->close();  // a write failure the file system defers to close (NFS) shows here
  }
}

namespace {

hsize_t column_count(const std::vector<hsize_t>& column_dims) {
  hsize_t columns = 1;
  for (const hsize_t d : column_dims)
    columns *= d;
  return columns;
}

// `rows` rows of `columns` doubles as `columns` columns of `rows`, tile by tile: a tile of rows
// stays in cache while each column takes its part (a pass per column over the whole block would
// read it from memory once per column, and one pass writing every column at once makes the
// columns' streams, a multiple of 4 KiB apart, evict each other).
void transpose(const double* data, std::size_t rows, std::size_t columns,
               engine::BlockValues& out) {
  constexpr std::size_t kTileRows = 128;
  out.resize(rows * columns);
  for (std::size_t tile = 0; tile < rows; tile += kTileRows) {
    const std::size_t end = std::min(rows, tile + kTileRows);
    for (std::size_t c = 0; c < columns; ++c) {
      double* column = out.data() + c * rows;
      for (std::size_t row = tile; row < end; ++row) {
        column[row] = data[row * columns + c];
      }
    }
  }
}

}  // namespace

void ResultWriter::transpose_columns(const PathDataset& dataset, const engine::PathBlock& block,
                                     engine::BlockValues& out) const {
  transpose(static_cast<const double*>(dataset.data(block)), block.path_count * quarters_,
            column_count(dataset.column_dims), out);
}

bool ResultWriter::writes_whole_chunks(const engine::PathBlock& block) const {
  if (block.first_path % kPathChunk != 0) {
    return false;
  }
  if (block.path_count == chunk_paths_) {
    return true;
  }
  // On MPI ranks, the first paths of a chunk (the last block of a run: blocks are aligned to
  // chunks there), which MPI-IO would otherwise write element by element.
  if (raw_chunks_) {
    return block.path_count < kPathChunk;
  }
  // On one process, the run's last paths when they start a chunk, padded to the whole chunk with
  // zeros (pad_to_chunk). HDF5's own path read that chunk's unwritten, so zero, bytes from the
  // file before merging the block into them: 60 MB of reads and page faults for baseline's last
  // chunk, a third of a 4,000-path run (docs/performance.md, fifteenth pass).
  return block.path_count < chunk_paths_ && block.first_path + block.path_count == paths_;
}

const void* ResultWriter::pad_to_chunk(const void* rows, std::size_t bytes,
                                       std::size_t chunk_bytes) {
  if (bytes == chunk_bytes) {
    return rows;
  }
  padded_chunk_.resize(chunk_bytes);
  std::memcpy(padded_chunk_.data(), rows, bytes);
  std::memset(padded_chunk_.data() + bytes, 0, chunk_bytes - bytes);
  return padded_chunk_.data();
}

void ResultWriter::prepare(engine::PathBlock& block) const {
  if (!writes_whole_chunks(block) || block.scenario >= columns_.size() ||
      block.shape.quarters != quarters_) {
    return;  // consume() writes it (or refuses it) as it comes
  }
  block.staged_columns.resize(datasets_.size());
  for (std::size_t d = 0; d < datasets_.size(); ++d) {
    if (datasets_[d].data && !datasets_[d].column_dims.empty()) {
      transpose_columns(datasets_[d], block, block.staged_columns[d]);
    }
  }
  block.columns_staged = true;
}

void ResultWriter::consume(const engine::PathBlock& block) {
  const auto& shape = block.shape;
  if (block.scenario >= columns_.size() || shape.quarters != quarters_ ||
      shape.segments != segments_ || shape.providers != providers_ || shape.groups != groups_ ||
      shape.regimes != regimes_ || shape.parameters != columns_[block.scenario].parameters.size() ||
      shape.events != columns_[block.scenario].events.size()) {
    throw std::logic_error("a block does not match the result file's layout");
  }
  const hsize_t first = block.first_path;
  const hsize_t rows = block.path_count;
  if (block.scenario == 0) {
    path_ids_.resize(block.path_count);
    std::iota(path_ids_.begin(), path_ids_.end(), block.first_path);
    h5::write_rows(path_scale_.id(), H5T_NATIVE_UINT64, first, rows, path_ids_.data());
  }
  const std::array<hsize_t, 1> scenario = {block.scenario};
  const bool whole_chunks = writes_whole_chunks(block);
  for (std::size_t d = 0; d < datasets_.size(); ++d) {
    const PathDataset& dataset = datasets_[d];
    if (!dataset.data) {
      continue;
    }
    if (whole_chunks && !dataset.column_dims.empty()) {
      if (!block.columns_staged) {
        transpose_columns(dataset, block, chunk_);
      }
      write_columns(dataset, block,
                    block.columns_staged ? block.staged_columns[d].data() : chunk_.data());
    } else if (whole_chunks && dataset.path_bytes != 0) {
      write_path_chunk(dataset, block);
    } else {
      h5::write_rows(dataset.handle.id(), dataset.memory_type, first, rows, dataset.data(block),
                     scenario);
    }
  }
}

void ResultWriter::write_columns(const PathDataset& dataset, const engine::PathBlock& block,
                                 const double* chunks) {
  static_assert(std::endian::native == std::endian::little,
                "direct chunk writes store memory doubles as the file's little-endian float64");
  const std::size_t paths = block.path_count;
  const std::size_t quarters = quarters_;
  const hsize_t columns = column_count(dataset.column_dims);
  const std::size_t rows = paths * quarters;
  std::vector<hsize_t> offset(2 + 1 + dataset.column_dims.size(), 0);
  offset[0] = block.scenario;
  offset[1] = block.first_path;
  for (hsize_t c = 0; c < columns; ++c) {
    const double* column = chunks + c * rows;
    hsize_t rest = c;
    for (std::size_t d = dataset.column_dims.size(); d-- > 0;) {
      offset[3 + d] = rest % dataset.column_dims[d];
      rest /= dataset.column_dims[d];
    }
    if (raw_chunks_) {
      // The block's paths come first in the chunk, so a block of fewer paths is its first bytes.
      raw_chunks_->write(dataset.handle.id(), offset, column, rows * sizeof(double));
    } else {
      const std::size_t chunk_bytes = chunk_paths_ * quarters * sizeof(double);
      h5::write_chunk(dataset.handle.id(), offset, chunk_bytes,
                      pad_to_chunk(column, rows * sizeof(double), chunk_bytes));
    }
  }
}

void ResultWriter::write_path_chunk(const PathDataset& dataset, const engine::PathBlock& block) {
  static_assert(std::endian::native == std::endian::little,
                "direct chunk writes store memory values as the file's little-endian ones");
  std::vector<hsize_t> offset(dataset.rank, 0);
  offset[0] = block.scenario;
  offset[1] = block.first_path;
  const void* rows = dataset.data(block);
  const std::size_t bytes = block.path_count * dataset.path_bytes;
  if (raw_chunks_) {
    raw_chunks_->write(dataset.handle.id(), offset, rows, bytes);
  } else {
    const std::size_t chunk_bytes = chunk_paths_ * dataset.path_bytes;
    h5::write_chunk(dataset.handle.id(), offset, chunk_bytes,
                    pad_to_chunk(rows, bytes, chunk_bytes));
  }
}

const void* ResultWriter::spread_parameters(const engine::PathBlock& block) {
  const auto& own = columns_[block.scenario].parameters;
  parameter_rows_.assign(block.path_count * all_parameters_,
                         std::numeric_limits<double>::quiet_NaN());
  for (std::size_t row = 0; row < block.path_count; ++row) {
    for (std::size_t j = 0; j < own.size(); ++j) {
      parameter_rows_[row * all_parameters_ + own[j]] = block.parameters[row * own.size() + j];
    }
  }
  return parameter_rows_.data();
}

const void* ResultWriter::spread_events(const engine::PathBlock& block) {
  const auto& own = columns_[block.scenario].events;
  event_rows_.assign(block.path_count * all_events_, -1);
  for (std::size_t row = 0; row < block.path_count; ++row) {
    for (std::size_t j = 0; j < own.size(); ++j) {
      event_rows_[row * all_events_ + own[j]] = block.event_quarter[row * own.size() + j];
    }
  }
  return event_rows_.data();
}

std::uint64_t estimated_file_bytes(const ResultMetadata& m) {
  const std::uint64_t paths = m.paths;
  const std::uint64_t chunked_paths =
      (paths + kPathChunk - 1) / kPathChunk * std::min<std::uint64_t>(paths, kPathChunk);
  const std::uint64_t scenarios = m.scenarios.size();
  const std::uint64_t q = m.quarter_labels.size();
  const std::uint64_t s = m.segment_names.size();
  const std::uint64_t p = m.provider_names.size();
  const std::uint64_t g = m.group_names.size();
  // Bytes per path and scenario, and chunks per 1024 paths of a scenario (path_specs' chunking).
  std::uint64_t per_path = 8 * m.all_parameter_names().size() + 4 * m.all_event_names().size();
  std::uint64_t chunks_per_piece = 2;  // parameters, event_quarter
  const engine::BlockShape shape{q, s, p, 0, 0, g};
  for (const auto& quantity : engine::kRecordedQuantities) {
    if (!quantity.recorded(shape))
      continue;
    per_path += 8 * q * quantity.columns(shape);
    chunks_per_piece += quantity.per_provider ? quantity.columns(shape) : 1;
  }
  if (m.growth_regimes) {  // regime and segment_regime, one byte a value
    per_path += q * (1 + s);
    chunks_per_piece += 2;
  }
  std::uint64_t text = m.rng_layout.size();
  for (const auto* names :
       {&m.quarter_labels, &m.segment_names, &m.provider_names, &m.group_names}) {
    for (const auto& name : *names)
      text += name.size() + 32;
  }
  for (const auto& scenario : m.scenarios) {
    text += scenario.name.size() + scenario.file.size() + scenario.text.size() + 96;
    for (const auto* names :
         {&scenario.parameter_names, &scenario.parameter_distributions, &scenario.event_names}) {
      for (const auto& name : *names)
        text += name.size() + 32;
    }
  }
  // B-tree nodes, object headers and attributes: a few kB per dataset, and one chunk index entry
  // per chunk (with an allowance of q + 3 more, as calibrated).
  const std::uint64_t chunks =
      scenarios * (paths + kPathChunk - 1) / kPathChunk * (chunks_per_piece + q + 3);
  const std::uint64_t summaries =
      scenarios * 8 * std::min<std::uint64_t>(q, 16) * s * p * (2 * 7 + 2);
  return chunked_paths * (scenarios * per_path + 8) + text + summaries + 64 * chunks +
         8 * scenarios * ((paths + kPathChunk - 1) / kPathChunk) + 56 * 1024;
}

void ResultWriter::write_summaries(const SummaryTables& tables) {
  const hid_t f = file_.id();
  const auto dims_of = [](hid_t scale) { return h5::dataset_dims(scale)[0]; };
  const h5::Handle period_scale = string_coordinate(
      f, "summary_period", tables.periods,
      "period a summary describes: each year's last recorded quarter, each year, or the final "
      "quarter, following the record level");
  const h5::Handle summary_time = write_time_coordinate(
      f, "summary_time", "summary_period", time_, rows_of(tables.periods, time_labels_),
      nv_scale_.id(), "middle of the period a summary describes");
  const hsize_t periods = tables.periods.size();
  const hsize_t scenarios = dims_of(scenario_scale_.id());
  const hsize_t segments = dims_of(segment_scale_.id());
  const hsize_t providers = dims_of(provider_scale_.id());
  auto write = [&](const char* name, const std::vector<double>& values, bool with_statistic,
                   const std::string& units, const std::string& description,
                   const std::string& note) {
    h5::DatasetLayout layout;
    layout.dims = {scenarios, periods, segments, providers};
    if (with_statistic)
      layout.dims.push_back(7);
    h5::Handle dataset = h5::create_dataset(f, name, H5T_IEEE_F64LE, layout);
    if (!values.empty()) {
      h5::write_rows(dataset.id(), H5T_NATIVE_DOUBLE, 0, scenarios, values.data());
    }
    describe(dataset.id(), units, description, note);
    h5::write_attribute(dataset.id(), "coordinates", std::string("summary_time"));
    h5::attach_dimension_scale(dataset.id(), scenario_scale_.id(), 0);
    h5::attach_dimension_scale(dataset.id(), period_scale.id(), 1);
    h5::attach_dimension_scale(dataset.id(), segment_scale_.id(), 2);
    h5::attach_dimension_scale(dataset.id(), provider_scale_.id(), 3);
    if (with_statistic)
      h5::attach_dimension_scale(dataset.id(), statistic_scale_.id(), 4);
    dataset.close();
  };
  write("summary_share", tables.share, true, "1",
        "share of segment revenue over paths: mean, standard error of the mean, quantiles", "");
  write("summary_revenue", tables.revenue, true, money_units_,
        "revenue over paths: mean, standard error of the mean, quantiles", money_);
  write("summary_share_rank_error", tables.share_rank_error, false, "1",
        "bound on the quantiles' rank error in summary_share, as a fraction of paths", "");
  write("summary_revenue_rank_error", tables.revenue_rank_error, false, "1",
        "bound on the quantiles' rank error in summary_revenue, as a fraction of paths", "");
  h5::write_attribute(f, "summary_histogram_bins", tables.histogram_bins);
}

void ResultWriter::write_checksums(const std::vector<std::uint64_t>& sums) {
  const hid_t f = file_.id();
  const hsize_t scenarios = h5::dataset_dims(scenario_scale_.id())[0];
  const hsize_t paths = h5::dataset_dims(path_scale_.id())[0];
  const hsize_t chunks = (paths + kPathChunk - 1) / kPathChunk;
  if (sums.size() != scenarios * chunks) {
    throw std::logic_error("checksums do not match the result file's paths");
  }
  // xarray (h5netcdf) needs every dimension named: the chunks by their first path.
  h5::DatasetLayout chunk_layout;
  chunk_layout.dims = {chunks};
  const h5::Handle chunk_scale = h5::create_dataset(f, "path_chunk", H5T_STD_U64LE, chunk_layout);
  std::vector<std::uint64_t> first_paths(chunks);
  for (hsize_t c = 0; c < chunks; ++c)
    first_paths[c] = c * kPathChunk;
  if (chunks != 0) {
    h5::write_rows(chunk_scale.id(), H5T_NATIVE_UINT64, 0, chunks, first_paths.data());
  }
  h5::set_dimension_scale(chunk_scale.id(), "path_chunk");
  h5::write_attribute(chunk_scale.id(), "long_name",
                      std::string("first path of a 1024-path chunk of block_checksum"));
  h5::DatasetLayout layout;
  layout.dims = {scenarios, chunks};
  const h5::Handle dataset = h5::create_dataset(f, "block_checksum", H5T_STD_U64LE, layout);
  if (!sums.empty()) {
    h5::write_rows(dataset.id(), H5T_NATIVE_UINT64, 0, scenarios, sums.data());
  }
  h5::write_attribute(dataset.id(), "long_name",
                      std::string("sum modulo 2^64 of the XXH3-64 hashes of every recorded path "
                                  "in each 1024-path chunk (only completed paths)"));
  // The group datasets are named only where the file has them (the text is otherwise as before).
  h5::write_attribute(dataset.id(), "algorithm",
                      std::string("per path: XXH3_64bits_withSeed chained over demand, revenue, "
                                  "multi_cloud_adoption, parameters (the scenario's own inputs), "
                                  "profit, cumulative_profit, unserved_demand, event_quarter "
                                  "(the scenario's own events)") +
                          (groups_ != 0 ? ", group_demand, group_revenue" : "") +
                          (regimes_ != 0 ? ", regime, segment_regime" : "") +
                          ", first seed = path number");
  h5::attach_dimension_scale(dataset.id(), scenario_scale_.id(), 0);
  h5::attach_dimension_scale(dataset.id(), chunk_scale.id(), 1);
}

void ResultWriter::fill_unwritten(std::uint64_t paths_completed) {
  // Blocks past the completed prefix may or may not have been written: all of it reads as
  // missing, as _FillValue says, instead of as whatever the disk held.
  const hsize_t paths = h5::dataset_dims(path_scale_.id())[0];
  const hsize_t scenarios = h5::dataset_dims(scenario_scale_.id())[0];
  for (const auto& dataset : datasets_) {
    if (!dataset.data) {
      continue;
    }
    const auto dims = h5::dataset_dims(dataset.handle.id());
    hsize_t row = 1;
    for (std::size_t d = 2; d < dims.size(); ++d)
      row *= dims[d];
    const std::size_t size = H5Tget_size(dataset.memory_type);
    std::vector<unsigned char> rows(static_cast<std::size_t>(kPathChunk * row) * size);
    for (std::size_t k = 0; k < rows.size(); k += size) {
      if (dataset.memory_type == H5T_NATIVE_DOUBLE) {
        const double fill = std::numeric_limits<double>::quiet_NaN();
        std::memcpy(rows.data() + k, &fill, size);
      } else if (dataset.memory_type == H5T_NATIVE_INT32) {
        const std::int32_t fill = kInt32Fill;
        std::memcpy(rows.data() + k, &fill, size);
      } else {
        const std::int8_t fill = kInt8Fill;
        std::memcpy(rows.data() + k, &fill, size);
      }
    }
    for (hsize_t s = 0; s < scenarios; ++s) {
      const std::array<hsize_t, 1> scenario = {s};
      for (hsize_t first = paths_completed; first < paths; first += kPathChunk) {
        const hsize_t count = std::min<hsize_t>(kPathChunk, paths - first);
        h5::write_rows(dataset.handle.id(), dataset.memory_type, first, count, rows.data(),
                       scenario);
      }
    }
  }
}

void ResultWriter::finish(const RunStatus& status) {
  const hid_t f = file_.id();
  if (!status.complete) {
    fill_unwritten(status.paths_completed);
  }
  if (run_fingerprint_.empty()) {  // opened as an existing file
    run_fingerprint_ = h5::read_string_attribute(f, "run_fingerprint");
  }
  h5::write_attribute(f, "status_fingerprint", status_fingerprint(run_fingerprint_, status));
  h5::write_attribute(f, "paths_completed", status.paths_completed);
  h5::write_attribute(f, "status", std::string(status.complete ? "complete" : "partial"));
  h5::write_attribute(f, "stop_reason", status.stop_reason);
  if (!status.final_output.empty()) {
    h5::write_attribute(f, "final_output", status.final_output);
  }
  if (!status.precision.empty()) {
    std::vector<std::string> targets;
    std::vector<double> goals, errors;
    std::vector<std::int32_t> met;
    for (const auto& record : status.precision) {
      targets.push_back(record.target);
      goals.push_back(record.goal);
      errors.push_back(record.standard_error);
      met.push_back(record.met ? 1 : 0);
    }
    const h5::Handle target =
        string_coordinate(f, "precision_target", targets, "--precision target of the run");
    const hsize_t count = targets.size();
    auto write = [&](const char* name, hid_t file_type, hid_t memory_type, const void* data,
                     const char* description) {
      h5::DatasetLayout layout;
      layout.dims = {count};
      const h5::Handle dataset = h5::create_dataset(f, name, file_type, layout);
      h5::write_rows(dataset.id(), memory_type, 0, count, data);
      describe(dataset.id(), "1", description, "as the target's outcome");
      h5::attach_dimension_scale(dataset.id(), target.id(), 0);
    };
    write("precision_goal", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, goals.data(),
          "standard error asked for");
    write("precision_standard_error", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, errors.data(),
          "standard error reached over the paths_requested paths the search chose (the largest "
          "over the scenarios the "
          "target covers)");
    write("precision_met", H5T_STD_I32LE, H5T_NATIVE_INT32, met.data(),
          "1 if the standard error reached is at or below the goal");
  }
  close_data();
}

}  // namespace cloudsim::output
