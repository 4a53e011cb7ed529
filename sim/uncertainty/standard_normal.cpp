#include "uncertainty/standard_normal.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace cloudsim::uncertainty {

Probability Probability::below_normal(double z) {
  return {0.5 * std::erfc(-z / std::numbers::sqrt2), 0.5 * std::erfc(z / std::numbers::sqrt2)};
}

double standard_normal_cdf(double z) {
  return Probability::below_normal(z).lower;
}

double standard_normal_quantile(double u) {
  // Φ rounds to exactly 0 or 1 only beyond |z| ≈ 38 and 8.3; Boost refuses those ends, so keep u
  // strictly inside (0, 1).
  constexpr double kLowest = std::numeric_limits<double>::min();
  constexpr double kHighest = 1.0 - std::numeric_limits<double>::epsilon() / 2.0;
  return boost::math::quantile(boost::math::normal_distribution<double>(),
                               std::clamp(u, kLowest, kHighest));
}

double standard_normal_density(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

}  // namespace cloudsim::uncertainty
