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
  testing::CollectingSink sink;
  engine::RunOptions options;
  options.paths = 500;
  options.seed = 11;
  engine::run_paths(model, options, sink);
  const auto& shape = sink.shape;
  double worst = 0.0;
  for (std::size_t n = 0; n < sink.paths; ++n) {
    for (std::size_t t = 0; t < shape.quarters; ++t) {
      for (std::size_t s = 0; s < shape.segments; ++s) {
        double total = 0.0;
        for (std::size_t i = 0; i < shape.providers; ++i) {
          const double r = sink.revenue_at(n, t, s, i);
          ASSERT_GE(r, 0.0) << "negative revenue at path " << n << " quarter " << t;
          total += r;
        }
        const double demand = sink.demand_at(n, t, s);
        worst = std::max(worst, std::abs(total - demand) / demand);
      }
    }
  }
  // Rounding only: a few ulps of accumulated error over 40 quarters.
  EXPECT_LT(worst, 1e-12) << "largest relative gap between Σ R and D";
}

TEST(Reallocation, AbsentProviderNeverEarnsInThatSegment) {
  const model::MarketModel model(testing::small_market(21));
  testing::CollectingSink sink;
  engine::RunOptions options;
  options.paths = 50;
  options.seed = 3;
  engine::run_paths(model, options, sink);
  for (std::size_t n = 0; n < sink.paths; ++n) {
    for (std::size_t t = 0; t < sink.shape.quarters; ++t) {
      EXPECT_EQ(sink.revenue_at(n, t, 1, 2), 0.0);  // provider C is absent from PaaS
    }
  }
}

}  // namespace
}  // namespace cloudsim
