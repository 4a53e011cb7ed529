// Model spec section 8: profit, cumulative profit and exit on a loss limit.

#include <gtest/gtest.h>

#include <cmath>

#include "test_market.hpp"

namespace cloudsim {
namespace {

TEST(Exit, AtTheFirstQuarterCumulativeLossPassesTheLimitThenNoRevenue) {
  auto p = testing::small_market(25);
  auto& b = p.providers[1];
  b.gross_margin = 0.1;
  b.fixed_cost = 20.0;  // revenue ≈ 45 a quarter: about −15.5 a quarter
  b.loss_limit = 50.0;
  p.providers[0].gross_margin = 0.3;
  const model::MarketModel model(p);
  ASSERT_EQ(model.events().exit[1], 0);
  const auto sink = testing::run_all(model, 100, 31);
  for (std::size_t n = 0; n < sink->paths; ++n) {
    int first_breach = -1;
    for (std::size_t t = 0; t < sink->shape.quarters && first_breach < 0; ++t) {
      if (sink->cumulative_profit_at(n, t, 1) < -50.0)
        first_breach = static_cast<int>(t);
    }
    ASSERT_GE(first_breach, 0) << "the test market should make B exit";
    EXPECT_EQ(sink->event_at(n, 0), first_breach) << "path " << n;
    for (std::size_t t = static_cast<std::size_t>(first_breach) + 1; t < sink->shape.quarters;
         ++t) {
      EXPECT_EQ(sink->provider_revenue(n, t, 1), 0.0) << "path " << n << " t " << t;
      EXPECT_EQ(sink->cumulative_profit_at(n, t, 1),
                sink->cumulative_profit_at(n, static_cast<std::size_t>(first_breach), 1));
      for (std::size_t s = 0; s < 2; ++s) {
        double others = sink->revenue_at(n, t, s, 0) + sink->revenue_at(n, t, s, 2);
        EXPECT_NEAR(others, sink->demand_at(n, t, s), 1e-9 * sink->demand_at(n, t, s))
            << "the exiting provider's whole book went to the others";
      }
    }
  }
}

TEST(Profit, IsMarginTimesRevenueLessFixedCost) {
  auto p = testing::small_market(9);
  p.providers[0].gross_margin = 0.3;
  p.providers[0].fixed_cost = 5.0;
  const model::MarketModel model(p);
  const auto sink = testing::run_all(model, 20, 37);
  for (std::size_t n = 0; n < sink->paths; ++n) {
    double cumulative = 0.0;
    for (std::size_t t = 0; t < sink->shape.quarters; ++t) {
      const double profit = sink->profit[(n * sink->shape.quarters + t) * 3];
      EXPECT_DOUBLE_EQ(profit, 0.3 * sink->provider_revenue(n, t, 0) - 5.0);
      cumulative += profit;
      EXPECT_NEAR(sink->cumulative_profit_at(n, t, 0), cumulative,
                  1e-9 * std::abs(cumulative) + 1e-12);
    }
  }
}

}  // namespace
}  // namespace cloudsim
