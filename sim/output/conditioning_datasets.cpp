#include "output/conditioning_datasets.hpp"

#include <cstdint>
#include <string>

#include "output/h5.hpp"

namespace cloudsim::output {
namespace {

template <typename T>
void numbers(hid_t file, const char* name, const std::vector<T>& values, hid_t dim,
             const char* units, const char* description) {
  constexpr bool floating = std::is_floating_point_v<T>;
  h5::DatasetLayout layout;
  layout.dims = {values.size()};
  const h5::Handle dataset =
      h5::create_dataset(file, name, floating ? H5T_IEEE_F64LE : H5T_STD_U64LE, layout);
  if (!values.empty())
    h5::write_rows(dataset.id(), floating ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT64, 0, values.size(),
                   values.data());
  // UDUNITS has no "paths" or "as the quantity": counts are "1", the words go in units_note.
  h5::write_attribute(dataset.id(), "units", std::string("1"));
  if (std::string(units) != "1") {
    h5::write_attribute(dataset.id(), "units_note", std::string(units));
  }
  h5::write_attribute(dataset.id(), "long_name", std::string(description));
  h5::attach_dimension_scale(dataset.id(), dim, 0);
}

template <typename Member>
auto column(const std::vector<ObservationRecord>& rows, Member member) {
  std::vector<std::remove_cvref_t<decltype(rows.front().*member)>> out;
  for (const auto& row : rows)
    out.push_back(row.*member);
  return out;
}

template <typename Member>
auto per_scenario(const ResultMetadata& m, Member member) {
  std::vector<std::remove_cvref_t<decltype(m.scenarios.front().conditioning.*member)>> out;
  for (const auto& scenario : m.scenarios)
    out.push_back(scenario.conditioning.*member);
  return out;
}

}  // namespace

void write_conditioning_datasets(hid_t f, const ResultMetadata& m, hid_t scenario_scale,
                                 hid_t parameter_scale,
                                 const std::vector<std::vector<std::size_t>>& parameter_columns) {
  if (!m.conditioned())
    return;
  h5::write_attribute(f, "observations_file", m.observations_file);
  h5::write_attribute(f, "observations_text", m.observations_text);
  h5::write_attribute(f, "conditioning_method", m.conditioning_method);

  const auto& rows = m.observations;
  std::vector<std::uint64_t> index(rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j)
    index[j] = j;
  h5::DatasetLayout layout;
  layout.dims = {rows.size()};
  const h5::Handle observation = h5::create_dataset(f, "observation", H5T_STD_U64LE, layout);
  if (!rows.empty())
    h5::write_rows(observation.id(), H5T_NATIVE_UINT64, 0, rows.size(), index.data());
  h5::set_dimension_scale(observation.id(), "observation");
  h5::write_attribute(observation.id(), "long_name",
                      std::string("row of the observations file the run was conditioned on"));
  const hid_t o = observation.id();
  h5::write_string_column(f, "observation_id", column(rows, &ObservationRecord::id), o,
                          "observation id");
  h5::write_string_column(f, "observation_quantity", column(rows, &ObservationRecord::quantity), o,
                          "observed quantity (outcome language, docs/outcomes.md)");
  h5::write_string_column(f, "observation_period", column(rows, &ObservationRecord::period), o,
                          "period observed: a quarter (2022Q4) or a year (2022)");
  h5::write_string_column(f, "observation_source", column(rows, &ObservationRecord::source), o,
                          "source");
  h5::write_string_column(f, "observation_scope", column(rows, &ObservationRecord::scope), o,
                          "what the source measures");
  h5::write_string_column(f, "observation_error_kind", column(rows, &ObservationRecord::error_kind),
                          o, "relative (lognormal) or absolute (normal) measurement error");
  numbers(f, "observation_value", column(rows, &ObservationRecord::value), o, "as the quantity",
          "reported value");
  numbers(f, "observation_error", column(rows, &ObservationRecord::error), o,
          "as the quantity, or 1 for relative errors", "stated measurement error (sd)");
  numbers(f, "observation_scale", column(rows, &ObservationRecord::scale), o, "1",
          "the source measures scale x the model's quantity (stated value)");

  h5::write_string_column(
      f, "last_observed_quarter", per_scenario(m, &ConditioningRecord::last_observed_quarter),
      scenario_scale, "last quarter an observation reads: forecasts start after it");
  numbers(f, "effective_sample_size", per_scenario(m, &ConditioningRecord::effective_sample_size),
          scenario_scale, "paths",
          "N^2 / sum of squared copy counts of the conditioned histories (docs/conditioning.md)");
  numbers(f, "prior_effective_sample_size",
          per_scenario(m, &ConditioningRecord::prior_effective_sample_size), scenario_scale,
          "paths", "ESS of the prior's paths weighted by the likelihood (importance sampling)");
  numbers(f, "distinct_histories", per_scenario(m, &ConditioningRecord::distinct_histories),
          scenario_scale, "paths", "conditioned histories that differ from each other");
  numbers(f, "conditioning_stages", per_scenario(m, &ConditioningRecord::stages), scenario_scale,
          "1", "tempering stages of the sequential Monte Carlo");
  numbers(f, "move_acceptance", per_scenario(m, &ConditioningRecord::move_acceptance),
          scenario_scale, "1", "share of pCN moves accepted");

  const std::size_t inputs = [&] {
    std::size_t most = 0;
    for (const auto& columns : parameter_columns)
      for (const auto c : columns)
        most = std::max(most, c + 1);
    return most;
  }();
  std::vector<std::uint64_t> distinct(m.scenarios.size() * inputs, 0);
  for (std::size_t k = 0; k < m.scenarios.size(); ++k) {
    const auto& values = m.scenarios[k].conditioning.distinct_input_values;
    for (std::size_t j = 0; j < values.size() && j < parameter_columns[k].size(); ++j)
      distinct[k * inputs + parameter_columns[k][j]] = values[j];
  }
  h5::DatasetLayout grid;
  grid.dims = {m.scenarios.size(), inputs};
  const h5::Handle values = h5::create_dataset(f, "distinct_input_values", H5T_STD_U64LE, grid);
  if (!distinct.empty())
    h5::write_rows(values.id(), H5T_NATIVE_UINT64, 0, m.scenarios.size(), distinct.data());
  h5::write_attribute(values.id(), "units", std::string("1"));
  h5::write_attribute(values.id(), "units_note", std::string("paths"));
  h5::write_attribute(values.id(), "long_name",
                      std::string("distinct values of each drawn input over the conditioned paths "
                                  "(0 where the scenario does not draw it)"));
  h5::attach_dimension_scale(values.id(), scenario_scale, 0);
  h5::attach_dimension_scale(values.id(), parameter_scale, 1);
}

}  // namespace cloudsim::output
