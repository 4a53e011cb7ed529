#pragma once
// The standard normal Φ, Φ⁻¹ and density, and probabilities carried with their complements: a
// draw enters every distribution as a standard normal score z, and 1 − Φ(z) computed as Φ(−z)
// keeps the digits that 1 − Φ(z) would lose in the upper tail.

namespace cloudsim::uncertainty {

// A probability and its complement, each computed directly.
struct Probability {
  double lower;  // p
  double upper;  // 1 − p

  static Probability of(double p) { return {p, 1.0 - p}; }
  // Φ(z) and 1 − Φ(z).
  static Probability below_normal(double z);
};

double standard_normal_cdf(double z);
// Φ⁻¹(u), finite for every u (the ends are kept strictly inside (0, 1)).
double standard_normal_quantile(double u);
double standard_normal_density(double z);

}  // namespace cloudsim::uncertainty
