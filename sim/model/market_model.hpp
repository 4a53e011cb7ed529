#pragma once
// MarketParameters turned into what the quarterly step needs: validated, with the Cholesky factor
// of the segment correlation, the per-quarter demand drift and the table of recordable events
// computed once instead of once per path and quarter.

#include <Eigen/Dense>
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "model/events.hpp"
#include "model/market_parameters.hpp"
#include "model/parameter_address.hpp"

namespace cloudsim::model {

class MarketModel {
 public:
  // Throws ModelError when the parameters cannot be simulated (the message says which).
  explicit MarketModel(MarketParameters parameters);

  [[nodiscard]] const MarketParameters& parameters() const { return parameters_; }
  // Per-path parameter draws: writes values[k] at addresses[k], then re-validates and recomputes
  // what derives from them (reusing storage). Addresses reach numbers only, so the structure
  // (segments, providers, phases, their kinds) cannot change. Throws ModelError when the drawn
  // parameters cannot be simulated.
  void set_inputs(std::span<const ParameterAddress> addresses, std::span<const double> values);

  [[nodiscard]] std::size_t segment_count() const { return parameters_.segments.size(); }
  [[nodiscard]] std::size_t provider_count() const { return parameters_.providers.size(); }
  [[nodiscard]] int steps() const { return parameters_.quarters - 1; }  // T

  // Index into per-(segment, provider) arrays: providers are contiguous within a segment.
  [[nodiscard]] std::size_t cell(std::size_t segment, std::size_t provider) const {
    return segment * provider_count() + provider;
  }

  [[nodiscard]] const Eigen::MatrixXd& shock_factor() const { return shock_factor_; }  // L
  // μ_s(t) − (σ_s/2)²/2: the quarterly log drift less the lognormal mean correction.
  [[nodiscard]] double log_drift(int quarter, std::size_t segment) const {
    return log_drift_[static_cast<std::size_t>(quarter) * segment_count() + segment];
  }
  // The same in a slowdown of the segment's regime chain: μ_s(t) = ln(1 + G_s(t) − Δ_s) / 4.
  // Only for segments driven by a chain (SegmentParameters::regime_chain ≥ 0).
  [[nodiscard]] double slowdown_log_drift(int quarter, std::size_t segment) const {
    return slowdown_log_drift_[static_cast<std::size_t>(quarter) * segment_count() + segment];
  }
  [[nodiscard]] bool has_growth_regimes() const { return parameters_.growth_regimes.active(); }
  [[nodiscard]] std::size_t regime_chain_count() const {
    return parameters_.growth_regimes.chains.size();
  }
  [[nodiscard]] double quarterly_volatility(std::size_t segment) const {
    return quarterly_volatility_[segment];
  }
  [[nodiscard]] const EventTable& events() const { return events_; }
  // Whether a provider's plan holds reviews that need a random draw each quarter.
  [[nodiscard]] bool needs_review_draws(std::size_t provider) const {
    return needs_review_draws_[provider] != 0;
  }
  // Whether some trigger looks back over past quarters (PathState::revenue_history).
  [[nodiscard]] bool keeps_revenue_history() const { return keeps_revenue_history_; }
  // Whether some migration moves spend onto a provider's captive book (PathState::captive).
  [[nodiscard]] bool has_captive_books() const { return has_captive_books_; }

 private:
  void refresh();

  MarketParameters parameters_;
  Eigen::MatrixXd shock_factor_;
  std::vector<double> log_drift_;
  std::vector<double> slowdown_log_drift_;  // empty without growth regimes
  std::vector<double> quarterly_volatility_;
  // Per segment: the (g₀, g_∞, decay, σ, Δ) the drifts were computed from, and for how many steps.
  std::vector<std::array<double, 5>> drift_inputs_;
  int drift_steps_ = -1;
  EventTable events_;
  std::vector<char> needs_review_draws_;
  bool keeps_revenue_history_ = false;
  bool has_captive_books_ = false;
};

// Annual growth rate G_s(t) = G∞ + (G0 − G∞) e^{−t/τ}, t in quarters since the start.
double annual_growth(const SegmentParameters& segment, int quarter);

}  // namespace cloudsim::model
