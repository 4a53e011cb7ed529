#pragma once
// The optional cost-side keys of [providers.<name>] (docs/scenario-format.md, "Capacity and
// costs"): planned capacity additions, capacity_fixed_cost, unit_cost, scale_elasticity and
// prices_at_or_above_cost, with the checks that tie them together.

#include <string>

#include "model/market_parameters.hpp"
#include "scenario/load_state.hpp"

namespace cloudsim::scenario {

// Reads provider i's cost-side keys from `r` (its table) into `provider`; capacity must have been
// read already.
void read_provider_economics(LoadState& state, TableReader& r, std::size_t i,
                             model::ProviderParameters& provider);

}  // namespace cloudsim::scenario
