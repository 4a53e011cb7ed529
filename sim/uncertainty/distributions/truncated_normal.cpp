#include "uncertainty/distributions/truncated_normal.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsim::uncertainty {
namespace {

// The bounds in standard deviations from the mean, their densities (0 at an infinite bound) and
// the probability the normal puts between them.
struct Standardised {
  double alpha;
  double beta;
  double density_alpha;
  double density_beta;
  double mass;
};

Standardised standardise(const TruncatedNormal& t) {
  const double alpha = (t.low - t.centre) / t.sd;
  const double beta = (t.high - t.centre) / t.sd;
  return {alpha, beta, std::isfinite(alpha) ? standard_normal_density(alpha) : 0.0,
          std::isfinite(beta) ? standard_normal_density(beta) : 0.0,
          standard_normal_cdf(beta) - standard_normal_cdf(alpha)};
}

}  // namespace

std::string TruncatedNormal::problem() const {
  if (!std::isfinite(low) && !std::isfinite(high))
    return "truncated_normal needs low, high or both (otherwise use normal)";
  if (!(low < high))
    return "truncated_normal needs low < high";
  // The truncation interval must keep enough probability to sample from accurately.
  if (!(standardise(*this).mass > 1e-9))
    return "truncated_normal: [low, high] lies more than 6 sd from the mean; move the mean or the "
           "bounds";
  return {};
}

double TruncatedNormal::quantile(Probability p) const {
  if (p.lower == 0.0 && std::isfinite(low))
    return low;
  if (p.upper == 0.0 && std::isfinite(high))
    return high;
  // Map p into [Φ(α), Φ(β)] and back: x = μ + σ Φ⁻¹(Φ(α) + p (Φ(β) − Φ(α))). Work in the upper
  // tail's complements when the interval lies above the mean, where Φ rounds to 1.
  const double alpha = (low - centre) / sd;
  const double beta = (high - centre) / sd;
  const double u = p.lower;
  double x;
  if (alpha > 0.0) {
    const double qa = Probability::below_normal(alpha).upper;  // 1 − Φ(α)
    const double qb = Probability::below_normal(beta).upper;
    x = centre - sd * standard_normal_quantile(qa - u * (qa - qb));
  } else {
    const double pa = Probability::below_normal(alpha).lower;
    const double pb = Probability::below_normal(beta).lower;
    x = centre + sd * standard_normal_quantile(pa + u * (pb - pa));
  }
  return std::clamp(x, low, high);
}

double TruncatedNormal::reach(double z) const {
  return std::clamp(centre + sd * z, low, high);
}

double TruncatedNormal::mean() const {
  const Standardised s = standardise(*this);
  return centre + sd * (s.density_alpha - s.density_beta) / s.mass;
}

double TruncatedNormal::variance() const {
  const Standardised s = standardise(*this);
  const double first = (std::isfinite(s.alpha) ? s.alpha * s.density_alpha : 0.0) -
                       (std::isfinite(s.beta) ? s.beta * s.density_beta : 0.0);
  const double shift = (s.density_alpha - s.density_beta) / s.mass;
  return sd * sd * (1.0 + first / s.mass - shift * shift);
}

Support TruncatedNormal::support() const {
  return {low, high, std::isfinite(low), std::isfinite(high)};
}

}  // namespace cloudsim::uncertainty
