#pragma once
// The books at t = 0 (docs/model.md, "Initial state"), one segment at a time: written once for
// QuarterStepper and LockstepStepper, which must agree on them to the bit.

#include <cstddef>
#include <span>

#include "model/market_parameters.hpp"

namespace cloudsim::model {

// Writes R_{i,s}(0) for every provider i into `books` and returns D_s(0) = Σ_i R_{i,s}(0).
// Shares are normalised to sum to 1, so that D(0) is the configured size even when uncertain
// shares are drawn independently. D(0) is then the sum of the books, so that Σ R = D holds from
// the first quarter.
inline double initial_books(const MarketParameters& p, std::size_t segment,
                            std::span<double> books) {
  const bool from_revenue = p.segments[segment].books_from_revenue;
  double share_total = 0.0;
  for (std::size_t i = 0; i < books.size(); ++i) {
    share_total += p.providers[i].segments[segment].initial_share;
  }
  double total = 0.0;
  for (std::size_t i = 0; i < books.size(); ++i) {
    const auto& cell = p.providers[i].segments[segment];
    books[i] = from_revenue
                   ? cell.initial_revenue
                   : p.segments[segment].initial_demand * (cell.initial_share / share_total);
    total += books[i];
  }
  return total;
}

}  // namespace cloudsim::model
