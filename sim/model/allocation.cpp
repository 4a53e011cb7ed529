#include "model/allocation.hpp"

namespace cloudsim::model {

void reallocate_segment(double demand_before, double demand_after,
                        std::span<const double> churn_rate, std::span<const double> choice,
                        std::span<double> revenue) {
  const double market_growth = demand_after / demand_before;
  double kept_total = 0.0;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    revenue[i] *= (1.0 - churn_rate[i]) * market_growth;
    kept_total += revenue[i];
  }
  const double contested = demand_after - kept_total;
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    revenue[i] += choice[i] * contested;
  }
}

}  // namespace cloudsim::model
