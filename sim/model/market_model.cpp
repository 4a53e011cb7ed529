#include "model/market_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/correlation.hpp"
#include "model/model_error.hpp"
#include "model/strategies/strategy_registry.hpp"

namespace cloudsim::model {
namespace {

// Messages are built only on failure: validation runs once per path when inputs are uncertain.
template <typename MakeMessage>
void require(bool condition, MakeMessage&& make_message) {
  if (!condition) {
    throw ModelError(make_message());
  }
}

// Customer groups (docs/model.md, "Customer groups"): one share per segment, summing to a positive
// total (normalised by the model), one stronghold per provider, and someone to serve a private
// group wherever it has demand.
void validate_customer_groups(const MarketParameters& p) {
  const auto& groups = p.customer_groups;
  for (const auto& g : groups) {
    require(g.share.size() == p.segments.size() && g.stronghold.size() == p.providers.size(),
            [&] { return "customer group " + g.name + " must list every segment and provider"; });
    require(g.growth_offset > -1.0 && g.churn_multiplier >= 0.0, [&] {
      return "customer group " + g.name + ": growth offset must be > -1 and churn multiplier >= 0";
    });
    for (double share : g.share) {
      require(share >= 0.0 && share <= 1.0,
              [&] { return "customer group " + g.name + ": shares must be in [0, 1]"; });
    }
  }
  for (std::size_t s = 0; s < p.segments.size() && !groups.empty(); ++s) {
    double total = 0.0;
    for (const auto& g : groups) {
      total += g.share[s];
      if (g.deployment != Deployment::private_hybrid || g.share[s] == 0.0) {
        continue;
      }
      bool served = false;
      for (const auto& provider : p.providers) {
        served = served || (provider.full_stack && provider.segments[s].present);
      }
      require(served, [&] {
        return "customer group " + g.name + " deploys private or hybrid but no full-stack " +
               "provider is present in segment " + p.segments[s].name;
      });
    }
    require(total > 0.0,
            [&] { return "the customer groups hold no share of segment " + p.segments[s].name; });
  }
}

// A group given one share for all segments holds it in share_everywhere (where a drawn value is
// written); the per-segment list the model reads is filled from it.
void spread_uniform_shares(MarketParameters& p) {
  for (auto& g : p.customer_groups) {
    if (g.share_everywhere >= 0.0) {
      g.share.assign(p.segments.size(), g.share_everywhere);
    }
  }
}

// Growth regimes (docs/model.md, "Growth regimes"): probabilities are probabilities, every segment
// names a chain that exists (or none), and penalties are ≥ 0. That growth less the penalty stays
// above −1 is checked where the drift is computed (refresh), quarter by quarter.
void validate_growth_regimes(const MarketParameters& p) {
  const auto& chains = p.growth_regimes.chains;
  for (const auto& chain : chains) {
    const auto probability = [](double x) { return x >= 0.0 && x <= 1.0; };
    require(probability(chain.slowdown_probability) && probability(chain.recovery_probability),
            [&] {
              return "growth regime chain " + chain.name +
                     ": slowdown and recovery probabilities must be in [0, 1]";
            });
  }
  for (const auto& s : p.segments) {
    require(s.regime_chain >= -1 && s.regime_chain < static_cast<int>(chains.size()), [&] {
      return "segment " + s.name + " names a growth regime chain that does not exist";
    });
    require(s.slowdown_penalty >= 0.0 && std::isfinite(s.slowdown_penalty),
            [&] { return "segment " + s.name + ": slowdown penalty must be >= 0"; });
  }
}

// Likewise one slowdown penalty for every segment.
void spread_uniform_penalty(MarketParameters& p) {
  const double penalty = p.growth_regimes.slowdown_penalty_everywhere;
  if (penalty >= 0.0) {
    for (auto& segment : p.segments) {
      segment.slowdown_penalty = penalty;
    }
  }
}

void validate(const MarketParameters& p) {
  require(p.quarters >= 2, [] { return "need at least 2 quarters (the start and one step)"; });
  require(!p.segments.empty(), [] { return "need at least one segment"; });
  require(!p.providers.empty(), [] { return "need at least one provider"; });
  const auto segments = static_cast<Eigen::Index>(p.segments.size());
  require(p.segment_correlation.rows() == segments && p.segment_correlation.cols() == segments,
          [] { return "segment correlation must be a square matrix with one row per segment"; });
  for (const auto& s : p.segments) {
    require(s.books_from_revenue || s.initial_demand > 0.0,
            [&] { return "segment " + s.name + ": initial demand must be > 0"; });
    require(s.growth_initial > -1.0 && s.growth_long_run > -1.0,
            [&] { return "segment " + s.name + ": growth rates must be > -1"; });
    require(s.growth_decay_quarters > 0.0,
            [&] { return "segment " + s.name + ": decay time must be > 0"; });
    require(s.volatility >= 0.0, [&] { return "segment " + s.name + ": volatility must be >= 0"; });
  }
  const auto& mc = p.multi_cloud;
  require(mc.ceiling >= 0.0 && mc.ceiling <= 1.0,
          [] { return "multi-cloud ceiling must be in [0, 1]"; });
  require(mc.initial_adoption >= 0.0 && mc.initial_adoption <= mc.ceiling,
          [] { return "initial multi-cloud adoption must be in [0, ceiling]"; });
  require(mc.second_cloud_spend_share >= 0.0 && mc.second_cloud_spend_share <= 1.0,
          [] { return "second-cloud spend share must be in [0, 1]"; });
  require(p.attraction_noise.volatility >= 0.0,
          [] { return "attraction noise volatility must be >= 0"; });
  require(p.attraction_noise.persistence >= 0.0 && p.attraction_noise.persistence < 1.0,
          [] { return "attraction noise persistence must be in [0, 1)"; });
  for (std::size_t s = 0; s < p.segments.size(); ++s) {
    double share_total = 0.0;
    for (const auto& provider : p.providers) {
      require(provider.segments.size() == p.segments.size(),
              [&] { return "provider " + provider.name + " must list every segment"; });
      require(provider.price_index > 0.0,
              [&] { return "provider " + provider.name + ": price index must be > 0"; });
      const auto& cell = provider.segments[s];
      if (cell.present) {
        require(cell.churn_rate > 0.0 && cell.churn_rate <= 1.0,
                [&] { return "provider " + provider.name + ": churn rate must be in (0, 1]"; });
        require(cell.initial_share >= 0.0 && cell.initial_revenue >= 0.0, [&] {
          return "provider " + provider.name + ": initial share and revenue must be >= 0";
        });
        share_total += p.segments[s].books_from_revenue ? cell.initial_revenue : cell.initial_share;
      } else {
        require(cell.initial_share == 0.0 && cell.initial_revenue == 0.0, [&] {
          return "provider " + provider.name + " is absent from " + p.segments[s].name +
                 " but has a share there";
        });
      }
    }
    require(share_total > 0.0,
            [&] { return "no provider holds a share of segment " + p.segments[s].name; });
  }
  for (const auto& provider : p.providers) {
    require(provider.gross_margin <= 1.0 && provider.fixed_cost >= 0.0, [&] {
      return "provider " + provider.name + ": margin must be <= 1 and fixed cost >= 0";
    });
    require(provider.capacity > 0.0 && provider.loss_limit >= 0.0, [&] {
      return "provider " + provider.name + ": capacity must be > 0 and loss limit >= 0";
    });
    require((provider.capacity_additions.empty() && provider.capacity_fixed_cost == 0.0) ||
                std::isfinite(provider.capacity),
            [&] {
              return "provider " + provider.name +
                     ": capacity additions and capacity_fixed_cost need a finite capacity";
            });
    for (const auto& site : provider.capacity_additions) {
      require(site.amount >= 0.0 && std::isfinite(site.amount), [&] {
        return "provider " + provider.name + ": capacity addition " + site.name +
               " must add a finite amount >= 0";
      });
    }
    require(provider.capacity_fixed_cost >= 0.0 && provider.scale_elasticity >= 0.0 &&
                (!provider.has_unit_cost || provider.unit_cost > 0.0),
            [&] {
              return "provider " + provider.name +
                     ": capacity_fixed_cost and scale_elasticity must be >= 0 and unit_cost > 0";
            });
  }
  for (const auto& provider : p.providers) {
    for (const auto& phase : provider.phases) {
      if (!phase.trigger) {
        continue;
      }
      const auto& quantity = phase.trigger->when.quantity;
      const auto known = [](const std::optional<outcome::Name>& name, std::size_t count,
                            std::size_t all) {
        if (!name || name->index < count || name->index == all)
          return true;
        return name->index == outcome::kSegmentSet && !name->members.empty() &&
               std::all_of(name->members.begin(), name->members.end(),
                           [&](std::size_t member) { return member < count; });
      };
      const bool market_total = quantity.kind == outcome::QuantityKind::revenue ||
                                quantity.kind == outcome::QuantityKind::growth;
      require(known(quantity.segment, p.segments.size(), outcome::kAllSegments) &&
                  known(quantity.provider, p.providers.size(),
                        market_total ? outcome::kAllProviders : outcome::kUnresolved) &&
                  (!quantity.provider || quantity.provider->index != outcome::kSegmentSet) &&
                  !quantity.period && std::isfinite(phase.trigger->threshold) &&
                  phase.trigger->delay_quarters >= 0.0 && phase.trigger->delay_quarters <= 400.0,
              [&] {
                return "provider " + provider.name + ", phase " + phase.name +
                       ": the trigger is not resolved against this market, or its threshold or "
                       "delay is out of range";
              });
    }
  }
  validate_customer_groups(p);
  validate_growth_regimes(p);
  for (const auto& m : p.migrations) {
    require(m.segment < p.segments.size() && m.duration >= 1.0 && m.amount >= 0.0 &&
                m.from < static_cast<int>(p.providers.size()) &&
                m.to < static_cast<int>(p.providers.size()) && m.from != m.to,
            [&] { return "migration " + m.name + " is malformed"; });
  }
}

}  // namespace

double annual_growth(const SegmentParameters& segment, int quarter) {
  return segment.growth_long_run + (segment.growth_initial - segment.growth_long_run) *
                                       std::exp(-quarter / segment.growth_decay_quarters);
}

MarketModel::MarketModel(MarketParameters parameters) : parameters_(std::move(parameters)) {
  spread_uniform_shares(parameters_);
  spread_uniform_penalty(parameters_);
  validate(parameters_);
  auto factor = cholesky_factor(parameters_.segment_correlation);
  require(factor.has_value(), [] { return "segment correlation matrix is not positive definite"; });
  shock_factor_ = *factor;
  for (std::size_t i = 0; i < provider_count(); ++i) {
    const auto& provider = parameters_.providers[i];
    for (const auto& phase : provider.phases) {
      const auto problems = strategy_problems(phase.strategy, parameters_, i);
      require(problems.empty(), [&] {
        return "provider " + provider.name + ", phase " + phase.name + ": " +
               (problems.front().key.empty() ? "" : problems.front().key + ": ") +
               problems.front().message;
      });
    }
  }
  events_ = EventTable::build(parameters_);
  needs_review_draws_.assign(provider_count(), 0);
  for (std::size_t i = 0; i < provider_count(); ++i) {
    for (const auto& phase : parameters_.providers[i].phases) {
      needs_review_draws_[i] = needs_review_draws_[i] || model::needs_review_draws(phase.strategy);
      keeps_revenue_history_ =
          keeps_revenue_history_ ||
          (phase.trigger && phase.trigger->when.quantity.kind == outcome::QuantityKind::growth);
    }
  }
  for (const auto& m : parameters_.migrations) {
    has_captive_books_ = has_captive_books_ || (m.to >= 0 && !m.contestable);
  }
  refresh();
}

void MarketModel::set_inputs(std::span<const ParameterAddress> addresses,
                             std::span<const double> values) {
  require(addresses.size() == values.size(),
          [] { return "one value per parameter address is needed"; });
  for (std::size_t k = 0; k < addresses.size(); ++k) {
    resolve(parameters_, addresses[k]) = values[k];
  }
  refresh();
}

void MarketModel::refresh() {
  spread_uniform_shares(parameters_);
  spread_uniform_penalty(parameters_);
  validate(parameters_);
  const std::size_t segments = segment_count();
  quarterly_volatility_.resize(segments);
  for (std::size_t s = 0; s < segments; ++s) {
    // Annual volatility σ over four quarters of independent shocks: σ/2 per quarter.
    quarterly_volatility_[s] = parameters_.segments[s].volatility / 2.0;
  }
  log_drift_.resize(static_cast<std::size_t>(steps()) * segments);
  slowdown_log_drift_.resize(has_growth_regimes() ? log_drift_.size() : 0);
  drift_inputs_.resize(segments, {});
  for (std::size_t s = 0; s < segments; ++s) {
    // Refreshed once per path when inputs are drawn: a segment whose growth, volatility and
    // penalty were not drawn keeps its drift, which saves an exp and a log1p per quarter.
    const auto& segment = parameters_.segments[s];
    const bool regimes = has_growth_regimes() && segment.regime_chain >= 0;
    const std::array<double, 5> inputs = {segment.growth_initial, segment.growth_long_run,
                                          segment.growth_decay_quarters, segment.volatility,
                                          regimes ? segment.slowdown_penalty : -1.0};
    if (inputs == drift_inputs_[s] && drift_steps_ == steps()) {
      continue;
    }
    drift_inputs_[s] = inputs;
    const double half_variance = 0.5 * quarterly_volatility_[s] * quarterly_volatility_[s];
    for (int t = 0; t < steps(); ++t) {
      const double growth = annual_growth(segment, t);
      const std::size_t at = static_cast<std::size_t>(t) * segments + s;
      log_drift_[at] = std::log1p(growth) / 4.0 - half_variance;
      if (!regimes) {
        continue;
      }
      // Spec section 11: the penalty comes off the annual rate, so the drift stays a log growth.
      const double slowed = growth - segment.slowdown_penalty;
      if (!(slowed > -1.0)) {
        drift_inputs_[s] = {};  // recomputed (and refused again) on the next refresh
        throw ModelError("segment " + segment.name + ": growth less the slowdown penalty is " +
                         std::to_string(slowed) + " at quarter " + std::to_string(t) +
                         "; it must stay above -1 (lower growth_regimes.slowdown_penalty)");
      }
      slowdown_log_drift_[at] = std::log1p(slowed) / 4.0 - half_variance;
    }
  }
  drift_steps_ = steps();
}

}  // namespace cloudsim::model
