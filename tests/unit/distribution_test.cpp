// Each distribution kind against closed-form moments written out here (not taken from the code
// under test), with tolerances of 4 standard errors estimated from the sample itself.

#include "uncertainty/distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "engine/random_stream.hpp"
#include "test_market.hpp"

namespace cloudsim::uncertainty {
namespace {

using testing::dist;

constexpr std::size_t kDraws = 200000;

std::vector<double> standard_normals() {
  std::vector<double> z(kDraws);
  engine::PathRandomStream(777, 0).normals(0, engine::RandomPurpose::parameter_draw, z);
  return z;
}

struct Expected {
  double mean;
  double variance;
};

void expect_moments(const Distribution& d, Expected expected) {
  static const std::vector<double> z = standard_normals();
  double sum = 0.0;
  for (double x : z)
    sum += d.value_at_normal(x);
  const double n = static_cast<double>(z.size());
  const double mean = sum / n;
  double m2 = 0.0, m4 = 0.0;
  for (double x : z) {
    const double v = d.value_at_normal(x);
    ASSERT_GE(v, d.lowest()) << d.describe();
    ASSERT_LE(v, d.highest()) << d.describe();
    m2 += (v - mean) * (v - mean);
    m4 += std::pow(v - mean, 4);
  }
  m2 /= n;
  m4 /= n;
  const double mean_error = std::sqrt(m2 / n);
  const double variance_error = std::sqrt(std::max(m4 - m2 * m2, 0.0) / n);
  EXPECT_NEAR(mean, expected.mean, 4.0 * mean_error)
      << d.describe() << ": sample mean " << mean << ", expected " << expected.mean;
  EXPECT_NEAR(m2, expected.variance, 4.0 * variance_error + 1e-12)
      << d.describe() << ": sample variance " << m2 << ", expected " << expected.variance;
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
  expect_moments(dist(DistributionKind::uniform, 2.0, 5.0), {3.5, 9.0 / 12.0});
}

TEST(Distribution, Normal) {
  expect_moments(dist(DistributionKind::normal, 1.0, 2.0), {1.0, 4.0});
}

TEST(Distribution, TruncatedNormalTwoSided) {
  const double a = -1.0, b = 2.0, z = Phi(b) - Phi(a);
  const double mean = (phi(a) - phi(b)) / z;
  const double variance = 1.0 + (a * phi(a) - b * phi(b)) / z - mean * mean;
  expect_moments(dist(DistributionKind::truncated_normal, 0.0, 1.0, a, b), {mean, variance});
}

TEST(Distribution, TruncatedNormalFarUpperTail) {
  // Everything above the mean + 3 sd: the branch that works with upper-tail complements.
  const double a = 3.0, lambda = phi(a) / (0.5 * std::erfc(a / std::sqrt(2.0)));
  const double inf = std::numeric_limits<double>::infinity();
  expect_moments(dist(DistributionKind::truncated_normal, 10.0, 2.0, 16.0, inf),
                 {10.0 + 2.0 * lambda, 4.0 * (1.0 + a * lambda - lambda * lambda)});
}

TEST(Distribution, Lognormal) {
  const double mu = 0.1, s = 0.5;
  expect_moments(dist(DistributionKind::lognormal, mu, s),
                 {std::exp(mu + s * s / 2), (std::exp(s * s) - 1) * std::exp(2 * mu + s * s)});
}

TEST(Distribution, Triangular) {
  expect_moments(dist(DistributionKind::triangular, 1.0, 2.0, 4.0), {7.0 / 3.0, 7.0 / 18.0});
}

TEST(Distribution, ScaledBeta) {
  expect_moments(dist(DistributionKind::beta, 2.0, 5.0, 10.0, 20.0),
                 {10.0 + 10.0 * 2.0 / 7.0, 100.0 * 10.0 / (49.0 * 8.0)});
}

TEST(Distribution, Discrete) {
  Distribution d = dist(DistributionKind::discrete, 0.0);
  d.values = {1.0, 2.0, 10.0};
  d.probabilities = {0.2, 0.5, 0.3};
  expect_moments(d, {4.2, 0.2 * 1 + 0.5 * 4 + 0.3 * 100 - 4.2 * 4.2});
}

TEST(Distribution, FixedIsConstant) {
  const Distribution d = dist(DistributionKind::fixed, 0.25);
  for (double z : {-9.0, 0.0, 9.0})
    EXPECT_EQ(d.value_at_normal(z), 0.25);
}

TEST(Distribution, ExtremeDrawsStayFiniteAndInsideTheSupport) {
  // Box-Muller can produce |z| up to about 9.4; every kind must map such a draw inside its range.
  const double inf = std::numeric_limits<double>::infinity();
  Distribution discrete = dist(DistributionKind::discrete, 0.0);
  discrete.values = {1.0, 2.0};
  discrete.probabilities = {0.5, 0.5};
  const Distribution kinds[] = {
      dist(DistributionKind::uniform, 0.0, 1.0),
      dist(DistributionKind::normal, 0.0, 1.0),
      dist(DistributionKind::truncated_normal, 0.0, 1.0, 2.0, inf),
      dist(DistributionKind::truncated_normal, 0.0, 1.0, -inf, -2.0),
      dist(DistributionKind::truncated_normal, 0.0, 1.0, -1.0, 1.0),
      dist(DistributionKind::lognormal, 0.0, 1.0),
      dist(DistributionKind::triangular, 0.0, 0.5, 1.0),
      dist(DistributionKind::beta, 2.0, 3.0, 0.0, 1.0),
      discrete,
  };
  for (const auto& d : kinds) {
    for (double z : {-40.0, -9.4, 9.4, 40.0}) {
      const double x = d.value_at_normal(z);
      EXPECT_TRUE(std::isfinite(x)) << d.describe() << " z=" << z;
      EXPECT_GE(x, d.lowest()) << d.describe() << " z=" << z;
      EXPECT_LE(x, d.highest()) << d.describe() << " z=" << z;
    }
  }
}

TEST(Distribution, MapIsMonotoneAndReachesTheTails) {
  const Distribution beta = dist(DistributionKind::beta, 0.5, 0.5, 0.0, 1.0);
  double previous = -1.0;
  for (double z = -9.0; z <= 9.0; z += 0.01) {
    const double x = beta.value_at_normal(z);
    EXPECT_GE(x, previous) << "z=" << z;
    previous = x;
  }
  EXPECT_LT(beta.value_at_normal(-8.0), 1e-20);
  EXPECT_GT(beta.value_at_normal(8.0), 1.0 - 1e-14);
}

}  // namespace
}  // namespace cloudsim::uncertainty
