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

// Reports every problem to the context's diagnostics; returns nothing if there was any. With
// `over_quarters`, numeric parameters are quarter labels ("2022Q3") and the distribution is over
// quarter indices t.
std::optional<uncertainty::Distribution> read_distribution(const toml::table& table,
                                                           const std::string& key_path,
                                                           ReadContext& context,
                                                           bool over_quarters = false);

}  // namespace cloudsim::scenario
