#pragma once
// Reads a provider's strategy phases:
//   [providers.<name>.phases.<phase name>]
//   kind = one of the registered kinds (model/strategies/strategy_kinds.hpp; default: the first)
//   start = "2022Q1"   (or a distribution over quarters), ramp_quarters = 4, and the keys of the
//   kind's field table.
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
