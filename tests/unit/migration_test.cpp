// Model spec section 5: scheduled migrations.

#include "model/migration.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_market.hpp"

namespace cloudsim {
namespace {

model::MarketParameters with_migration(int from, int to, double amount, double start,
                                       double duration) {
  auto p = testing::small_market(21);
  p.migrations.push_back({"m", 0, from, to, amount, start, duration});
  return p;
}

TEST(Migration, MovesExactlyAmountOverDurationEachQuarterOfItsWindow) {
  const auto p = with_migration(0, 1, 8.0, 3.0, 4.0);
  const std::vector<char> active(6, 1);
  for (int quarter = 0; quarter < 10; ++quarter) {
    std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
    std::vector<double> demand = {100.0, 20.0};
    std::vector<double> moved(1);
    model::apply_migrations(p, quarter, active, revenue, {}, demand, moved);
    const bool inside = quarter >= 3 && quarter < 7;
    EXPECT_EQ(moved[0], inside ? 2.0 : 0.0) << "quarter " << quarter;
    EXPECT_EQ(revenue[0], 50.0 - moved[0]);
    EXPECT_EQ(revenue[1], 30.0 + moved[0]);
    EXPECT_EQ(demand[0], 100.0) << "between providers the market size does not change";
  }
}

TEST(Migration, AProviderWithLessThanDeltaGivesOnlyWhatItHas) {
  const auto p = with_migration(2, 0, 40.0, 0.0, 2.0);  // δ = 20 but C has 5
  std::vector<double> revenue = {50.0, 30.0, 5.0, 10.0, 10.0, 0.0};
  std::vector<double> demand = {85.0, 20.0};
  std::vector<double> moved(1);
  model::apply_migrations(p, 1, std::vector<char>(6, 1), revenue, {}, demand, moved);
  EXPECT_EQ(moved[0], 5.0);
  EXPECT_EQ(revenue[2], 0.0);
  EXPECT_EQ(revenue[0], 55.0);
}

TEST(Migration, SelfBuildChangesDemandByDelta) {
  std::vector<double> moved(1);
  {
    const auto to_self = with_migration(1, -1, 9.0, 0.0, 3.0);
    std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
    std::vector<double> demand = {100.0, 20.0};
    model::apply_migrations(to_self, 2, std::vector<char>(6, 1), revenue, {}, demand, moved);
    EXPECT_EQ(moved[0], 3.0);
    EXPECT_EQ(revenue[1], 27.0);
    EXPECT_EQ(demand[0], 97.0);
  }
  {
    const auto from_self = with_migration(-1, 2, 9.0, 0.0, 3.0);
    std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
    std::vector<double> demand = {100.0, 20.0};
    model::apply_migrations(from_self, 0, std::vector<char>(6, 1), revenue, {}, demand, moved);
    EXPECT_EQ(moved[0], 3.0);
    EXPECT_EQ(revenue[2], 23.0);
    EXPECT_EQ(demand[0], 103.0);
  }
}

TEST(Migration, NothingMovesToAProviderAbsentFromTheSegment) {
  const auto p = with_migration(0, 2, 8.0, 0.0, 4.0);
  std::vector<char> eligible(6, 1);
  eligible[2] = 0;  // C not (yet) present in segment 0
  std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
  std::vector<double> demand = {100.0, 20.0};
  std::vector<double> moved(1);
  model::apply_migrations(p, 1, eligible, revenue, {}, demand, moved);
  EXPECT_EQ(moved[0], 0.0);
  EXPECT_EQ(revenue[0], 50.0);
}

TEST(Migration, RevenueStillSumsToDemandOnEveryPathAndQuarter) {
  auto p = with_migration(0, -1, 30.0, 2.0, 6.0);
  p.migrations.push_back({"in", 1, -1, 1, 5.0, 4.0, 3.0});
  p.migrations.push_back({"across", 0, 1, 2, 50.0, 1.0, 10.0});
  const model::MarketModel model(p);
  const auto check = testing::check_conservation(*testing::run_all(model, 200, 17));
  EXPECT_GE(check.smallest_revenue, 0.0);
  EXPECT_LT(check.largest_gap, 1e-12);
}

}  // namespace
}  // namespace cloudsim
