// Evaluating resolved outcomes on a market: exact identities (what each quantity reads, share's
// one formula, growth's look-back, where PERIOD defaults, comparisons at their boundary).

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "outcome/outcome.hpp"

namespace cloudsim {
namespace {

// 2 segments × 2 providers × 6 quarters, every number distinct.
double d(std::size_t index) {
  return static_cast<double>(index);
}

class TableMarket final : public outcome::MarketView {
 public:
  [[nodiscard]] std::size_t segments() const override { return 2; }
  [[nodiscard]] double revenue(std::size_t s, std::size_t i, std::size_t t) const override {
    return s == 1 && t == 2 ? 0.0 : 10.0 * (1.0 + d(s)) + 3.0 * d(i) + 1.5 * d(t);
  }
  [[nodiscard]] double demand(std::size_t s, std::size_t t) const override {
    return s == 1 && t == 2 ? 0.0 : 100.0 + 7.0 * d(s) + d(t);
  }
  [[nodiscard]] double profit(std::size_t i, std::size_t t) const override {
    return -5.0 + d(i) + 0.25 * d(t);
  }
  [[nodiscard]] double cumulative_profit(std::size_t i, std::size_t t) const override {
    return 1000.0 * d(i + 1) + d(t);
  }
  [[nodiscard]] double price(std::size_t i, std::size_t t) const override {
    return 0.9 + 0.01 * d(i) - 0.001 * d(t);
  }
};

const outcome::Names kNames{{"IaaS", "PaaS"},
                            {"Alibaba", "Volcano Engine"},
                            {"baseline", "push"},
                            {"2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"}};

double value_of(const std::string& text, std::size_t current) {
  auto outcome = outcome::parse_outcome(text);
  outcome::resolve(outcome, kNames);
  return outcome::evaluate(outcome, TableMarket(), current);
}

bool holds(const std::string& text, std::size_t current, const outcome::Names& names = kNames) {
  auto condition = outcome::parse_condition(text);
  outcome::resolve(condition, names);
  return outcome::evaluate(condition, TableMarket(), current);
}

TEST(OutcomeEvaluation, EachQuantityReadsItsCellAndPeriodDefaultsToTheCurrentQuarter) {
  const TableMarket m;
  EXPECT_EQ(value_of("revenue(PaaS, Volcano Engine)", 4), m.revenue(1, 1, 4));
  EXPECT_EQ(value_of("revenue(PaaS, Volcano Engine, 2025Q2)", 4), m.revenue(1, 1, 1));
  EXPECT_EQ(value_of("revenue(all, Alibaba, 2025Q4)", 0), m.revenue(0, 0, 3) + m.revenue(1, 0, 3));
  EXPECT_EQ(value_of("demand(IaaS)", 5), m.demand(0, 5));
  EXPECT_EQ(value_of("demand(all, 2026Q1)", 0), m.demand(0, 4) + m.demand(1, 4));
  EXPECT_EQ(value_of("profit(Volcano Engine)", 3), m.profit(1, 3));
  EXPECT_EQ(value_of("cumulative_profit(Alibaba, 2025Q1)", 5), m.cumulative_profit(0, 0));
  EXPECT_EQ(value_of("price(Volcano Engine)", 2), m.price(1, 2));
}

TEST(OutcomeEvaluation, ShareIsRevenueOverTheSegmentsServedDemand) {
  const TableMarket m;
  EXPECT_EQ(value_of("share(IaaS, Volcano Engine)", 3), m.revenue(0, 1, 3) / m.demand(0, 3));
  EXPECT_EQ(value_of("share(all, Alibaba, 2026Q2)", 0),
            (m.revenue(0, 0, 5) + m.revenue(1, 0, 5)) / (m.demand(0, 5) + m.demand(1, 5)));
  EXPECT_EQ(value_of("share(PaaS, Alibaba, 2025Q3)", 0), 0.0) << "no demand: share 0";
}

TEST(OutcomeEvaluation, GrowthLooksBackNQuartersAndIsUndefinedWithoutHistory) {
  const TableMarket m;
  EXPECT_EQ(value_of("growth(IaaS, Alibaba, 4)", 5), m.revenue(0, 0, 5) / m.revenue(0, 0, 1) - 1.0);
  EXPECT_EQ(
      value_of("growth(all, Volcano Engine, 1, 2025Q3)", 0),
      (m.revenue(0, 1, 2) + m.revenue(1, 1, 2)) / (m.revenue(0, 1, 1) + m.revenue(1, 1, 1)) - 1.0);
  EXPECT_TRUE(std::isnan(value_of("growth(IaaS, Alibaba, 4)", 3))) << "quarter 3 < 4";
  EXPECT_TRUE(std::isnan(value_of("growth(PaaS, Alibaba, 1)", 3))) << "from zero revenue";
  EXPECT_FALSE(holds("growth(IaaS, Alibaba, 4) >= 0", 3));
  EXPECT_FALSE(holds("growth(IaaS, Alibaba, 4) < 0", 3)) << "no side of an undefined growth";
}

TEST(OutcomeEvaluation, ComparisonsAtTheirBoundary) {
  const TableMarket m;
  // revenue(IaaS, Alibaba) at quarter 2 is exactly 13.
  ASSERT_EQ(m.revenue(0, 0, 2), 13.0);
  EXPECT_TRUE(holds("revenue(IaaS, Alibaba) >= 13", 2));
  EXPECT_TRUE(holds("revenue(IaaS, Alibaba) <= 13", 2));
  EXPECT_FALSE(holds("revenue(IaaS, Alibaba) > 13", 2));
  EXPECT_FALSE(holds("revenue(IaaS, Alibaba) < 13", 2));
  EXPECT_TRUE(holds("revenue(IaaS, Alibaba) > 12.999", 2));
  EXPECT_TRUE(holds("revenue(IaaS, Alibaba) < 13.001", 2));
  EXPECT_EQ(value_of("P(revenue(IaaS, Alibaba) >= 13)", 2), 1.0);
  EXPECT_EQ(value_of("P(revenue(IaaS, Alibaba) > 13)", 2), 0.0);
}

TEST(OutcomeEvaluation, ATriggerIsReadAtEachQuarterItIsGiven) {
  // As the model will call it: no period names, the quarter being simulated as `current`.
  const outcome::Names trigger{kNames.segments, kNames.providers, {}, {}};
  const TableMarket m;
  const std::string text = "share(IaaS, Volcano Engine) >= " + std::to_string(0.131);
  for (std::size_t t = 0; t < 6; ++t) {
    EXPECT_EQ(holds(text, t, trigger), m.revenue(0, 1, t) / m.demand(0, t) >= 0.131) << t;
  }
  EXPECT_FALSE(holds(text, 0, trigger));
  EXPECT_TRUE(holds(text, 5, trigger));
}

TEST(OutcomeEvaluation, SegmentSetsSumTheirMembers) {
  const TableMarket m;
  const outcome::Names three{{"IaaS", "PaaS", "SaaS"}, kNames.providers, {}, kNames.periods};
  auto quantity = std::get<outcome::Quantity>(
      outcome::parse_outcome("revenue(PaaS+IaaS, Alibaba, 2025Q4)").measure);
  outcome::resolve(quantity, three);
  EXPECT_EQ(quantity.segment->members, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(outcome::evaluate(quantity, m, 0), m.revenue(1, 0, 3) + m.revenue(0, 0, 3))
      << "in the order written";
  // Both segments of a two-segment market: the same as `all`, bit for bit (same order).
  EXPECT_EQ(value_of("share(IaaS+PaaS, Volcano Engine, 2026Q2)", 0),
            value_of("share(all, Volcano Engine, 2026Q2)", 0));
  EXPECT_EQ(value_of("demand(IaaS + PaaS, 2025Q2)", 0), m.demand(0, 1) + m.demand(1, 1));
  EXPECT_EQ(
      value_of("growth(IaaS+PaaS, Alibaba, 4)", 5),
      (m.revenue(0, 0, 5) + m.revenue(1, 0, 5)) / (m.revenue(0, 0, 1) + m.revenue(1, 0, 1)) - 1.0);
}

TEST(OutcomeEvaluation, TheProviderAllIsTheMarketsServedDemand) {
  const TableMarket m;
  EXPECT_EQ(value_of("revenue(IaaS, all, 2025Q2)", 0), m.demand(0, 1));
  EXPECT_EQ(value_of("revenue(all, all)", 4), m.demand(0, 4) + m.demand(1, 4));
  EXPECT_EQ(value_of("growth(IaaS, all, 4)", 5), m.demand(0, 5) / m.demand(0, 1) - 1.0);
  EXPECT_THROW((void)value_of("share(IaaS, all)", 0), outcome::OutcomeError);
  EXPECT_THROW((void)value_of("profit(all)", 0), outcome::OutcomeError);
}

TEST(OutcomeEvaluation, AYearOnQuartersSumsFlowsAndReadsStocksAtItsEnd) {
  // Quarters 2024Q1 … 2026Q4: 2025 is quarters 4 … 7.
  const outcome::Names names{kNames.segments,
                             kNames.providers,
                             {},
                             {"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3",
                              "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"}};
  const TableMarket m;
  const auto value = [&](const std::string& text) {
    auto tree = outcome::parse_outcome(text);
    outcome::resolve(tree, names);
    return outcome::evaluate(tree, m, 0);
  };
  const auto year = [&](auto read, std::size_t first) {
    double total = 0.0;
    for (std::size_t t = first; t < first + 4; ++t)
      total += read(t);
    return total;
  };
  const auto revenue = [&](std::size_t t) { return m.revenue(0, 1, t); };
  const auto demand = [&](std::size_t t) { return m.demand(0, t); };
  EXPECT_EQ(value("revenue(IaaS, Volcano Engine, 2025)"), year(revenue, 4));
  EXPECT_EQ(value("demand(IaaS, 2025)"), year(demand, 4));
  EXPECT_EQ(value("share(IaaS, Volcano Engine, 2025)"), year(revenue, 4) / year(demand, 4));
  EXPECT_EQ(value("profit(Alibaba, 2026)"), year([&](std::size_t t) { return m.profit(0, t); }, 8));
  EXPECT_EQ(value("cumulative_profit(Alibaba, 2025)"), m.cumulative_profit(0, 7));
  EXPECT_EQ(value("growth(IaaS, Volcano Engine, 4, 2025)"),
            year(revenue, 4) / year(revenue, 0) - 1.0);
  EXPECT_EQ(value("growth(IaaS, Volcano Engine, 8, 2026)"),
            year(revenue, 8) / year(revenue, 0) - 1.0);
  EXPECT_EQ(value("growth(IaaS, all, 4, 2026)"), year(demand, 8) / year(demand, 4) - 1.0);
  // A quarter still reads one quarter.
  EXPECT_EQ(value("revenue(IaaS, Volcano Engine, 2025Q3)"), m.revenue(0, 1, 6));
}

TEST(OutcomeEvaluation, OnAnnualPeriodsGrowthLooksBackNOverFourYears) {
  const outcome::Names annual{kNames.segments,
                              kNames.providers,
                              {},
                              {"2021", "2022", "2023", "2024", "2025", "2026"},
                              "year",
                              4};
  const TableMarket m;
  auto tree = outcome::parse_outcome("growth(IaaS, Alibaba, 8, 2024)");
  outcome::resolve(tree, annual);
  EXPECT_EQ(outcome::evaluate(tree, m, 0), m.revenue(0, 0, 3) / m.revenue(0, 0, 1) - 1.0);
  auto quarterly = outcome::parse_outcome("growth(IaaS, Alibaba, 2, 2024)");
  EXPECT_THROW(outcome::resolve(quarterly, annual), outcome::OutcomeError);
}

}  // namespace
}  // namespace cloudsim
