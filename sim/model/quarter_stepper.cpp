#include "model/quarter_stepper.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/allocation.hpp"
#include "model/attraction.hpp"
#include "model/capacity.hpp"
#include "model/choice_lanes.hpp"
#include "model/demand.hpp"
#include "model/economics.hpp"
#include "model/growth_regimes.hpp"
#include "model/initial_books.hpp"
#include "model/migration.hpp"
#include "model/multi_cloud.hpp"
#include "model/provider_step.hpp"

namespace cloudsim::model {

QuarterStepper::QuarterStepper(const MarketModel& model)
    : model_(model),
      cells_(model.segment_count() * model.provider_count()),
      utility_(cells_),
      eligible_(cells_),
      choice_(cells_),
      churn_(cells_),
      kept_(cells_),
      affinity_weight_(model.provider_count()),
      demand_before_(model.segment_count()),
      released_captive_(model.segment_count(), 0.0),
      row_max_utility_(model.segment_count()),
      price_sensitivity_(model.segment_count()),
      capability_sensitivity_(model.segment_count()),
      ecosystem_sensitivity_(model.segment_count()),
      churn_rate_(cells_),
      capacity_(model.provider_count()),
      moved_(model.parameters().migrations.size()),
      log_price_(model.provider_count()),
      price_of_log_(model.provider_count(), std::numeric_limits<double>::quiet_NaN()),
      affinity_of_weight_(model.provider_count(), std::numeric_limits<double>::quiet_NaN()),
      capacity_scratch_(model.segment_count() + model.provider_count()),
      second_cloud_scratch_(choice_rows_scratch_size(model.provider_count())),
      providers_step_(model.provider_count()),
      groups_(model) {}

void QuarterStepper::initialise(std::span<const double> attraction_normals, PathState& state) {
  const auto& p = model_.parameters();
  const std::size_t segments = model_.segment_count();
  const std::size_t providers = model_.provider_count();
  // The parameters may differ from path to path (uncertain inputs) but not within one, and no
  // strategy changes them: copy what every quarter reads into flat arrays once per path.
  for (std::size_t s = 0; s < segments; ++s) {
    price_sensitivity_[s] = p.segments[s].price_sensitivity;
    capability_sensitivity_[s] = p.segments[s].capability_sensitivity;
    ecosystem_sensitivity_[s] = p.segments[s].ecosystem_sensitivity;
    for (std::size_t i = 0; i < providers; ++i) {
      churn_rate_[model_.cell(s, i)] = p.providers[i].segments[s].churn_rate;
    }
  }
  state.demand.resize(segments);
  state.revenue.resize(cells_);
  if (model_.has_captive_books()) {
    state.captive.assign(cells_, 0.0);
  } else {
    state.captive.clear();
  }
  state.attraction_noise.resize(cells_);
  state.unserved.assign(segments, 0.0);
  for (std::size_t s = 0; s < segments; ++s) {
    // Cells of a segment are contiguous: MarketModel::cell(s, i) = s · providers + i.
    state.demand[s] =
        initial_books(p, s, std::span<double>(state.revenue).subspan(s * providers, providers));
  }
  ProviderStep::initialise(model_, state);
  if (groups_.active()) {
    groups_.initialise(state);
  }
  state.multi_cloud_adoption = p.multi_cloud.initial_adoption;
  // Every chain starts normal here; the caller draws r(0) (initial_regimes) when it has regimes.
  state.regime.assign(model_.regime_chain_count(), kNormalRegime);
  initial_attraction_noise(model_, attraction_normals, state.attraction_noise);
  ProviderStep::price_on_cost(model_, state);
  book_profits(0, state);
  state.revenue_history.clear();
  if (model_.keeps_revenue_history()) {
    state.revenue_history.reserve(static_cast<std::size_t>(p.quarters) * cells_);
    state.revenue_history.assign(state.revenue.begin(), state.revenue.end());
  }
}

void QuarterStepper::refresh_provider_terms(const PathState& state) {
  // Prices and affinities change only when a strategy moves them, so most quarters reuse the
  // logarithms and exponentials of the last; comparing values (not flags) keeps this exact.
  bool affinity_changed = false;
  for (std::size_t i = 0; i < model_.provider_count(); ++i) {
    const ProviderAttributes& a = state.providers[i].attributes;
    if (a.price_index != price_of_log_[i]) {
      price_of_log_[i] = a.price_index;
      log_price_[i] = std::log(a.price_index);
    }
    affinity_changed = affinity_changed || a.affinity != affinity_of_weight_[i];
  }
  if (!affinity_changed) {
    return;
  }
  double max_affinity = -std::numeric_limits<double>::infinity();
  for (const auto& provider : state.providers) {
    max_affinity = std::max(max_affinity, provider.attributes.affinity);
  }
  for (std::size_t i = 0; i < model_.provider_count(); ++i) {
    affinity_of_weight_[i] = state.providers[i].attributes.affinity;
    affinity_weight_[i] = std::exp(affinity_of_weight_[i] - max_affinity);
  }
}

void QuarterStepper::compute_choice(const PathState& state) {
  const auto& p = model_.parameters();
  const std::size_t segments = model_.segment_count();
  const std::size_t providers = model_.provider_count();
  refresh_provider_terms(state);
  const double second_cloud = p.multi_cloud.second_cloud_spend_share * state.multi_cloud_adoption;
  // Provider by provider, so each provider's attributes are fetched once; −∞ marks a provider
  // that cannot be chosen (its logit weight is 0). Plain pointers and no char stores in this
  // loop: a store through char may alias anything and would make the compiler reload every
  // pointer after it.
  constexpr double kCannotChoose = -std::numeric_limits<double>::infinity();
  double* const utility = utility_.data();
  double* const churn = churn_.data();
  double* const row_max = row_max_utility_.data();
  const double* const churn_rate = churn_rate_.data();
  const double* const noise = state.attraction_noise.data();
  std::fill_n(row_max, segments, kCannotChoose);
  for (std::size_t i = 0; i < providers; ++i) {
    const ProviderState& provider = state.providers[i];
    const bool active = provider.active;
    const char* const present = provider.present.data();
    const double* const capability = provider.attributes.capability.data();
    const double* const drift = provider.capability_drift.data();
    const double* const ecosystem = provider.attributes.ecosystem.data();
    const double log_price = log_price_[i];
    for (std::size_t s = 0; s < segments; ++s) {
      const std::size_t k = s * providers + i;  // MarketModel::cell(s, i)
      const bool eligible = active && present[s] != 0;
      churn[k] = eligible ? churn_rate[k] : 1.0;
      // u = −β_price ln P + β_cap K + β_eco E + η (spec section 3)
      const double u = -price_sensitivity_[s] * log_price +
                       capability_sensitivity_[s] * (capability[s] + drift[s]) +
                       ecosystem_sensitivity_[s] * ecosystem[s] + noise[k];
      utility[k] = eligible ? u : kCannotChoose;
      row_max[s] = std::max(row_max[s], utility[k]);
    }
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    eligible_[k] = utility[k] != kCannotChoose ? 1 : 0;
  }
  const bool independent = p.multi_cloud.second_cloud_rule == SecondCloudRule::independent;
  if (groups_.active()) {
    // The group rows have their own π, and nothing reads the segment rows' then (advance
    // re-allocates and caps the group books only): not computing it saves a sixth of the
    // choice kernel's work on six groups.
    groups_.choose(state, utility_, churn_, ecosystem_sensitivity_, affinity_weight_, second_cloud,
                   independent);
    return;
  }
  if (independent) {
    for (std::size_t s = 0; s < segments; ++s) {
      const auto row = [&](auto& v) { return std::span(v).subspan(s * providers, providers); };
      choice_probabilities(row(utility_), row_max_utility_[s], affinity_weight_, second_cloud,
                           row(choice_));
    }
  } else {
    choice_rows_excluding_primary(segments, utility_, row_max_utility_, affinity_weight_,
                                  second_cloud, second_cloud_scratch_, choice_);
  }
}

void QuarterStepper::book_profits(int quarter, PathState& state) const {
  const auto& p = model_.parameters();
  for (std::size_t i = 0; i < model_.provider_count(); ++i) {
    ProviderState& provider = state.providers[i];
    if (!provider.active) {
      provider.profit = 0.0;
      continue;
    }
    const double revenue = provider_revenue(model_, state, i);
    provider.profit =
        provider.attributes.margin * revenue - fixed_cost_now(p.providers[i], provider);
    provider.cumulative_profit += provider.profit;
    // Exit (spec section 8): from the next quarter the provider is out and its book re-tendered.
    if (provider.cumulative_profit < -p.providers[i].loss_limit) {
      provider.active = false;
      const int event = model_.events().exit[i];
      if (event >= 0)
        state.event_quarters[static_cast<std::size_t>(event)] = quarter;
    }
  }
}

void QuarterStepper::advance(int quarter, std::span<const double> demand_normals,
                             std::span<const double> attraction_normals,
                             std::span<const double> review_draws, PathState& state) {
  const auto& p = model_.parameters();
  const std::size_t segments = model_.segment_count();
  const std::size_t providers = model_.provider_count();

  providers_step_.run_strategies(model_, quarter, review_draws, state);
  ProviderStep::price_on_cost(model_, state);
  compute_choice(state);

  demand_before_.assign(state.demand.begin(), state.demand.end());
  advance_demand(model_, quarter, demand_normals, state.demand, state.regime);
  const int next = quarter + 1;
  const bool captive = !state.captive.empty();
  if (captive) {
    // A provider that cannot be chosen (exited, or no longer present) has k = 1: its captive
    // book goes back to tender with the rest of its book. With customer groups the released
    // spend joins the groups' contested demand, so it is counted per segment.
    std::fill(released_captive_.begin(), released_captive_.end(), 0.0);
    for (std::size_t k = 0; k < cells_; ++k) {
      if (!eligible_[k]) {
        released_captive_[k / providers] += state.captive[k];
        state.captive[k] = 0.0;
      }
    }
  }
  if (groups_.active()) {
    groups_.reallocate(next, demand_before_, released_captive_, state);
  }
  for (std::size_t s = 0; s < segments && !groups_.active(); ++s) {
    const auto row = [&](auto& v) { return std::span(v).subspan(s * providers, providers); };
    auto revenue = std::span<double>(state.revenue).subspan(s * providers, providers);
    if (captive) {
      // kept_ gets the kept contested books; the captive books join them after the migrations.
      reallocate_segment_with_captive(demand_before_[s], state.demand[s], row(churn_), row(choice_),
                                      revenue, row(state.captive), row(kept_));
      continue;
    }
    // The kept books, before the pool is split, are what capacity may never cut.
    const double growth = state.demand[s] / demand_before_[s];
    for (std::size_t i = 0; i < providers; ++i) {
      kept_[s * providers + i] = (1.0 - churn_[s * providers + i]) * revenue[i] * growth;
    }
    reallocate_segment(demand_before_[s], state.demand[s], row(churn_), row(choice_), revenue);
  }

  if (!p.migrations.empty()) {
    apply_migrations(p, next, eligible_, state.revenue, state.captive, state.demand, moved_);
    if (groups_.active()) {
      groups_.spread_migrations(next, moved_, state);
    }
  }
  if (captive && !groups_.active()) {
    // Capacity never cuts a captive book: it is part of what a provider keeps.
    for (std::size_t k = 0; k < cells_; ++k)
      kept_[k] += state.captive[k];
  }

  const bool any_cap = providers_step_.grow_capacity(model_, next, state, capacity_);
  if (any_cap && groups_.active()) {
    groups_.enforce_capacity(capacity_, state);
  } else if (any_cap) {
    enforce_capacity({segments, providers, kept_, choice_, eligible_, capacity_, capacity_scratch_},
                     state.revenue, state.demand, state.unserved);
  } else {
    std::fill(state.unserved.begin(), state.unserved.end(), 0.0);
  }

  book_profits(next, state);
  if (model_.keeps_revenue_history()) {
    state.revenue_history.insert(state.revenue_history.end(), state.revenue.begin(),
                                 state.revenue.end());
  }

  advance_attraction_noise(model_, attraction_normals, state.attraction_noise);
  state.multi_cloud_adoption = next_multi_cloud_adoption(p.multi_cloud, state.multi_cloud_adoption);
  ProviderStep::drift_capability(state);
}

}  // namespace cloudsim::model
