#pragma once
// Probability distributions for uncertain scenario inputs (model spec section 0). Each maps a
// standard normal draw z to a value x = F⁻¹(Φ(z)): that one mapping serves independent inputs
// and inputs correlated through a Gaussian copula alike. Pure: no random numbers are drawn here.

#include <string>
#include <vector>

namespace cloudsim::uncertainty {

enum class DistributionKind {
  fixed,
  uniform,
  normal,
  truncated_normal,
  lognormal,
  triangular,
  beta,
  discrete
};

struct Distribution {
  DistributionKind kind = DistributionKind::fixed;
  // Parameters by kind (unused ones stay 0):
  //   fixed: value=a · uniform: low=a, high=b · normal: mean=a, sd=b
  //   truncated_normal: mean=a, sd=b, low=c, high=d (±infinity when a bound is absent)
  //   lognormal: log_mean=a, log_sd=b (ln x ~ N(a, b²)) · triangular: low=a, mode=b, high=c
  //   beta: alpha=a, beta=b, scaled to [low=c, high=d]
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
  double d = 0.0;
  std::vector<double> values;         // discrete: the outcomes
  std::vector<double> probabilities;  // discrete: their probabilities (sum to 1)

  // x = F⁻¹(Φ(z)), computed with complements in the upper tail so that no precision is lost.
  [[nodiscard]] double value_at_normal(double z) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  // Smallest and largest values the distribution can produce (±infinity when unbounded).
  [[nodiscard]] double lowest() const;
  [[nodiscard]] double highest() const;
  // Whether lowest()/highest() are themselves attainable (false for open ends such as lognormal's
  // 0).
  [[nodiscard]] bool lowest_attained() const;
  [[nodiscard]] bool highest_attained() const;
  // The value `z` standard deviations of the underlying normal from its centre (ln x for a
  // lognormal; within the bounds for a truncated normal); lowest() or highest() for the others.
  [[nodiscard]] double reach(double z) const;
  // "triangular(low=0.3, mode=0.4, high=0.5)"
  [[nodiscard]] std::string describe() const;
};

const char* kind_name(DistributionKind kind);

// Φ(z) and Φ⁻¹(u) of the standard normal.
double standard_normal_cdf(double z);
double standard_normal_quantile(double u);

}  // namespace cloudsim::uncertainty
