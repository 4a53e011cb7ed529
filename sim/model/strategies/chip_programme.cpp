// Seed basis: "a main purpose of the big vendors' in-house chips is to cut cost and raise
// efficiency" and custom chips "cost less to make" [003]; Alibaba's Yitian 710 runs at scale in
// its own data centres [003]; but "what is hard about processors is not design but volume
// production" and their saving "is still to be tested by the market" [003]. How much and how
// soon are not in the sources: every scenario value of this kind is an ASSUMPTION.

#include "model/strategies/chip_programme.hpp"

#include <algorithm>

#include "model/market_parameters.hpp"
#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

using Self = ChipProgramme;

FieldTable<Self> Self::fields() {
  static const Field<Self> table[] = {
      {.key = "programme_cost",
       .number = &Self::programme_cost,
       .range = ValueRange::money(),
       .default_value = 0.0,
       .unit = "money per quarter",
       .description = "added to the fixed cost F while the phase runs"},
      {.key = "lag_quarters",
       .number = &Self::lag_quarters,
       .range = {0.0, 400.0, true, true},
       .default_value = 4.0,
       .unit = "quarters",
       .description = "quarters from the phase's start before the unit cost starts to fall"},
      {.key = "unit_cost_cut",
       .number = &Self::unit_cost_cut,
       .range = {0.0, 1.0, true, false},
       .default_value = 0.0,
       .unit = "share",
       .description = "fraction of the unit cost saved once the ramp after the lag is complete"},
  };
  return table;
}

std::vector<FieldProblem> Self::problems(const MarketParameters& market,
                                         std::size_t provider) const {
  if (provider < market.providers.size() && !market.providers[provider].has_unit_cost) {
    return {{"",
             "chip_programme lowers a unit cost: give the provider unit_cost (it then prices "
             "on cost, docs/model.md \"Economics\")"}};
  }
  return {};
}

void Self::apply(StrategyContext& c) const {
  // Savings ramp like any lever, but from the quarter the lag ends: none before it, all of
  // unit_cost_cut once ramp_quarters more have passed.
  const int saving_starts = c.state.phase_started + std::max(0, whole_quarter(lag_quarters));
  const double f = c.quarter < saving_starts
                       ? 0.0
                       : ramp_fraction(c.quarter, saving_starts, c.phase.ramp_quarters);
  const ProviderAttributes& origin = c.state.phase_origin;
  ProviderAttributes& now = c.state.attributes;
  now.fixed_cost = origin.fixed_cost + programme_cost;
  now.unit_cost_factor = origin.unit_cost_factor * (1.0 - f * unit_cost_cut);
}

void Self::end(StrategyContext& c) const {
  c.state.attributes.fixed_cost = c.state.phase_origin.fixed_cost;
}

}  // namespace cloudsim::model
