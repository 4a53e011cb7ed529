#pragma once
// One path of a block, as the outcome evaluator reads it (precision targets, the conditioning
// engine's likelihood).

#include <cstddef>
#include <limits>

#include "engine/path_block.hpp"
#include "outcome/market_view.hpp"

namespace cloudsim::engine {

class BlockRow final : public outcome::MarketView {
 public:
  BlockRow(const PathBlock& block, std::size_t row) : block_(block), row_(row) {}

  [[nodiscard]] std::size_t segments() const override { return block_.shape.segments; }
  [[nodiscard]] double revenue(std::size_t segment, std::size_t provider,
                               std::size_t period) const override {
    return block_.revenue[(at(period) * block_.shape.segments + segment) * block_.shape.providers +
                          provider];
  }
  [[nodiscard]] double demand(std::size_t segment, std::size_t period) const override {
    return block_.demand[at(period) * block_.shape.segments + segment];
  }
  [[nodiscard]] double profit(std::size_t provider, std::size_t period) const override {
    return block_.profit[at(period) * block_.shape.providers + provider];
  }
  [[nodiscard]] double cumulative_profit(std::size_t provider, std::size_t period) const override {
    return block_.cumulative_profit[at(period) * block_.shape.providers + provider];
  }
  // Refused when a target is read (parse_precision_target): blocks carry no prices.
  [[nodiscard]] double price(std::size_t, std::size_t) const override {
    return std::numeric_limits<double>::quiet_NaN();
  }

 private:
  [[nodiscard]] std::size_t at(std::size_t period) const {
    return row_ * block_.shape.quarters + period;
  }
  const PathBlock& block_;
  std::size_t row_;
};

}  // namespace cloudsim::engine
