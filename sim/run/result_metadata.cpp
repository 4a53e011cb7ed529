#include "run/result_metadata.hpp"

#include <filesystem>

#include "cloudsim/version.hpp"
#include "engine/random_stream.hpp"
#include "model/events.hpp"

namespace cloudsim::run {

output::ResultMetadata metadata_for(const scenario::Batch& batch, output::RecordLevel level) {
  const scenario::Scenario& first = batch.scenarios.front().scenario;
  output::ResultMetadata m;
  m.program_version = kVersion;
  m.currency_unit = first.run.currency_unit;
  m.rng_layout = engine::kRandomLayout;
  m.seed = first.run.seed;
  m.paths = first.run.paths;
  const auto axis = output::time_axis(level, first.run.start_quarter,
                                      static_cast<std::size_t>(first.market.quarters));
  m.record_level = level;
  m.quarter_labels = axis.labels;
  m.start_quarter = first.run.start_quarter;
  m.simulated_quarters = static_cast<std::size_t>(first.market.quarters);
  for (const auto& segment : first.market.segments) {
    m.segment_names.push_back(segment.name);
  }
  for (const auto& provider : first.market.providers) {
    m.provider_names.push_back(provider.name);
  }
  for (const auto& group : first.market.customer_groups) {
    m.group_names.push_back(group.name);  // the batch loader made them the same in every scenario
  }
  m.growth_regimes = first.market.growth_regimes.active();  // likewise the same in every scenario
  m.sweep_keys = batch.sweep_keys;
  m.batch_title = batch.title;
  m.batch_description = batch.description;
  for (const auto& entry : batch.scenarios) {
    output::ScenarioRecord record;
    record.name = entry.name;
    record.file = entry.scenario.source_file;
    record.text = entry.scenario.resolved_text;
    for (const auto& input : entry.scenario.uncertain.inputs) {
      record.parameter_names.push_back(input.key_path);
      record.parameter_distributions.push_back(input.distribution.describe());
      record.parameter_labels.push_back(input.label);
    }
    record.event_names = model::EventTable::build(entry.scenario.market).names;
    record.sweep_values = entry.sweep_values;
    record.title = entry.scenario.title;
    record.description = entry.scenario.description;
    record.references = entry.scenario.references;
    m.scenarios.push_back(std::move(record));
  }
  return m;
}

scenario::Batch single_scenario_batch(scenario::Scenario scenario) {
  scenario::Batch batch;
  const std::string name = std::filesystem::path(scenario.source_file).stem().string();
  batch.scenarios.push_back({name, std::move(scenario), {}});
  return batch;
}

}  // namespace cloudsim::run
