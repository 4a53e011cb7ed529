#include "model/lockstep_stepper.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "model/attraction.hpp"
#include "model/capacity.hpp"
#include "model/choice_lanes.hpp"
#include "model/customer_groups.hpp"
#include "model/economics.hpp"
#include "model/events.hpp"
#include "model/growth_regimes.hpp"
#include "model/initial_books.hpp"
#include "model/migration.hpp"
#include "model/multi_cloud.hpp"
#include "model/provider_state.hpp"

namespace cloudsim::model {
namespace {

using numeric::Doubles;
using numeric::kLanes;
using numeric::Masks;
using numeric::select;
using numeric::splat;

constexpr double kCannotChoose = -std::numeric_limits<double>::infinity();

// The four paths' values of one quantity, from buffers laid out path by path.
[[gnu::always_inline]] inline Doubles lanes_of(std::span<const double> by_path, std::size_t stride,
                                               std::size_t at) {
  return Doubles{by_path[at], by_path[stride + at], by_path[2 * stride + at],
                 by_path[3 * stride + at]};
}

// Entry `at` of per-path state (LockstepStepper's kPaths doubles per entry).
[[gnu::always_inline]] inline Doubles load(const std::vector<double>& state, std::size_t at) {
  return numeric::load(state.data() + at * kLanes);
}

[[gnu::always_inline]] inline void store(std::vector<double>& state, std::size_t at,
                                         Doubles lanes) {
  numeric::store(state.data() + at * kLanes, lanes);
}

// m(t) for t < adoption.size(), by next_multi_cloud_adoption, as QuarterStepper advances it.
void adoption_path(const MultiCloudParameters& m, std::span<double> adoption) {
  double now = m.initial_adoption;
  for (double& at : adoption) {
    at = now;
    now = next_multi_cloud_adoption(m, now);
  }
}

// The affinities' logit weights, as QuarterStepper::refresh_provider_terms computes them.
void affinity_weights(const MarketParameters& p, std::span<double> weights) {
  double max_affinity = kCannotChoose;
  for (const auto& provider : p.providers) {
    max_affinity = std::max(max_affinity, provider.multi_cloud_affinity);
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    weights[i] = std::exp(p.providers[i].multi_cloud_affinity - max_affinity);
  }
}

// The choice kernel's rows: the customer-group rows where there are groups, else the segments.
std::size_t kernel_rows(const MarketModel& model) {
  const std::size_t groups = model.parameters().customer_groups.size();
  return groups > 0 ? groups * model.segment_count() : model.segment_count();
}

}  // namespace

LockstepStepper::LockstepStepper(const MarketModel& model)
    : model_(model),
      segments_(model.segment_count()),
      providers_(model.provider_count()),
      cells_(segments_ * providers_),
      quarters_(static_cast<std::size_t>(model.parameters().quarters)),
      demand_(kPaths * segments_),
      demand_before_(kPaths * segments_),
      revenue_(kPaths * cells_),
      attraction_noise_(kPaths * cells_),
      profit_(kPaths * providers_),
      cumulative_profit_(kPaths * providers_),
      initial_demand_(kPaths * segments_),
      initial_revenue_(kPaths * cells_),
      shared_utility_(kPaths * quarters_ * cells_),
      utility_terms_(kPaths * 4 * cells_),
      capability_step_(kPaths * providers_),
      churn_(kPaths * cells_),
      log_drift_(kPaths * static_cast<std::size_t>(model.steps()) * segments_),
      slowdown_log_drift_(model.has_growth_regimes() ? log_drift_.size() : 0),
      regime_chains_(model.regime_chain_count()),
      regime_(kPaths * regime_chains_, kNormalRegime),
      segment_chain_(segments_),
      volatility_(kPaths * segments_),
      shock_factor_(kPaths * segments_ * segments_),
      noise_terms_(kPaths * 3),
      profit_terms_(kPaths * 2 * providers_),
      cost_terms_(kPaths * 3 * providers_),
      price_sensitivity_(kPaths * segments_),
      capability_term_(kPaths * quarters_ * cells_),
      price_(kPaths * providers_),
      margin_(kPaths * providers_),
      reference_revenue_(kPaths * providers_),
      peak_revenue_(kPaths * providers_),
      price_term_(kPaths * cells_),
      fixed_cost_(kPaths * quarters_ * providers_),
      capacity_(kPaths * quarters_ * providers_),
      event_quarters_(kPaths * model.events().size(), kNeverHappened),
      events_(model.events().size()),
      adoption_(kPaths * quarters_),
      second_cloud_(kPaths * quarters_),
      affinity_weight_(kPaths * providers_),
      eligible_(cells_),
      capped_(providers_),
      priced_(providers_),
      price_floor_(providers_),
      row_eligible_(kernel_rows(model) * providers_),
      utility_rows_(kPaths * kernel_rows(model) * providers_),
      max_utility_rows_(kPaths * kernel_rows(model)),
      choice_rows_(kPaths * kernel_rows(model) * providers_),
      choice_scratch_(choice_rows_scratch_size(providers_)),
      kept_rows_(kPaths * kernel_rows(model) * providers_),
      unserved_(kPaths * segments_),
      lane_books_(kernel_rows(model) * providers_),
      lane_kept_(kernel_rows(model) * providers_),
      lane_choice_(kernel_rows(model) * providers_),
      lane_demand_(kernel_rows(model)),
      lane_unserved_(kernel_rows(model)),
      lane_capacity_(providers_),
      capacity_scratch_(kernel_rows(model) + providers_),
      groups_(model.parameters().customer_groups.size()),
      group_rows_(groups_ * segments_),
      group_demand_(kPaths * group_rows_),
      group_revenue_(kPaths * group_rows_ * providers_),
      initial_group_demand_(kPaths * group_rows_),
      initial_group_revenue_(kPaths * group_rows_ * providers_),
      group_weight_(kPaths * quarters_ * group_rows_),
      group_churn_(kPaths * group_rows_ * providers_),
      group_bonus_(kPaths * group_rows_ * providers_),
      group_churn_now_(kPaths * group_rows_ * providers_),
      segment_utility_(groups_ > 0 ? kPaths * cells_ : 0),
      group_serves_(groups_ * providers_),
      books_scratch_(providers_),
      adoption_scratch_(quarters_),
      drift_scratch_(kPaths * cells_),
      provider_step_(providers_),
      captive_(model.has_captive_books() ? kPaths * cells_ : 0),
      released_(kPaths * segments_),
      lane_eligible_(kPaths * cells_),
      lane_moving_(kPaths * providers_),
      lane_row_eligible_(kernel_rows(model) * providers_),
      lane_log_price_(kPaths * providers_),
      lane_price_of_log_(kPaths * providers_),
      lane_affinity_(kPaths * providers_),
      lane_group_bonus_of_(kPaths * providers_ * groups_),
      lane_caps_(providers_),
      moved_(model.parameters().migrations.size()) {
  const auto& p = model.parameters();
  captive_books_ = model.has_captive_books();
  migrations_ = !p.migrations.empty();
  revenue_history_ = model.keeps_revenue_history();
  dynamic_ = captive_books_ || migrations_ || revenue_history_;
  for (std::size_t i = 0; i < providers_; ++i) {
    dynamic_ = dynamic_ || !p.providers[i].phases.empty() || model.needs_review_draws(i);
  }
  for (std::size_t lane = 0; lane < kPaths; ++lane) {
    tabulate(lane, model, lane == 0);
  }
}

void LockstepStepper::set_lane(std::size_t lane, const MarketModel& model) {
  tabulate(lane, model, lane == 0);
}

void LockstepStepper::tabulate(std::size_t lane, const MarketModel& model, bool shared) {
  const auto& p = model.parameters();
  lane_models_[lane] = &model;
  const auto column = [lane](std::vector<double>& table, std::size_t entry) -> double& {
    return table[entry * kPaths + lane];
  };
  // QuarterStepper::initialise's books.
  std::vector<double>& books = books_scratch_;
  for (std::size_t s = 0; s < segments_; ++s) {
    column(initial_demand_, s) = initial_books(p, s, books);
    for (std::size_t i = 0; i < providers_; ++i) {
      column(initial_revenue_, s * providers_ + i) = books[i];
    }
  }
  // The terms of QuarterStepper::compute_choice's u = −β_price ln P + β_cap (K + drift) +
  // β_eco E + η but the drift and η, for tabulate_utilities. No strategy moves a price or an
  // affinity: QuarterStepper::refresh_provider_terms, once.
  for (std::size_t i = 0; i < providers_; ++i) {
    const ProviderParameters& provider = p.providers[i];
    const double log_price = std::log(provider.price_index);
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t k = model.cell(s, i);
      const SegmentParameters& segment = p.segments[s];
      const ProviderSegmentParameters& cell = provider.segments[s];
      column(churn_, k) = cell.present ? cell.churn_rate : 1.0;
      if (shared) {
        eligible_[k] = cell.present ? 1 : 0;
      }
      column(utility_terms_, 4 * k) = -segment.price_sensitivity * log_price;
      column(utility_terms_, 4 * k + 1) = segment.capability_sensitivity;
      column(utility_terms_, 4 * k + 2) = cell.capability;
      column(utility_terms_, 4 * k + 3) = segment.ecosystem_sensitivity * cell.ecosystem;
    }
    // The drift grows by g/4 a quarter (QuarterStepper::advance).
    column(capability_step_, i) = provider.capability_growth / 4.0;
    column(profit_terms_, 2 * i) = provider.gross_margin;
    column(profit_terms_, 2 * i + 1) = -provider.loss_limit;
    column(cost_terms_, 3 * i) = provider.unit_cost;
    column(cost_terms_, 3 * i + 1) = provider.scale_elasticity;
    column(cost_terms_, 3 * i + 2) = provider.price_index;
    if (shared) {
      priced_[i] = provider.has_unit_cost ? 1 : 0;
      price_floor_[i] = provider.prices_at_or_above_cost ? 1 : 0;
    }
  }
  for (std::size_t s = 0; s < segments_; ++s) {
    column(price_sensitivity_, s) = p.segments[s].price_sensitivity;
  }
  utilities_stale_ = true;
  if (shared) {
    any_priced_ = std::find(priced_.begin(), priced_.end(), 1) != priced_.end();
  }
  // m(t), and s₂ m(t) as QuarterStepper::compute_choice multiplies them.
  adoption_path(p.multi_cloud, adoption_scratch_);
  for (std::size_t t = 0; t < quarters_; ++t) {
    column(adoption_, t) = adoption_scratch_[t];
    column(second_cloud_, t) = p.multi_cloud.second_cloud_spend_share * adoption_scratch_[t];
  }
  affinity_weights(p, books_scratch_);
  for (std::size_t i = 0; i < providers_; ++i) {
    column(affinity_weight_, i) = books_scratch_[i];
  }
  // μ_s(t) for the quarters stepped from, t < steps(): the model holds no more.
  for (std::size_t t = 0; t < static_cast<std::size_t>(model.steps()); ++t) {
    for (std::size_t s = 0; s < segments_; ++s) {
      column(log_drift_, t * segments_ + s) = model.log_drift(static_cast<int>(t), s);
      // advance_demand's drift in a slowdown, for the segments a chain drives.
      if (!slowdown_log_drift_.empty() && p.segments[s].regime_chain >= 0) {
        column(slowdown_log_drift_, t * segments_ + s) =
            model.slowdown_log_drift(static_cast<int>(t), s);
      }
    }
  }
  if (shared) {
    for (std::size_t s = 0; s < segments_; ++s) {
      segment_chain_[s] = slowdown_log_drift_.empty() ? -1 : p.segments[s].regime_chain;
    }
  }
  const auto& factor = model.shock_factor();
  for (std::size_t s = 0; s < segments_; ++s) {
    column(volatility_, s) = model.quarterly_volatility(s);
    for (std::size_t j = 0; j <= s; ++j) {
      column(shock_factor_, s * segments_ + j) =
          factor(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(j));
    }
  }
  // advance_attraction_noise's terms.
  const auto& noise = p.attraction_noise;
  column(noise_terms_, 0) = noise.volatility;
  column(noise_terms_, 1) = noise.persistence;
  column(noise_terms_, 2) =
      noise.volatility * std::sqrt(1.0 - noise.persistence * noise.persistence);
  if (groups_ > 0) {
    tabulate_groups(lane, model, shared);
  }
  tabulate_capacity(lane, model, shared);
  if (shared) {
    // enforce_capacity's eligibility of each kernel row: the segment's, and with groups where the
    // provider may also serve the group (CustomerGroupStep::choose).
    for (std::size_t r = 0; r < kernel_rows(model); ++r) {
      const std::size_t s = r % segments_;
      for (std::size_t i = 0; i < providers_; ++i) {
        const bool serves = groups_ == 0 || group_serves_[(r / segments_) * providers_ + i] != 0;
        row_eligible_[r * providers_ + i] = eligible_[s * providers_ + i] != 0 && serves ? 1 : 0;
      }
    }
  }
}

void LockstepStepper::tabulate_capacity(std::size_t lane, const MarketModel& model, bool shared) {
  const auto& p = model.parameters();
  const auto column = [lane](std::vector<double>& table, std::size_t entry) -> double& {
    return table[entry * kPaths + lane];
  };
  const std::span<int> events(event_quarters_.data() + lane * events_, events_);
  std::fill(events.begin(), events.end(), kNeverHappened);
  if (shared) {
    std::fill(capped_.begin(), capped_.end(), 0);
  }
  if (dynamic_) {
    // The lanes of a dynamic model grow their caps quarter by quarter (grow_lane_capacity): a
    // strategy may change how fast.
    for (std::size_t i = 0; i < providers_; ++i) {
      capped_[i] = capped_[i] != 0 || std::isfinite(p.providers[i].capacity) ? 1 : 0;
    }
    any_capped_ = std::find(capped_.begin(), capped_.end(), 1) != capped_.end();
    return;
  }
  for (std::size_t i = 0; i < providers_; ++i) {
    const ProviderParameters& provider = p.providers[i];
    const std::vector<int>& online = model.events().capacity_online[i];
    // As QuarterStepper moves a path's: set_capacity at 0; then, while the cap is finite, the
    // grown capacity times (1 + g)^¼ and set_capacity at each next quarter.
    ProviderState state;
    state.grown_capacity = provider.capacity;
    state.attributes.fixed_cost = provider.fixed_cost;  // F as no strategy moves it
    const double factor = std::pow(1.0 + provider.capacity_growth, 0.25);
    for (std::size_t t = 0; t < quarters_; ++t) {
      if (t == 0 || std::isfinite(state.capacity)) {
        if (t > 0) {
          state.grown_capacity *= factor;
        }
        set_capacity(provider, online, static_cast<int>(t), state, events);
      }
      column(capacity_, t * providers_ + i) = state.capacity;
      column(fixed_cost_, t * providers_ + i) = fixed_cost_now(provider, state);
    }
    if (std::isfinite(column(capacity_, i))) {
      capped_[i] = 1;
    }
  }
  any_capped_ = std::find(capped_.begin(), capped_.end(), 1) != capped_.end();
}

void LockstepStepper::tabulate_groups(std::size_t lane, const MarketModel& model, bool shared) {
  const auto& p = model.parameters();
  const auto column = [lane](std::vector<double>& table, std::size_t entry) -> double& {
    return table[entry * kPaths + lane];
  };
  // The books at t = 0 as QuarterStepper::initialise makes them: the segment books, then
  // CustomerGroupStep's split into rows (which moves the part of a provider that may not serve a
  // group to those that may, so the segment books become the rows' sums).
  if (group_step_models_[lane] != &model) {
    group_steps_[lane] = std::make_unique<CustomerGroupStep>(model);
    group_step_models_[lane] = &model;
  }
  CustomerGroupStep& step = *group_steps_[lane];
  PathState& state = group_state_;
  state.demand.resize(segments_);
  state.revenue.resize(cells_);
  state.providers.resize(providers_);
  for (std::size_t s = 0; s < segments_; ++s) {
    state.demand[s] = column(initial_demand_, s);
    for (std::size_t i = 0; i < providers_; ++i) {
      state.revenue[s * providers_ + i] = column(initial_revenue_, s * providers_ + i);
    }
  }
  step.initialise(state);
  for (std::size_t k = 0; k < cells_; ++k) {
    column(initial_revenue_, k) = state.revenue[k];
  }
  for (std::size_t r = 0; r < group_rows_; ++r) {
    column(initial_group_demand_, r) = state.group_demand[r];
    for (std::size_t i = 0; i < providers_; ++i) {
      column(initial_group_revenue_, r * providers_ + i) = state.group_revenue[r * providers_ + i];
    }
  }
  // w_{s,g}(t) of every quarter a step ends in (t ≤ steps() < quarters), as weights_at makes them.
  std::vector<double>& inputs = group_inputs_scratch_;  // kept: no allocation per four paths
  inputs.clear();
  for (const CustomerGroupParameters& group : p.customer_groups) {
    inputs.push_back(group.growth_offset);
    inputs.insert(inputs.end(), group.share.begin(), group.share.end());
  }
  // Compared bit for bit (memcmp, not ==): the cache holds what these very bits give.
  if (inputs.size() != group_weight_inputs_.size() ||
      std::memcmp(inputs.data(), group_weight_inputs_.data(), inputs.size() * sizeof(double)) !=
          0) {
    group_weight_inputs_ = inputs;
    group_weight_cache_.assign(quarters_ * group_rows_, 0.0);
    for (std::size_t t = 1; t < quarters_; ++t) {
      group_weights(p, static_cast<int>(t),
                    std::span(group_weight_cache_).subspan(t * group_rows_, group_rows_));
    }
  }
  for (std::size_t k = 0; k < quarters_ * group_rows_; ++k) {
    column(group_weight_, k) = group_weight_cache_[k];
  }
  // CustomerGroupStep::choose's terms: where the provider may be chosen in the row, k_{i,s,g} =
  // min(1, k_{i,s} c_g) and u_{i,s,g} = u_{i,s} + β_eco,s ΔE_{i,g}.
  for (std::size_t g = 0; g < groups_; ++g) {
    const CustomerGroupParameters& group = p.customer_groups[g];
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t r = g * segments_ + s;
      for (std::size_t i = 0; i < providers_; ++i) {
        const std::size_t k = r * providers_ + i;
        column(group_churn_, k) =
            std::min(1.0, p.providers[i].segments[s].churn_rate * group.churn_multiplier);
        column(group_bonus_, k) = p.segments[s].ecosystem_sensitivity * group.stronghold[i];
      }
    }
    if (shared) {
      for (std::size_t i = 0; i < providers_; ++i) {
        group_serves_[g * providers_ + i] = step.may_serve(g, i) ? 1 : 0;
      }
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::tabulate_utilities() {
  // (−β_price ln P + β_cap (K + drift)) + β_eco E, in compute_choice's order, for every quarter;
  // −∞ where the provider cannot be chosen.
  std::vector<double>& drift = drift_scratch_;
  std::fill(drift.begin(), drift.end(), 0.0);
  for (std::size_t t = 0; t < quarters_; ++t) {
    for (std::size_t k = 0; k < cells_; ++k) {
      const Doubles capability =
          load(utility_terms_, 4 * k + 1) * (load(utility_terms_, 4 * k + 2) + load(drift, k));
      const Doubles u = load(utility_terms_, 4 * k) + capability + load(utility_terms_, 4 * k + 3);
      store(shared_utility_, t * cells_ + k, eligible_[k] != 0 ? u : splat(kCannotChoose));
      if (priced_[k % providers_] != 0) {
        store(capability_term_, t * cells_ + k, capability);  // the price's term is the lane's now
      }
    }
    for (std::size_t k = 0; k < cells_; ++k) {
      store(drift, k, load(drift, k) + load(capability_step_, k % providers_));
    }
  }
  utilities_stale_ = false;
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::initialise(std::span<const double> attraction_normals) {
  if (utilities_stale_ && !dynamic_) {
    tabulate_utilities();
  }
  quarter_ = 0;
  for (std::size_t s = 0; s < segments_; ++s) {
    store(demand_, s, load(initial_demand_, s));
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    store(revenue_, k, load(initial_revenue_, k));
  }
  for (std::size_t r = 0; r < group_rows_; ++r) {
    store(group_demand_, r, load(initial_group_demand_, r));
  }
  for (std::size_t k = 0; k < group_rows_ * providers_; ++k) {
    store(group_revenue_, k, load(initial_group_revenue_, k));
  }
  // initial_attraction_noise: σ_η ε.
  const Doubles sigma = load(noise_terms_, 0);
  for (std::size_t k = 0; k < cells_; ++k) {
    store(attraction_noise_, k, sigma * lanes_of(attraction_normals, cells_, k));
  }
  for (std::size_t i = 0; i < providers_; ++i) {
    store(cumulative_profit_, i, splat(0.0));
  }
  diverged_ = 0;
  std::fill(unserved_.begin(), unserved_.end(), 0.0);
  std::fill(regime_.begin(), regime_.end(), kNormalRegime);
  for (std::size_t i = 0; i < providers_; ++i) {
    store(margin_, i, load(profit_terms_, 2 * i));
    store(price_, i, load(cost_terms_, 3 * i + 2));
    store(reference_revenue_, i, splat(0.0));
    store(peak_revenue_, i, splat(0.0));
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    store(price_term_, k, load(utility_terms_, 4 * k));
  }
  if (dynamic_) {
    std::fill(captive_.begin(), captive_.end(), 0.0);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      initialise_lane_path(lane);
    }
  } else if (any_priced_) {
    price_on_cost();
  }
  book_profits();
  if (dynamic_) {
    profits_to_paths();
    for (std::size_t lane = 0; lane < kLanes && revenue_history_; ++lane) {
      PathState& path = paths_[lane];
      path.revenue_history.assign(path.revenue.begin(), path.revenue.end());
    }
  }
}

void LockstepStepper::initialise_lane_path(std::size_t lane) {
  // QuarterStepper::initialise's providers, on the books the lanes start from.
  const MarketModel& model = *lane_models_[lane];
  const auto& p = model.parameters();
  PathState& path = paths_[lane];
  path.captive.assign(captive_books_ ? cells_ : 0, 0.0);
  path.revenue_history.clear();
  ProviderStep::initialise(model, path);
  if (groups_ > 0) {
    CustomerGroupStep::initial_group_ecosystem(p, path.providers);
  }
  books_to_path(lane, false);
  ProviderStep::price_on_cost(model, path);
  for (std::size_t i = 0; i < providers_; ++i) {
    const ProviderState& provider = path.providers[i];
    margin_[i * kLanes + lane] = provider.attributes.margin;
    fixed_cost_[i * kLanes + lane] = fixed_cost_now(p.providers[i], provider);
    capacity_[i * kLanes + lane] = provider.capacity;
  }
  // What the lane's tables were last written from belongs to the path before: write them afresh.
  const auto unknown = std::numeric_limits<double>::quiet_NaN();
  std::fill_n(lane_price_of_log_.begin() + static_cast<std::ptrdiff_t>(lane * providers_),
              providers_, unknown);
  std::fill_n(lane_affinity_.begin() + static_cast<std::ptrdiff_t>(lane * providers_), providers_,
              unknown);
  const std::size_t bonuses = providers_ * groups_;
  std::fill_n(lane_group_bonus_of_.begin() + static_cast<std::ptrdiff_t>(lane * bonuses), bonuses,
              unknown);
  // Only a provider with a strategy, a price on cost or a capability that drifts can move
  // within the path (an exit takes the lane out): the others' terms are written here once.
  for (std::size_t i = 0; i < providers_; ++i) {
    const ProviderParameters& config = p.providers[i];
    lane_moving_[lane * providers_ + i] =
        !config.phases.empty() || config.has_unit_cost ||
                path.providers[i].attributes.capability_growth != 0.0
            ? 1
            : 0;
  }
  write_lane_terms(lane, true);
}

void LockstepStepper::books_to_path(std::size_t lane, bool with_groups) {
  PathState& path = paths_[lane];
  path.demand.resize(segments_);
  path.revenue.resize(cells_);
  for (std::size_t s = 0; s < segments_; ++s) {
    path.demand[s] = demand_[s * kLanes + lane];
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    path.revenue[k] = revenue_[k * kLanes + lane];
  }
  if (!with_groups) {
    return;
  }
  for (std::size_t k = 0; k < path.captive.size(); ++k) {
    path.captive[k] = captive_[k * kLanes + lane];
  }
  path.group_demand.resize(group_rows_);
  path.group_revenue.resize(group_rows_ * providers_);
  for (std::size_t r = 0; r < group_rows_; ++r) {
    path.group_demand[r] = group_demand_[r * kLanes + lane];
  }
  for (std::size_t k = 0; k < group_rows_ * providers_; ++k) {
    path.group_revenue[k] = group_revenue_[k * kLanes + lane];
  }
}

void LockstepStepper::books_from_path(std::size_t lane) {
  const PathState& path = paths_[lane];
  for (std::size_t s = 0; s < segments_; ++s) {
    demand_[s * kLanes + lane] = path.demand[s];
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    revenue_[k * kLanes + lane] = path.revenue[k];
  }
  for (std::size_t k = 0; k < path.captive.size(); ++k) {
    captive_[k * kLanes + lane] = path.captive[k];
  }
  for (std::size_t r = 0; r < group_rows_; ++r) {
    group_demand_[r * kLanes + lane] = path.group_demand[r];
  }
  for (std::size_t k = 0; k < group_rows_ * providers_; ++k) {
    group_revenue_[k * kLanes + lane] = path.group_revenue[k];
  }
}

void LockstepStepper::profits_to_paths() {
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    for (std::size_t i = 0; i < providers_; ++i) {
      ProviderState& provider = paths_[lane].providers[i];
      provider.profit = profit_[i * kLanes + lane];
      provider.cumulative_profit = cumulative_profit_[i * kLanes + lane];
    }
  }
}

void LockstepStepper::begin_lane_quarter(std::size_t lane, std::span<const double> review_draws) {
  // QuarterStepper::advance's first steps: the strategies at t, then pricing on cost.
  const MarketModel& model = *lane_models_[lane];
  PathState& path = paths_[lane];
  books_to_path(lane, false);
  provider_step_.run_strategies(model, static_cast<int>(quarter_), review_draws, path);
  ProviderStep::price_on_cost(model, path);
  write_lane_terms(lane, false);
}

void LockstepStepper::write_lane_terms(std::size_t lane, bool every_provider) {
  const MarketModel& model = *lane_models_[lane];
  const auto& p = model.parameters();
  const PathState& path = paths_[lane];
  char* const eligible = lane_eligible_.data() + lane * cells_;
  const char* const moving = lane_moving_.data() + lane * providers_;
  for (std::size_t i = 0; i < providers_; ++i) {
    if (!every_provider && moving[i] == 0) {
      continue;
    }
    const ProviderState& provider = path.providers[i];
    const ProviderAttributes& a = provider.attributes;
    // QuarterStepper::refresh_provider_terms's logarithm, then compute_choice's u less η.
    double& price_of_log = lane_price_of_log_[lane * providers_ + i];
    double& log_price = lane_log_price_[lane * providers_ + i];
    if (a.price_index != price_of_log) {
      price_of_log = a.price_index;
      log_price = std::log(a.price_index);
    }
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t k = s * providers_ + i;  // MarketModel::cell(s, i)
      const SegmentParameters& segment = p.segments[s];
      const bool can_choose = provider.active && provider.present[s] != 0;
      eligible[k] = can_choose ? 1 : 0;
      churn_[k * kLanes + lane] = can_choose ? p.providers[i].segments[s].churn_rate : 1.0;
      const double u =
          -segment.price_sensitivity * log_price +
          segment.capability_sensitivity * (a.capability[s] + provider.capability_drift[s]) +
          segment.ecosystem_sensitivity * a.ecosystem[s];
      shared_utility_[k * kLanes + lane] = can_choose ? u : kCannotChoose;
    }
    margin_[i * kLanes + lane] = a.margin;
  }
  // The affinities' logit weights, again only when an affinity moved.
  bool affinity_changed = false;
  for (std::size_t i = 0; i < providers_; ++i) {
    affinity_changed = affinity_changed || path.providers[i].attributes.affinity !=
                                               lane_affinity_[lane * providers_ + i];
  }
  if (affinity_changed) {
    double max_affinity = kCannotChoose;
    for (const auto& provider : path.providers) {
      max_affinity = std::max(max_affinity, provider.attributes.affinity);
    }
    for (std::size_t i = 0; i < providers_; ++i) {
      const double affinity = path.providers[i].attributes.affinity;
      lane_affinity_[lane * providers_ + i] = affinity;
      affinity_weight_[i * kLanes + lane] = std::exp(affinity - max_affinity);
    }
  }
  // CustomerGroupStep::choose's β_eco,s ΔE_{i,g}, again only when a ΔE moved.
  for (std::size_t i = 0; i < providers_ && groups_ > 0; ++i) {
    if (!every_provider && moving[i] == 0) {
      continue;
    }
    const std::vector<double>& bonus = path.providers[i].attributes.group_ecosystem;
    double* const bonus_of = lane_group_bonus_of_.data() + (lane * providers_ + i) * groups_;
    for (std::size_t g = 0; g < groups_; ++g) {
      if (bonus[g] == bonus_of[g]) {
        continue;
      }
      bonus_of[g] = bonus[g];
      for (std::size_t s = 0; s < segments_; ++s) {
        group_bonus_[((g * segments_ + s) * providers_ + i) * kLanes + lane] =
            p.segments[s].ecosystem_sensitivity * bonus[g];
      }
    }
  }
}

void LockstepStepper::release_captive_books(std::size_t lane) {
  const char* const eligible = lane_eligible_.data() + lane * cells_;
  for (std::size_t k = 0; k < cells_; ++k) {
    if (eligible[k] == 0) {
      released_[(k / providers_) * kLanes + lane] += captive_[k * kLanes + lane];
      captive_[k * kLanes + lane] = 0.0;
    }
  }
}

void LockstepStepper::migrate(std::size_t lane, std::size_t next_quarter) {
  const MarketModel& model = *lane_models_[lane];
  const auto& p = model.parameters();
  const int next = static_cast<int>(next_quarter);
  // A quarter in which no migration moves spend changes nothing on a path (apply_migrations moves
  // nothing, and the group books' sums are what the lanes hold): skipped.
  const bool any_active = std::any_of(p.migrations.begin(), p.migrations.end(),
                                      [&](const auto& m) { return migration_active(m, next); });
  if (!any_active) {
    return;
  }
  PathState& path = paths_[lane];
  books_to_path(lane, true);
  apply_migrations(p, next, std::span(lane_eligible_).subspan(lane * cells_, cells_), path.revenue,
                   path.captive, path.demand, moved_);
  if (groups_ > 0) {
    group_steps_[lane]->spread_migrations(next, moved_, path);
  }
  books_from_path(lane);
}

void LockstepStepper::grow_lane_capacity(std::size_t lane, std::size_t next_quarter) {
  const MarketModel& model = *lane_models_[lane];
  PathState& path = paths_[lane];
  provider_step_.grow_capacity(model, static_cast<int>(next_quarter), path, lane_caps_);
  for (std::size_t i = 0; i < providers_; ++i) {
    const std::size_t at = (next_quarter * providers_ + i) * kLanes + lane;
    capacity_[at] = lane_caps_[i];
    fixed_cost_[at] = fixed_cost_now(model.parameters().providers[i], path.providers[i]);
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::compute_choice() {
  const auto& p = model_.parameters();
  // A dynamic model's lanes hold this quarter's in the first row (write_lane_terms).
  const std::size_t shared = dynamic_ ? 0 : quarter_ * cells_;
  if (any_priced_ && !dynamic_) {
    refresh_priced_utilities();  // a dynamic model's lanes wrote theirs (write_lane_terms)
  }
  // With groups the segment utilities are the group rows' terms, not a row of the kernel.
  std::vector<double>& segment_utility = groups_ > 0 ? segment_utility_ : utility_rows_;
  for (std::size_t s = 0; s < segments_; ++s) {
    Doubles row_max = splat(kCannotChoose);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;  // MarketModel::cell(s, i)
      const Doubles base = load(shared_utility_, shared + k);
      // −∞ + η is −∞: a dynamic model's lanes, whose eligibility differs, add it everywhere.
      const Doubles u = dynamic_ || eligible_[k] != 0 ? base + load(attraction_noise_, k) : base;
      row_max = select(row_max < u, u, row_max);  // std::max(row_max, u), provider by provider
      store(segment_utility, k, u);
    }
    store(max_utility_rows_, s, row_max);
  }
  if (groups_ > 0) {
    compute_group_rows();
  }
  const std::size_t rows = groups_ > 0 ? group_rows_ : segments_;
  const std::span<const double> second_cloud(second_cloud_.data() + quarter_ * kLanes, kLanes);
  if (p.multi_cloud.second_cloud_rule == SecondCloudRule::excludes_primary) {
    choice_blocks_excluding_primary(rows, providers_, utility_rows_, max_utility_rows_,
                                    affinity_weight_, second_cloud, choice_scratch_, choice_rows_);
    return;
  }
  // The v1 rule, row by row through the scalar kernel, with each lane's weights.
  const std::span<double> row(choice_scratch_.data(), providers_);
  const std::span<double> row_choice(choice_scratch_.data() + providers_, providers_);
  const std::span<double> weights(choice_scratch_.data() + 2 * providers_, providers_);
  for (std::size_t s = 0; s < rows; ++s) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      for (std::size_t i = 0; i < providers_; ++i) {
        row[i] = utility_rows_[(s * providers_ + i) * kLanes + lane];
        weights[i] = affinity_weight_[i * kLanes + lane];
      }
      choice_probabilities(row, max_utility_rows_[s * kLanes + lane], weights, second_cloud[lane],
                           row_choice);
      for (std::size_t i = 0; i < providers_; ++i) {
        choice_rows_[(s * providers_ + i) * kLanes + lane] = row_choice[i];
      }
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::compute_group_rows() {
  for (std::size_t g = 0; g < groups_; ++g) {
    const char* const serves = group_serves_.data() + g * providers_;
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t r = g * segments_ + s;
      Doubles row_max = splat(kCannotChoose);
      for (std::size_t i = 0; i < providers_; ++i) {
        const std::size_t k = r * providers_ + i;
        const Doubles u = load(segment_utility_, s * providers_ + i);
        // Chosen where the segment's provider can be (u ≠ −∞) and may serve the group.
        const Masks eligible = serves[i] != 0 ? u != splat(kCannotChoose) : Masks{0, 0, 0, 0};
        const Doubles value = select(eligible, u + load(group_bonus_, k), splat(kCannotChoose));
        store(utility_rows_, k, value);
        store(group_churn_now_, k, select(eligible, load(group_churn_, k), splat(1.0)));
        row_max = select(row_max < value, value, row_max);
      }
      store(max_utility_rows_, r, row_max);
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::reallocate_groups(std::size_t s, std::size_t next_quarter) {
  // The rows' demands at t + 1 from the segment's by the weights; the last group takes the rest.
  Doubles grouped = load(demand_, s);
  Doubles released = splat(0.0);
  Doubles grouped_before = splat(0.0);
  if (captive_books_) {
    // Captive books sit outside the groups and grow with the segment; the groups share the rest.
    const Doubles market_growth = grouped / load(demand_before_, s);
    for (std::size_t i = 0; i < providers_; ++i) {
      const Doubles captive = load(captive_, s * providers_ + i) * market_growth;
      store(captive_, s * providers_ + i, captive);
      grouped -= captive;
    }
    grouped = select(splat(0.0) < grouped, grouped, splat(0.0));  // std::max(0.0, grouped)
    // Captive spend released this quarter joins the groups' demand at t, pro rata to it.
    released = load(released_, s);
    for (std::size_t g = 0; g < groups_; ++g) {
      grouped_before += load(group_demand_, g * segments_ + s);
    }
    grouped_before = select(released > splat(0.0), grouped_before, splat(0.0));
  }
  Doubles others = splat(0.0);
  for (std::size_t g = 0; g < groups_; ++g) {
    const std::size_t r = g * segments_ + s;
    Doubles after;
    if (g + 1 < groups_) {
      after = grouped * load(group_weight_, next_quarter * group_rows_ + r);
    } else {
      const Doubles rest = grouped - others;
      after = select(splat(0.0) < rest, rest, splat(0.0));  // std::max(0.0, rest)
    }
    others += after;
    // reallocate_segment where the row held demand; all of it contested where it held none.
    Doubles before = load(group_demand_, r);
    if (captive_books_) {
      before = select(grouped_before > splat(0.0), before + released * (before / grouped_before),
                      before);
    }
    const Doubles market_growth = after / before;
    const Masks held = before > splat(0.0);
    Doubles kept_total = splat(0.0);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = r * providers_ + i;
      const Doubles churn = load(group_churn_now_, k);
      if (any_capped_) {
        // What capacity never cuts, as CustomerGroupStep::reallocate keeps it: (1 − k) R growth.
        store(kept_rows_, k,
              select(held, (1.0 - churn) * load(group_revenue_, k) * market_growth, splat(0.0)));
      }
      const Doubles book = load(group_revenue_, k) * ((1.0 - churn) * market_growth);
      store(group_revenue_, k, book);
      kept_total += book;
    }
    const Doubles contested = after - kept_total;
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = r * providers_ + i;
      const Doubles choice = load(choice_rows_, k);
      store(group_revenue_, k,
            select(held, load(group_revenue_, k) + choice * contested, choice * after));
    }
    store(group_demand_, r, after);
  }
}

// R ← R + π Q for segment s's providers, Q the pool: the last step of re-allocation.
inline void LockstepStepper::share_out_pool(std::size_t s, Doubles pool) {
  for (std::size_t i = 0; i < providers_; ++i) {
    const std::size_t k = s * providers_ + i;
    store(revenue_, k, load(revenue_, k) + load(choice_rows_, k) * pool);
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::reallocate_captive_segment(std::size_t s) {
  // reallocate_segment_with_captive: C ← C g; B = (1 − k)(max(R − C, 0)) g; R ← C + B + π Q.
  const Doubles after = load(demand_, s);
  const Doubles market_growth = after / load(demand_before_, s);
  Doubles kept_total = splat(0.0);
  for (std::size_t i = 0; i < providers_; ++i) {
    const std::size_t k = s * providers_ + i;
    const Doubles difference = load(revenue_, k) - load(captive_, k);
    const Doubles contested = select(difference < splat(0.0), splat(0.0), difference);
    const Doubles captive = load(captive_, k) * market_growth;
    store(captive_, k, captive);
    const Doubles kept = contested * ((1.0 - load(churn_, k)) * market_growth);
    store(kept_rows_, k, kept);  // what capacity never cuts, with the captive book added later
    const Doubles book = captive + kept;
    store(revenue_, k, book);
    kept_total += book;
  }
  share_out_pool(s, after - kept_total);
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::sum_group_books() {
  // R_{i,s} = ((R_{i,s,0} + R_{i,s,1}) + …) + C_{i,s}, the rows' books in group order.
  for (std::size_t k = 0; k < cells_; ++k) {
    Doubles total = load(group_revenue_, k);
    for (std::size_t g = 1; g < groups_; ++g) {
      total += load(group_revenue_, g * cells_ + k);
    }
    if (captive_books_) {
      total += load(captive_, k);
    }
    store(revenue_, k, total);
  }
}

inline Doubles LockstepStepper::room(std::size_t i, Doubles cap) const {
  if (groups_ == 0 || !captive_books_) {
    return cap;
  }
  // CustomerGroupStep::enforce_capacity: the group rows share what the captive books leave.
  Doubles held = splat(0.0);
  for (std::size_t s = 0; s < segments_; ++s) {
    held += load(captive_, s * providers_ + i);
  }
  const Doubles left = cap - held;
  return select(splat(0.0) < left, left, splat(0.0));  // std::max(0.0, cap − held)
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::enforce_capacity(std::size_t next_quarter) {
  // enforce_capacity's first test, provider by provider, with its sums and comparison: a lane
  // passes only where it would change nothing at all.
  const std::size_t rows = groups_ > 0 ? group_rows_ : segments_;
  const std::vector<double>& books = groups_ > 0 ? group_revenue_ : revenue_;
  Masks over = {0, 0, 0, 0};
  for (std::size_t i = 0; i < providers_; ++i) {
    if (capped_[i] == 0) {
      continue;
    }
    Doubles total = splat(0.0);
    for (std::size_t r = 0; r < rows; ++r) {
      total += load(books, r * providers_ + i);
    }
    const Doubles cap = room(i, load(capacity_, next_quarter * providers_ + i));
    const Doubles excess = total - cap;
    // A lane where this provider is uncapped (cap ∞) is never over: −∞ ≤ ∞.
    over |= ~(excess <= cap * kCapacitySlack);
  }
  bool any_over = false;
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    if (over[lane] != 0) {
      enforce_lane_capacity(lane, next_quarter);
      any_over = true;
    }
  }
  if (any_over && groups_ > 0) {
    sum_group_books();  // the same sums on the lanes that were not over
  }
}

void LockstepStepper::enforce_lane_capacity(std::size_t lane, std::size_t next_quarter) {
  // The lane's rows laid out as its path's (group rows with customer groups, else segments), the
  // path's enforce_capacity on them, and back.
  const std::size_t rows = groups_ > 0 ? group_rows_ : segments_;
  std::vector<double>& books = groups_ > 0 ? group_revenue_ : revenue_;
  std::vector<double>& demand = groups_ > 0 ? group_demand_ : demand_;
  for (std::size_t k = 0; k < rows * providers_; ++k) {
    lane_books_[k] = books[k * kLanes + lane];
    lane_kept_[k] = kept_rows_[k * kLanes + lane];
    lane_choice_[k] = choice_rows_[k * kLanes + lane];
  }
  for (std::size_t r = 0; r < rows; ++r) {
    lane_demand_[r] = demand[r * kLanes + lane];
  }
  for (std::size_t i = 0; i < providers_; ++i) {
    lane_capacity_[i] = room(i, load(capacity_, next_quarter * providers_ + i))[lane];
  }
  // A dynamic model's eligibility is each lane's own: where its row's utility is not −∞ (as
  // QuarterStepper's and CustomerGroupStep's).
  std::span<const char> eligible = row_eligible_;
  if (dynamic_) {
    for (std::size_t k = 0; k < rows * providers_; ++k) {
      lane_row_eligible_[k] = utility_rows_[k * kLanes + lane] != kCannotChoose ? 1 : 0;
    }
    eligible = lane_row_eligible_;
  }
  model::enforce_capacity(
      {rows, providers_, lane_kept_, lane_choice_, eligible, lane_capacity_, capacity_scratch_},
      lane_books_, lane_demand_, lane_unserved_);
  for (std::size_t k = 0; k < rows * providers_; ++k) {
    books[k * kLanes + lane] = lane_books_[k];
  }
  for (std::size_t r = 0; r < rows; ++r) {
    demand[r * kLanes + lane] = lane_demand_[r];
  }
  if (groups_ == 0) {
    for (std::size_t s = 0; s < segments_; ++s) {
      unserved_[s * kLanes + lane] = lane_unserved_[s];
    }
    return;
  }
  // CustomerGroupStep::enforce_capacity: a segment's unserved demand is its rows', group by group,
  // and leaves the segment's demand.
  for (std::size_t s = 0; s < segments_; ++s) {
    double unserved = lane_unserved_[s];
    for (std::size_t g = 1; g < groups_; ++g) {
      unserved += lane_unserved_[g * segments_ + s];
    }
    unserved_[s * kLanes + lane] = unserved;
    demand_[s * kLanes + lane] -= unserved;
  }
}

void LockstepStepper::price_on_cost() {
  for (std::size_t i = 0; i < providers_; ++i) {
    if (priced_[i] == 0) {
      continue;
    }
    // QuarterStepper::provider_revenue, then economics.cpp's price_on_cost lane by lane (pow is
    // libm's, as there; unit_cost_factor is 1 without a chip programme's phase).
    double revenue[kLanes] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t s = 0; s < segments_; ++s) {
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        revenue[lane] += revenue_[(s * providers_ + i) * kLanes + lane];
      }
    }
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      const std::size_t at = i * kLanes + lane;
      if (reference_revenue_[at] <= 0.0 && revenue[lane] > 0.0) {
        reference_revenue_[at] = revenue[lane];
      }
      peak_revenue_[at] = std::max(peak_revenue_[at], revenue[lane]);
      const double unit_cost = cost_terms_[3 * i * kLanes + lane];
      const double elasticity = cost_terms_[(3 * i + 1) * kLanes + lane];
      double scale = 1.0;
      if (elasticity != 0.0 && reference_revenue_[at] > 0.0) {
        scale = std::pow(peak_revenue_[at] / reference_revenue_[at], -elasticity);
      }
      const double cost = unit_cost * scale * 1.0;
      const double before = price_[at];
      double& price = price_[at];
      if (price_floor_[i] != 0) {
        price = std::max(price, cost);
      }
      margin_[at] = 1.0 - cost / price;
      if (price != before) {
        // −β_price ln P of the provider's cells, as tabulate and QuarterStepper compute it.
        const double log_price = std::log(price);
        for (std::size_t s = 0; s < segments_; ++s) {
          price_term_[(s * providers_ + i) * kLanes + lane] =
              -price_sensitivity_[s * kLanes + lane] * log_price;
        }
      }
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::refresh_priced_utilities() {
  for (std::size_t k = 0; k < cells_; ++k) {
    if (priced_[k % providers_] == 0 || eligible_[k] == 0) {
      continue;
    }
    const std::size_t at = quarter_ * cells_ + k;
    store(shared_utility_, at,
          load(price_term_, k) + load(capability_term_, at) + load(utility_terms_, 4 * k + 3));
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::book_profits() {
  Doubles exits = splat(0.0);
  for (std::size_t i = 0; i < providers_; ++i) {
    Doubles revenue = splat(0.0);
    for (std::size_t s = 0; s < segments_; ++s) {
      revenue += load(revenue_, model_.cell(s, i));
    }
    const Doubles profit = load(margin_, i) * revenue -
                           load(fixed_cost_, quarter_ * providers_ + i);  // fixed_cost_now
    const Doubles cumulative = load(cumulative_profit_, i) + profit;
    store(profit_, i, profit);
    store(cumulative_profit_, i, cumulative);
    exits = select(cumulative < load(profit_terms_, 2 * i + 1), splat(1.0), exits);
  }
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    if (exits[lane] != 0.0) {
      diverged_ |= 1u << lane;
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::advance(int quarter, std::span<const double> demand_normals,
                              std::span<const double> attraction_normals,
                              std::span<const double> review_draws) {
  quarter_ = static_cast<std::size_t>(quarter);
  // A lane that has left (an exit) is simulated again alone: its scalar work is skipped.
  const auto lane_left = [this](std::size_t lane) { return (diverged_ >> lane & 1u) != 0; };
  if (dynamic_) {
    // Every lane's draws, always: a review must never quietly read a draw nobody made.
    if (review_draws.size() != kLanes * providers_) {
      throw std::logic_error("LockstepStepper::advance: one review draw per lane and provider");
    }
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      if (!lane_left(lane)) {
        begin_lane_quarter(lane, review_draws.subspan(lane * providers_, providers_));
      }
    }
  } else if (any_priced_) {
    price_on_cost();  // QuarterStepper::price_providers_on_cost, before the choice
  }
  compute_choice();

  // advance_demand: D_s ← D_s exp(μ_s(t) + σ_s z_s), z = L ε.
  for (std::size_t s = 0; s < segments_; ++s) {
    const Doubles before = load(demand_, s);
    store(demand_before_, s, before);
    Doubles shock = splat(0.0);
    for (std::size_t j = 0; j <= s; ++j) {
      shock += load(shock_factor_, s * segments_ + j) * lanes_of(demand_normals, segments_, j);
    }
    Doubles drift = load(log_drift_, quarter_ * segments_ + s);
    if (const int chain = segment_chain_[s]; chain >= 0) {
      Masks slowdown;
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        slowdown[lane] =
            regime_[lane * regime_chains_ + static_cast<std::size_t>(chain)] == kSlowdownRegime ? -1
                                                                                                : 0;
      }
      drift = select(slowdown, load(slowdown_log_drift_, quarter_ * segments_ + s), drift);
    }
    const Doubles exponent = drift + load(volatility_, s) * shock;
    Doubles growth;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      growth[lane] = std::exp(exponent[lane]);  // libm's, as advance_demand's
    }
    store(demand_, s, before * growth);
  }

  if (captive_books_) {
    std::fill(released_.begin(), released_.end(), 0.0);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      if (!lane_left(lane)) {
        release_captive_books(lane);
      }
    }
  }
  // reallocate_segment, segment by segment, or row by row of the groups.
  if (groups_ > 0) {
    for (std::size_t s = 0; s < segments_; ++s) {
      reallocate_groups(s, quarter_ + 1);
    }
    sum_group_books();
  }
  for (std::size_t s = 0; s < segments_ && groups_ == 0 && captive_books_; ++s) {
    reallocate_captive_segment(s);
  }
  for (std::size_t s = 0; s < segments_ && groups_ == 0 && !captive_books_; ++s) {
    const Doubles after = load(demand_, s);
    const Doubles market_growth = after / load(demand_before_, s);
    Doubles kept_total = splat(0.0);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;
      const Doubles churn = load(churn_, k);
      if (any_capped_) {
        // What capacity never cuts, as QuarterStepper::advance keeps it: (1 − k) R growth.
        store(kept_rows_, k, (1.0 - churn) * load(revenue_, k) * market_growth);
      }
      const Doubles book = load(revenue_, k) * ((1.0 - churn) * market_growth);
      store(revenue_, k, book);
      kept_total += book;
    }
    share_out_pool(s, after - kept_total);
  }
  for (std::size_t lane = 0; lane < kLanes && migrations_; ++lane) {
    if (!lane_left(lane)) {
      migrate(lane, quarter_ + 1);
    }
  }
  if (captive_books_ && groups_ == 0 && any_capped_) {
    // Capacity never cuts a captive book: it is part of what a provider keeps.
    for (std::size_t k = 0; k < cells_; ++k) {
      store(kept_rows_, k, load(kept_rows_, k) + load(captive_, k));
    }
  }
  std::fill(unserved_.begin(), unserved_.end(), 0.0);
  for (std::size_t lane = 0; lane < kLanes && dynamic_; ++lane) {
    if (!lane_left(lane)) {
      grow_lane_capacity(lane, quarter_ + 1);
    }
  }
  if (any_capped_) {
    enforce_capacity(quarter_ + 1);
  }

  quarter_ += 1;
  book_profits();
  if (dynamic_) {
    profits_to_paths();
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      if (lane_left(lane)) {
        continue;
      }
      PathState& path = paths_[lane];
      if (revenue_history_) {
        books_to_path(lane, false);
        path.revenue_history.insert(path.revenue_history.end(), path.revenue.begin(),
                                    path.revenue.end());
      }
      ProviderStep::drift_capability(path);
    }
  }

  // advance_attraction_noise: η ← ρ η + σ_η √(1 − ρ²) ε.
  const Doubles persistence = load(noise_terms_, 1);
  const Doubles innovation_scale = load(noise_terms_, 2);
  for (std::size_t k = 0; k < cells_; ++k) {
    store(attraction_noise_, k,
          persistence * load(attraction_noise_, k) +
              innovation_scale * lanes_of(attraction_normals, cells_, k));
  }
}

}  // namespace cloudsim::model
