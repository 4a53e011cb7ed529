// Model spec section 7: the strategy kinds do what docs/model.md says.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "model/quarter_stepper.hpp"
#include "model/strategies/strategy_context.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

TEST(PaasFirst, NoRevenueOutsideHomeBeforeEntryAndEntryRecorded) {
  auto p = testing::small_market(25);
  // C holds 10% of PaaS (its home) and may enter IaaS, where it starts with nothing.
  p.providers[0].segments[0].initial_share = 0.7;
  p.providers[2].segments[0] = {true, 0.0, 0.5, 0.0, 0.1, 0.0};
  p.providers[0].segments[1].initial_share = 0.45;
  p.providers[1].segments[1].initial_share = 0.45;
  p.providers[2].segments[1] = {true, 0.1, 0.8, 0.5, 0.1, 0.0};
  model::PaasFirst paas;
  paas.home = {0, 1};
  paas.entry_share_threshold = 0.2;
  paas.latest_entry = 12.0;
  paas.entry_capability = 0.0;
  p.providers[2].phases.push_back({"entry", 0.0, 0.0, paas, std::nullopt});
  const model::MarketModel model(p);
  const int entry_event = model.events().kind_events[2][0][0];
  ASSERT_GE(entry_event, 0);
  const auto sink = testing::run_all(model, 300, 41);
  int by_share = 0;
  for (std::size_t n = 0; n < sink->paths; ++n) {
    const int entry = sink->event_at(n, static_cast<std::size_t>(entry_event));
    ASSERT_GE(entry, 0) << "entry is due by quarter 12 at the latest";
    ASSERT_LE(entry, 12);
    for (int t = 0; t <= entry; ++t) {
      EXPECT_EQ(sink->revenue_at(n, static_cast<std::size_t>(t), 0, 2), 0.0) << "path " << n;
    }
    // Entry happens at the first quarter the home share reaches the threshold, or at 12.
    auto home_share = [&](int t) {
      return sink->revenue_at(n, static_cast<std::size_t>(t), 1, 2) /
             sink->demand_at(n, static_cast<std::size_t>(t), 1);
    };
    for (int t = 0; t < entry; ++t)
      EXPECT_LT(home_share(t), 0.2) << "path " << n << " t " << t;
    if (entry < 12) {
      EXPECT_GE(home_share(entry), 0.2);
      ++by_share;
    }
    EXPECT_GT(sink->revenue_at(n, static_cast<std::size_t>(entry) + 1, 0, 2), 0.0)
        << "present in IaaS from the entry quarter's split on";
  }
  EXPECT_GT(by_share, 0) << "the threshold should trigger on some paths";
}

TEST(ProfitFocus, PriceAndMarginRiseAlongTheRamp) {
  auto p = testing::small_market(16);
  p.providers[0].gross_margin = 0.25;
  model::ProfitFocus focus;
  focus.price_change = 0.10;
  focus.margin_change = 0.08;
  focus.fixed_cost_change = -0.2;
  p.providers[0].fixed_cost = 10.0;
  p.providers[0].phases.push_back({"turn", 4.0, 4.0, focus, std::nullopt});
  const model::MarketModel model(p);
  model::QuarterStepper stepper(model);
  model::PathState state;
  const std::vector<double> zeros(6, 0.0), demand(2, 0.0), draws(3, 0.5);
  stepper.initialise(zeros, state);
  for (int t = 0; t < 15; ++t) {
    stepper.advance(t, demand, zeros, draws, state);
    const double f = std::clamp((t - 4 + 1) / 4.0, 0.0, 1.0);
    const auto& a = state.providers[0].attributes;
    EXPECT_DOUBLE_EQ(a.price_index, 1.0 * (1.0 + f * 0.10)) << "t " << t;
    EXPECT_DOUBLE_EQ(a.margin, 0.25 + f * 0.08) << "t " << t;
    EXPECT_DOUBLE_EQ(a.fixed_cost, 10.0 * (1.0 - f * 0.2)) << "t " << t;
  }
}

TEST(MultiCloudCapture, RetreatFrequencyMatchesTheConfiguredProbability) {
  auto p = testing::small_market(13);
  model::MultiCloudCapture capture;
  capture.affinity = 2.0;
  capture.ecosystem_boost = {0.5, 0.5};
  capture.capability_target = {std::nan(""), std::nan("")};
  capture.review_quarters = {8.0};
  capture.target_revenue = {1e9};  // every review fails
  capture.retreat_probability = 0.3;
  capture.retreat_cut = 1.0;
  p.providers[1].phases.push_back({"push", 0.0, 2.0, capture, std::nullopt});
  const model::MarketModel model(p);
  const int retreat = model.events().kind_events[1][0][model::MultiCloudCapture::retreat];
  const auto sink = testing::run_all(model, 4000, 43);
  std::size_t retreats = 0;
  for (std::size_t n = 0; n < sink->paths; ++n) {
    const int q = sink->event_at(n, static_cast<std::size_t>(retreat));
    if (q >= 0) {
      EXPECT_EQ(q, 8);
      ++retreats;
    }
  }
  const double n = static_cast<double>(sink->paths);
  const double fraction = static_cast<double>(retreats) / n;
  EXPECT_NEAR(fraction, 0.3, 4.0 * std::sqrt(0.3 * 0.7 / n)) << retreats << " of " << n;
}

TEST(MultiCloudCapture, ARetreatCutsThePush) {
  auto p = testing::small_market(13);
  model::MultiCloudCapture capture;
  capture.affinity = 2.0;
  capture.ecosystem_boost = {0.4, 0.0};
  capture.capability_target = {1.5, std::nan("")};
  capture.review_quarters = {6.0};
  capture.target_revenue = {1e9};
  capture.retreat_probability = 1.0;
  capture.retreat_cut = 0.75;
  p.providers[1].phases.push_back({"push", 0.0, 2.0, capture, std::nullopt});
  const model::MarketModel model(p);
  model::QuarterStepper stepper(model);
  model::PathState state;
  const std::vector<double> zeros(6, 0.0), demand(2, 0.0), draws(3, 0.5);
  stepper.initialise(zeros, state);
  for (int t = 0; t < 10; ++t) {
    stepper.advance(t, demand, zeros, draws, state);
    const auto& a = state.providers[1].attributes;
    const double push = t >= 6 ? 0.25 : std::min(1.0, (t + 1) / 2.0);
    EXPECT_DOUBLE_EQ(a.affinity, 1.0 + push * (2.0 - 1.0)) << "t " << t;
    EXPECT_DOUBLE_EQ(a.ecosystem[0], 0.2 + push * 0.4) << "t " << t;
    EXPECT_DOUBLE_EQ(a.capability[0], 0.5 + push * (1.5 - 0.5)) << "t " << t;
  }
}

TEST(WholeQuarter, RoundsToTheNearestHalvesAwayFromZeroAndSaturates) {
  // As lround, whether the quarter is whole (the shortcut) or not.
  EXPECT_EQ(model::whole_quarter(0.0), 0);
  EXPECT_EQ(model::whole_quarter(-0.0), 0);
  EXPECT_EQ(model::whole_quarter(7.0), 7);
  EXPECT_EQ(model::whole_quarter(-3.0), -3);
  EXPECT_EQ(model::whole_quarter(2.5), 3);
  EXPECT_EQ(model::whole_quarter(-2.5), -3);
  EXPECT_EQ(model::whole_quarter(2.4999999999999996), 2);
  EXPECT_EQ(model::whole_quarter(0.49999999999999994), 0);
  EXPECT_EQ(model::whole_quarter(6.7), 7);
  EXPECT_EQ(model::whole_quarter(-6.7), -7);
  for (double q = -40.0; q <= 40.0; q += 0.125) {
    EXPECT_EQ(model::whole_quarter(q), static_cast<int>(std::lround(q))) << q;
  }
  EXPECT_EQ(model::whole_quarter(1e300), std::numeric_limits<int>::max());
  EXPECT_EQ(model::whole_quarter(-1e300), std::numeric_limits<int>::min());
  EXPECT_EQ(model::whole_quarter(std::nan("")), std::numeric_limits<int>::max());
}

}  // namespace
}  // namespace cloudsim

namespace cloudsim {
namespace {

// The stepper recomputes ln P, the affinity weights and the capacity growth factor only when a
// strategy has moved their inputs. A stepper that has carried those caches through every quarter
// must step exactly like a new one, which has none, while prices and affinities move.
TEST(QuarterStepperCaches, AStepperWithCachesStepsExactlyLikeAFreshOne) {
  auto p = testing::small_market(16);
  model::ProfitFocus focus;
  focus.price_change = 0.15;
  focus.margin_change = 0.05;
  focus.fixed_cost_change = 0.0;
  p.providers[0].phases.push_back({"turn", 3.0, 4.0, focus, std::nullopt});
  model::MultiCloudCapture capture;
  capture.affinity = 2.0;
  capture.ecosystem_boost = {0.3, 0.1};
  capture.capability_target = {std::nan(""), std::nan("")};
  p.providers[1].phases.push_back({"push", 2.0, 5.0, capture, std::nullopt});
  p.providers[2].capacity = 40.0;  // capped: its growth factor is cached too
  p.providers[2].capacity_growth = 0.3;
  const model::MarketModel model(p);
  model::QuarterStepper cached(model);
  model::PathState state;
  std::vector<double> noise(6), demand(2);
  const std::vector<double> draws(3, 0.5);
  for (std::size_t k = 0; k < noise.size(); ++k)
    noise[k] = std::sin(1.3 * static_cast<double>(k) + 0.2);
  cached.initialise(noise, state);
  for (int t = 0; t < 15; ++t) {
    for (std::size_t k = 0; k < noise.size(); ++k)
      noise[k] = std::sin(0.7 * t + 1.9 * static_cast<double>(k));
    demand = {std::cos(0.5 * t), std::sin(0.3 * t)};
    model::PathState copy = state;
    model::QuarterStepper fresh(model);
    model::PathState unused;
    fresh.initialise(noise, unused);  // reads the path's parameters; the state is `copy`
    cached.advance(t, demand, noise, draws, state);
    fresh.advance(t, demand, noise, draws, copy);
    ASSERT_EQ(state.revenue, copy.revenue) << "quarter " << t;
    ASSERT_EQ(state.demand, copy.demand) << "quarter " << t;
    for (std::size_t i = 0; i < 3; ++i) {
      ASSERT_EQ(state.providers[i].capacity, copy.providers[i].capacity) << "quarter " << t;
      ASSERT_EQ(state.providers[i].profit, copy.providers[i].profit) << "quarter " << t;
    }
  }
  EXPECT_GT(state.providers[0].attributes.price_index, 1.0) << "the price moved";
  EXPECT_GT(state.providers[1].attributes.affinity, p.providers[1].multi_cloud_affinity);
}

}  // namespace
}  // namespace cloudsim
