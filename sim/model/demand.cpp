#include "model/demand.hpp"

#include <cmath>

namespace cloudsim::model {

void advance_demand(const MarketModel& model, int quarter,
                    std::span<const double> independent_normals, std::span<double> demand) {
  const auto& factor = model.shock_factor();
  const std::size_t segments = model.segment_count();
  for (std::size_t s = 0; s < segments; ++s) {
    // z_s = Σ_{j ≤ s} L_{s,j} ε_j: L is lower triangular.
    double shock = 0.0;
    for (std::size_t j = 0; j <= s; ++j) {
      shock += factor(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(j)) *
               independent_normals[j];
    }
    demand[s] *= std::exp(model.log_drift(quarter, s) + model.quarterly_volatility(s) * shock);
  }
}

}  // namespace cloudsim::model
