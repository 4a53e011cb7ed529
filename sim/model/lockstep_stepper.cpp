#include "model/lockstep_stepper.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/attraction.hpp"
#include "model/choice_lanes.hpp"
#include "model/initial_books.hpp"
#include "model/multi_cloud.hpp"

namespace cloudsim::model {
namespace {

using numeric::Doubles;
using numeric::kLanes;
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

}  // namespace

bool LockstepStepper::covers(const MarketModel& model) {
  const auto& p = model.parameters();
  if (!p.customer_groups.empty() || !p.migrations.empty() || model.has_captive_books() ||
      model.has_growth_regimes() || model.keeps_revenue_history()) {
    return false;
  }
  for (std::size_t i = 0; i < p.providers.size(); ++i) {
    const ProviderParameters& provider = p.providers[i];
    if (!provider.phases.empty() || provider.has_unit_cost || std::isfinite(provider.capacity) ||
        !provider.capacity_additions.empty() || provider.capacity_fixed_cost != 0.0 ||
        model.needs_review_draws(i)) {
      return false;
    }
  }
  return true;
}

LockstepStepper::LockstepStepper(const MarketModel& model)
    : model_(model),
      segments_(model.segment_count()),
      providers_(model.provider_count()),
      cells_(segments_ * providers_),
      demand_(kPaths * segments_),
      demand_before_(kPaths * segments_),
      revenue_(kPaths * cells_),
      attraction_noise_(kPaths * cells_),
      profit_(kPaths * providers_),
      cumulative_profit_(kPaths * providers_),
      initial_demand_(segments_),
      initial_revenue_(cells_),
      adoption_(static_cast<std::size_t>(model.parameters().quarters)),
      shared_utility_(static_cast<std::size_t>(model.parameters().quarters) * cells_),
      eligible_(cells_),
      churn_(cells_),
      affinity_weight_(providers_),
      utility_rows_(kPaths * cells_),
      max_utility_rows_(kPaths * segments_),
      choice_rows_(kPaths * cells_),
      choice_scratch_(choice_rows_scratch_size(providers_)) {
  tabulate_shared_terms();
}

void LockstepStepper::tabulate_shared_terms() {
  const auto& p = model_.parameters();
  // QuarterStepper::initialise's books, with no input drawn per path.
  for (std::size_t s = 0; s < segments_; ++s) {
    initial_demand_[s] = initial_books(
        p, s, std::span<double>(initial_revenue_).subspan(s * providers_, providers_));
  }
  // No strategy moves a price or an affinity: QuarterStepper::refresh_provider_terms, once.
  double max_affinity = kCannotChoose;
  for (const auto& provider : p.providers) {
    max_affinity = std::max(max_affinity, provider.multi_cloud_affinity);
  }
  std::vector<double> log_price(providers_);
  for (std::size_t i = 0; i < providers_; ++i) {
    log_price[i] = std::log(p.providers[i].price_index);
    affinity_weight_[i] = std::exp(p.providers[i].multi_cloud_affinity - max_affinity);
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t k = model_.cell(s, i);
      eligible_[k] = p.providers[i].segments[s].present ? 1 : 0;
      churn_[k] = eligible_[k] != 0 ? p.providers[i].segments[s].churn_rate : 1.0;
    }
  }
  // QuarterStepper::compute_choice's u = −β_price ln P + β_cap (K + drift) + β_eco E + η is
  // summed in that order, so u − η is a partial sum of its own; the drift grows by g/4 a quarter
  // (QuarterStepper::advance) and m(t) by next_multi_cloud_adoption, the same on every path.
  std::vector<double> drift(cells_, 0.0);
  double adoption = p.multi_cloud.initial_adoption;
  for (std::size_t t = 0; t < adoption_.size(); ++t) {
    adoption_[t] = adoption;
    for (std::size_t i = 0; i < providers_; ++i) {
      for (std::size_t s = 0; s < segments_; ++s) {
        const std::size_t k = model_.cell(s, i);
        const auto& segment = p.segments[s];
        const double u =
            -segment.price_sensitivity * log_price[i] +
            segment.capability_sensitivity * (p.providers[i].segments[s].capability + drift[k]) +
            segment.ecosystem_sensitivity * p.providers[i].segments[s].ecosystem;
        shared_utility_[t * cells_ + k] = eligible_[k] != 0 ? u : kCannotChoose;
      }
    }
    adoption = next_multi_cloud_adoption(p.multi_cloud, adoption);
    for (std::size_t i = 0; i < providers_; ++i) {
      for (std::size_t s = 0; s < segments_; ++s) {
        drift[model_.cell(s, i)] += p.providers[i].capability_growth / 4.0;
      }
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::initialise(std::span<const double> attraction_normals) {
  quarter_ = 0;
  for (std::size_t s = 0; s < segments_; ++s) {
    store(demand_, s, splat(initial_demand_[s]));
  }
  for (std::size_t k = 0; k < cells_; ++k) {
    store(revenue_, k, splat(initial_revenue_[k]));
  }
  const double sigma = model_.parameters().attraction_noise.volatility;
  for (std::size_t k = 0; k < cells_; ++k) {
    store(attraction_noise_, k, sigma * lanes_of(attraction_normals, cells_, k));
  }
  for (std::size_t i = 0; i < providers_; ++i) {
    store(cumulative_profit_, i, splat(0.0));
  }
  diverged_ = 0;
  book_profits();
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::compute_choice() {
  const auto& p = model_.parameters();
  const double* const shared = shared_utility_.data() + quarter_ * cells_;
  for (std::size_t s = 0; s < segments_; ++s) {
    Doubles row_max = splat(kCannotChoose);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;  // MarketModel::cell(s, i)
      const Doubles u =
          eligible_[k] != 0 ? shared[k] + load(attraction_noise_, k) : splat(shared[k]);
      row_max = select(row_max < u, u, row_max);  // std::max(row_max, u), provider by provider
      store(utility_rows_, k, u);
    }
    store(max_utility_rows_, s, row_max);
  }
  const double second_cloud = p.multi_cloud.second_cloud_spend_share * adoption_[quarter_];
  if (p.multi_cloud.second_cloud_rule == SecondCloudRule::excludes_primary) {
    choice_blocks_excluding_primary(segments_, utility_rows_, max_utility_rows_, affinity_weight_,
                                    second_cloud, choice_scratch_, choice_rows_);
    return;
  }
  // The v1 rule, row by row through the scalar kernel.
  const std::span<double> row(choice_scratch_.data(), providers_);
  const std::span<double> row_choice(choice_scratch_.data() + providers_, providers_);
  for (std::size_t s = 0; s < segments_; ++s) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      for (std::size_t i = 0; i < providers_; ++i) {
        row[i] = utility_rows_[(s * providers_ + i) * kLanes + lane];
      }
      choice_probabilities(row, max_utility_rows_[s * kLanes + lane], affinity_weight_,
                           second_cloud, row_choice);
      for (std::size_t i = 0; i < providers_; ++i) {
        choice_rows_[(s * providers_ + i) * kLanes + lane] = row_choice[i];
      }
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::book_profits() {
  const auto& p = model_.parameters();
  Doubles exits = splat(0.0);
  for (std::size_t i = 0; i < providers_; ++i) {
    Doubles revenue = splat(0.0);
    for (std::size_t s = 0; s < segments_; ++s) {
      revenue += load(revenue_, model_.cell(s, i));
    }
    // fixed_cost_now without a capacity cost (covers() rules it out).
    const Doubles profit = p.providers[i].gross_margin * revenue - p.providers[i].fixed_cost;
    const Doubles cumulative = load(cumulative_profit_, i) + profit;
    store(profit_, i, profit);
    store(cumulative_profit_, i, cumulative);
    exits = select(cumulative < splat(-p.providers[i].loss_limit), splat(1.0), exits);
  }
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    if (exits[lane] != 0.0) {
      diverged_ |= 1u << lane;
    }
  }
}

CLOUDSIM_LANE_CLONES
void LockstepStepper::advance(int quarter, std::span<const double> demand_normals,
                              std::span<const double> attraction_normals) {
  const auto& p = model_.parameters();
  quarter_ = static_cast<std::size_t>(quarter);
  compute_choice();

  // advance_demand: D_s ← D_s exp(μ_s(t) + σ_s z_s), z = L ε.
  const auto& factor = model_.shock_factor();
  for (std::size_t s = 0; s < segments_; ++s) {
    const Doubles before = load(demand_, s);
    store(demand_before_, s, before);
    Doubles shock = splat(0.0);
    for (std::size_t j = 0; j <= s; ++j) {
      shock += factor(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(j)) *
               lanes_of(demand_normals, segments_, j);
    }
    const Doubles exponent = model_.log_drift(quarter, s) + model_.quarterly_volatility(s) * shock;
    Doubles growth;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      growth[lane] = std::exp(exponent[lane]);  // libm's, as advance_demand's
    }
    store(demand_, s, before * growth);
  }

  // reallocate_segment, segment by segment.
  for (std::size_t s = 0; s < segments_; ++s) {
    const Doubles after = load(demand_, s);
    const Doubles market_growth = after / load(demand_before_, s);
    Doubles kept_total = splat(0.0);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;
      const Doubles book = load(revenue_, k) * ((1.0 - churn_[k]) * market_growth);
      store(revenue_, k, book);
      kept_total += book;
    }
    const Doubles contested = after - kept_total;
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;
      store(revenue_, k, load(revenue_, k) + load(choice_rows_, k) * contested);
    }
  }

  quarter_ += 1;
  book_profits();

  // advance_attraction_noise.
  const auto& noise = p.attraction_noise;
  const double innovation_scale =
      noise.volatility * std::sqrt(1.0 - noise.persistence * noise.persistence);
  for (std::size_t k = 0; k < cells_; ++k) {
    store(attraction_noise_, k,
          noise.persistence * load(attraction_noise_, k) +
              innovation_scale * lanes_of(attraction_normals, cells_, k));
  }
}

}  // namespace cloudsim::model
