#pragma once
// Reads a distribution written as a TOML table, e.g.
//   growth_initial = { distribution = "triangular", low = 0.3, mode = 0.4, high = 0.5 }
// The keys of each kind are listed in docs/scenario-format.md.

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "scenario/read_context.hpp"
#include "uncertainty/distribution.hpp"

namespace cloudsim::scenario {

// Reports every problem to the context's diagnostics; returns nothing if there was any.
std::optional<uncertainty::Distribution> read_distribution(const toml::table& table,
                                                           const std::string& key_path,
                                                           ReadContext& context);

}  // namespace cloudsim::scenario
