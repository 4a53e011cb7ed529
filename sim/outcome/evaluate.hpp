#pragma once
// The value of a resolved quantity, condition or outcome on one path (resolve() first).
//
// `current` is the period a quantity without PERIOD is read at: the quarter a trigger is
// evaluated at, the last period for a result. Values:
//   share   revenue / demand of the segment, 0 where the demand is not positive; with `all`,
//           Σ_s revenue / Σ_s demand. Demand here is served demand, which the providers' revenue
//           adds up to, so shares of a segment sum to 1 (docs/outcomes.md says why this formula).
//   growth  revenue(p) / revenue(p − N) − 1; NaN when p < N or the earlier revenue is not
//           positive (a condition on NaN does not hold).
//   a year on quarters (Name::span 4): revenue, demand and profit summed over its quarters, share
//           ΣR / ΣD, growth the annual sum over the annual sum N quarters earlier, minus 1;
//           cumulative_profit and price at its last quarter.
//   the provider `all`: revenue = the segment's served demand (Σ over providers).
// A condition evaluates to whether it holds; an outcome's measure to its quantity, or to 1 or 0
// for P(condition). [A - B] is not evaluated here: it pairs two paths' values (the caller runs
// both scenarios).

#include <cstddef>

#include "outcome/ast.hpp"
#include "outcome/market_view.hpp"

namespace cloudsim::outcome {

[[nodiscard]] double evaluate(const Quantity& quantity, const MarketView& view,
                              std::size_t current);
[[nodiscard]] bool evaluate(const Condition& condition, const MarketView& view,
                            std::size_t current);
[[nodiscard]] double evaluate(const Outcome& outcome, const MarketView& view, std::size_t current);

}  // namespace cloudsim::outcome
