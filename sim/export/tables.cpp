#include "export/tables.hpp"

#include <charconv>
#include <cmath>
#include <memory>

#include "output/h5.hpp"
#include "output/record_level.hpp"
#include "output/result_errors.hpp"

namespace cloudsim::exporting {
namespace {

using output::ResultInfo;

struct Dataset {
  std::vector<hsize_t> dims;
  std::vector<double> values;
};

// A float dataset with exactly `dims`, or nothing when the file does not have it.
std::shared_ptr<Dataset> read_if_there(const std::string& path, hid_t file, const char* name,
                                       const std::vector<hsize_t>& dims) {
  if (!output::h5::has_link(file, name))
    return nullptr;
  const output::h5::Handle dataset = output::h5::open_dataset(file, name);
  auto result = std::make_shared<Dataset>();
  result->dims = output::h5::dataset_dims(dataset.id());
  if (result->dims != dims) {
    std::string expected;
    for (std::size_t k = 0; k < dims.size(); ++k)
      expected += (k ? " × " : "") + std::to_string(dims[k]);
    throw output::NotAResultError(path + ": dataset '" + name + "' does not have the shape " +
                                  expected + " of its dimensions");
  }
  result->values = output::h5::read_doubles(dataset.id());
  return result;
}

std::vector<std::string> strings_if_there(hid_t file, const char* name) {
  if (!output::h5::has_link(file, name))
    return {};
  return output::h5::read_strings(output::h5::open_dataset(file, name).id());
}

Cell number(double value) {
  return std::isfinite(value) ? Cell{value} : Cell{};
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (std::size_t k = 0; k < items.size(); ++k)
    text += (k ? separator : "") + items[k];
  return text;
}

std::string shortest(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::uint64_t completed_paths(const ResultInfo& info) {
  return std::min(info.status.paths_completed, info.metadata.paths);
}

}  // namespace

Table summary_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  const output::h5::Handle file = output::h5::open_file_read_only(info.path);
  const auto periods = strings_if_there(file.id(), "summary_period");
  const auto statistics = strings_if_there(file.id(), "statistic");
  const hsize_t s = m.scenarios.size(), p = periods.size(), g = m.segment_names.size(),
                v = m.provider_names.size(), n = statistics.size();
  struct Quantity {
    std::string name, units;
    std::shared_ptr<Dataset> values, rank_error;
  };
  std::vector<Quantity> quantities;
  // Words a spreadsheet reader understands (the file's `units` are UDUNITS for programs).
  const std::string per_period =
      std::string(" per ") + output::time_label(m.record_level);  // "per quarter", "per year"
  for (const auto& [name, units] : {std::pair<std::string, std::string>{"share", "1"},
                                    {"revenue", m.currency_unit + per_period}}) {
    const std::string stem = "summary_" + name;
    auto values = read_if_there(info.path, file.id(), stem.c_str(), {s, p, g, v, n});
    if (values == nullptr)
      continue;
    auto rank_error =
        read_if_there(info.path, file.id(), (stem + "_rank_error").c_str(), {s, p, g, v});
    quantities.push_back({name, units, std::move(values), std::move(rank_error)});
  }
  Table table;
  table.name = "summaries";
  table.columns = {"scenario", "period", "segment", "provider", "quantity", "units"};
  for (const auto& statistic : statistics)
    table.columns.push_back(statistic);
  table.columns.emplace_back("rank_error");
  const std::uint64_t q = quantities.size();
  table.rows = s * p * g * v * q;
  // A partial file stopped before its first block holds zeros where no path was summarised:
  // absent values, not statistics of nothing.
  const bool summarised = completed_paths(info) > 0;
  table.row = [=, &m](std::uint64_t k, std::vector<Cell>& row) {
    const std::uint64_t quantity = k % q, cell = k / q;  // cell = ((scenario·p + period)·g + …)
    const std::uint64_t provider = cell % v, segment = cell / v % g, period = cell / v / g % p,
                        scenario = cell / v / g / p;
    const Quantity& it = quantities[quantity];
    row = {m.scenarios[scenario].name, periods[period], m.segment_names[segment],
           m.provider_names[provider], it.name,         it.units};
    for (std::uint64_t j = 0; j < n; ++j)
      row.push_back(summarised ? number(it.values->values[cell * n + j]) : Cell{});
    row.push_back(summarised && it.rank_error ? number(it.rank_error->values[cell]) : Cell{});
  };
  return table;
}

std::vector<std::string> summary_periods(const ResultInfo& info) {
  const output::h5::Handle file = output::h5::open_file_read_only(info.path);
  return strings_if_there(file.id(), "summary_period");
}

Table metadata_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  const auto& status = info.status;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"filetype", output::kFileType},
      {"format_version",
       info.format_version.size() == 2
           ? std::to_string(info.format_version[0]) + "." + std::to_string(info.format_version[1])
           : ""},
      {"program_version", m.program_version},
      {"seed", std::to_string(m.seed)},
      {"status", status.complete ? "complete" : "partial"},
      {"paths_requested", std::to_string(m.paths)},
      {"paths_completed", std::to_string(status.paths_completed)},
      {"stop_reason", status.stop_reason},
      {"record_level", std::string(output::record_level_name(m.record_level))},
      {"currency_unit", m.currency_unit},
      {"batch_title", m.batch_title},
      {"batch_description", m.batch_description},
      {"scenarios", std::to_string(m.scenarios.size())},
      {"periods", joined(m.quarter_labels, ", ")},
      {"segments", joined(m.segment_names, ", ")},
      {"providers", joined(m.provider_names, ", ")},
      {"groups", joined(m.group_names, ", ")},
      {"sweep_keys", joined(m.sweep_keys, ", ")},
      {"events", joined(m.all_event_names(), ", ")},
      {"observations_file", m.observations_file},
  };
  for (const auto& target : status.precision) {
    rows.emplace_back("precision: " + target.target,
                      "standard error " + shortest(target.standard_error) + " (goal " +
                          shortest(target.goal) + (target.met ? ", met)" : ", not met)"));
  }
  Table table;
  table.name = "metadata";
  table.columns = {"key", "value"};
  table.rows = rows.size();
  table.row = [rows](std::uint64_t k, std::vector<Cell>& row) {
    row = {rows[k].first, rows[k].second};
  };
  return table;
}

Table scenario_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  Table table;
  table.name = "scenarios";
  table.columns = {"scenario", "file", "title", "description", "references"};
  for (const auto& key : m.sweep_keys)
    table.columns.push_back(key);
  table.rows = m.scenarios.size();
  table.row = [&m](std::uint64_t k, std::vector<Cell>& row) {
    const auto& scenario = m.scenarios[k];
    row = {scenario.name, scenario.file, scenario.title, scenario.description,
           joined(scenario.references, "\n")};
    for (std::size_t j = 0; j < m.sweep_keys.size(); ++j)
      row.push_back(j < scenario.sweep_values.size() ? number(scenario.sweep_values[j]) : Cell{});
  };
  return table;
}

Table input_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  std::vector<std::pair<std::size_t, std::size_t>> entries;  // (scenario, input)
  for (std::size_t k = 0; k < m.scenarios.size(); ++k) {
    for (std::size_t j = 0; j < m.scenarios[k].parameter_names.size(); ++j)
      entries.emplace_back(k, j);
  }
  Table table;
  table.name = "inputs";
  table.columns = {"scenario", "parameter", "label", "distribution"};
  table.rows = entries.size();
  table.row = [entries, &m](std::uint64_t k, std::vector<Cell>& row) {
    const auto& scenario = m.scenarios[entries[k].first];
    const std::size_t j = entries[k].second;
    row = {scenario.name, scenario.parameter_names[j],
           j < scenario.parameter_labels.size() ? scenario.parameter_labels[j] : std::string(),
           scenario.parameter_distributions[j]};
  };
  return table;
}

std::uint64_t path_outcome_rows(const ResultInfo& info) {
  const auto& m = info.metadata;
  return m.scenarios.size() * completed_paths(info) * m.quarter_labels.size() *
         m.segment_names.size() * m.provider_names.size();
}

std::uint64_t path_input_rows(const ResultInfo& info) {
  std::uint64_t inputs = 0;
  for (const auto& scenario : info.metadata.scenarios)
    inputs += scenario.parameter_names.size();
  return inputs * completed_paths(info);
}

Table path_outcome_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  const output::h5::Handle file = output::h5::open_file_read_only(info.path);
  const hsize_t s = m.scenarios.size(), n = m.paths, t = m.quarter_labels.size(),
                g = m.segment_names.size(), v = m.provider_names.size();
  const auto revenue = read_if_there(info.path, file.id(), "revenue", {s, n, t, g, v});
  const auto demand = read_if_there(info.path, file.id(), "demand", {s, n, t, g});
  if (revenue == nullptr || demand == nullptr) {
    throw output::NotAResultError(info.path + ": the datasets 'revenue' and 'demand' are missing");
  }
  const std::uint64_t completed = completed_paths(info);
  Table table;
  table.name = "path_outcomes";
  table.columns = {"scenario", "path",  "period",  "segment",
                   "provider", "share", "revenue", "segment_demand"};
  table.rows = path_outcome_rows(info);
  table.row = [=, &m](std::uint64_t k, std::vector<Cell>& row) {
    const std::uint64_t provider = k % v, segment = k / v % g, period = k / v / g % t,
                        path = k / v / g / t % completed, scenario = k / v / g / t / completed;
    const std::uint64_t segment_cell = ((scenario * n + path) * t + period) * g + segment;
    const double d = demand->values[segment_cell];
    const double r = revenue->values[segment_cell * v + provider];
    // As the toolkit's share(): revenue / demand, 0 where the segment has no demand.
    row = {m.scenarios[scenario].name,
           static_cast<std::int64_t>(path),
           m.quarter_labels[period],
           m.segment_names[segment],
           m.provider_names[provider],
           number(d > 0.0 ? r / d : 0.0),
           number(r),
           number(d)};
  };
  return table;
}

Table path_input_table(const ResultInfo& info) {
  const auto& m = info.metadata;
  const output::h5::Handle file = output::h5::open_file_read_only(info.path);
  const auto all = output::h5::read_strings(output::h5::open_dataset(file.id(), "parameter").id());
  const hsize_t s = m.scenarios.size(), n = m.paths, p = all.size();
  const auto values = read_if_there(info.path, file.id(), "parameters", {s, n, p});
  if (values == nullptr) {
    throw output::NotAResultError(info.path + ": the dataset 'parameters' is missing");
  }
  std::vector<std::pair<std::size_t, std::size_t>> drawn;  // (scenario, column) in row order
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < m.scenarios.size(); ++k) {
    const auto positions = output::positions_in(m.scenarios[k].parameter_names, all);
    for (std::size_t j = 0; j < positions.size(); ++j) {
      drawn.emplace_back(k, positions[j]);
      labels.push_back(j < m.scenarios[k].parameter_labels.size()
                           ? m.scenarios[k].parameter_labels[j]
                           : std::string());
    }
  }
  const std::uint64_t completed = completed_paths(info);
  Table table;
  table.name = "path_inputs";
  table.columns = {"scenario", "path", "parameter", "label", "value"};
  table.rows = path_input_rows(info);
  // Rows go scenario by scenario, then path by path, then input by input.
  std::vector<std::size_t> first_of_scenario(m.scenarios.size() + 1, 0);
  for (const auto& [scenario, column] : drawn)
    ++first_of_scenario[scenario + 1];
  for (std::size_t k = 1; k < first_of_scenario.size(); ++k)
    first_of_scenario[k] += first_of_scenario[k - 1];
  table.row = [=, &m](std::uint64_t k, std::vector<Cell>& row) {
    std::size_t scenario = 0;
    while (k >= first_of_scenario[scenario + 1] * completed)
      ++scenario;
    const std::uint64_t within = k - first_of_scenario[scenario] * completed;
    const std::uint64_t inputs = first_of_scenario[scenario + 1] - first_of_scenario[scenario];
    const std::uint64_t path = within / inputs;
    const std::size_t entry = first_of_scenario[scenario] + within % inputs;
    const std::size_t column = drawn[entry].second;
    row = {m.scenarios[scenario].name, static_cast<std::int64_t>(path), all[column], labels[entry],
           number(values->values[(scenario * n + path) * p + column])};
  };
  return table;
}

}  // namespace cloudsim::exporting
