// The optional cost side (docs/model.md, sections 6 and 7): planned capacity additions, fixed
// cost that grows with capacity, unit cost with an experience curve and a price floor, the chip
// programme, and capacity that binds.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/quarter_stepper.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

// Steps one path with all random numbers 0 and calls check(t, state) at every quarter,
// before(t, state) before each step.
template <class Check, class Before>
void step_path(const model::MarketModel& model, Check check, Before before) {
  model::QuarterStepper stepper(model);
  model::PathState state;
  const std::vector<double> attraction(model.segment_count() * model.provider_count(), 0.0);
  const std::vector<double> demand(model.segment_count(), 0.0);
  const std::vector<double> draws(model.provider_count(), 0.5);
  stepper.initialise(attraction, state);
  check(0, state);
  for (int t = 0; t + 1 < model.parameters().quarters; ++t) {
    before(t, state);
    stepper.advance(t, demand, attraction, draws, state);
    check(t + 1, state);
  }
}
template <class Check>
void step_path(const model::MarketModel& model, Check check) {
  step_path(model, check, [](int, const model::PathState&) {});
}

double revenue_of(const model::MarketModel& model, const model::PathState& state, std::size_t i) {
  double revenue = 0.0;  // the stepper's order: segment by segment
  for (std::size_t s = 0; s < model.segment_count(); ++s)
    revenue += state.revenue[model.cell(s, i)];
  return revenue;
}

TEST(CapacityAdditions, RaiseTheCapByExactlyTheirAmountFromTheirQuarter) {
  auto without = testing::small_market(16);
  without.providers[0].capacity = 1e6;  // never binds: both paths split the market alike
  without.providers[0].capacity_growth = 0.1;
  auto with = without;
  with.providers[0].capacity_additions = {{"Shanghai", 5.0, 15.0}};
  const model::MarketModel plain(without), built(with);
  const int online = built.events().capacity_online[0][0];
  ASSERT_GE(online, 0);
  std::vector<double> caps;
  step_path(plain,
            [&](int, const model::PathState& s) { caps.push_back(s.providers[0].capacity); });
  int checked = 0;
  step_path(built, [&](int t, const model::PathState& s) {
    const double expected =
        t >= 5 ? caps[static_cast<std::size_t>(t)] + 15.0 : caps[static_cast<std::size_t>(t)];
    EXPECT_EQ(s.providers[0].capacity, expected) << "t " << t;
    EXPECT_EQ(s.event_quarters[static_cast<std::size_t>(online)], t >= 5 ? 5 : -1) << "t " << t;
    checked += t >= 5;
  });
  EXPECT_EQ(checked, 11);
}

TEST(CapacityFixedCost, FixedCostFollowsTheCapacityFormulaExactly) {
  auto p = testing::small_market(16);
  auto& a = p.providers[0];
  a.gross_margin = 0.3;
  a.fixed_cost = 5.0;
  a.capacity = 1e6;
  a.capacity_growth = 0.1;
  a.capacity_fixed_cost = 0.02;
  a.capacity_additions = {{"Shenzhen", 7.0, 40.0}};
  model::LandGrab grab;  // a strategy's move of F, on top of which capacity adds its cost
  grab.fixed_cost_change = 0.5;
  a.phases.push_back({"grab", 3.0, 4.0, grab, std::nullopt});
  const model::MarketModel model(p);
  double grown = 1e6;
  step_path(model, [&](int t, const model::PathState& s) {
    if (t > 0)
      grown *= std::pow(1.0 + 0.1, 0.25);
    const auto& provider = s.providers[0];
    const double cap = grown + (t >= 7 ? 40.0 : 0.0);
    ASSERT_EQ(provider.capacity, cap) << "t " << t;
    const double fixed = provider.attributes.fixed_cost + 0.02 * (cap - 1e6);
    EXPECT_EQ(provider.profit, provider.attributes.margin * revenue_of(model, s, 0) - fixed)
        << "t " << t;
  });
}

TEST(PriceFloor, PriceNeverFallsBelowUnitCostUnderALandGrab) {
  auto p = testing::small_market(16);
  auto& a = p.providers[0];
  a.has_unit_cost = true;
  a.unit_cost = 0.8;
  a.prices_at_or_above_cost = true;
  model::LandGrab grab;
  grab.price_change = -0.5;  // alone it would take P from 1.0 to 0.5
  a.phases.push_back({"grab", 2.0, 4.0, grab, std::nullopt});
  const model::MarketModel model(p);
  int floored = 0;
  step_path(model, [&](int t, const model::PathState& s) {
    const auto& provider = s.providers[0];
    const double f = t == 0 ? 0.0 : std::clamp((t - 1 - 2 + 1) / 4.0, 0.0, 1.0);
    const double wanted = 1.0 * (1.0 + f * -0.5);
    EXPECT_EQ(provider.unit_cost, 0.8);
    EXPECT_EQ(provider.attributes.price_index, std::max(wanted, 0.8)) << "t " << t;
    EXPECT_GE(provider.attributes.price_index, provider.unit_cost);
    EXPECT_GE(provider.attributes.margin, 0.0);
    floored += wanted < 0.8;
  });
  EXPECT_GT(floored, 0) << "the land grab should push the price below the floor";
}

TEST(UnitCost, MarginIsOneMinusUnitCostOverPriceAndCostFallsWithScale) {
  auto p = testing::small_market(21);
  auto& a = p.providers[0];
  a.price_index = 1.1;
  a.has_unit_cost = true;
  a.unit_cost = 0.7;
  a.scale_elasticity = 0.2;
  const model::MarketModel model(p);
  double reference = 0.0, peak = 0.0, seen = 0.0;  // seen: R(t) the quarter's step started from
  int fell = 0;
  double last_cost = 0.7;
  step_path(
      model,
      [&](int t, const model::PathState& s) {
        if (t == 0) {
          reference = peak = seen = revenue_of(model, s, 0);
          ASSERT_GT(reference, 0.0);
        }
        const double cost = 0.7 * std::pow(peak / reference, -0.2) * 1.0;
        const auto& provider = s.providers[0];
        EXPECT_EQ(provider.unit_cost, cost) << "t " << t;
        EXPECT_EQ(provider.attributes.margin, 1.0 - cost / 1.1) << "t " << t;
        EXPECT_LE(cost, last_cost) << "experience is not forgotten";
        fell += cost < last_cost;
        last_cost = cost;
      },
      [&](int, const model::PathState& s) {
        seen = revenue_of(model, s, 0);
        peak = std::max(peak, seen);
      });
  EXPECT_GT(fell, 0) << "a growing market should lower the unit cost";
}

TEST(ChipProgramme, SavesNothingBeforeTheLagAndTheFullCutAfterLagAndRamp) {
  auto p = testing::small_market(20);
  auto& a = p.providers[0];
  a.has_unit_cost = true;
  a.unit_cost = 0.6;
  a.fixed_cost = 4.0;
  model::ChipProgramme chips;
  chips.programme_cost = 1.5;
  chips.lag_quarters = 3.0;
  chips.unit_cost_cut = 0.25;
  a.phases.push_back({"chips", 2.0, 4.0, chips, std::nullopt});
  a.phases.push_back({"after", 12.0, 4.0, model::StatusQuo{}, std::nullopt});
  const model::MarketModel model(p);
  step_path(model, [&](int t, const model::PathState& s) {
    const int q = t - 1;  // the quarter whose strategies left these attributes
    const auto& attributes = s.providers[0].attributes;
    double factor = 1.0;
    if (q >= 5)
      factor = 1.0 - std::clamp((q - 5 + 1) / 4.0, 0.0, 1.0) * 0.25;
    EXPECT_EQ(attributes.unit_cost_factor, factor) << "t " << t;
    if (q >= 8) {
      EXPECT_EQ(attributes.unit_cost_factor, 0.75) << "the full cut after lag + ramp, kept";
    }
    EXPECT_EQ(s.providers[0].unit_cost, 0.6 * 1.0 * factor) << "t " << t;
    EXPECT_EQ(attributes.fixed_cost, q >= 2 && q < 12 ? 4.0 + 1.5 : 4.0) << "t " << t;
  });
}

// B (index 1) holds about 45 at the start in a market growing 40% a year; its cap is 46 until a
// site adds 30 at quarter 12.
model::MarketParameters capped_with_site() {
  auto p = testing::small_market(25);
  for (auto& segment : p.segments)
    segment.volatility = 0.05;
  for (auto& cell : p.providers[1].segments)
    cell.churn_rate = 0.2;  // kept books stay below the cap, so the cap is never above them
  p.providers[1].capacity = 46.0;
  p.providers[1].capacity_additions = {{"site", 12.0, 30.0}};
  return p;
}

TEST(CapacityAdditions, ABindingCapIsLiftedByItsSiteAndSpendIsConserved) {
  const model::MarketModel model(capped_with_site());
  const auto sink = testing::run_all(model, 200, 43);
  int full_before = 0, grew_after = 0;
  for (std::size_t n = 0; n < sink->paths; ++n) {
    bool full = false;
    for (std::size_t t = 1; t < sink->shape.quarters; ++t) {
      const double cap = t >= 12 ? 76.0 : 46.0;
      const double revenue = sink->provider_revenue(n, t, 1);
      ASSERT_LE(revenue, cap * (1.0 + 1e-9)) << "path " << n << " t " << t;
      full = full || (t < 12 && revenue >= 46.0 * (1.0 - 1e-9));
    }
    full_before += full;
    grew_after += full && sink->provider_revenue(n, 12, 1) > 46.0;
  }
  EXPECT_GT(full_before, 100) << "the cap should bind on most paths before the site";
  EXPECT_GT(grew_after, full_before / 2) << "the site should let B grow past its old cap";
  const auto check = testing::check_conservation(*sink);
  EXPECT_LE(check.largest_gap, 1e-12) << "Σ_i R = D with a binding cap";
  EXPECT_GE(check.smallest_revenue, 0.0);
}

TEST(CostSide, OptionsLeftAtTheirDefaultsChangeNothingToTheBit) {
  auto p = capped_with_site();
  p.providers[1].capacity_additions.clear();
  auto q = p;
  q.providers[1].capacity_additions = {{"never", 100.0, 30.0}};  // beyond the horizon
  q.providers[1].capacity_fixed_cost = 0.0;
  const model::MarketModel a(p), b(q);
  const auto x = testing::run_all(a, 50, 47);
  const auto y = testing::run_all(b, 50, 47);
  EXPECT_EQ(x->revenue, y->revenue);
  EXPECT_EQ(x->profit, y->profit);
  EXPECT_EQ(x->unserved, y->unserved);
}

}  // namespace
}  // namespace cloudsim
