#include "model/provider_step.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/economics.hpp"
#include "model/path_view.hpp"
#include "model/strategies/strategy_registry.hpp"
#include "outcome/evaluate.hpp"

namespace cloudsim::model {

ProviderStep::ProviderStep(std::size_t providers)
    : prices_(providers),
      capacity_factor_(providers),
      growth_of_capacity_factor_(providers, std::numeric_limits<double>::quiet_NaN()) {}

double provider_revenue(const MarketModel& model, const PathState& state, std::size_t i) {
  double revenue = 0.0;
  for (std::size_t s = 0; s < model.segment_count(); ++s)
    revenue += state.revenue[model.cell(s, i)];
  return revenue;
}

void ProviderStep::initialise(const MarketModel& model, PathState& state) {
  const auto& p = model.parameters();
  const std::size_t segments = model.segment_count();
  const std::size_t providers = model.provider_count();
  state.event_quarters.assign(model.events().size(), kNeverHappened);
  state.providers.resize(providers);
  for (std::size_t i = 0; i < providers; ++i) {
    const auto& config = p.providers[i];
    ProviderState& provider = state.providers[i];
    ProviderAttributes& a = provider.attributes;
    a.price_index = config.price_index;
    a.affinity = config.multi_cloud_affinity;
    a.margin = config.gross_margin;
    a.fixed_cost = config.fixed_cost;
    a.capability_growth = config.capability_growth;
    a.capacity_growth = config.capacity_growth;
    // A chip programme lowers it; the state is reused from path to path, so a path that did not
    // start from 1 would inherit the saving of the path simulated before it.
    a.unit_cost_factor = 1.0;
    a.capability.resize(segments);
    a.ecosystem.resize(segments);
    provider.present.resize(segments);
    for (std::size_t s = 0; s < segments; ++s) {
      a.capability[s] = config.segments[s].capability;
      a.ecosystem[s] = config.segments[s].ecosystem;
      provider.present[s] = config.segments[s].present ? 1 : 0;
    }
    provider.capability_drift.assign(segments, 0.0);
    provider.active = true;
    provider.grown_capacity = config.capacity;
    set_capacity(config, model.events().capacity_online[i], 0, provider, state.event_quarters);
    provider.unit_cost = 0.0;
    provider.reference_revenue = 0.0;
    provider.peak_revenue = 0.0;
    provider.cumulative_profit = 0.0;
    provider.phase = -1;
    provider.phase_started = -1;
    provider.strategy_state = {};
    provider.next_phase_decided = -1;
  }
}

bool ProviderStep::phase_is_due(const MarketModel& model, const PhaseParameters& phase,
                                std::size_t i, int quarter, PathState& state) const {
  ProviderState& provider = state.providers[i];
  if (!phase.trigger) {
    return quarter >= whole_quarter(phase.start);
  }
  // Watched while the phase is next in line: the state of quarter t decides, and the phase
  // begins at t + 1 + delay (docs/model.md, "Triggered phases").
  const PhaseTrigger& trigger = *phase.trigger;
  if (provider.next_phase_decided < 0 && trigger_holds(model, trigger, quarter, state)) {
    provider.next_phase_decided = quarter;
    const int event = model.events().triggered[i][static_cast<std::size_t>(provider.phase + 1)];
    if (event >= 0) {
      state.event_quarters[static_cast<std::size_t>(event)] = quarter;
    }
  }
  if (provider.next_phase_decided < 0) {
    return false;
  }
  const long long due = std::max<long long>(
      whole_quarter(phase.start), static_cast<long long>(provider.next_phase_decided) + 1 +
                                      whole_quarter(trigger.delay_quarters));
  return quarter >= due;
}

bool ProviderStep::trigger_holds(const MarketModel& model, const PhaseTrigger& trigger, int quarter,
                                 const PathState& state) const {
  const PathView view(state, prices_, model.segment_count(), model.provider_count(),
                      static_cast<std::size_t>(quarter));
  // The comparison as written, with the path's threshold (which may be drawn). NaN (growth
  // before N quarters have passed) holds nothing.
  const double value =
      outcome::evaluate(trigger.when.quantity, view, static_cast<std::size_t>(quarter));
  switch (trigger.when.comparison) {
    case outcome::Comparison::at_least:
      return value >= trigger.threshold;
    case outcome::Comparison::at_most:
      return value <= trigger.threshold;
    case outcome::Comparison::above:
      return value > trigger.threshold;
    case outcome::Comparison::below:
      return value < trigger.threshold;
  }
  return false;
}

void ProviderStep::run_strategies(const MarketModel& model, int quarter,
                                  std::span<const double> review_draws, PathState& state) {
  const auto& p = model.parameters();
  // Kinds that read a rival's price see every price as it was when the quarter began, whatever
  // order the providers' strategies run in.
  for (std::size_t i = 0; i < model.provider_count(); ++i) {
    prices_[i] = state.providers[i].attributes.price_index;
  }
  for (std::size_t i = 0; i < model.provider_count(); ++i) {
    ProviderState& provider = state.providers[i];
    const auto& phases = p.providers[i].phases;
    if (!provider.active || phases.empty()) {
      continue;
    }
    auto context_for = [&](std::size_t k) {
      return StrategyContext{quarter,
                             p,
                             i,
                             k,
                             phases[k],
                             provider,
                             state.revenue,
                             state.demand,
                             prices_,
                             review_draws[i],
                             model.events(),
                             state.event_quarters};
    };
    // Phases run in the listed order; a phase whose start has come begins after the one before.
    while (provider.phase + 1 < static_cast<int>(phases.size()) &&
           phase_is_due(model, phases[static_cast<std::size_t>(provider.phase + 1)], i, quarter,
                        state)) {
      const auto k = static_cast<std::size_t>(provider.phase + 1);
      provider.next_phase_decided = -1;
      auto context = context_for(k);
      begin_phase(context);
    }
    if (provider.phase >= 0) {
      auto context = context_for(static_cast<std::size_t>(provider.phase));
      apply_phase(context);
    }
  }
}

void ProviderStep::price_on_cost(const MarketModel& model, PathState& state) {
  for (std::size_t i = 0; i < model.provider_count(); ++i) {
    const ProviderParameters& config = model.parameters().providers[i];
    if (config.has_unit_cost && state.providers[i].active) {
      model::price_on_cost(config, provider_revenue(model, state, i), state.providers[i]);
    }
  }
}

bool ProviderStep::grow_capacity(const MarketModel& model, int next, PathState& state,
                                 std::span<double> capacity) {
  bool any_cap = false;
  for (std::size_t i = 0; i < model.provider_count(); ++i) {
    ProviderState& provider = state.providers[i];
    if (std::isfinite(provider.capacity)) {
      // (1 + g)^¼ only when g has changed: pow is as dear as the rest of this loop.
      if (provider.attributes.capacity_growth != growth_of_capacity_factor_[i]) {
        growth_of_capacity_factor_[i] = provider.attributes.capacity_growth;
        capacity_factor_[i] = std::pow(1.0 + growth_of_capacity_factor_[i], 0.25);
      }
      provider.grown_capacity *= capacity_factor_[i];
      set_capacity(model.parameters().providers[i], model.events().capacity_online[i], next,
                   provider, state.event_quarters);
      any_cap = true;
    }
    capacity[i] = provider.capacity;
  }
  return any_cap;
}

void ProviderStep::drift_capability(PathState& state) {
  for (auto& provider : state.providers) {
    // Adding 0 changes no drift (it starts at +0 and never becomes −0), so it is skipped.
    if (provider.attributes.capability_growth == 0.0) {
      continue;
    }
    for (double& drift : provider.capability_drift) {
      drift += provider.attributes.capability_growth / 4.0;
    }
  }
}

}  // namespace cloudsim::model
