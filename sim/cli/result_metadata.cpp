#include "cli/result_metadata.hpp"

#include "cloudsim/version.hpp"
#include "engine/random_stream.hpp"
#include "model/events.hpp"

namespace cloudsim::cli {

output::ResultMetadata metadata_for(const scenario::Scenario& scenario) {
  output::ResultMetadata m;
  m.program_version = kVersion;
  m.scenario_file = scenario.source_file;
  m.scenario_text = scenario.resolved_text;
  m.currency_unit = scenario.run.currency_unit;
  m.rng_layout = engine::kRandomLayout;
  m.seed = scenario.run.seed;
  m.paths = scenario.run.paths;
  for (int t = 0; t < scenario.market.quarters; ++t) {
    m.quarter_labels.push_back(scenario.run.start_quarter.plus(t).label());
  }
  for (const auto& segment : scenario.market.segments) {
    m.segment_names.push_back(segment.name);
  }
  for (const auto& provider : scenario.market.providers) {
    m.provider_names.push_back(provider.name);
  }
  for (const auto& input : scenario.uncertain.inputs) {
    m.parameter_names.push_back(input.key_path);
    m.parameter_distributions.push_back(input.distribution.describe());
  }
  m.event_names = model::EventTable::build(scenario.market).names;
  return m;
}

}  // namespace cloudsim::cli
