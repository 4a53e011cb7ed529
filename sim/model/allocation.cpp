#include "model/allocation.hpp"

#include <algorithm>

namespace cloudsim::model {

void reallocate_segment_with_captive(double demand_before, double demand_after,
                                     std::span<const double> churn_rate,
                                     std::span<const double> choice, std::span<double> revenue,
                                     std::span<double> captive, std::span<double> kept_contested) {
  const double market_growth = demand_after / demand_before;
  double kept_total = 0.0;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    // The contested book is what is not captive; rounding of the last split may leave it a hair
    // below zero, which must not become a negative kept book.
    const double contested = std::max(revenue[i] - captive[i], 0.0);
    captive[i] *= market_growth;
    kept_contested[i] = contested * ((1.0 - churn_rate[i]) * market_growth);
    revenue[i] = captive[i] + kept_contested[i];
    kept_total += revenue[i];
  }
  const double contested = demand_after - kept_total;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    revenue[i] += choice[i] * contested;
  }
}

}  // namespace cloudsim::model
