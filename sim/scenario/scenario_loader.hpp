#pragma once
// TOML scenario files → validated Scenario (format: docs/scenario-format.md).

#include <string>

#include "scenario/scenario.hpp"

namespace cloudsim::scenario {

// Reads and validates a scenario file. Throws InputError listing every problem found.
Scenario load_scenario_file(const std::string& path);

// The same from text; `file_name` is used in messages only.
Scenario load_scenario_text(const std::string& text, const std::string& file_name);

}  // namespace cloudsim::scenario
