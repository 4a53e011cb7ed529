// multi_cloud_capture (seed basis: Volcano Engine's aim to be "China's fourth cloud", multi-cloud
// adoption rising from 26% [001]; ByteDance's ROI discipline: units that underperform are cut
// [001]). The provider ramps its pull on the second-cloud slot, its ecosystem in chosen segments,
// its capability (build-out) and capacity, paying a rising fixed cost. At each review, revenue
// short of the target by more than the tolerance leads, with the given probability, to a retreat:
// the push is cut back by `retreat_cut` at once and no further reviews are held.

#include <cmath>

#include "model/strategies/strategy.hpp"

namespace cloudsim::model {
namespace {

double provider_revenue(const StrategyContext& c) {
  const std::size_t providers = c.market.providers.size();
  double total = 0.0;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    total += c.revenue[s * providers + c.provider];
  }
  return total;
}

void hold_reviews(const MultiCloudCaptureParameters& p, StrategyContext& c) {
  for (std::size_t r = 0; r < p.review_quarters.size() && !c.state.retreated; ++r) {
    if (whole_quarter(p.review_quarters[r]) != c.quarter) {
      continue;
    }
    const bool short_of_target = provider_revenue(c) < p.target_revenue[r] * (1.0 - p.tolerance);
    if (short_of_target && c.review_draw < p.retreat_probability) {
      c.state.retreated = true;
      c.record(c.events.retreat[c.provider][c.phase_index]);
    }
  }
}

}  // namespace

void apply_multi_cloud_capture(const MultiCloudCaptureParameters& p, StrategyContext& c) {
  hold_reviews(p, c);
  const double push = c.state.retreated ? 1.0 - p.retreat_cut : 1.0;
  const double f = ramp_fraction(c.quarter, c.state.phase_started, c.phase.ramp_quarters) * push;
  const ProviderAttributes& origin = c.state.phase_origin;
  ProviderAttributes& now = c.state.attributes;
  now.affinity = origin.affinity + f * (p.affinity - origin.affinity);
  now.fixed_cost = origin.fixed_cost + f * p.fixed_cost_increase;
  now.capacity_growth =
      origin.capacity_growth + push * (p.capacity_growth - origin.capacity_growth);
  for (std::size_t s = 0; s < now.ecosystem.size(); ++s) {
    now.ecosystem[s] = origin.ecosystem[s] + f * p.ecosystem_boost[s];
    if (!std::isnan(p.capability_target[s])) {
      now.capability[s] =
          origin.capability[s] + f * (p.capability_target[s] - origin.capability[s]);
    }
  }
}

}  // namespace cloudsim::model
