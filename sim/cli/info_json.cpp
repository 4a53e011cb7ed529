#include "cli/info_json.hpp"

#include <cstdint>

#include "export/tables.hpp"
#include "output/cf_attributes.hpp"
#include "output/record_level.hpp"
#include "text/json_writer.hpp"

namespace cloudsim::cli {
namespace {

using text::JsonWriter;

void cell_value(JsonWriter& json, const exporting::Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell))
    json.value(std::string_view(*text));
  else if (const auto* whole = std::get_if<std::int64_t>(&cell))
    json.value(*whole);
  else if (const auto* number = std::get_if<double>(&cell))
    json.value(*number);
  else
    json.null();
}

// A table as an array of records, one object per row keyed by column: what jq filters and
// pandas.json_normalize reads as it stands.
void records(JsonWriter& json, const exporting::Table& table) {
  json.begin_array();
  std::vector<exporting::Cell> row;
  for (std::uint64_t k = 0; k < table.rows; ++k) {
    table.row(k, row);
    json.begin_object();
    for (std::size_t j = 0; j < table.columns.size(); ++j) {
      json.key(table.columns[j]);
      cell_value(json, row[j]);
    }
    json.end_object();
  }
  json.end_array();
}

void dimensions(JsonWriter& json, const output::ResultInfo& info,
                const std::vector<std::string>& summary_periods) {
  const auto& m = info.metadata;
  json.key("dimensions").begin_object();
  json.key("scenario").value(static_cast<std::uint64_t>(m.scenarios.size()));
  json.key("path").value(m.paths);
  json.key(output::kTimeDimension).value(static_cast<std::uint64_t>(m.quarter_labels.size()));
  json.key("segment").value(static_cast<std::uint64_t>(m.segment_names.size()));
  json.key("provider").value(static_cast<std::uint64_t>(m.provider_names.size()));
  json.key("group").value(static_cast<std::uint64_t>(m.group_names.size()));
  json.key("parameter").value(static_cast<std::uint64_t>(m.all_parameter_names().size()));
  json.key("event").value(static_cast<std::uint64_t>(m.all_event_names().size()));
  json.key("sweep_key").value(static_cast<std::uint64_t>(m.sweep_keys.size()));
  json.key("summary_period").value(static_cast<std::uint64_t>(summary_periods.size()));
  json.end_object();
  json.key("time_dimension").value(output::kTimeDimension);
  // The labels' coordinate over `time` (format 3.0): "quarter", or "year" for annual records.
  json.key("time_label").value(output::time_label(m.record_level));
  json.key("labels").begin_object();
  json.key("period").strings(m.quarter_labels);
  json.key("segment").strings(m.segment_names);
  json.key("provider").strings(m.provider_names);
  json.key("group").strings(m.group_names);
  json.key("summary_period").strings(summary_periods);
  json.end_object();
}

void scenarios(JsonWriter& json, const output::ResultMetadata& m) {
  json.key("scenarios").begin_array();
  for (const auto& scenario : m.scenarios) {
    json.begin_object();
    json.key("name").value(std::string_view(scenario.name));
    json.key("file").value(std::string_view(scenario.file));
    json.key("title").value(std::string_view(scenario.title));
    json.key("description").value(std::string_view(scenario.description));
    json.key("references").strings(scenario.references);
    json.key("sweep_values").begin_object();
    for (std::size_t k = 0; k < m.sweep_keys.size(); ++k) {
      json.key(m.sweep_keys[k]);
      if (k < scenario.sweep_values.size())
        json.value(scenario.sweep_values[k]);  // NaN (not swept) becomes null
      else
        json.null();
    }
    json.end_object();
    if (m.conditioned()) {
      json.key("last_observed_quarter")
          .value(std::string_view(scenario.conditioning.last_observed_quarter));
      json.key("effective_sample_size").value(scenario.conditioning.effective_sample_size);
    }
    json.end_object();
  }
  json.end_array();
}

void parameters(JsonWriter& json, const output::ResultMetadata& m) {
  const auto all = m.all_parameter_names();
  const auto labels = m.parameter_labels(all);
  json.key("parameters").begin_array();
  for (std::size_t j = 0; j < all.size(); ++j) {
    json.begin_object();
    json.key("key").value(std::string_view(all[j]));
    json.key("label").value(std::string_view(labels[j]));
    json.key("distribution").begin_object();  // scenario name → distribution, where drawn
    for (const auto& scenario : m.scenarios) {
      for (std::size_t i = 0; i < scenario.parameter_names.size(); ++i) {
        if (scenario.parameter_names[i] == all[j]) {
          json.key(scenario.name).value(std::string_view(scenario.parameter_distributions[i]));
        }
      }
    }
    json.end_object();
    json.end_object();
  }
  json.end_array();
}

}  // namespace

std::string info_json(const output::ResultInfo& info) {
  const auto& m = info.metadata;
  const auto& status = info.status;
  const exporting::Table summaries = exporting::summary_table(info);
  const auto summary_periods = exporting::summary_periods(info);
  JsonWriter json;
  json.begin_object();
  json.key("file").value(std::string_view(info.path));
  json.key("filetype").value(output::kFileType);
  json.key("format_version").begin_array();
  for (const auto part : info.format_version)
    json.value(static_cast<std::int64_t>(part));
  json.end_array();
  json.key("program_version").value(std::string_view(m.program_version));
  json.key("seed").value(m.seed);
  json.key("status").value(status.complete ? "complete" : "partial");
  json.key("paths_requested").value(m.paths);
  json.key("paths_completed").value(status.paths_completed);
  json.key("stop_reason").value(std::string_view(status.stop_reason));
  json.key("final_output");
  if (status.complete)
    json.null();
  else
    json.value(std::string_view(status.final_output));
  json.key("record_level").value(output::record_level_name(m.record_level));
  json.key("currency_unit").value(std::string_view(m.currency_unit));
  json.key("bytes").value(static_cast<std::uint64_t>(info.bytes));
  json.key("batch").begin_object();
  json.key("title").value(std::string_view(m.batch_title));
  json.key("description").value(std::string_view(m.batch_description));
  json.end_object();
  dimensions(json, info, summary_periods);
  json.key("sweep_keys").strings(m.sweep_keys);
  scenarios(json, m);
  parameters(json, m);
  json.key("events").strings(m.all_event_names());
  json.key("precision").begin_array();
  for (const auto& target : status.precision) {
    json.begin_object();
    json.key("target").value(std::string_view(target.target));
    json.key("goal").value(target.goal);
    json.key("standard_error").value(target.standard_error);
    json.key("met").value(target.met);
    json.end_object();
  }
  json.end_array();
  json.key("conditioning");
  if (m.conditioned()) {
    json.begin_object();
    json.key("observations_file").value(std::string_view(m.observations_file));
    json.key("method").value(std::string_view(m.conditioning_method));
    json.key("observations").value(static_cast<std::uint64_t>(m.observations.size()));
    json.end_object();
  } else {
    json.null();
  }
  json.key("integrity").begin_object();
  json.key("structure").value("checked");
  json.key("fingerprints")
      .value(info.fingerprints_verified ? "verified" : "not recorded (before format 2.1)");
  // Say what the fingerprints do not cover, so that "verified" is not read as more than it is.
  json.key("fingerprints_cover")
      .value(
          "the run's inputs, coordinates, texts and how it ended; not the path data or the "
          "summaries");
  json.key("path_checksums")
      .value("not checked here: sim run --resume checks every chunk against them");
  json.end_object();
  json.key("summaries");
  records(json, summaries);
  json.end_object();
  return json.text();
}

}  // namespace cloudsim::cli
