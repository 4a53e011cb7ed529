#pragma once
// What the evaluator reads: the market of one path, period by period. Implemented over recorded
// path blocks (summary/precision.cpp) and, for triggers, over a path's own state as it is
// simulated (the model keeps what its conditions look back on, e.g. growth's N quarters).
//
// `period` indexes the run's periods (Names::periods, consecutive quarters for the engine).
// Money is per period as recorded; demand is the served demand of the segment (what its
// providers' revenue adds up to: unserved demand is already taken out).

#include <cstddef>

namespace cloudsim::outcome {

class MarketView {
 public:
  virtual ~MarketView() = default;
  [[nodiscard]] virtual std::size_t segments() const = 0;  // for `all`
  [[nodiscard]] virtual double revenue(std::size_t segment, std::size_t provider,
                                       std::size_t period) const = 0;
  [[nodiscard]] virtual double demand(std::size_t segment, std::size_t period) const = 0;
  [[nodiscard]] virtual double profit(std::size_t provider, std::size_t period) const = 0;
  [[nodiscard]] virtual double cumulative_profit(std::size_t provider,
                                                 std::size_t period) const = 0;
  [[nodiscard]] virtual double price(std::size_t provider, std::size_t period) const = 0;
};

}  // namespace cloudsim::outcome
