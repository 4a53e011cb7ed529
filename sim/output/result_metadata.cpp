#include "output/result_metadata.hpp"

#include <algorithm>

namespace cloudsim::output {
namespace {

std::vector<std::string> union_in_order(const std::vector<ScenarioRecord>& scenarios,
                                        const std::vector<std::string> ScenarioRecord::*member) {
  std::vector<std::string> all;
  for (const auto& scenario : scenarios) {
    for (const auto& name : scenario.*member) {
      if (std::find(all.begin(), all.end(), name) == all.end()) {
        all.push_back(name);
      }
    }
  }
  return all;
}

}  // namespace

std::vector<std::size_t> positions_in(const std::vector<std::string>& names,
                                      const std::vector<std::string>& all) {
  std::vector<std::size_t> positions;
  for (const auto& name : names) {
    positions.push_back(
        static_cast<std::size_t>(std::find(all.begin(), all.end(), name) - all.begin()));
  }
  return positions;
}

std::vector<std::string> ResultMetadata::all_parameter_names() const {
  return union_in_order(scenarios, &ScenarioRecord::parameter_names);
}

std::vector<std::string> ResultMetadata::all_event_names() const {
  return union_in_order(scenarios, &ScenarioRecord::event_names);
}

std::vector<std::string> ResultMetadata::parameter_labels(
    const std::vector<std::string>& all_parameters) const {
  std::vector<std::string> labels(all_parameters.size());
  for (const auto& scenario : scenarios) {
    const auto positions = positions_in(scenario.parameter_names, all_parameters);
    for (std::size_t j = 0; j < positions.size() && j < scenario.parameter_labels.size(); ++j) {
      if (positions[j] < labels.size() && labels[positions[j]].empty())
        labels[positions[j]] = scenario.parameter_labels[j];
    }
  }
  return labels;
}

bool ResultMetadata::described() const {
  if (!batch_title.empty() || !batch_description.empty())
    return true;
  for (const auto& scenario : scenarios) {
    if (!scenario.title.empty() || !scenario.description.empty() || !scenario.references.empty())
      return true;
    for (const auto& label : scenario.parameter_labels) {
      if (!label.empty())
        return true;
    }
  }
  return false;
}

}  // namespace cloudsim::output
