// Scoring an ensemble against an actual (sim/observe/forecast_score.hpp): CRPS against its
// O(n²) definition and the normal closed form, weighted quantiles and PIT against hand values.

#include "observe/forecast_score.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "uncertainty/standard_normal.hpp"

namespace cloudsim {
namespace {

using observe::make_ensemble;

// Σ w_i |x_i − y| − ½ Σ_i Σ_j w_i w_j |x_i − x_j|, term by term.
double crps_by_definition(const std::vector<double>& x, const std::vector<double>& w, double y) {
  double total = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    total += w[i] * std::abs(x[i] - y);
  double pairs = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < x.size(); ++j)
      pairs += w[i] * w[j] * std::abs(x[i] - x[j]);
  return total - 0.5 * pairs;
}

TEST(ForecastScore, CrpsEqualsItsQuadraticDefinition) {
  std::mt19937_64 generator(15);
  std::lognormal_distribution<double> value(0.0, 1.0);
  std::uniform_real_distribution<double> weight(0.0, 1.0);
  for (const std::size_t n : {1u, 2u, 7u, 500u}) {
    std::vector<double> x(n), w(n);
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = value(generator);
      w[i] = weight(generator);
      total += w[i];
    }
    for (double& wi : w)
      wi /= total;
    x[n / 2] = x[0];  // a tie
    for (const double y : {-1.0, 0.0, x[0], 1.3, 50.0}) {
      const double expected = crps_by_definition(x, w, y);
      const double fast = observe::crps(make_ensemble(x, w), y);
      EXPECT_NEAR(fast, expected, 1e-12 * std::max(1.0, std::abs(expected)))
          << "n " << n << ", y " << y;
    }
    // Unweighted: equal weights.
    const std::vector<double> equal(n, 1.0 / static_cast<double>(n));
    EXPECT_NEAR(observe::crps(make_ensemble(x, {}), 1.0), crps_by_definition(x, equal, 1.0), 1e-12);
  }
}

TEST(ForecastScore, CrpsOfALargeNormalEnsembleIsTheClosedForm) {
  // The ensemble: the normal's quantiles at (k − ½)/n, so its CDF tracks Φ to O(1/n); CRPS of
  // N(μ, σ²) at y is σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
  const std::size_t n = 20000;
  const double mu = 3.0, sigma = 2.0;
  std::vector<double> x(n);
  for (std::size_t k = 0; k < n; ++k)
    x[k] = mu + sigma * uncertainty::standard_normal_quantile((static_cast<double>(k) + 0.5) /
                                                              static_cast<double>(n));
  const auto ensemble = make_ensemble(x, {});
  for (const double y : {3.0, 4.0, -1.0, 12.0}) {
    const double z = (y - mu) / sigma;
    const double closed =
        sigma * (z * (2.0 * uncertainty::standard_normal_cdf(z) - 1.0) +
                 2.0 * uncertainty::standard_normal_density(z) - 1.0 / std::sqrt(std::numbers::pi));
    // The discretisation error is O(σ log n / n) ≈ 1e-3 σ at most; the closed form is ~0.47 at z =
    // 0.
    EXPECT_NEAR(observe::crps(ensemble, y), closed, 1e-3 * sigma) << "y " << y;
  }
}

TEST(ForecastScore, WeightedQuantilesInterpolateBetweenWeightMidpoints) {
  const std::vector<double> x{5.0, 1.0, 3.0, 4.0, 2.0};
  const auto equal = make_ensemble(x, {});
  // Weights of 1/5 are not exact in binary: cumulative sums are within rounding.
  EXPECT_NEAR(observe::weighted_quantile(equal, 0.5), 3.0, 1e-12) << "the middle value";
  EXPECT_NEAR(observe::weighted_quantile(equal, 0.1), 1.0, 1e-12) << "k = 1 at (1 − ½)/5";
  EXPECT_EQ(observe::weighted_quantile(equal, 0.05), 1.0) << "below the first midpoint";
  EXPECT_EQ(observe::weighted_quantile(equal, 0.99), 5.0) << "above the last";
  EXPECT_NEAR(observe::weighted_quantile(equal, 0.2), 1.5, 1e-12) << "halfway from 0.1 to 0.3";
  // Two values, weights ¼ and ¾: midpoints 1/8 and 5/8.
  const auto weighted =
      make_ensemble(std::vector<double>{10.0, 0.0}, std::vector<double>{3.0, 1.0});
  EXPECT_EQ(weighted.weights, (std::vector<double>{0.25, 0.75})) << "normalised, sorted";
  EXPECT_EQ(observe::weighted_quantile(weighted, 0.5), 7.5);
  // A path of weight 0 changes nothing.
  const auto with_zero =
      make_ensemble(std::vector<double>{10.0, 0.0, 100.0}, std::vector<double>{3.0, 1.0, 0.0});
  EXPECT_EQ(observe::weighted_quantile(with_zero, 0.9), observe::weighted_quantile(weighted, 0.9));
  EXPECT_EQ(observe::crps(with_zero, 4.0), observe::crps(weighted, 4.0));
}

TEST(ForecastScore, PitCountsTiesAsHalf) {
  const auto ensemble = make_ensemble(std::vector<double>{1.0, 2.0, 2.0, 3.0}, {});
  EXPECT_EQ(observe::pit(ensemble, 2.0), 0.5);
  EXPECT_EQ(observe::pit(ensemble, 2.5), 0.75);
  EXPECT_EQ(observe::pit(ensemble, 0.0), 0.0);
  EXPECT_EQ(observe::pit(ensemble, 9.0), 1.0);
  const auto weighted =
      make_ensemble(std::vector<double>{1.0, 2.0, 3.0}, std::vector<double>{0.5, 0.25, 0.25});
  EXPECT_EQ(observe::pit(weighted, 2.0), 0.625);
  EXPECT_EQ(observe::effective_sample_size(weighted), 1.0 / (0.25 + 0.0625 + 0.0625));
}

TEST(ForecastScore, ScoreDropsUndefinedPathsAndFlagsTheBands) {
  std::vector<double> x;
  for (int k = 1; k <= 99; ++k)
    x.push_back(k);
  x.push_back(std::nan(""));
  const auto centre = observe::score_forecast(x, {}, 50.0);
  EXPECT_EQ(centre.paths, 99u);
  EXPECT_EQ(centre.dropped, 1u);
  EXPECT_NEAR(centre.median, 50.0, 1e-9);
  EXPECT_NEAR(centre.pit, 0.5, 1e-12);
  EXPECT_TRUE(centre.in50 && centre.in90);
  const auto far = observe::score_forecast(x, {}, 1000.0);
  EXPECT_NEAR(far.pit, 1.0, 1e-12);
  EXPECT_FALSE(far.in50 || far.in90);
  EXPECT_GT(far.crps, 900.0);
}

}  // namespace
}  // namespace cloudsim
