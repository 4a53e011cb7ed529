#pragma once
// What a strategy kind sees when its hooks run (model spec section 7). A phase of a provider's
// plan is begun once, when it starts, and applied every quarter while it is the provider's
// current phase, before the market is split; a kind may also have an end hook, run when the next
// phase begins. Kinds only change their own provider's attributes, presence, state and recorded
// events. Pure: the review draw is handed in.

#include <span>

#include "model/events.hpp"
#include "model/market_parameters.hpp"
#include "model/provider_state.hpp"

namespace cloudsim::model {

struct StrategyContext {
  int quarter;  // t
  const MarketParameters& market;
  std::size_t provider;  // i
  std::size_t phase_index;
  const PhaseParameters& phase;
  ProviderState& state;
  std::span<const double> revenue;  // R at t of every provider, MarketModel::cell layout
  std::span<const double> demand;   // D at t, per segment
  std::span<const double> prices;   // P at the start of quarter t, per provider
  double review_draw;               // U(0, 1) for this provider and quarter
  const EventTable& events;
  std::span<int> event_quarters;  // the path's record, indexed like EventTable::names

  // Records the kind's event `local` (its index in the kind's event_names) at this quarter,
  // unless it already happened.
  void record(int local) const {
    const auto& ids = events.kind_events[provider][phase_index];
    const int event = local >= 0 && static_cast<std::size_t>(local) < ids.size()
                          ? ids[static_cast<std::size_t>(local)]
                          : -1;
    if (event >= 0 && event_quarters[static_cast<std::size_t>(event)] == kNeverHappened) {
      event_quarters[static_cast<std::size_t>(event)] = quarter;
    }
  }

  // The current phase's memory, of the kind's own State type.
  template <class Kind>
  typename StateOf<Kind>::type& kind_state() const {
    return std::get<KindIndex<Kind>::value>(state.strategy_state);
  }
};

// Share of a phase's change reached at quarter t: 1/ramp in its first quarter, 1 after `ramp`
// quarters (at once when ramp ≤ 0).
double ramp_fraction(int quarter, int started, double ramp_quarters);

// Quarters drawn as real numbers become whole quarters by rounding to the nearest.
int whole_quarter(double quarter);

}  // namespace cloudsim::model
