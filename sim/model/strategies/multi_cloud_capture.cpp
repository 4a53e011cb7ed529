// Seed basis: Volcano Engine's aim to be "China's fourth cloud", multi-cloud adoption rising from
// 26% [001]; ByteDance's ROI discipline: units that underperform are cut [001]. The provider
// ramps its pull on the second-cloud slot, its ecosystem in chosen segments, its capability
// (build-out) and capacity, paying a rising fixed cost. At each review, revenue short of the
// target by more than the tolerance leads, with the given probability, to a retreat: the push is
// cut back by `retreat_cut` at once and no further reviews are held.

#include "model/strategies/multi_cloud_capture.hpp"

#include <cmath>
#include <limits>

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {
namespace {

using Self = MultiCloudCapture;

double provider_revenue(const StrategyContext& c) {
  const std::size_t providers = c.market.providers.size();
  double total = 0.0;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    total += c.revenue[s * providers + c.provider];
  }
  return total;
}

void hold_reviews(const Self& p, StrategyContext& c, Self::State& state) {
  for (std::size_t r = 0; r < p.review_quarters.size() && !state.retreated; ++r) {
    if (whole_quarter(p.review_quarters[r]) != c.quarter) {
      continue;
    }
    const bool short_of_target = provider_revenue(c) < p.target_revenue[r] * (1.0 - p.tolerance);
    if (short_of_target && c.review_draw < p.retreat_probability) {
      state.retreated = true;
      c.record(Self::retreat);
    }
  }
}

}  // namespace

FieldTable<Self> Self::fields() {
  static const Field<Self> table[] = {
      {.key = "affinity",
       .number = &Self::affinity,
       .range = ValueRange::score(),
       .default_value = std::nullopt,
       .unit = "log-odds",
       .description = "multi-cloud affinity A at full ramp"},
      {.key = "ecosystem_boost",
       .type = FieldType::per_segment,
       .numbers = &Self::ecosystem_boost,
       .range = ValueRange::score(),
       .default_value = 0.0,
       .unit = "score",
       .description = "per segment, added to the ecosystem score E at full ramp"},
      {.key = "capability",
       .type = FieldType::per_segment,
       .numbers = &Self::capability_target,
       .range = ValueRange::score(),
       .default_value = std::numeric_limits<double>::quiet_NaN(),
       .unit = "score",
       .description = "per segment, capability K at full ramp (segments not named keep theirs)"},
      {.key = "capacity_growth",
       .number = &Self::capacity_growth,
       .range = ValueRange::rate(),
       .default_value = 0.0,
       .unit = "per year",
       .description = "growth of the capacity cap while the push lasts"},
      {.key = "fixed_cost_increase",
       .number = &Self::fixed_cost_increase,
       .range = ValueRange::money(),
       .default_value = 0.0,
       .unit = "money per quarter",
       .description = "added to the fixed cost F at full ramp"},
      {.key = "review_quarters",
       .type = FieldType::quarter_list,
       .numbers = &Self::review_quarters,
       .default_value = std::nullopt,
       .unit = "quarter labels",
       .description = "quarters of the ROI reviews, with one target_revenue each"},
      {.key = "target_revenue",
       .type = FieldType::number_list,
       .numbers = &Self::target_revenue,
       .range = ValueRange::non_negative(),
       .default_value = std::nullopt,
       .unit = "money per quarter",
       .description = "revenue expected at each review, over all segments"},
      {.key = "tolerance",
       .number = &Self::tolerance,
       .range = ValueRange::probability(),
       .default_value = 0.2,
       .unit = "share",
       .description = "a review fails when revenue < target (1 − tolerance)"},
      {.key = "retreat_probability",
       .number = &Self::retreat_probability,
       .range = ValueRange::probability(),
       .default_value = 0.5,
       .unit = "probability",
       .description = "chance that a failed review ends the push"},
      {.key = "retreat_cut",
       .number = &Self::retreat_cut,
       .range = ValueRange::probability(),
       .default_value = 0.7,
       .unit = "share",
       .description = "share of the push given up on retreat"},
  };
  return table;
}

std::vector<FieldProblem> Self::problems(const MarketParameters&, std::size_t) const {
  if (review_quarters.size() == target_revenue.size()) {
    return {};
  }
  if (review_quarters.empty() || target_revenue.empty()) {
    return {{"review_quarters",
             "give review_quarters and target_revenue together (one target per review)"}};
  }
  return {{"target_revenue", "expected " + std::to_string(review_quarters.size()) +
                                 " targets (one per review quarter), found " +
                                 std::to_string(target_revenue.size())}};
}

std::vector<std::string> Self::event_names(const MarketParameters& market, std::size_t provider,
                                           std::size_t phase) const {
  const auto& plan = market.providers[provider];
  return {plan.name + ": " + plan.phases[phase].name + " retreats"};
}

void Self::apply(StrategyContext& c) const {
  auto& state = c.kind_state<Self>();
  hold_reviews(*this, c, state);
  const double push = state.retreated ? 1.0 - retreat_cut : 1.0;
  const double f = ramp_fraction(c.quarter, c.state.phase_started, c.phase.ramp_quarters) * push;
  const ProviderAttributes& origin = c.state.phase_origin;
  ProviderAttributes& now = c.state.attributes;
  now.affinity = origin.affinity + f * (affinity - origin.affinity);
  now.fixed_cost = origin.fixed_cost + f * fixed_cost_increase;
  now.capacity_growth = origin.capacity_growth + push * (capacity_growth - origin.capacity_growth);
  for (std::size_t s = 0; s < now.ecosystem.size(); ++s) {
    now.ecosystem[s] = origin.ecosystem[s] + f * ecosystem_boost[s];
    if (!std::isnan(capability_target[s])) {
      now.capability[s] = origin.capability[s] + f * (capability_target[s] - origin.capability[s]);
    }
  }
}

}  // namespace cloudsim::model
