// Seed basis: Kuaishou's StreamLake starts with audio/video + AI PaaS, IaaS/SaaS later if at
// all; capital-constrained, weak to-B genes [000]. Entered segments start at a low capability
// that ramps up to the segment's configured capability.

#include "model/strategies/paas_first.hpp"

#include <algorithm>

#include "model/strategies/strategy_context.hpp"

namespace cloudsim::model {
namespace {

using Self = PaasFirst;

double home_share(const Self& p, const StrategyContext& c) {
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

bool can_enter(const Self& p, const MarketParameters& market, std::size_t provider, std::size_t s) {
  return !p.home[s] && market.providers[provider].segments[s].present;
}

void enter(const Self& p, StrategyContext& c, Self::State& state) {
  state.entered = true;
  state.entry_quarter = c.quarter;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (can_enter(p, c.market, c.provider, s)) {
      c.state.present[s] = 1;
      c.state.attributes.capability[s] = p.entry_capability;
      c.record(static_cast<int>(s));
    }
  }
}

}  // namespace

FieldTable<Self> Self::fields() {
  static const Field<Self> table[] = {
      {.key = "home_segments",
       .type = FieldType::segment_set,
       .flags = &Self::home,
       .default_value = std::nullopt,
       .unit = "segment names",
       .description = "segments it is present in from the start (at least one)"},
      {.key = "entry_share_threshold",
       .number = &Self::entry_share_threshold,
       .range = ValueRange::probability(),
       .default_value = std::nullopt,
       .unit = "share",
       .description = "its share of the home segments' demand that triggers entry"},
      {.key = "latest_entry",
       .type = FieldType::quarter,
       .number = &Self::latest_entry,
       .default_value = kNever,
       .unit = "quarter label",
       .description = "quarter by which it enters regardless"},
      {.key = "entry_capability",
       .number = &Self::entry_capability,
       .range = ValueRange::score(),
       .default_value = 0.0,
       .unit = "score",
       .description = "capability K in a newly entered segment at entry"},
      {.key = "capability_ramp_quarters",
       .number = &Self::capability_ramp_quarters,
       .range = ValueRange::non_negative(),
       .default_value = 8.0,
       .unit = "quarters",
       .description = "quarters from entry_capability to the segment's configured capability"},
  };
  return table;
}

std::vector<FieldProblem> Self::problems(const MarketParameters& market,
                                         std::size_t provider) const {
  std::vector<FieldProblem> found;
  if (std::none_of(home.begin(), home.end(), [](char h) { return h != 0; })) {
    found.push_back({"home_segments", "name at least one segment"});
  }
  // It starts absent outside its home segments, so it cannot hold a share there.
  const auto& cells = market.providers[provider].segments;
  for (std::size_t s = 0; s < cells.size() && s < home.size(); ++s) {
    if (!home[s] && cells[s].present &&
        (cells[s].initial_share > 0.0 || cells[s].initial_revenue > 0.0)) {
      found.push_back({"", "a " + std::string(name) + " provider starts outside " +
                               market.segments[s].name +
                               ", so its initial share there must be 0 (the segment's table "
                               "only describes it after entry)"});
    }
  }
  return found;
}

std::vector<std::string> Self::event_names(const MarketParameters& market, std::size_t provider,
                                           std::size_t) const {
  std::vector<std::string> names(market.segments.size());
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (can_enter(*this, market, provider, s)) {
      names[s] = market.providers[provider].name + ": enters " + market.segments[s].name;
    }
  }
  return names;
}

void Self::begin(StrategyContext& c) const {
  c.kind_state<Self>().entered = false;
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (can_enter(*this, c.market, c.provider, s)) {
      c.state.present[s] = 0;
    }
  }
}

void Self::end(StrategyContext& c) const {
  auto& state = c.kind_state<Self>();
  if (!state.entered) {
    enter(*this, c, state);
  }
}

void Self::apply(StrategyContext& c) const {
  auto& state = c.kind_state<Self>();
  if (!state.entered &&
      (home_share(*this, c) >= entry_share_threshold || c.quarter >= whole_quarter(latest_entry))) {
    enter(*this, c, state);
  }
  if (!state.entered) {
    return;
  }
  const double f = ramp_fraction(c.quarter, state.entry_quarter, capability_ramp_quarters);
  for (std::size_t s = 0; s < c.market.segments.size(); ++s) {
    if (can_enter(*this, c.market, c.provider, s)) {
      const double target = c.market.providers[c.provider].segments[s].capability;
      c.state.attributes.capability[s] = entry_capability + f * (target - entry_capability);
    }
  }
}

}  // namespace cloudsim::model
