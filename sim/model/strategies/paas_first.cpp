// paas_first (seed basis: Kuaishou's StreamLake starts with audio/video + AI PaaS, IaaS/SaaS later
// if at all; capital-constrained, weak to-B genes [000]). Present only in its home segments at
// first; enters the other segments it lists when its share of the home segments reaches the
// threshold, or at the latest entry quarter, with a low capability that ramps up to the
// segment's configured capability.

#include "model/strategies/strategy.hpp"

namespace cloudsim::model {
namespace {

double home_share(const PaasFirstParameters& p, const StrategyContext& c) {
  const std::size_t providers = c.market.providers.size();
  double revenue = 0.0;
  double demand = 0.0;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (p.home[s]) {
      revenue += c.revenue[s * providers + c.provider];
      demand += c.demand[s];
    }
  }
  return demand > 0.0 ? revenue / demand : 0.0;
}

bool entered_segment(const PaasFirstParameters& p, const StrategyContext& c, std::size_t s) {
  return !p.home[s] && c.market.providers[c.provider].segments[s].present;
}

void enter(const PaasFirstParameters& p, StrategyContext& c) {
  c.state.entered = true;
  c.state.entry_quarter = c.quarter;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (entered_segment(p, c, s)) {
      c.state.present[s] = 1;
      c.state.attributes.capability[s] = p.entry_capability;
      c.record(c.events.entry[c.provider][s]);
    }
  }
}

}  // namespace

void begin_paas_first(const PaasFirstParameters& p, StrategyContext& c) {
  c.state.entered = false;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (entered_segment(p, c, s)) {
      c.state.present[s] = 0;
    }
  }
}

void end_paas_first(const PaasFirstParameters& p, StrategyContext& c) {
  if (!c.state.entered) {
    enter(p, c);
  }
}

void apply_paas_first(const PaasFirstParameters& p, StrategyContext& c) {
  ProviderState& state = c.state;
  if (!state.entered &&
      (home_share(p, c) >= p.entry_share_threshold || c.quarter >= whole_quarter(p.latest_entry))) {
    enter(p, c);
  }
  if (!state.entered) {
    return;
  }
  const double f = ramp_fraction(c.quarter, state.entry_quarter, p.capability_ramp_quarters);
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (entered_segment(p, c, s)) {
      const double target = c.market.providers[c.provider].segments[s].capability;
      state.attributes.capability[s] = p.entry_capability + f * (target - p.entry_capability);
    }
  }
}

}  // namespace cloudsim::model
