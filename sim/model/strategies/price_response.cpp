// Seed basis: before 2022 the leaders answered entrants on price (Tencent's 1-yuan bid [001]);
// their profit focus of 2022 [003] is the phase this kind usually ends. How deep and how fast
// they would answer is not in the sources: every scenario value of it is an ASSUMPTION.

#include "model/strategies/price_response.hpp"

#include <algorithm>
#include <cmath>

#include "model/market_parameters.hpp"
#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {
namespace {

using Self = PriceResponse;

// The rival's relative cut since the phase began, as seen `lag` quarters late (0 before then).
double seen_rival_cut(const Self::State& state, double lag_quarters) {
  const auto& prices = state.rival_prices;
  const auto lag = static_cast<std::size_t>(std::max(0, whole_quarter(lag_quarters)));
  if (prices.size() <= lag) {
    return 0.0;
  }
  const double seen = prices[prices.size() - 1 - lag];
  return std::max(0.0, 1.0 - seen / prices.front());
}

}  // namespace

FieldTable<Self> Self::fields() {
  static const Field<Self> table[] = {
      {.key = "rival",
       .type = FieldType::provider,
       .index = &Self::rival,
       .default_value = std::nullopt,
       .unit = "provider name",
       .description = "the provider whose price cuts it answers"},
      {.key = "depth",
       .number = &Self::depth,
       .range = {0.0, 2.0, true, true},
       .default_value = 1.0,
       .unit = "share",
       .description = "share of the rival's relative cut it matches (1: all of it)"},
      {.key = "lag_quarters",
       .number = &Self::lag_quarters,
       .range = {0.0, 40.0, true, true},
       .default_value = 1.0,
       .unit = "quarters",
       .description = "how late it sees the rival's price"},
      {.key = "price_change",
       .number = &Self::price_change,
       .range = {-1.0, 0.0, false, true},
       .default_value = 0.0,
       .unit = "relative",
       .description = "a cut of its own at full ramp, on top of the matched cut"},
      {.key = "max_cut",
       .number = &Self::max_cut,
       .range = {0.0, 1.0, true, false},
       .default_value = 0.5,
       .unit = "share",
       .description = "the largest total cut of its price, relative to the phase's start"},
  };
  return table;
}

std::vector<FieldProblem> Self::problems(const MarketParameters& market,
                                         std::size_t provider) const {
  if (rival < 0 || static_cast<std::size_t>(rival) >= market.providers.size() ||
      static_cast<std::size_t>(rival) == provider) {
    return {{"rival", "expected another provider of the scenario"}};
  }
  return {};
}

void Self::begin(StrategyContext& c) const {
  auto& state = c.kind_state<Self>();
  state.rival_prices.clear();
  state.rival_prices.reserve(static_cast<std::size_t>(c.market.quarters));
}

void Self::apply(StrategyContext& c) const {
  auto& state = c.kind_state<Self>();
  state.rival_prices.push_back(c.prices[static_cast<std::size_t>(rival)]);
  const double own =
      ramp_fraction(c.quarter, c.state.phase_started, c.phase.ramp_quarters) * price_change;
  const double change = std::max(-max_cut, own - depth * seen_rival_cut(state, lag_quarters));
  const ProviderAttributes& origin = c.state.phase_origin;
  ProviderAttributes& now = c.state.attributes;
  now.price_index = origin.price_index * (1.0 + change);
  // Unit cost (1 − γ) P stays: γ' = 1 − (1 − γ) / (1 + change).
  now.margin = 1.0 - (1.0 - origin.margin) / (1.0 + change);
}

}  // namespace cloudsim::model
