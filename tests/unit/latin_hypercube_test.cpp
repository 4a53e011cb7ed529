// Latin hypercube sweeps: one point per stratum in every dimension, reproducible from the seed.

#include "uncertainty/latin_hypercube.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace cloudsim {
namespace {

TEST(LatinHypercube, EveryStratumOfEveryDimensionHoldsExactlyOnePoint) {
  for (const std::size_t points : {1u, 2u, 7u, 100u}) {
    const auto values = uncertainty::latin_hypercube(points, 3, 42, 7);
    ASSERT_EQ(values.size(), points * 3);
    for (std::size_t d = 0; d < 3; ++d) {
      std::vector<std::size_t> strata;
      for (std::size_t k = 0; k < points; ++k) {
        const double v = values[k * 3 + d];
        ASSERT_GE(v, 0.0);
        ASSERT_LT(v, 1.0);
        strata.push_back(static_cast<std::size_t>(std::floor(v * static_cast<double>(points))));
      }
      std::sort(strata.begin(), strata.end());
      for (std::size_t k = 0; k < points; ++k)
        EXPECT_EQ(strata[k], k) << points << " points, dimension " << d;
    }
  }
}

TEST(LatinHypercube, TheSameSeedAndStreamGiveTheSamePointsAndOthersDiffer) {
  const auto a = uncertainty::latin_hypercube(20, 2, 1, 5);
  EXPECT_EQ(a, uncertainty::latin_hypercube(20, 2, 1, 5));
  EXPECT_NE(a, uncertainty::latin_hypercube(20, 2, 2, 5));
  EXPECT_NE(a, uncertainty::latin_hypercube(20, 2, 1, 6));
}

// The dimensions are paired at random: with many points, the rank correlation between two
// dimensions is near zero (its standard error is 1/sqrt(n − 1) under independence).
TEST(LatinHypercube, DimensionsAreUncorrelated) {
  const std::size_t n = 2000;
  const auto values = uncertainty::latin_hypercube(n, 2, 3, 9);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double x = values[2 * k] - 0.5, y = values[2 * k + 1] - 0.5;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const double correlation = sxy / std::sqrt(sxx * syy);
  EXPECT_LT(std::abs(correlation), 4.0 / std::sqrt(static_cast<double>(n - 1)));
}

}  // namespace
}  // namespace cloudsim
