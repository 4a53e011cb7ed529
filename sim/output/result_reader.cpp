#include "output/result_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

namespace cloudsim::output {
namespace {

std::vector<std::string> strings(hid_t file, const char* name) {
  const h5::Handle dataset = h5::open_dataset(file, name);
  return h5::read_strings(dataset.id());
}

}  // namespace

ResultReader::ResultReader(const std::string& path) {
  h5::silence_default_error_printing();
  if (!std::filesystem::is_regular_file(path)) {
    throw NotAResultError(path + ": no such file");
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw NotAResultError(path + ": not an HDF5 file");
  }
  file_ = h5::open_file_read_only(path);
  const hid_t f = file_.id();
  if (!h5::has_attribute(f, "filetype") || h5::read_string_attribute(f, "filetype") != kFileType) {
    throw NotAResultError(path + ": an HDF5 file, but not a cloudsim result (no filetype \"" +
                          std::string(kFileType) + "\")");
  }
  version_ = h5::read_int32_attribute(f, "format_version");
  if (version_.empty() || version_[0] != kFormatMajor) {
    throw NotAResultError(path + ": format version " +
                          (version_.empty() ? std::string("?") : std::to_string(version_[0])) +
                          " is not the " + std::to_string(kFormatMajor) + ".x this program reads");
  }
  ResultMetadata& m = metadata_;
  m.program_version = h5::read_string_attribute(f, "program_version");
  m.currency_unit = h5::read_string_attribute(f, "currency_unit");
  m.rng_layout = h5::read_string_attribute(f, "rng_layout");
  m.seed = h5::read_uint64_attribute(f, "seed");
  m.paths = h5::read_uint64_attribute(f, "paths_requested");
  m.record_level = h5::read_string_attribute(f, "record_level");
  m.time_dimension = m.record_level == "annual" ? "year" : "quarter";
  m.flow_period = m.record_level == "annual" ? "year" : "quarter";
  m.quarter_labels = strings(f, m.time_dimension.c_str());
  m.segment_names = strings(f, "segment");
  m.provider_names = strings(f, "provider");
  m.sweep_keys = strings(f, "sweep_key");
  const auto names = strings(f, "scenario");
  const auto files = strings(f, "scenario_file");
  const auto texts = strings(f, "scenario_text");
  const auto all_parameters = strings(f, "parameter");
  const auto distributions = strings(f, "parameter_distribution");  // [scenario][parameter]
  const auto all_events = strings(f, "event");
  const auto sweep_values = [&] {
    const h5::Handle dataset = h5::open_dataset(f, "sweep_value");
    return h5::read_doubles(dataset.id());
  }();
  // Which events each scenario can have is not stored apart from the common coordinate (they are
  // those its model defines); here every scenario lists them all.
  for (std::size_t k = 0; k < names.size(); ++k) {
    ScenarioRecord record;
    record.name = names[k];
    record.file = files[k];
    record.text = texts[k];
    for (std::size_t j = 0; j < all_parameters.size(); ++j) {
      const auto& distribution = distributions[k * all_parameters.size() + j];
      if (!distribution.empty()) {
        record.parameter_names.push_back(all_parameters[j]);
        record.parameter_distributions.push_back(distribution);
      }
    }
    record.event_names = all_events;
    for (std::size_t j = 0; j < m.sweep_keys.size(); ++j) {
      record.sweep_values.push_back(sweep_values[k * m.sweep_keys.size() + j]);
    }
    m.scenarios.push_back(std::move(record));
  }
  all_parameters_ = all_parameters;
  all_events_ = all_events;

  status_.paths_completed =
      h5::has_attribute(f, "paths_completed") ? h5::read_uint64_attribute(f, "paths_completed") : 0;
  status_.complete =
      h5::has_attribute(f, "status") && h5::read_string_attribute(f, "status") == "complete";
  if (h5::has_attribute(f, "stop_reason"))
    status_.stop_reason = h5::read_string_attribute(f, "stop_reason");
  if (h5::has_attribute(f, "final_output"))
    status_.final_output = h5::read_string_attribute(f, "final_output");
  if (H5Lexists(f, "precision_target", H5P_DEFAULT) > 0) {
    const auto targets = strings(f, "precision_target");
    const auto read = [&](const char* name) {
      const h5::Handle dataset = h5::open_dataset(f, name);
      return h5::read_doubles(dataset.id());
    };
    const auto goals = read("precision_goal");
    const auto errors = read("precision_standard_error");
    const auto met = read("precision_met");
    for (std::size_t k = 0; k < targets.size(); ++k) {
      status_.precision.push_back({targets[k], goals[k], errors[k], met[k] != 0.0});
    }
  }
}

void ResultReader::read_block(std::size_t scenario, std::uint64_t first, std::size_t count,
                              const ScenarioRecord& layout, engine::PathBlock& block,
                              bool demand_and_revenue_only) const {
  const hid_t f = file_.id();
  const auto& m = metadata_;
  const auto parameters = positions_in(layout.parameter_names, all_parameters_);
  const auto events = positions_in(layout.event_names, all_events_);
  if (std::find(parameters.begin(), parameters.end(), all_parameters_.size()) != parameters.end() ||
      std::find(events.begin(), events.end(), all_events_.size()) != events.end()) {
    throw std::logic_error("the scenario has inputs or events the result file does not record");
  }
  block.resize(first, count,
               engine::BlockShape{m.quarter_labels.size(), m.segment_names.size(),
                                  m.provider_names.size(), parameters.size(), events.size()});
  block.scenario = scenario;
  const std::array<hsize_t, 1> leading = {scenario};
  const auto read = [&](const char* name, hid_t type, void* data) {
    const h5::Handle dataset = h5::open_dataset(f, name);
    h5::read_rows(dataset.id(), type, first, count, data, leading);
  };
  read("demand", H5T_NATIVE_DOUBLE, block.demand.data());
  read("revenue", H5T_NATIVE_DOUBLE, block.revenue.data());
  if (demand_and_revenue_only) {
    return;
  }
  read("multi_cloud_adoption", H5T_NATIVE_DOUBLE, block.multi_cloud_adoption.data());
  read("profit", H5T_NATIVE_DOUBLE, block.profit.data());
  read("cumulative_profit", H5T_NATIVE_DOUBLE, block.cumulative_profit.data());
  read("unserved_demand", H5T_NATIVE_DOUBLE, block.unserved_demand.data());
  const std::size_t all_parameters = h5::dataset_dims(h5::open_dataset(f, "parameters").id())[2];
  if (all_parameters != 0) {
    std::vector<double> rows(count * all_parameters);
    read("parameters", H5T_NATIVE_DOUBLE, rows.data());
    for (std::size_t row = 0; row < count; ++row)
      for (std::size_t j = 0; j < parameters.size(); ++j)
        block.parameters[row * parameters.size() + j] = rows[row * all_parameters + parameters[j]];
  }
  const std::size_t all_events = h5::dataset_dims(h5::open_dataset(f, "event_quarter").id())[2];
  if (all_events != 0) {
    std::vector<std::int32_t> rows(count * all_events);
    read("event_quarter", H5T_NATIVE_INT32, rows.data());
    for (std::size_t row = 0; row < count; ++row)
      for (std::size_t j = 0; j < events.size(); ++j)
        block.event_quarter[row * events.size() + j] = rows[row * all_events + events[j]];
  }
}

}  // namespace cloudsim::output
