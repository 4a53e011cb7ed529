#include "model/lockstep_stepper.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/attraction.hpp"
#include "model/choice_lanes.hpp"
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
      demand_(segments_),
      demand_before_(segments_),
      revenue_(cells_),
      attraction_noise_(cells_),
      profit_(providers_),
      cumulative_profit_(providers_),
      capability_drift_(cells_),
      churn_(cells_),
      eligible_(cells_),
      log_price_(providers_),
      affinity_weight_(providers_),
      utility_rows_(kPaths * cells_),
      max_utility_rows_(kPaths * segments_),
      choice_rows_(kPaths * cells_),
      choice_scratch_(choice_rows_scratch_size(providers_)) {}

void LockstepStepper::initialise(std::span<const double> attraction_normals) {
  const auto& p = model_.parameters();
  // QuarterStepper::initialise, with nothing drawn per path but η(0): the books are the same on
  // every path.
  for (std::size_t s = 0; s < segments_; ++s) {
    const bool from_revenue = p.segments[s].books_from_revenue;
    double share_total = 0.0;
    for (std::size_t i = 0; i < providers_; ++i) {
      share_total += p.providers[i].segments[s].initial_share;
    }
    double total = 0.0;
    for (std::size_t i = 0; i < providers_; ++i) {
      const auto& cell = p.providers[i].segments[s];
      const double book = from_revenue
                              ? cell.initial_revenue
                              : p.segments[s].initial_demand * (cell.initial_share / share_total);
      revenue_[model_.cell(s, i)] = splat(book);
      total += book;
    }
    demand_[s] = splat(total);
  }
  // No strategy moves a price or an affinity: QuarterStepper::refresh_provider_terms, once.
  double max_affinity = kCannotChoose;
  for (const auto& provider : p.providers) {
    max_affinity = std::max(max_affinity, provider.multi_cloud_affinity);
  }
  for (std::size_t i = 0; i < providers_; ++i) {
    log_price_[i] = std::log(p.providers[i].price_index);
    affinity_weight_[i] = std::exp(p.providers[i].multi_cloud_affinity - max_affinity);
    for (std::size_t s = 0; s < segments_; ++s) {
      const std::size_t k = model_.cell(s, i);
      eligible_[k] = p.providers[i].segments[s].present ? 1 : 0;
      churn_[k] = eligible_[k] != 0 ? p.providers[i].segments[s].churn_rate : 1.0;
      capability_drift_[k] = 0.0;
    }
  }
  const double sigma = p.attraction_noise.volatility;
  for (std::size_t k = 0; k < cells_; ++k) {
    attraction_noise_[k] = sigma * lanes_of(attraction_normals, cells_, k);
  }
  adoption_ = p.multi_cloud.initial_adoption;
  for (std::size_t i = 0; i < providers_; ++i) {
    cumulative_profit_[i] = splat(0.0);
  }
  diverged_ = 0;
  book_profits();
}

void LockstepStepper::compute_choice() {
  const auto& p = model_.parameters();
  for (std::size_t s = 0; s < segments_; ++s) {
    const auto& segment = p.segments[s];
    Doubles row_max = splat(kCannotChoose);
    for (std::size_t i = 0; i < providers_; ++i) {
      const std::size_t k = s * providers_ + i;  // MarketModel::cell(s, i)
      // QuarterStepper::compute_choice's u = −β_price ln P + β_cap K + β_eco E + η, summed in
      // its order; all but η are the same on every path.
      const double shared =
          -segment.price_sensitivity * log_price_[i] +
          segment.capability_sensitivity *
              (p.providers[i].segments[s].capability + capability_drift_[k]) +
          segment.ecosystem_sensitivity * p.providers[i].segments[s].ecosystem;
      const Doubles u =
          eligible_[k] != 0 ? splat(shared) + attraction_noise_[k] : splat(kCannotChoose);
      row_max = select(row_max < u, u, row_max);  // std::max(row_max, u)
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        utility_rows_[(s * kPaths + lane) * providers_ + i] = u[lane];
      }
    }
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      max_utility_rows_[s * kPaths + lane] = row_max[lane];
    }
  }
  const double second_cloud = p.multi_cloud.second_cloud_spend_share * adoption_;
  const std::size_t rows = segments_ * kPaths;
  if (p.multi_cloud.second_cloud_rule == SecondCloudRule::independent) {
    for (std::size_t r = 0; r < rows; ++r) {
      const auto row = [&](auto& v) { return std::span(v).subspan(r * providers_, providers_); };
      choice_probabilities(row(utility_rows_), max_utility_rows_[r], affinity_weight_,
                           second_cloud, row(choice_rows_));
    }
  } else {
    choice_rows_excluding_primary(rows, utility_rows_, max_utility_rows_, affinity_weight_,
                                  second_cloud, choice_scratch_, choice_rows_);
  }
}

void LockstepStepper::book_profits() {
  const auto& p = model_.parameters();
  for (std::size_t i = 0; i < providers_; ++i) {
    Doubles revenue = splat(0.0);
    for (std::size_t s = 0; s < segments_; ++s) {
      revenue += revenue_[model_.cell(s, i)];
    }
    // fixed_cost_now without a capacity cost (covers() rules it out).
    profit_[i] = p.providers[i].gross_margin * revenue - p.providers[i].fixed_cost;
    cumulative_profit_[i] += profit_[i];
    const auto exits = cumulative_profit_[i] < splat(-p.providers[i].loss_limit);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      if (exits[lane] != 0) {
        diverged_ |= 1u << lane;
      }
    }
  }
}

void LockstepStepper::advance(int quarter, std::span<const double> demand_normals,
                              std::span<const double> attraction_normals) {
  const auto& p = model_.parameters();
  compute_choice();

  // advance_demand: D_s ← D_s exp(μ_s(t) + σ_s z_s), z = L ε.
  const auto& factor = model_.shock_factor();
  for (std::size_t s = 0; s < segments_; ++s) {
    demand_before_[s] = demand_[s];
    Doubles shock = splat(0.0);
    for (std::size_t j = 0; j <= s; ++j) {
      shock += factor(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(j)) *
               lanes_of(demand_normals, segments_, j);
    }
    const Doubles exponent =
        model_.log_drift(quarter, s) + model_.quarterly_volatility(s) * shock;
    Doubles growth;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      growth[lane] = std::exp(exponent[lane]);  // libm's, as advance_demand's
    }
    demand_[s] *= growth;
  }

  // reallocate_segment, segment by segment.
  for (std::size_t s = 0; s < segments_; ++s) {
    const Doubles market_growth = demand_[s] / demand_before_[s];
    Doubles kept_total = splat(0.0);
    for (std::size_t i = 0; i < providers_; ++i) {
      Doubles& book = revenue_[s * providers_ + i];
      book *= (1.0 - churn_[s * providers_ + i]) * market_growth;
      kept_total += book;
    }
    const Doubles contested = demand_[s] - kept_total;
    for (std::size_t i = 0; i < providers_; ++i) {
      const double* const choice = choice_rows_.data() + s * kPaths * providers_ + i;
      const Doubles pi = {choice[0], choice[providers_], choice[2 * providers_],
                          choice[3 * providers_]};
      revenue_[s * providers_ + i] += pi * contested;
    }
  }

  book_profits();

  // advance_attraction_noise, m(t + 1) and the capability drift.
  const auto& noise = p.attraction_noise;
  const double innovation_scale =
      noise.volatility * std::sqrt(1.0 - noise.persistence * noise.persistence);
  for (std::size_t k = 0; k < cells_; ++k) {
    attraction_noise_[k] = noise.persistence * attraction_noise_[k] +
                           innovation_scale * lanes_of(attraction_normals, cells_, k);
  }
  adoption_ = next_multi_cloud_adoption(p.multi_cloud, adoption_);
  for (std::size_t i = 0; i < providers_; ++i) {
    for (std::size_t s = 0; s < segments_; ++s) {
      capability_drift_[model_.cell(s, i)] += p.providers[i].capability_growth / 4.0;
    }
  }
}

}  // namespace cloudsim::model
