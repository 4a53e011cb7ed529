#pragma once
// TOML scenario files → validated Scenario (format: docs/scenario-format.md).

#include <string>
#include <vector>

#include "scenario/document.hpp"
#include "scenario/scenario.hpp"

namespace cloudsim::scenario {

struct LoadOptions {
  std::vector<std::string> assignments;        // --set key.path=value, applied after extends
  FileReader read_file = filesystem_reader();  // how `extends` parents are read
};

// Reads, resolves and validates a scenario file. Throws InputError listing every problem found.
Scenario load_scenario_file(const std::string& path, const LoadOptions& options = {});

// The same from text; `file_name` names it in messages and anchors relative `extends` paths.
Scenario load_scenario_text(const std::string& text, const std::string& file_name,
                            const LoadOptions& options = {});

// The resolved TOML of a scenario (extends and --set applied) without validating its meaning:
// for `sim show` on a scenario that does not validate yet. Throws InputError on syntax errors,
// unreadable parents or bad assignments.
std::string resolve_scenario_file(const std::string& path, const LoadOptions& options = {});

}  // namespace cloudsim::scenario
