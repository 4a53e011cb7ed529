#pragma once
// `--set key.path=value` (and a sweep point's values) as a one-key TOML table.

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "scenario/diagnostics.hpp"

namespace cloudsim::scenario {

// The key path must be a key path (scenario/key_path.hpp) and the value one TOML value ("0.3",
// "[1, 2]", "{ … }", "\"x\""); a bare word that is not TOML is taken as a string, so
// --set simulation.currency_unit=USD works, but text with a line break never is: it could
// otherwise smuggle in a second assignment. Nodes are positioned in the file
// "--set '<assignment>'". Problems go to `diagnostics`.
std::optional<toml::table> parse_assignment(const std::string& assignment,
                                            Diagnostics& diagnostics);

}  // namespace cloudsim::scenario
