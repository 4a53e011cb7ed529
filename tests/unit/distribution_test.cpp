// Each distribution kind against closed-form moments written out here (not taken from the code
// under test), and every registered kind's quantile against its own mean, variance and support,
// with tolerances of 4 standard errors estimated from the sample itself.

#include "uncertainty/distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "engine/random_stream.hpp"

namespace cloudsim::uncertainty {
namespace {

constexpr std::size_t kDraws = 200000;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<double> standard_normals() {
  std::vector<double> z(kDraws);
  engine::PathRandomStream(777, 0).normals(0, engine::RandomPurpose::parameter_draw, z);
  return z;
}

// Uniforms on (0, 1) from a fixed seed: 53 random bits each, never 0.
std::vector<double> uniforms() {
  std::mt19937_64 bits(20240613);
  std::vector<double> u(kDraws);
  for (double& x : u)
    x = (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53;
  return u;
}

struct Moments {
  double mean;
  double variance;
  double mean_error;
  double variance_error;
};

Moments sample_moments(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  double sum = 0.0;
  for (double v : x)
    sum += v;
  const double mean = sum / n;
  double m2 = 0.0, m4 = 0.0;
  for (double v : x) {
    m2 += (v - mean) * (v - mean);
    m4 += std::pow(v - mean, 4);
  }
  m2 /= n;
  m4 /= n;
  return {mean, m2, std::sqrt(m2 / n), std::sqrt(std::max(m4 - m2 * m2, 0.0) / n)};
}

struct Expected {
  double mean;
  double variance;
};

// Draws through value_at_normal, as the engine does, against moments written out in the test.
void expect_moments(const Distribution& d, Expected expected) {
  static const std::vector<double> z = standard_normals();
  std::vector<double> x(z.size());
  for (std::size_t k = 0; k < z.size(); ++k) {
    x[k] = d.value_at_normal(z[k]);
    ASSERT_GE(x[k], d.lowest()) << d.describe();
    ASSERT_LE(x[k], d.highest()) << d.describe();
  }
  const Moments m = sample_moments(x);
  EXPECT_NEAR(m.mean, expected.mean, 4.0 * m.mean_error)
      << d.describe() << ": sample mean " << m.mean << ", expected " << expected.mean;
  EXPECT_NEAR(m.variance, expected.variance, 4.0 * m.variance_error + 1e-12)
      << d.describe() << ": sample variance " << m.variance << ", expected " << expected.variance;
  EXPECT_NEAR(d.mean(), expected.mean, 1e-9 * std::max(1.0, std::abs(expected.mean)))
      << d.describe();
  EXPECT_NEAR(d.variance(), expected.variance, 1e-9 * std::max(1.0, expected.variance))
      << d.describe();
}

double phi(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}
double Phi(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

TEST(Distribution, Uniform) {
  expect_moments({Uniform{2.0, 5.0}}, {3.5, 9.0 / 12.0});
}

TEST(Distribution, Normal) {
  expect_moments({Normal{1.0, 2.0}}, {1.0, 4.0});
}

TEST(Distribution, TruncatedNormalTwoSided) {
  const double a = -1.0, b = 2.0, z = Phi(b) - Phi(a);
  const double mean = (phi(a) - phi(b)) / z;
  const double variance = 1.0 + (a * phi(a) - b * phi(b)) / z - mean * mean;
  expect_moments({TruncatedNormal{0.0, 1.0, a, b}}, {mean, variance});
}

TEST(Distribution, TruncatedNormalFarUpperTail) {
  // Everything above the mean + 3 sd: the branch that works with upper-tail complements.
  const double a = 3.0, lambda = phi(a) / (0.5 * std::erfc(a / std::sqrt(2.0)));
  expect_moments({TruncatedNormal{10.0, 2.0, 16.0, kInf}},
                 {10.0 + 2.0 * lambda, 4.0 * (1.0 + a * lambda - lambda * lambda)});
}

TEST(Distribution, Lognormal) {
  const double mu = 0.1, s = 0.5;
  expect_moments({LogNormal{mu, s}},
                 {std::exp(mu + s * s / 2), (std::exp(s * s) - 1) * std::exp(2 * mu + s * s)});
}

TEST(Distribution, Triangular) {
  expect_moments({Triangular{1.0, 2.0, 4.0}}, {7.0 / 3.0, 7.0 / 18.0});
}

TEST(Distribution, ScaledBeta) {
  expect_moments({Beta{2.0, 5.0, 10.0, 20.0}},
                 {10.0 + 10.0 * 2.0 / 7.0, 100.0 * 10.0 / (49.0 * 8.0)});
}

TEST(Distribution, Discrete) {
  expect_moments({Discrete{{1.0, 2.0, 10.0}, {0.2, 0.5, 0.3}}},
                 {4.2, 0.2 * 1 + 0.5 * 4 + 0.3 * 100 - 4.2 * 4.2});
}

TEST(Distribution, FixedIsConstant) {
  const Distribution d{Fixed{0.25}};
  for (double z : {-9.0, 0.0, 9.0})
    EXPECT_EQ(d.value_at_normal(z), 0.25);
}

// Every registered kind at its default, and the kinds again with other parameters (both branches
// of the truncated normal, skewed shapes, a discrete distribution with uneven weights).
std::vector<Distribution> examples() {
  std::vector<Distribution> all;
  for_each_kind([&]<class Kind>(std::type_identity<Kind>) { all.push_back({Kind{}}); });
  for (const Distribution& d : std::initializer_list<Distribution>{
           {Fixed{-3.5}},
           {Uniform{-2.0, 7.0}},
           {Normal{100.0, 0.5}},
           {TruncatedNormal{0.0, 1.0, -1.0, 2.0}},
           {TruncatedNormal{10.0, 2.0, 16.0, kInf}},
           {TruncatedNormal{0.0, 1.0, -kInf, -0.5}},
           {LogNormal{0.1, 0.5}},
           {Triangular{1.0, 1.0, 4.0}},
           {Triangular{1.0, 3.5, 4.0}},
           {Beta{0.5, 0.5, 0.0, 1.0}},
           {Beta{2.0, 5.0, 10.0, 20.0}},
           {Discrete{{1.0, 2.0, 10.0}, {0.2, 0.5, 0.3}}},
       }) {
    all.push_back(d);
  }
  return all;
}

TEST(Distribution, EveryKindsQuantileHasItsMeanAndVariance) {
  static const std::vector<double> u = uniforms();
  for (const Distribution& d : examples()) {
    std::vector<double> x(u.size());
    std::transform(u.begin(), u.end(), x.begin(), [&](double p) { return d.quantile(p); });
    const Moments m = sample_moments(x);
    EXPECT_NEAR(m.mean, d.mean(), 4.0 * m.mean_error) << d.describe();
    EXPECT_NEAR(m.variance, d.variance(), 4.0 * m.variance_error + 1e-12) << d.describe();
  }
}

TEST(Distribution, QuantileReachesTheFiniteEndsOfTheSupportExactly) {
  for (const Distribution& d : examples()) {
    const Support s = d.support();
    if (std::isfinite(s.lowest)) {
      EXPECT_EQ(d.quantile(0.0), s.lowest) << d.describe();
    } else {
      EXPECT_FALSE(s.lowest_attained) << d.describe();
    }
    if (std::isfinite(s.highest)) {
      EXPECT_EQ(d.quantile(1.0), s.highest) << d.describe();
    } else {
      EXPECT_FALSE(s.highest_attained) << d.describe();
    }
  }
}

TEST(Distribution, ExtremeDrawsStayFiniteAndInsideTheSupport) {
  // Box-Muller can produce |z| up to about 9.4; every kind must map such a draw inside its range.
  for (const auto& d : examples()) {
    for (double z : {-40.0, -9.4, 9.4, 40.0}) {
      const double x = d.value_at_normal(z);
      EXPECT_TRUE(std::isfinite(x)) << d.describe() << " z=" << z;
      EXPECT_GE(x, d.lowest()) << d.describe() << " z=" << z;
      EXPECT_LE(x, d.highest()) << d.describe() << " z=" << z;
    }
  }
}

TEST(Distribution, MapIsMonotoneAndReachesTheTails) {
  const Distribution beta{Beta{0.5, 0.5, 0.0, 1.0}};
  double previous = -1.0;
  for (double z = -9.0; z <= 9.0; z += 0.01) {
    const double x = beta.value_at_normal(z);
    EXPECT_GE(x, previous) << "z=" << z;
    previous = x;
  }
  EXPECT_LT(beta.value_at_normal(-8.0), 1e-20);
  EXPECT_GT(beta.value_at_normal(8.0), 1.0 - 1e-14);
}

// The text recorded in result files' parameter_distribution, which resumes compare: its wording
// is part of the file format.
TEST(Distribution, DescribeKeepsTheRecordedWording) {
  const Distribution triangular{Triangular{0.3, 0.4, 0.5}};
  EXPECT_EQ(triangular.describe(), "triangular(low=0.3, mode=0.4, high=0.5)");
  const Distribution truncated{TruncatedNormal{1.0, 0.25, -kInf, 2.0}};
  EXPECT_EQ(truncated.describe(), "truncated_normal(mean=1, sd=0.25, low=-inf, high=2)");
  const Distribution discrete{Discrete{{1.0, 2.5}, {0.25, 0.75}}};
  EXPECT_EQ(discrete.describe(), "discrete(values=[1, 2.5], probabilities=[0.25, 0.75])");
  const Distribution beta{Beta{2.0, 3.0, 0.0, 1.0}};
  EXPECT_EQ(beta.describe(), "beta(alpha=2, beta=3, low=0, high=1)");
}

}  // namespace
}  // namespace cloudsim::uncertainty
