#pragma once
// The optional cost side of a provider (docs/model.md, sections 6 and 7): planned capacity
// additions on top of the cap's growth, a fixed cost that grows with capacity, and a gross margin
// derived from price and a unit cost that falls with scale and with chip programmes, with an
// optional price floor at that unit cost. A provider that uses none of these options is left
// exactly as without them (bit for bit): every function returns its input unchanged, or adds 0.

#include <span>

#include "model/events.hpp"
#include "model/market_parameters.hpp"
#include "model/provider_state.hpp"

namespace cloudsim::model {

// Σ amount_k over the additions online at `quarter` (whole_quarter(quarter_k) ≤ quarter).
double added_capacity(const ProviderParameters& config, int quarter);

// cap_i(t) = grown cap + additions online at t; records each site's event the first quarter it
// is online.
void set_capacity(const ProviderParameters& config, const std::vector<int>& online_events,
                  int quarter, ProviderState& provider, std::span<int> event_quarters);

// F_i(t) = F (as strategies set it) + c_cap · (cap_i(t) − capacity). Exactly F when c_cap = 0.
// Inline: book_profits asks for it for every provider every quarter.
inline double fixed_cost_now(const ProviderParameters& config, const ProviderState& provider) {
  // Only when asked for: 0 · ∞ would be NaN for an uncapped provider (the loader requires a cap
  // with capacity_fixed_cost).
  if (config.capacity_fixed_cost == 0.0) {
    return provider.attributes.fixed_cost;
  }
  return provider.attributes.fixed_cost +
         config.capacity_fixed_cost * (provider.capacity - config.capacity);
}

// For a provider that prices on cost: c_eff(t) from the revenue of quarter t (experience curve)
// and the chip programmes' factor, the price floor P ≥ c_eff when asked for, and the margin
// γ = 1 − c_eff / P. Does nothing for other providers.
void price_on_cost(const ProviderParameters& config, double revenue, ProviderState& provider);

}  // namespace cloudsim::model
