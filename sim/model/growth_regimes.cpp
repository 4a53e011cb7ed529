#include "model/growth_regimes.hpp"

#include <cmath>
#include <numbers>

namespace cloudsim::model {

double standard_normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double stationary_slowdown_probability(const RegimeChainParameters& chain) {
  const double moves = chain.slowdown_probability + chain.recovery_probability;
  return moves > 0.0 ? chain.slowdown_probability / moves : 0.0;
}

void initial_regimes(const GrowthRegimeParameters& regimes, std::span<const double> normals,
                     std::span<std::int8_t> regime) {
  for (std::size_t c = 0; c < regimes.chains.size(); ++c) {
    const auto& chain = regimes.chains[c];
    switch (chain.start) {
      case RegimeStart::stationary:
        regime[c] = standard_normal_cdf(normals[c]) < stationary_slowdown_probability(chain)
                        ? kSlowdownRegime
                        : kNormalRegime;
        break;
      case RegimeStart::normal:
        regime[c] = kNormalRegime;
        break;
      case RegimeStart::slowdown:
        regime[c] = kSlowdownRegime;
        break;
    }
  }
}

void advance_regimes(const GrowthRegimeParameters& regimes, std::span<const double> normals,
                     std::span<std::int8_t> regime) {
  for (std::size_t c = 0; c < regimes.chains.size(); ++c) {
    const auto& chain = regimes.chains[c];
    const double u = standard_normal_cdf(normals[c]);
    if (regime[c] == kNormalRegime) {
      regime[c] = u < chain.slowdown_probability ? kSlowdownRegime : kNormalRegime;
    } else {
      regime[c] = u < chain.recovery_probability ? kNormalRegime : kSlowdownRegime;
    }
  }
}

}  // namespace cloudsim::model
