#pragma once
// One path's market as the outcome language reads it while the path is simulated: what a
// trigger's condition sees at quarter t. Only the current quarter is there, plus past revenue
// when a condition looks back (growth over N quarters); a trigger cannot name another period.

#include <span>

#include "model/path_state.hpp"
#include "outcome/market_view.hpp"

namespace cloudsim::model {

class PathView final : public outcome::MarketView {
 public:
  // `current` is t; `state` holds quarter t and, if kept, the revenue of quarters 0 … t;
  // `prices` are every provider's price as it stood when quarter t began (so what a trigger
  // sees does not depend on the order providers' strategies run in).
  PathView(const PathState& state, std::span<const double> prices, std::size_t segments,
           std::size_t providers, std::size_t current);

  [[nodiscard]] std::size_t segments() const override { return segments_; }
  [[nodiscard]] double revenue(std::size_t segment, std::size_t provider,
                               std::size_t period) const override;
  // Served demand: the segment's revenue summed over providers (docs/outcomes.md).
  [[nodiscard]] double demand(std::size_t segment, std::size_t period) const override;
  [[nodiscard]] double profit(std::size_t provider, std::size_t period) const override;
  [[nodiscard]] double cumulative_profit(std::size_t provider, std::size_t period) const override;
  [[nodiscard]] double price(std::size_t provider, std::size_t period) const override;

 private:
  [[nodiscard]] std::span<const double> revenue_at(std::size_t period) const;

  const PathState& state_;
  std::span<const double> prices_;
  std::size_t segments_;
  std::size_t providers_;
  std::size_t current_;
};

}  // namespace cloudsim::model
