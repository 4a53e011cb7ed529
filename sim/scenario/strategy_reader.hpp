#pragma once
// Reads a provider's strategy phases:
//   [providers.<name>.phases.<phase name>]
//   kind = "land_grab" | "profit_focus" | "multi_cloud_capture" | "paas_first" | "status_quo"
//   start = "2022Q1"   (or a distribution over quarters), ramp_quarters = 4, and the kind's keys.
// Phases apply in the order the file lists them (docs/scenario-format.md).

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "scenario/document.hpp"
#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace cloudsim::scenario {

// Appends the phases in `phases` to provider `provider` of `scenario` (whose segments are read).
void read_phases(const toml::table& phases, const std::string& path, std::size_t provider,
                 const ScenarioDocument& document, Scenario& scenario, ReadContext& context);

}  // namespace cloudsim::scenario
