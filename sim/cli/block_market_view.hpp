#pragma once
// One recorded path of a block read back from a result file, as the outcome evaluator reads it
// (periods are the file's: quarters for full records, years for annual ones). Prices are not
// recorded: NaN.

#include <limits>

#include "engine/path_block.hpp"
#include "outcome/market_view.hpp"

namespace cloudsim::cli {

class BlockMarketView final : public outcome::MarketView {
 public:
  BlockMarketView(const engine::PathBlock& block, std::size_t row) : block_(block), row_(row) {}

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
  [[nodiscard]] double price(std::size_t, std::size_t) const override {
    return std::numeric_limits<double>::quiet_NaN();
  }

 private:
  [[nodiscard]] std::size_t at(std::size_t period) const {
    return row_ * block_.shape.quarters + period;
  }
  const engine::PathBlock& block_;
  std::size_t row_;
};

}  // namespace cloudsim::cli
