#include "uncertainty/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>

namespace cloudsim::uncertainty {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double normal_density(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

// Φ(z) and 1 − Φ(z) = Φ(−z), each computed directly so neither loses digits in its tail.
struct TailProbabilities {
  double lower;
  double upper;
};
TailProbabilities tails(double z) {
  return {0.5 * std::erfc(-z / std::numbers::sqrt2), 0.5 * std::erfc(z / std::numbers::sqrt2)};
}

std::string number(double x) {
  std::ostringstream out;
  out.precision(10);
  out << x;
  return out.str();
}

}  // namespace

const char* kind_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::fixed:
      return "fixed";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::truncated_normal:
      return "truncated_normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::triangular:
      return "triangular";
    case DistributionKind::beta:
      return "beta";
    case DistributionKind::discrete:
      return "discrete";
  }
  return "?";
}

double standard_normal_cdf(double z) {
  return tails(z).lower;
}

double standard_normal_quantile(double u) {
  // Φ rounds to exactly 0 or 1 only beyond |z| ≈ 38 and 8.3; Boost refuses those ends, so keep u
  // strictly inside (0, 1).
  constexpr double kLowest = std::numeric_limits<double>::min();
  constexpr double kHighest = 1.0 - std::numeric_limits<double>::epsilon() / 2.0;
  return boost::math::quantile(boost::math::normal_distribution<double>(),
                               std::clamp(u, kLowest, kHighest));
}

double Distribution::value_at_normal(double z) const {
  const auto [u, upper] = tails(z);
  switch (kind) {
    case DistributionKind::fixed:
      return a;
    case DistributionKind::uniform:
      return a + (b - a) * u;
    case DistributionKind::normal:
      return a + b * z;
    case DistributionKind::lognormal:
      return std::exp(a + b * z);
    case DistributionKind::truncated_normal: {
      // Map u into [Φ(α), Φ(β)] and back: x = μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α))). Work in the
      // upper tail's complements when the interval lies above the mean, where Φ rounds to 1.
      const double alpha = (c - a) / b;
      const double beta = (d - a) / b;
      double x;
      if (alpha > 0.0) {
        const double qa = tails(alpha).upper;  // 1 − Φ(α)
        const double qb = tails(beta).upper;
        const double q = qa - u * (qa - qb);
        x = a - b * standard_normal_quantile(q);
      } else {
        const double pa = tails(alpha).lower;
        const double pb = tails(beta).lower;
        x = a + b * standard_normal_quantile(pa + u * (pb - pa));
      }
      return std::clamp(x, c, d);
    }
    case DistributionKind::triangular: {
      const double low = a, mode = b, high = c;
      const double split = (mode - low) / (high - low);
      if (u < split) {
        return low + std::sqrt(u * (high - low) * (mode - low));
      }
      return high - std::sqrt(upper * (high - low) * (high - mode));
    }
    case DistributionKind::beta: {
      const boost::math::beta_distribution<double> shape(a, b);
      const double x = z <= 0.0 ? boost::math::quantile(shape, u)
                                : boost::math::quantile(boost::math::complement(shape, upper));
      return c + (d - c) * x;
    }
    case DistributionKind::discrete: {
      double cumulative = 0.0;
      for (std::size_t k = 0; k + 1 < values.size(); ++k) {
        cumulative += probabilities[k];
        if (u < cumulative) {
          return values[k];
        }
      }
      return values.back();
    }
  }
  return a;
}

double Distribution::mean() const {
  switch (kind) {
    case DistributionKind::fixed:
      return a;
    case DistributionKind::uniform:
      return 0.5 * (a + b);
    case DistributionKind::normal:
      return a;
    case DistributionKind::lognormal:
      return std::exp(a + 0.5 * b * b);
    case DistributionKind::truncated_normal: {
      const double alpha = (c - a) / b;
      const double beta = (d - a) / b;
      const double mass = tails(beta).lower - tails(alpha).lower;
      const double density_a = std::isfinite(alpha) ? normal_density(alpha) : 0.0;
      const double density_b = std::isfinite(beta) ? normal_density(beta) : 0.0;
      return a + b * (density_a - density_b) / mass;
    }
    case DistributionKind::triangular:
      return (a + b + c) / 3.0;
    case DistributionKind::beta:
      return c + (d - c) * a / (a + b);
    case DistributionKind::discrete: {
      double m = 0.0;
      for (std::size_t k = 0; k < values.size(); ++k)
        m += probabilities[k] * values[k];
      return m;
    }
  }
  return a;
}

double Distribution::variance() const {
  switch (kind) {
    case DistributionKind::fixed:
      return 0.0;
    case DistributionKind::uniform:
      return (b - a) * (b - a) / 12.0;
    case DistributionKind::normal:
      return b * b;
    case DistributionKind::lognormal:
      return std::expm1(b * b) * std::exp(2.0 * a + b * b);
    case DistributionKind::truncated_normal: {
      const double alpha = (c - a) / b;
      const double beta = (d - a) / b;
      const double mass = tails(beta).lower - tails(alpha).lower;
      const double density_a = std::isfinite(alpha) ? normal_density(alpha) : 0.0;
      const double density_b = std::isfinite(beta) ? normal_density(beta) : 0.0;
      const double first = (std::isfinite(alpha) ? alpha * density_a : 0.0) -
                           (std::isfinite(beta) ? beta * density_b : 0.0);
      const double shift = (density_a - density_b) / mass;
      return b * b * (1.0 + first / mass - shift * shift);
    }
    case DistributionKind::triangular:
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    case DistributionKind::beta:
      return (d - c) * (d - c) * a * b / ((a + b) * (a + b) * (a + b + 1.0));
    case DistributionKind::discrete: {
      const double m = mean();
      double v = 0.0;
      for (std::size_t k = 0; k < values.size(); ++k)
        v += probabilities[k] * (values[k] - m) * (values[k] - m);
      return v;
    }
  }
  return 0.0;
}

double Distribution::lowest() const {
  switch (kind) {
    case DistributionKind::fixed:
      return a;
    case DistributionKind::uniform:
      return a;
    case DistributionKind::normal:
      return -kInfinity;
    case DistributionKind::lognormal:
      return 0.0;
    case DistributionKind::truncated_normal:
      return c;
    case DistributionKind::triangular:
      return a;
    case DistributionKind::beta:
      return c;
    case DistributionKind::discrete:
      return *std::min_element(values.begin(), values.end());
  }
  return a;
}

double Distribution::highest() const {
  switch (kind) {
    case DistributionKind::fixed:
      return a;
    case DistributionKind::uniform:
      return b;
    case DistributionKind::normal:
      return kInfinity;
    case DistributionKind::lognormal:
      return kInfinity;
    case DistributionKind::truncated_normal:
      return d;
    case DistributionKind::triangular:
      return c;
    case DistributionKind::beta:
      return d;
    case DistributionKind::discrete:
      return *std::max_element(values.begin(), values.end());
  }
  return a;
}

bool Distribution::lowest_attained() const {
  return kind != DistributionKind::lognormal && std::isfinite(lowest());
}

bool Distribution::highest_attained() const {
  return std::isfinite(highest());
}

double Distribution::reach(double z) const {
  switch (kind) {
    case DistributionKind::normal:
      return a + b * z;
    case DistributionKind::lognormal:
      return std::exp(a + b * z);
    case DistributionKind::truncated_normal:
      return std::clamp(a + b * z, c, d);
    default:
      return z < 0.0 ? lowest() : highest();
  }
}

std::string Distribution::describe() const {
  const std::string name = kind_name(kind);
  switch (kind) {
    case DistributionKind::fixed:
      return name + "(value=" + number(a) + ")";
    case DistributionKind::uniform:
      return name + "(low=" + number(a) + ", high=" + number(b) + ")";
    case DistributionKind::normal:
      return name + "(mean=" + number(a) + ", sd=" + number(b) + ")";
    case DistributionKind::lognormal:
      return name + "(log_mean=" + number(a) + ", log_sd=" + number(b) + ")";
    case DistributionKind::truncated_normal:
      return name + "(mean=" + number(a) + ", sd=" + number(b) + ", low=" + number(c) +
             ", high=" + number(d) + ")";
    case DistributionKind::triangular:
      return name + "(low=" + number(a) + ", mode=" + number(b) + ", high=" + number(c) + ")";
    case DistributionKind::beta:
      return name + "(alpha=" + number(a) + ", beta=" + number(b) + ", low=" + number(c) +
             ", high=" + number(d) + ")";
    case DistributionKind::discrete: {
      std::string text = name + "(values=[";
      for (std::size_t k = 0; k < values.size(); ++k)
        text += (k ? ", " : "") + number(values[k]);
      text += "], probabilities=[";
      for (std::size_t k = 0; k < probabilities.size(); ++k)
        text += (k ? ", " : "") + number(probabilities[k]);
      return text + "])";
    }
  }
  return name;
}

}  // namespace cloudsim::uncertainty
