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

}  // namespace
}  // namespace cloudsim
