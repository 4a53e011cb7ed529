#pragma once
// Child tables keyed by name (segments, providers, phases, migrations) in the planner's order:
// parents' definitions first, then each file's in line order; never alphabetical (toml++ keeps
// keys sorted). The one place that decides the order of named tables.

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/document.hpp"

namespace cloudsim::scenario {

struct NamedTable {
  std::string name;
  const toml::table* table;
};

// The tables under `parent` (at key path `path`) in file order. A child that is not a table, or
// whose name holds a NUL, is reported and left out.
std::vector<NamedTable> tables_in_file_order(const toml::table& parent, const std::string& path,
                                             const ScenarioDocument& document,
                                             Diagnostics& diagnostics);

}  // namespace cloudsim::scenario
