// Model spec section 4: churn and re-allocation conserve each segment's demand.

#include "model/allocation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

TEST(Reallocation, KeepsRetainedBooksAndSplitsThePoolByChoice) {
  std::vector<double> revenue = {60.0, 30.0, 10.0};
  const std::vector<double> churn = {0.1, 0.2, 0.5};
  const std::vector<double> choice = {0.5, 0.3, 0.2};
  model::reallocate_segment(100.0, 110.0, churn, choice, revenue);
  // kept = (1 − k) R g with g = 1.1: 59.4, 26.4, 5.5; pool = 110 − 91.3 = 18.7.
  EXPECT_DOUBLE_EQ(revenue[0], 59.4 + 0.5 * 18.7);
  EXPECT_DOUBLE_EQ(revenue[1], 26.4 + 0.3 * 18.7);
  EXPECT_DOUBLE_EQ(revenue[2], 5.5 + 0.2 * 18.7);
}

TEST(Reallocation, RevenueSumsToDemandOnEveryPathAndQuarter) {
  const model::MarketModel model(testing::small_market(41));
  const auto check = testing::check_conservation(*testing::run_all(model, 500, 11));
  EXPECT_GE(check.smallest_revenue, 0.0);
  // Rounding only: a few ulps of accumulated error over 40 quarters.
  EXPECT_LT(check.largest_gap, 1e-12) << "largest relative gap between Σ R and D";
}

TEST(Reallocation, AbsentProviderNeverEarnsInThatSegment) {
  const model::MarketModel model(testing::small_market(21));
  const auto sink = testing::run_all(model, 50, 3);
  for (std::size_t n = 0; n < sink->paths; ++n) {
    for (std::size_t t = 0; t < sink->shape.quarters; ++t) {
      EXPECT_EQ(sink->revenue_at(n, t, 1, 2), 0.0);  // provider C is absent from PaaS
    }
  }
}

}  // namespace
}  // namespace cloudsim
