// Seed basis: Volcano Engine's push into automotive customers [002] and Huawei's government
// customers: a provider builds a position in one customer group at a cost. How large the gain
// and the cost are is not in the sources: every scenario value of it is an ASSUMPTION.

#include "model/strategies/group_focus.hpp"

#include "model/market_parameters.hpp"
#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

using Self = GroupFocus;

FieldTable<Self> Self::fields() {
  static const Field<Self> table[] = {
      {.key = "groups",
       .type = FieldType::group_set,
       .flags = &Self::groups,
       .default_value = std::nullopt,
       .unit = "customer group names",
       .description = "the customer groups it invests in"},
      {.key = "ecosystem_gain",
       .number = &Self::ecosystem_gain,
       .range = ValueRange::score(),
       .default_value = 0.0,
       .unit = "score",
       .description =
           "ecosystem bonus ΔE added in those groups at full ramp (kept after the phase)"},
      {.key = "fixed_cost",
       .number = &Self::fixed_cost,
       .range = ValueRange::money(),
       .default_value = 0.0,
       .unit = "money per quarter",
       .description = "added to its fixed cost while the phase is current"},
  };
  return table;
}

std::vector<FieldProblem> Self::problems(const MarketParameters& market, std::size_t) const {
  if (groups.size() != market.customer_groups.size()) {
    return {{"groups", "expected customer groups of the scenario ([customer_groups])"}};
  }
  return {};
}

void Self::apply(StrategyContext& c) const {
  const double f = ramp_fraction(c.quarter, c.state.phase_started, c.phase.ramp_quarters);
  const ProviderAttributes& origin = c.state.phase_origin;
  ProviderAttributes& now = c.state.attributes;
  for (std::size_t g = 0; g < groups.size() && g < now.group_ecosystem.size(); ++g) {
    if (groups[g] != 0) {
      now.group_ecosystem[g] = origin.group_ecosystem[g] + f * ecosystem_gain;
    }
  }
  now.fixed_cost = origin.fixed_cost + fixed_cost;
}

void Self::end(StrategyContext& c) const {
  c.state.attributes.fixed_cost -= fixed_cost;
}

}  // namespace cloudsim::model
