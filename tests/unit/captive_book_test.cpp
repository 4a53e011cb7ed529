// Captive books (model spec section 3, "Captive spend"): spend a migration moves onto a provider
// never churns and is not part of the contested pool, unless the migration is contestable.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "model/migration.hpp"
#include "model/quarter_stepper.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

constexpr std::size_t kA = 0, kB = 1;  // providers of the small market; segment 0 is IaaS

// Every present provider re-tenders its whole book each quarter.
model::MarketParameters everything_retendered(int quarters) {
  auto p = testing::small_market(quarters);
  for (auto& provider : p.providers)
    for (auto& cell : provider.segments)
      cell.churn_rate = 1.0;
  return p;
}

model::MigrationParameters a_to_b(double amount, double start, double duration, bool contestable) {
  model::MigrationParameters m{
      "a_to_b", 0, static_cast<int>(kA), static_cast<int>(kB), amount, start, duration};
  m.contestable = contestable;
  return m;
}

// One path driven by fixed pseudo-random shocks (the same for every market of a test);
// `observe(t, state)` sees the state of quarter t.
template <class Observe>
void run_path(const model::MarketModel& model, unsigned seed, Observe&& observe) {
  model::QuarterStepper stepper(model);
  model::PathState state;
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  auto draw = [&](std::size_t n) {
    std::vector<double> x(n);
    for (auto& v : x)
      v = normal(engine);
    return x;
  };
  const std::size_t cells = model.segment_count() * model.provider_count();
  const std::vector<double> reviews(model.provider_count(), 0.5);
  stepper.initialise(draw(cells), state);
  observe(0, state);
  for (int t = 0; t < model.steps(); ++t) {
    const auto demand = draw(model.segment_count());
    const auto noise = draw(cells);
    stepper.advance(t, demand, noise, reviews, state);
    observe(t + 1, state);
  }
}

TEST(CaptiveBook, NeverChurnsAndGrowsExactlyWithDemand) {
  // 5 a quarter from A to B in quarters 3 … 6; every book is re-tendered every quarter.
  auto p = everything_retendered(21);
  p.migrations.push_back(a_to_b(20.0, 3.0, 4.0, false));
  const model::MarketModel model(p);
  ASSERT_TRUE(model.has_captive_books());
  const std::size_t b = model.cell(0, kB);
  const std::size_t a = model.cell(0, kA);
  for (unsigned seed = 1; seed <= 5; ++seed) {
    double captive = 0.0, demand = 0.0;
    run_path(model, seed, [&](int t, const model::PathState& state) {
      const double c = state.captive[b];
      if (t == 0) {
        EXPECT_EQ(c, 0.0);
      } else {
        const double growth = state.demand[0] / demand;
        const bool inside = t >= 3 && t < 7;
        // A still has revenue after giving, so it gave the whole δ = 5.
        ASSERT_GT(state.revenue[a], 0.0);
        EXPECT_EQ(c, inside ? captive * growth + 5.0 : captive * growth) << "t " << t;
      }
      EXPECT_GE(state.revenue[b], c) << "t " << t;
      EXPECT_EQ(state.captive[model.cell(1, kB)], 0.0) << "no migration in PaaS";
      captive = c;
      demand = state.demand[0];
    });
    EXPECT_GT(captive, 20.0) << "the captive book grew with the market";
  }
}

TEST(CaptiveBook, IsNotPartOfThePoolWhileAContestableMoveIsRetenderedAtOnce) {
  auto base = everything_retendered(17);
  const model::MarketModel without(base);
  auto captive_market = base;
  captive_market.migrations.push_back(a_to_b(20.0, 3.0, 4.0, false));
  const model::MarketModel captive(captive_market);
  auto contestable_market = base;
  contestable_market.migrations.push_back(a_to_b(20.0, 3.0, 4.0, true));
  const model::MarketModel contestable(contestable_market);
  EXPECT_FALSE(contestable.has_captive_books());

  std::vector<std::vector<double>> plain, held, open;
  const auto keep = [](std::vector<std::vector<double>>& into) {
    return [&into](int, const model::PathState& state) { into.push_back(state.revenue); };
  };
  run_path(without, 9, keep(plain));
  run_path(contestable, 9, keep(open));
  std::vector<double> captive_book, demand;
  run_path(captive, 9, [&](int, const model::PathState& state) {
    held.push_back(state.revenue);
    captive_book.push_back(state.captive[captive.cell(0, kB)]);
    demand.push_back(state.demand[0]);
  });
  for (std::size_t t = 7; t < plain.size(); ++t) {
    // With k = 1 everywhere, the contestable move is back in the pool the quarter after the
    // window: every book is the market's without the migration, to the bit.
    EXPECT_EQ(open[t], plain[t]) << "t " << t;
    // The captive book stays with B, and everyone (B included) shares the pool D − C as they
    // shared D without it: R_i = [i = B] C + π_i (D − C).
    EXPECT_GT(captive_book[t], 10.0);
    const double rest = (demand[t] - captive_book[t]) / demand[t];
    for (std::size_t i = 0; i < 3; ++i) {
      const double contested = held[t][i] - (i == kB ? captive_book[t] : 0.0);
      EXPECT_NEAR(contested, plain[t][i] * rest, 1e-12 * plain[t][i]) << "t " << t << " i " << i;
    }
  }
}

TEST(CaptiveBook, AGivingProviderGivesFromItsContestedBookFirst) {
  auto p = testing::small_market(21);
  p.migrations.push_back({"out", 0, static_cast<int>(kB), static_cast<int>(kA), 30.0, 0.0, 2.0});
  const std::vector<char> eligible(6, 1);
  std::vector<double> moved(1);
  for (const double delta : {5.0, 15.0, 40.0}) {
    p.migrations[0].amount = 2.0 * delta;  // δ = amount / 2 per quarter
    std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
    std::vector<double> captive = {4.0, 20.0, 0.0, 0.0, 0.0, 0.0};  // B: 20 captive, 10 contested
    std::vector<double> demand = {100.0, 20.0};
    model::apply_migrations(p, 0, eligible, revenue, captive, demand, moved);
    EXPECT_EQ(moved[0], std::min(delta, 30.0));
    EXPECT_EQ(revenue[kB], 30.0 - moved[0]);
    EXPECT_EQ(captive[kB], std::min(20.0, 30.0 - moved[0])) << "δ " << delta;
    EXPECT_EQ(captive[kA], 4.0 + moved[0]) << "a move onto A is captive";
  }
  p.migrations[0].contestable = true;
  std::vector<double> revenue = {50.0, 30.0, 20.0, 10.0, 10.0, 0.0};
  std::vector<double> captive = {4.0, 20.0, 0.0, 0.0, 0.0, 0.0};
  std::vector<double> demand = {100.0, 20.0};
  model::apply_migrations(p, 0, eligible, revenue, captive, demand, moved);
  EXPECT_EQ(captive[kA], 4.0) << "a contestable move joins the contested book";
  EXPECT_EQ(revenue[kA], 50.0 + moved[0]);
}

TEST(CaptiveBook, GoesBackToTenderWhenItsHolderExits) {
  auto p = everything_retendered(21);
  p.migrations.push_back(a_to_b(20.0, 1.0, 2.0, false));
  p.providers[kB].fixed_cost = 30.0;   // loses ~30 a quarter …
  p.providers[kB].loss_limit = 200.0;  // … and exits within some ten quarters
  const model::MarketModel model(p);
  int exit_quarter = -1;
  run_path(model, 3, [&](int t, const model::PathState& state) {
    if (exit_quarter < 0 && !state.providers[kB].active)
      exit_quarter = t;
    if (exit_quarter >= 0 && t > exit_quarter) {
      EXPECT_EQ(state.captive[model.cell(0, kB)], 0.0) << "t " << t;
      EXPECT_EQ(state.revenue[model.cell(0, kB)], 0.0) << "t " << t;
    }
    if (t == 3) {
      EXPECT_GT(state.captive[model.cell(0, kB)], 20.0) << "the book built before the exit";
    }
  });
  EXPECT_GT(exit_quarter, 2) << "B exits after its captive book was built";
}

TEST(CaptiveBook, RevenueSumsToDemandWithCaptiveBooksAndCapacity) {
  auto p = testing::small_market(21);
  p.migrations.push_back(a_to_b(30.0, 2.0, 6.0, false));
  p.migrations.push_back({"in", 1, -1, static_cast<int>(kB), 5.0, 4.0, 3.0});
  p.migrations.push_back({"out", 0, 2, -1, 4.0, 1.0, 4.0});
  p.migrations.push_back({"open", 0, 2, static_cast<int>(kA), 6.0, 3.0, 3.0, true});
  // B's cap binds: below its captive books from the end of the windows.
  p.providers[kB].capacity = 25.0;
  p.providers[kB].capacity_growth = 0.0;
  const model::MarketModel model(p);
  const auto check = testing::check_conservation(*testing::run_all(model, 200, 17));
  EXPECT_GE(check.smallest_revenue, 0.0);
  EXPECT_LT(check.largest_gap, 1e-12);
  // Capacity never cuts a captive book, even a book above the cap. With every contested book
  // re-tendered, B over its cap holds its captive books and nothing else.
  for (auto& provider : p.providers)
    for (auto& cell : provider.segments)
      cell.churn_rate = 1.0;
  const model::MarketModel retendered(p);
  for (unsigned seed = 1; seed <= 5; ++seed) {
    bool over_cap = false;
    run_path(retendered, seed, [&](int t, const model::PathState& state) {
      double revenue_b = 0.0, captive_b = 0.0;
      for (std::size_t s = 0; s < retendered.segment_count(); ++s) {
        const std::size_t k = retendered.cell(s, kB);
        EXPECT_GE(state.revenue[k], state.captive[k] * (1.0 - 1e-15)) << "t " << t;
        revenue_b += state.revenue[k];
        captive_b += state.captive[k];
        double total = 0.0;
        for (std::size_t i = 0; i < retendered.provider_count(); ++i)
          total += state.revenue[retendered.cell(s, i)];
        EXPECT_NEAR(total, state.demand[s], 1e-12 * state.demand[s]) << "t " << t;
      }
      if (captive_b > state.providers[kB].capacity) {
        over_cap = true;
        EXPECT_NEAR(revenue_b, captive_b, 1e-12 * captive_b) << "over its cap: captive only";
      }
    });
    EXPECT_TRUE(over_cap) << "the test needs a captive book above the cap";
  }
}

}  // namespace
}  // namespace cloudsim
