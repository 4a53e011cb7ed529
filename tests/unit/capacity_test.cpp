// Model spec section 6: capacity caps, re-allocation of the excess, unserved demand.

#include "model/capacity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "test_market.hpp"

namespace cloudsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Capacity, ExcessGoesToProvidersWithHeadroomByChoice) {
  // One segment, three providers; A is capped at 50 but won 70 (kept 40, gained 30).
  const std::vector<double> kept = {40.0, 20.0, 10.0};
  const std::vector<double> choice = {0.5, 0.3, 0.2};
  const std::vector<char> eligible = {1, 1, 1};
  const std::vector<double> capacity = {50.0, kInf, kInf};
  std::vector<double> revenue = {70.0, 38.0, 22.0};
  std::vector<double> demand = {130.0};
  std::vector<double> unserved(1);
  std::vector<double> scratch(4);
  model::enforce_capacity({1, 3, kept, choice, eligible, capacity, scratch}, revenue, demand,
                          unserved);
  EXPECT_DOUBLE_EQ(revenue[0], 50.0);
  EXPECT_DOUBLE_EQ(revenue[1], 38.0 + 20.0 * 0.3 / 0.5);
  EXPECT_DOUBLE_EQ(revenue[2], 22.0 + 20.0 * 0.2 / 0.5);
  EXPECT_EQ(unserved[0], 0.0);
  EXPECT_EQ(demand[0], 130.0);
}

TEST(Capacity, WhatNobodyCanTakeIsUnservedAndLeavesDemand) {
  // Both providers capped; together they can serve 90 of 110.
  const std::vector<double> kept = {30.0, 30.0};
  const std::vector<double> choice = {0.6, 0.4};
  const std::vector<char> eligible = {1, 1};
  const std::vector<double> capacity = {50.0, 40.0};
  std::vector<double> revenue = {60.0, 50.0};
  std::vector<double> demand = {110.0};
  std::vector<double> unserved(1);
  std::vector<double> scratch(3);
  model::enforce_capacity({1, 2, kept, choice, eligible, capacity, scratch}, revenue, demand,
                          unserved);
  EXPECT_NEAR(revenue[0], 50.0, 1e-12);
  EXPECT_NEAR(revenue[1], 40.0, 1e-12);
  EXPECT_NEAR(unserved[0], 20.0, 1e-12);
  EXPECT_NEAR(demand[0], 90.0, 1e-12);
}

TEST(Capacity, KeptBooksAreNeverCut) {
  const std::vector<double> kept = {80.0, 10.0};
  const std::vector<double> choice = {0.5, 0.5};
  const std::vector<char> eligible = {1, 1};
  const std::vector<double> capacity = {50.0, kInf};
  std::vector<double> revenue = {90.0, 20.0};
  std::vector<double> demand = {110.0};
  std::vector<double> unserved(1);
  std::vector<double> scratch(3);
  model::enforce_capacity({1, 2, kept, choice, eligible, capacity, scratch}, revenue, demand,
                          unserved);
  EXPECT_EQ(revenue[0], 80.0) << "over its cap on its kept book alone: keeps it, gains nothing";
  EXPECT_EQ(revenue[1], 30.0);
}

// A and B capped. Churn 0.2 and calm demand keep every kept book below the cap (the model never
// cuts kept books), so "nobody above the cap" is a property the test can demand everywhere.
model::MarketParameters capped_market(double cap_a, double cap_b) {
  auto p = testing::small_market(41);
  for (auto& segment : p.segments)
    segment.volatility = 0.05;
  for (std::size_t i = 0; i < 2; ++i) {
    for (auto& cell : p.providers[i].segments)
      cell.churn_rate = 0.2;
  }
  p.providers[0].capacity = cap_a;
  p.providers[1].capacity = cap_b;
  p.providers[1].capacity_growth = 0.05;
  return p;
}

TEST(Capacity, NoProviderEndsAQuarterAboveItsCap) {
  const model::MarketModel model(capped_market(80.0, 60.0));
  const auto sink = testing::run_all(model, 200, 23);
  double largest_unserved = 0.0;
  for (std::size_t n = 0; n < sink->paths; ++n) {
    double cap_a = 80.0, cap_b = 60.0;
    for (std::size_t t = 1; t < sink->shape.quarters; ++t) {
      cap_b *= std::pow(1.05, 0.25);
      ASSERT_LE(sink->provider_revenue(n, t, 0), cap_a * (1 + 1e-9)) << "path " << n << " t " << t;
      ASSERT_LE(sink->provider_revenue(n, t, 1), cap_b * (1 + 1e-9)) << "path " << n << " t " << t;
      for (std::size_t s = 0; s < 2; ++s) {
        ASSERT_GE(sink->unserved_at(n, t, s), 0.0);
        largest_unserved = std::max(largest_unserved, sink->unserved_at(n, t, s));
        double total = 0.0;
        for (std::size_t i = 0; i < 3; ++i)
          total += sink->revenue_at(n, t, s, i);
        ASSERT_NEAR(total, sink->demand_at(n, t, s), 1e-9 * sink->demand_at(n, t, s));
      }
    }
  }
  // C is absent from PaaS: when A and B are full there, PaaS demand goes unserved.
  EXPECT_GT(largest_unserved, 0.0) << "the test market should make capacity bind";
}

TEST(Capacity, CapsThatNeverBindChangeNothingToTheBit) {
  auto uncapped = capped_market(80.0, 60.0);
  for (auto& provider : uncapped.providers)
    provider.capacity = kInf;
  const model::MarketModel free(uncapped);
  const model::MarketModel capped(capped_market(1e15, 1e15));
  const auto a = testing::run_all(free, 100, 29);
  const auto b = testing::run_all(capped, 100, 29);
  EXPECT_EQ(a->revenue, b->revenue);
  EXPECT_EQ(a->demand, b->demand);
  EXPECT_TRUE(
      std::all_of(b->unserved.begin(), b->unserved.end(), [](double u) { return u == 0.0; }));
}

}  // namespace
}  // namespace cloudsim
