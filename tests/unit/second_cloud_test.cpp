// Model spec section 3, version 2: a multi-cloud customer's second cloud is never its primary.
// The O(N) kernel against the spec's O(N²) sum, its edge cases, and the φ = 0 identities.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "model/attraction.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

double max_of(const std::vector<double>& values) {
  double largest = kMinusInfinity;
  for (const double v : values)
    largest = std::max(largest, v);
  return largest;
}

// π of the v2 kernel with second_cloud = c: c = 0 gives π¹, c = 1 gives π² (the other term is
// multiplied by exactly 0).
std::vector<double> v2(const std::vector<double>& utility, const std::vector<double>& affinity,
                       double second_cloud) {
  std::vector<double> choice(utility.size(), -1.0), scratch(2 * utility.size(), -1.0);
  model::choice_probabilities_excluding_primary(utility, max_of(utility), affinity, second_cloud,
                                                scratch, choice);
  return choice;
}

std::vector<double> v1(const std::vector<double>& utility, const std::vector<double>& affinity,
                       double second_cloud) {
  std::vector<double> choice(utility.size(), -1.0);
  model::choice_probabilities(utility, max_of(utility), affinity, second_cloud, choice);
  return choice;
}

// The spec's formula as written, O(N²), in long double: π²_i = Σ_{j≠i} π¹_j v_i / Σ_{k≠j} v_k.
// v_i = π¹_i a_i is proportional to w_i e^{A_i}, and π² does not change when v is scaled. A
// primary j with Σ_{k≠j} v_k = 0 has no second cloud available and keeps that spend.
std::vector<double> brute_force_second(const std::vector<double>& first,
                                       const std::vector<double>& affinity) {
  const std::size_t n = first.size();
  std::vector<long double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<long double>(first[i]) * affinity[i];
  std::vector<double> second(n);
  for (std::size_t i = 0; i < n; ++i) {
    long double total = 0.0L;
    for (std::size_t j = 0; j < n; ++j) {
      long double others = 0.0L;
      for (std::size_t k = 0; k < n; ++k)
        others += k == j ? 0.0L : v[k];
      if (j != i && others > 0.0L)
        total += first[j] * v[i] / others;
      if (j == i && others == 0.0L)
        total += first[j];
    }
    second[i] = static_cast<double>(total);
  }
  return second;
}

TEST(SecondCloud, WithTwoProvidersEachGetsTheOthersPrimaryCustomers) {
  for (const double gap : {0.0, 0.7, 3.0, 25.0}) {
    for (const double a : {1.0, 0.3, 1e-6}) {
      const std::vector<double> utility = {gap, 0.0}, affinity = {a, 1.0};
      const auto first = v2(utility, affinity, 0.0);
      const auto second = v2(utility, affinity, 1.0);
      // Floating point: each side is within an ulp or two of the exact π¹ of the other.
      EXPECT_DOUBLE_EQ(second[0], first[1]) << "gap " << gap << ", a " << a;
      EXPECT_DOUBLE_EQ(second[1], first[0]) << "gap " << gap << ", a " << a;
      EXPECT_NEAR(second[0] + second[1], 1.0, 1e-15);
    }
  }
}

TEST(SecondCloud, MatchesTheSpecsSumOverThePrimaryForEveryProviderCount) {
  for (std::size_t providers = 1; providers <= 11; ++providers) {
    std::vector<double> utility(providers), affinity(providers);
    for (std::size_t i = 0; i < providers; ++i) {
      utility[i] = std::sin(1.7 * static_cast<double>(i) + 0.3) * 2.0;
      affinity[i] = std::exp(-0.9 * static_cast<double>(i % 4));
    }
    for (int variant = 0; variant < 2; ++variant) {
      if (variant == 1 && providers > 2) {
        utility[1] = kMinusInfinity;  // absent or exited
        utility[providers - 1] = kMinusInfinity;
      }
      const auto first = v2(utility, affinity, 0.0);
      const auto second = v2(utility, affinity, 1.0);
      const auto expected = brute_force_second(first, affinity);
      double total = 0.0;
      for (std::size_t i = 0; i < providers; ++i) {
        EXPECT_NEAR(second[i], expected[i], 1e-15 * expected[i])
            << "provider " << i << " of " << providers << ", variant " << variant;
        if (utility[i] == kMinusInfinity) {
          EXPECT_EQ(second[i], 0.0) << "a provider that cannot be chosen gets nothing";
        }
        total += second[i];
      }
      EXPECT_NEAR(total, 1.0, 1e-15) << providers << " providers";
    }
  }
}

TEST(SecondCloud, LargeUtilitiesAndALeaderFarAheadStayAccurate) {
  // Utilities near 800 (e^u would overflow unshifted), and a leader whose rest of the market is
  // ~3e-5 of its own weight: a total less the leader's term would keep only ~11 of its digits.
  const std::vector<double> utility = {800.0, 760.0, 20.0, -5.0, 790.0, 700.0};
  const std::vector<double> affinity = {1.0, 0.5, 0.2, 1.0, 0.7, 1e-3};
  const auto first = v2(utility, affinity, 0.0);
  const auto second = v2(utility, affinity, 1.0);
  const auto expected = brute_force_second(first, affinity);
  for (std::size_t i = 0; i < utility.size(); ++i) {
    EXPECT_TRUE(std::isfinite(second[i]));
    EXPECT_NEAR(second[i], expected[i], 1e-15 * expected[i]) << "provider " << i;
  }
}

TEST(SecondCloud, ASingleProviderKeepsItsCustomersSecondCloudSpend) {
  const std::vector<double> utility = {kMinusInfinity, 1.3, kMinusInfinity};
  const auto pi = v2(utility, {1.0, 0.2, 1.0}, 0.37);
  EXPECT_EQ(pi[0], 0.0);
  EXPECT_EQ(pi[1], 1.0) << "π² = π¹ with one provider that can be chosen";
  EXPECT_EQ(pi[2], 0.0);
}

TEST(SecondCloud, AProviderAloneInTheSecondSlotWinsItAll) {
  // Only provider 2 has a weight for the second slot: everyone else's second cloud is 2, and 2's
  // own customers keep their second-cloud spend on 2.
  const std::vector<double> utility = {0.4, 0.0, -0.3};
  const auto second = v2(utility, {0.0, 0.0, 1.0}, 1.0);
  EXPECT_EQ(second[0], 0.0);
  EXPECT_EQ(second[1], 0.0);
  EXPECT_NEAR(second[2], 1.0, 1e-15);
  // No weight at all for the second slot: nobody has a second cloud, π² = π¹.
  const auto first = v2(utility, {0.0, 0.0, 0.0}, 0.0);
  const auto kept = v2(utility, {0.0, 0.0, 0.0}, 1.0);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_DOUBLE_EQ(kept[i], first[i]);
}

TEST(SecondCloud, TheLeaderNoLongerWinsItsOwnCustomersSecondSlot) {
  // Equal affinities: v1's π² is π¹ (the leader gets its share of its own customers' second
  // cloud), v2 gives the leader only the other primaries' second clouds.
  const std::vector<double> utility = {2.0, 0.0, 0.0}, affinity = {1.0, 1.0, 1.0};
  const auto first = v2(utility, affinity, 0.0);
  const auto independent = v1(utility, affinity, 1.0);
  const auto excluding = v2(utility, affinity, 1.0);
  EXPECT_NEAR(independent[0], first[0], 1e-15);
  EXPECT_LT(excluding[0], first[0] - 0.1);
  // Either other primary's second cloud is 0 with probability e² / (e² + 1).
  const double e2 = std::exp(2.0);
  EXPECT_NEAR(excluding[0], (first[1] + first[2]) * e2 / (e2 + 1.0), 1e-15);
}

TEST(SecondCloud, WithPhiZeroBothRulesGiveTheSingleCloudChoiceToTheBit) {
  const std::vector<double> utility = {0.3, -1.2, 2.5, kMinusInfinity, 0.0};
  const std::vector<double> affinity = {1.0, 0.1, 0.5, 1.0, 0.9};
  EXPECT_EQ(v2(utility, affinity, 0.0), v1(utility, affinity, 0.0));
  EXPECT_NE(v2(utility, affinity, 0.3), v1(utility, affinity, 0.3));
}

// Whole paths of the small test market, by rule and φ.
std::unique_ptr<testing::CollectingSink> run(model::SecondCloudRule rule, double phi,
                                             bool multi_cloud = true) {
  auto p = testing::small_market(13);
  p.multi_cloud.second_cloud_rule = rule;
  p.multi_cloud.second_cloud_spend_share = phi;
  if (!multi_cloud) {
    p.multi_cloud = {};  // no [multi_cloud] table: every choice single-cloud, m = 0
  }
  const model::MarketModel model(p);
  return testing::run_all(model, 40, 5);
}

TEST(SecondCloud, PhiZeroIsTheSingleCloudMarketExactlyAndPhiAboveZeroIsNot) {
  using model::SecondCloudRule;
  const auto single = run(SecondCloudRule::excludes_primary, 0.0, false);
  const auto v2_zero = run(SecondCloudRule::excludes_primary, 0.0);
  const auto v1_zero = run(SecondCloudRule::independent, 0.0);
  EXPECT_EQ(v2_zero->revenue, single->revenue) << "φ m = 0: π = π¹";
  EXPECT_EQ(v1_zero->revenue, single->revenue);
  // The small market's affinities differ (B has 1, A and C 0): the second cloud matters, and
  // the two rules split it differently.
  const auto v2_some = run(SecondCloudRule::excludes_primary, 0.3);
  const auto v1_some = run(SecondCloudRule::independent, 0.3);
  EXPECT_NE(v2_some->revenue, single->revenue);
  EXPECT_NE(v2_some->revenue, v1_some->revenue);
  EXPECT_LT(testing::check_conservation(*v2_some).largest_gap, 1e-12);
}

}  // namespace
}  // namespace cloudsim
