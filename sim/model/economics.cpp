// Seed basis: Volcano Engine's one data centre in Zhangjiakou and its planned large sites around
// Shanghai and Shenzhen [001]; ByteDance "has to consider ROI" where Tencent could bid 1 yuan
// [001] (the price floor); IaaS has high investment and strong economies of scale [001] (the
// experience curve); in-house chips are built to cut cost [003] (chip_programme, whose factor is
// read here).

#include "model/economics.hpp"

#include <algorithm>
#include <cmath>

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {

double added_capacity(const ProviderParameters& config, int quarter) {
  double added = 0.0;
  for (const auto& site : config.capacity_additions) {
    if (whole_quarter(site.quarter) <= quarter) {
      added += site.amount;
    }
  }
  return added;
}

void set_capacity(const ProviderParameters& config, const std::vector<int>& online_events,
                  int quarter, ProviderState& provider, std::span<int> event_quarters) {
  // grown + 0.0 is grown exactly (also for an uncapped provider's infinity).
  provider.capacity = provider.grown_capacity + added_capacity(config, quarter);
  for (std::size_t k = 0; k < online_events.size() && k < config.capacity_additions.size(); ++k) {
    const int event = online_events[k];
    if (event >= 0 && event_quarters[static_cast<std::size_t>(event)] == kNeverHappened &&
        whole_quarter(config.capacity_additions[k].quarter) <= quarter) {
      event_quarters[static_cast<std::size_t>(event)] = quarter;
    }
  }
}

void price_on_cost(const ProviderParameters& config, double revenue, ProviderState& provider) {
  if (!config.has_unit_cost) {
    return;
  }
  // Experience curve on the largest revenue reached so far, relative to the first positive one:
  // the ratio is ≥ 1, so scale only ever lowers the unit cost (learning is not forgotten when
  // revenue falls back).
  if (provider.reference_revenue <= 0.0 && revenue > 0.0) {
    provider.reference_revenue = revenue;
  }
  provider.peak_revenue = std::max(provider.peak_revenue, revenue);
  double scale = 1.0;
  if (config.scale_elasticity != 0.0 && provider.reference_revenue > 0.0) {
    scale = std::pow(provider.peak_revenue / provider.reference_revenue, -config.scale_elasticity);
  }
  provider.unit_cost = config.unit_cost * scale * provider.attributes.unit_cost_factor;
  ProviderAttributes& a = provider.attributes;
  if (config.prices_at_or_above_cost) {
    a.price_index = std::max(a.price_index, provider.unit_cost);
  }
  a.margin = 1.0 - provider.unit_cost / a.price_index;
}

}  // namespace cloudsim::model
