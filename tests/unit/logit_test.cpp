// The vectorised exponential and the logit kernel built on it, against the C library and the
// scalar formula of model spec section 3.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "model/attraction.hpp"
#include "numeric/exp_lanes.hpp"

namespace cloudsim {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

double exp_lane0(double x) {
  return numeric::exp_nonpositive(numeric::splat(x))[0];
}

TEST(ExpLanes, WithinAFewUlpOfTheLibraryOverTheWholeRange) {
  double worst_ulps = 0.0;
  // 200,001 points from −708 to 0, and the small arguments where e^x is near 1.
  std::vector<double> xs;
  for (int k = 0; k <= 200000; ++k)
    xs.push_back(-708.0 * k / 200000.0);
  for (int k = 1; k <= 1000; ++k)
    xs.push_back(-std::ldexp(1.0, -k % 60) * k / 1000.0);
  for (std::size_t first = 0; first + 4 <= xs.size(); first += 4) {
    const numeric::Doubles x = {xs[first], xs[first + 1], xs[first + 2], xs[first + 3]};
    const numeric::Doubles e = numeric::exp_nonpositive(x);
    for (std::size_t j = 0; j < 4; ++j) {
      const double expected = std::exp(x[j]);
      const double ulp = std::nextafter(expected, 1.0) - expected;
      worst_ulps = std::max(worst_ulps, std::abs(e[j] - expected) / ulp);
    }
  }
  EXPECT_LE(worst_ulps, 3.0);  // 2.0 measured on 2 million points
}

TEST(ExpLanes, ExactAtZeroAndZeroBelowTheNormalRange) {
  EXPECT_EQ(exp_lane0(0.0), 1.0);
  EXPECT_EQ(exp_lane0(-0.0), 1.0);
  EXPECT_EQ(exp_lane0(kMinusInfinity), 0.0);
  EXPECT_EQ(exp_lane0(-709.0), 0.0);
  EXPECT_GT(exp_lane0(-707.9), 0.0);
  EXPECT_TRUE(std::isnormal(exp_lane0(-707.9)));
}

// π_i = (1 − φm) w_i / Σ w + φm w_i a_i / Σ w a, with w_i = e^{u_i − c}: the spec's formula,
// scalar, with the C library's exp; any shift c gives the same π, and c = max u keeps w finite.
std::vector<double> reference_choice(const std::vector<double>& utility,
                                     const std::vector<double>& affinity, double second_cloud) {
  double single = 0.0, second = 0.0, shift = kMinusInfinity;
  for (const double u : utility)
    shift = std::max(shift, u);
  std::vector<double> weight(utility.size());
  for (std::size_t i = 0; i < utility.size(); ++i) {
    weight[i] = utility[i] == kMinusInfinity ? 0.0 : std::exp(utility[i] - shift);
    single += weight[i];
    second += weight[i] * affinity[i];
  }
  for (std::size_t i = 0; i < utility.size(); ++i)
    weight[i] =
        (1.0 - second_cloud) * weight[i] / single + second_cloud * weight[i] * affinity[i] / second;
  return weight;
}

void expect_matches_reference(const std::vector<double>& utility,
                              const std::vector<double>& affinity, double second_cloud) {
  double max_utility = kMinusInfinity;
  for (const double u : utility)
    max_utility = std::max(max_utility, u);
  std::vector<double> choice(utility.size(), -1.0);
  model::choice_probabilities(utility, max_utility, affinity, second_cloud, choice);
  const auto expected = reference_choice(utility, affinity, second_cloud);
  double total = 0.0;
  for (std::size_t i = 0; i < utility.size(); ++i) {
    EXPECT_NEAR(choice[i], expected[i], 1e-15) << "provider " << i << " of " << utility.size();
    if (utility[i] == kMinusInfinity) {
      EXPECT_EQ(choice[i], 0.0) << "a provider that cannot be chosen gets nothing";
    }
    total += choice[i];
  }
  EXPECT_NEAR(total, 1.0, 1e-14);
}

TEST(ChoiceProbabilities, MatchTheScalarFormulaForEveryProviderCount) {
  // 1 … 11 providers: whole groups of four lanes and every remainder.
  for (std::size_t providers = 1; providers <= 11; ++providers) {
    std::vector<double> utility(providers), affinity(providers);
    for (std::size_t i = 0; i < providers; ++i) {
      utility[i] = std::sin(1.7 * static_cast<double>(i) + 0.3) * 2.0;
      affinity[i] = std::exp(-0.4 * static_cast<double>(i % 3));
    }
    expect_matches_reference(utility, affinity, 0.3);
    if (providers > 2) {
      utility[1] = kMinusInfinity;  // absent or exited
      utility[providers - 1] = kMinusInfinity;
      expect_matches_reference(utility, affinity, 0.3);
    }
  }
}

TEST(ChoiceProbabilities, LargeUtilitiesStayFiniteAndNobodyEligibleGivesZero) {
  expect_matches_reference({800.0, 790.0, 20.0, -5.0, 801.0}, {1.0, 0.5, 0.2, 1.0, 0.7}, 0.1);
  std::vector<double> choice(5, -1.0);
  const std::vector<double> none(5, kMinusInfinity), affinity(5, 1.0);
  model::choice_probabilities(none, kMinusInfinity, affinity, 0.2, choice);
  for (const double c : choice)
    EXPECT_EQ(c, 0.0);
}

}  // namespace
}  // namespace cloudsim
