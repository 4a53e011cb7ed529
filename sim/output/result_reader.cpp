#include "output/result_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "output/cf_attributes.hpp"
#include "output/result_probe.hpp"
#include "output/result_schema.hpp"
#include "output/run_fingerprint.hpp"
#include "output/scenario_descriptions.hpp"

namespace cloudsim::output {
namespace {

std::vector<std::string> strings(hid_t file, const char* name) {
  const h5::Handle dataset = h5::open_dataset(file, name);
  return h5::read_strings(dataset.id());
}

std::vector<double> doubles(hid_t file, const char* name) {
  const h5::Handle dataset = h5::open_dataset(file, name);
  return h5::read_doubles(dataset.id());
}

// HDF5's failures while reading a file become the reader's: a system read error is an I/O
// failure, anything else means the file is not what it claims to be.
template <typename Read>
void translating_hdf5_errors(const std::string& path, Read&& read) {
  try {
    read();
  } catch (const h5::H5Error& e) {
    if (e.system_io_failure()) {
      throw ResultReadError(path + ": reading the file failed: " + e.what());
    }
    throw NotAResultError(path + ": damaged or not written by sim: " + e.what());
  }
}

}  // namespace

ResultReader::ResultReader(const std::string& path, Trust trust, const std::atomic<bool>* stop)
    : path_(path) {
  h5::silence_default_error_printing();
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    throw NotAResultError(path + ": " + error.message());  // a loop of links, no permission, …
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw NotAResultError(
        path + (std::filesystem::exists(status) ? ": not a regular file" : ": no such file"));
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw NotAResultError(path + ": not an HDF5 file");
  }
  if (trust == Trust::untrusted) {
    probe_result_file(path, stop);
  }
  translating_hdf5_errors(path, [&] { read_metadata(); });
}

void ResultReader::read_metadata() {
  const std::string& path = path_;
  file_ = h5::open_file_read_only(path);
  const hid_t f = file_.id();
  if (!h5::has_attribute(f, "filetype") || h5::read_string_attribute(f, "filetype") != kFileType) {
    throw NotAResultError(path + ": an HDF5 file, but not a cloudsim result (no filetype \"" +
                          std::string(kFileType) + "\")");
  }
  if (!h5::has_attribute(f, "format_version") ||
      h5::attribute_shape(f, "format_version").type_class != H5T_INTEGER) {
    throw NotAResultError(path + ": attribute 'format_version' is missing or not two integers");
  }
  version_ = h5::read_int32_attribute(f, "format_version");
  if (version_.size() != 2) {
    throw NotAResultError(path + ": attribute 'format_version' has " +
                          std::to_string(version_.size()) + " numbers, not [major, minor]");
  }
  if (version_[0] != kFormatMajor) {
    throw NotAResultError(path + ": format version " +
                          (version_.empty() ? std::string("?") : std::to_string(version_[0])) +
                          " is not the " + std::to_string(kFormatMajor) + ".x this program reads");
  }
  const ResultDimensions dims = check_result_schema(f, path);

  ResultMetadata& m = metadata_;
  m.program_version = h5::read_string_attribute(f, "program_version");
  m.currency_unit = h5::read_string_attribute(f, "currency_unit");
  m.rng_layout = h5::read_string_attribute(f, "rng_layout");
  m.seed = h5::read_uint64_attribute(f, "seed");
  m.paths = h5::read_uint64_attribute(f, "paths_requested");
  m.record_level = dims.record_level;
  m.quarter_labels = strings(f, dims.time_label.c_str());
  m.segment_names = strings(f, "segment");
  m.provider_names = strings(f, "provider");
  if (dims.groups != 0) {
    m.group_names = strings(f, "group");
  }
  m.growth_regimes = dims.regimes;
  m.sweep_keys = strings(f, "sweep_key");
  if (h5::has_attribute(f, "observations_text")) {  // a conditioned run: what --resume re-runs
    m.observations_text = h5::read_string_attribute(f, "observations_text");
    m.observations_file = h5::has_attribute(f, "observations_file")
                              ? h5::read_string_attribute(f, "observations_file")
                              : std::string();
    if (h5::has_link(f, "observation_id")) {
      for (auto& id : strings(f, "observation_id")) {
        ObservationRecord row;
        row.id = std::move(id);
        m.observations.push_back(std::move(row));
      }
    }
    m.conditioning_method = h5::has_attribute(f, "conditioning_method")
                                ? h5::read_string_attribute(f, "conditioning_method")
                                : std::string();
  }
  const auto names = strings(f, "scenario");
  const auto files = strings(f, "scenario_file");
  const auto texts = strings(f, "scenario_text");
  const auto all_parameters = strings(f, "parameter");
  const auto distributions = strings(f, "parameter_distribution");  // [scenario][parameter]
  const auto all_events = strings(f, "event");
  const auto sweep_values = doubles(f, "sweep_value");
  // The schema check guarantees these lengths; a mismatch here is a bug, not a bad file.
  if (names.size() != dims.scenarios || files.size() != names.size() ||
      texts.size() != names.size() ||
      distributions.size() != names.size() * all_parameters.size() ||
      sweep_values.size() != names.size() * m.sweep_keys.size()) {
    throw NotAResultError(path + ": the scenario tables do not match the scenario coordinate");
  }
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
    if (m.conditioned() && h5::has_link(f, "last_observed_quarter") &&
        h5::has_link(f, "effective_sample_size")) {
      const auto last = strings(f, "last_observed_quarter");
      const auto ess = doubles(f, "effective_sample_size");
      if (last.size() == names.size() && ess.size() == names.size()) {
        record.conditioning.last_observed_quarter = last[k];
        record.conditioning.effective_sample_size = ess[k];
      }
    }
    m.scenarios.push_back(std::move(record));
  }
  read_scenario_descriptions(f, m, all_parameters);
  all_parameters_ = all_parameters;
  all_events_ = all_events;

  if (dims.has_checksums) {
    const auto stored = h5::read_string_attribute(f, "run_fingerprint");
    const auto computed = run_fingerprint(m, all_parameters_, all_events_);
    if (stored != computed) {
      throw NotAResultError(
          path +
          ": the recorded run (scenario texts, seed, version, coordinates) does not match "
          "its fingerprint (" +
          stored + " recorded, " + computed +
          " now): it was changed after sim wrote it, and its paths may belong to another model");
    }
    // The CF attributes are not hashed: each is derived from what is (and the path count), so
    // they are held to their derivation instead.
    for (const auto& [name, expected] :
         {std::pair{"Conventions", std::string(kConventions)}, std::pair{"title", result_title(m)},
          std::pair{"history", result_history(m)}, std::pair{"source", result_source(m)},
          std::pair{"references", result_references(m)},
          std::pair{"currency", parse_currency(m.currency_unit).code}}) {
      if (h5::read_string_attribute(f, name) != expected) {
        throw NotAResultError(path + ": attribute '" + name +
                              "' is not what its recorded run gives (\"" + expected +
                              "\"): it was changed after sim wrote it");
      }
    }
    const h5::Handle dataset = h5::open_dataset(f, "block_checksum");
    const std::size_t chunks = static_cast<std::size_t>((m.paths + kPathChunk - 1) / kPathChunk);
    checksums_.resize(names.size() * chunks);
    if (!checksums_.empty()) {
      h5::read_rows(dataset.id(), H5T_NATIVE_UINT64, 0, names.size(), checksums_.data());
    }
  }

  status_.paths_completed =
      h5::has_attribute(f, "paths_completed") ? h5::read_uint64_attribute(f, "paths_completed") : 0;
  status_.complete =
      h5::has_attribute(f, "status") && h5::read_string_attribute(f, "status") == "complete";
  if (h5::has_attribute(f, "stop_reason"))
    status_.stop_reason = h5::read_string_attribute(f, "stop_reason");
  if (h5::has_attribute(f, "final_output"))
    status_.final_output = h5::read_string_attribute(f, "final_output");
  if (dims.precision_targets != 0) {
    const auto targets = strings(f, "precision_target");
    const auto goals = doubles(f, "precision_goal");
    const auto errors = doubles(f, "precision_standard_error");
    const auto met = doubles(f, "precision_met");
    for (std::size_t k = 0; k < targets.size(); ++k) {
      if (!(goals[k] > 0.0) || !std::isfinite(goals[k]) || !(errors[k] >= 0.0) ||
          !std::isfinite(errors[k]) || (met[k] != 0.0 && met[k] != 1.0)) {
        throw NotAResultError(path + ": precision target " + std::to_string(k) +
                              " has goal, standard error or met out of range");
      }
      status_.precision.push_back({targets[k], goals[k], errors[k], met[k] != 0.0});
    }
  }
  if (dims.has_checksums) {
    const auto stored = h5::read_string_attribute(f, "status_fingerprint");
    const auto computed =
        status_fingerprint(h5::read_string_attribute(f, "run_fingerprint"), status_);
    if (stored != computed) {
      throw NotAResultError(path +
                            ": how the run ended (paths completed, status, stop reason, final "
                            "output, precision results) does not match its fingerprint: it was "
                            "changed after sim wrote it");
    }
  }
}

void ResultReader::read_block(std::size_t scenario, std::uint64_t first, std::size_t count,
                              const ScenarioRecord& layout, engine::PathBlock& block,
                              bool demand_and_revenue_only) const {
  if (scenario >= metadata_.scenarios.size() || first > metadata_.paths ||
      count > metadata_.paths - first) {
    throw std::logic_error("a block outside the result file's paths was asked for");
  }
  translating_hdf5_errors(path_, [&] {
    read_block_unchecked(scenario, first, count, layout, block, demand_and_revenue_only);
  });
}

void ResultReader::read_block_unchecked(std::size_t scenario, std::uint64_t first,
                                        std::size_t count, const ScenarioRecord& layout,
                                        engine::PathBlock& block,
                                        bool demand_and_revenue_only) const {
  const hid_t f = file_.id();
  const auto& m = metadata_;
  const auto parameters = positions_in(layout.parameter_names, all_parameters_);
  const auto events = positions_in(layout.event_names, all_events_);
  if (std::find(parameters.begin(), parameters.end(), all_parameters_.size()) != parameters.end() ||
      std::find(events.begin(), events.end(), all_events_.size()) != events.end()) {
    throw NotAResultError(path_ + ": the scenario has inputs or events the file does not record");
  }
  block.resize(first, count,
               engine::BlockShape{m.quarter_labels.size(), m.segment_names.size(),
                                  m.provider_names.size(), parameters.size(), events.size(),
                                  m.group_names.size(), m.growth_regimes ? 1u : 0u});
  block.scenario = scenario;
  const std::array<hsize_t, 1> leading = {scenario};
  const auto read = [&](const char* name, hid_t type, void* data) {
    const h5::Handle dataset = h5::open_dataset(f, name);
    h5::read_rows(dataset.id(), type, first, count, data, leading);
  };
  for (const auto& quantity : engine::kRecordedQuantities) {
    if (demand_and_revenue_only && quantity.values != &engine::PathBlock::demand &&
        quantity.values != &engine::PathBlock::revenue) {
      continue;
    }
    if (!quantity.recorded(block.shape)) {
      continue;  // a group quantity of a file without groups
    }
    read(quantity.name, H5T_NATIVE_DOUBLE, (block.*quantity.values).data());
  }
  if (demand_and_revenue_only) {
    return;
  }
  if (m.growth_regimes) {
    read("regime", H5T_NATIVE_INT8, block.regime.data());
    read("segment_regime", H5T_NATIVE_INT8, block.segment_regime.data());
  }
  const std::size_t all_parameters = all_parameters_.size();
  if (all_parameters != 0) {
    std::vector<double> rows(count * all_parameters);
    read("parameters", H5T_NATIVE_DOUBLE, rows.data());
    for (std::size_t row = 0; row < count; ++row)
      for (std::size_t j = 0; j < parameters.size(); ++j)
        block.parameters[row * parameters.size() + j] = rows[row * all_parameters + parameters[j]];
  }
  const std::size_t all_events = all_events_.size();
  if (all_events != 0) {
    std::vector<std::int32_t> rows(count * all_events);
    read("event_quarter", H5T_NATIVE_INT32, rows.data());
    for (std::size_t row = 0; row < count; ++row)
      for (std::size_t j = 0; j < events.size(); ++j)
        block.event_quarter[row * events.size() + j] = rows[row * all_events + events[j]];
  }
}

}  // namespace cloudsim::output
