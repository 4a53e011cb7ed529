// Seed basis: the pre-2022 price war, Tencent's 1-yuan bid [001]; Alibaba's and Tencent's turn
// to healthy margins from 2022 [003].

#include "model/strategies/repositioning.hpp"

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

void Repositioning::apply(StrategyContext& context) const {
  const double f =
      ramp_fraction(context.quarter, context.state.phase_started, context.phase.ramp_quarters);
  const ProviderAttributes& origin = context.state.phase_origin;
  ProviderAttributes& now = context.state.attributes;
  now.price_index = origin.price_index * (1.0 + f * price_change);
  now.margin = origin.margin + f * margin_change;
  now.capability_growth = origin.capability_growth + f * capability_growth_change;
  now.fixed_cost = origin.fixed_cost * (1.0 + f * fixed_cost_change);
}

}  // namespace cloudsim::model
