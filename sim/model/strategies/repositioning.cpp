// land_grab and profit_focus (seed basis: the pre-2022 price war, Tencent's 1-yuan bid [001];
// Alibaba's and Tencent's turn to healthy margins from 2022 [003]). Both ramp price, margin,
// capability growth and fixed cost from their values at the phase start; the loader gives each
// kind its own allowed signs.

#include "model/strategies/strategy.hpp"

namespace cloudsim::model {

void apply_repositioning(const RepositioningParameters& p, StrategyContext& context) {
  const double f =
      ramp_fraction(context.quarter, context.state.phase_started, context.phase.ramp_quarters);
  const ProviderAttributes& origin = context.state.phase_origin;
  ProviderAttributes& now = context.state.attributes;
  now.price_index = origin.price_index * (1.0 + f * p.price_change);
  now.margin = origin.margin + f * p.margin_change;
  now.capability_growth = origin.capability_growth + f * p.capability_growth_change;
  now.fixed_cost = origin.fixed_cost * (1.0 + f * p.fixed_cost_change);
}

}  // namespace cloudsim::model
