#include "model/demand.hpp"

#include <cmath>

#include "model/growth_regimes.hpp"

namespace cloudsim::model {

void advance_demand(const MarketModel& model, int quarter,
                    std::span<const double> independent_normals, std::span<double> demand,
                    std::span<const std::int8_t> regime) {
  const auto& factor = model.shock_factor();
  const std::size_t segments = model.segment_count();
  for (std::size_t s = 0; s < segments; ++s) {
    // z_s = Σ_{j ≤ s} L_{s,j} ε_j: L is lower triangular.
    double shock = 0.0;
    for (std::size_t j = 0; j <= s; ++j) {
      shock += factor(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(j)) *
               independent_normals[j];
    }
    const int chain = model.parameters().segments[s].regime_chain;
    const bool slowdown =
        !regime.empty() && chain >= 0 && regime[static_cast<std::size_t>(chain)] == kSlowdownRegime;
    const double drift =
        slowdown ? model.slowdown_log_drift(quarter, s) : model.log_drift(quarter, s);
    demand[s] *= std::exp(drift + model.quarterly_volatility(s) * shock);
  }
}

}  // namespace cloudsim::model
