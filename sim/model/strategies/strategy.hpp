#pragma once
// The one narrow interface every strategy kind implements (model spec section 7). A phase of a
// provider's plan is begun once, when its start quarter arrives, and applied every quarter while
// it is the provider's current phase, before the market is split. Strategies only change their
// own provider's attributes, presence and recorded events. Pure: the review draw is handed in.

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
  double review_draw;               // U(0, 1) for this provider and quarter
  const EventTable& events;
  std::span<int> event_quarters;  // the path's record, indexed like EventTable::names

  void record(int event) const {
    if (event >= 0 && event_quarters[static_cast<std::size_t>(event)] == kNeverHappened) {
      event_quarters[static_cast<std::size_t>(event)] = quarter;
    }
  }
};

void begin_phase(StrategyContext& context);
void apply_phase(StrategyContext& context);

// Share of a phase's change reached at quarter t: 1/ramp in its first quarter, 1 after `ramp`
// quarters (at once when ramp ≤ 0).
double ramp_fraction(int quarter, int started, double ramp_quarters);

// Quarters drawn as real numbers become whole quarters by rounding to the nearest.
int whole_quarter(double quarter);

// The kinds, one file each.
void apply_repositioning(const RepositioningParameters& parameters, StrategyContext& context);
void apply_multi_cloud_capture(const MultiCloudCaptureParameters& parameters,
                               StrategyContext& context);
void begin_paas_first(const PaasFirstParameters& parameters, StrategyContext& context);
// A later phase ends PaaS first: segments not yet entered are entered when it begins.
void end_paas_first(const PaasFirstParameters& parameters, StrategyContext& context);
void apply_paas_first(const PaasFirstParameters& parameters, StrategyContext& context);

}  // namespace cloudsim::model
