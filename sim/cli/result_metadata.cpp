#include "cli/result_metadata.hpp"

#include "cloudsim/version.hpp"
#include "engine/random_stream.hpp"
#include "model/events.hpp"

namespace cloudsim::cli {

output::ResultMetadata metadata_for(const scenario::Scenario& scenario, output::RecordLevel level) {
  output::ResultMetadata m;
  m.program_version = kVersion;
  m.scenario_file = scenario.source_file;
  m.scenario_text = scenario.resolved_text;
  m.currency_unit = scenario.run.currency_unit;
  m.rng_layout = engine::kRandomLayout;
  m.seed = scenario.run.seed;
  m.paths = scenario.run.paths;
  const auto axis = output::time_axis(level, scenario.run.start_quarter,
                                      static_cast<std::size_t>(scenario.market.quarters));
  m.record_level = output::record_level_name(level);
  m.time_dimension = axis.dimension;
  m.flow_period = level == output::RecordLevel::annual ? "year" : "quarter";
  m.quarter_labels = axis.labels;
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
