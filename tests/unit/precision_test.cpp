// Precision targets: the monitor's standard errors are the sample's, and it stops at the first
// multiple of its step where every goal holds.

#include "summary/precision.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <variant>

namespace cloudsim {
namespace {

output::ResultMetadata two_scenarios() {
  output::ResultMetadata m;
  m.segment_names = {"IaaS"};
  m.provider_names = {"A", "B"};
  m.quarter_labels = {"2021Q1", "2021Q2"};
  m.scenarios.resize(2);
  m.scenarios[0].name = "base";
  m.scenarios[1].name = "push";
  return m;
}

// Revenue of provider A in the last quarter: a deterministic, irregular sequence per scenario.
double revenue_a(std::size_t scenario, std::uint64_t path) {
  return 1.0 + std::fmod(static_cast<double>(path) * 0.6180339887, 1.0) +
         0.5 * static_cast<double>(scenario) * std::fmod(static_cast<double>(path) * 0.414, 1.0);
}

engine::PathBlock block(std::size_t scenario, std::uint64_t first, std::size_t count) {
  engine::PathBlock b;
  b.resize(first, count, {2, 1, 2, 0, 0});
  b.scenario = scenario;
  for (std::size_t row = 0; row < count; ++row) {
    b.revenue[(row * 2 + 1) * 2 + 0] = revenue_a(scenario, first + row);
    b.revenue[(row * 2 + 1) * 2 + 1] = 1.0;
    b.demand[row * 2 + 1] =
        revenue_a(scenario, first + row) + 1.0;  // Σ revenue, as the model has it
  }
  return b;
}

double standard_error(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double squares = 0.0;
  for (const double v : values)
    squares += (v - mean) * (v - mean);
  return std::sqrt(squares / (n - 1.0) / n);
}

TEST(Precision, ParsesTargetsAgainstTheRunsNames) {
  const auto m = two_scenarios();
  const auto plain = summary::parse_precision_target("se(revenue(IaaS, A)) < 0.5", m);
  const auto& revenue = std::get<outcome::Quantity>(plain.target.outcome.measure);
  EXPECT_EQ(revenue.kind, outcome::QuantityKind::revenue);
  EXPECT_EQ(revenue.provider->index, 0u);
  EXPECT_FALSE(revenue.period.has_value()) << "the last quarter by default";
  EXPECT_EQ(plain.goal, 0.5);
  const auto paired = summary::parse_precision_target(
      "se(P(share(IaaS, B, 2021Q1) >= 0.4)[push - base]) <= 1e-3", m);
  const auto& reached = std::get<outcome::Condition>(paired.target.outcome.measure);
  EXPECT_EQ(reached.quantity.kind, outcome::QuantityKind::share);
  EXPECT_EQ(reached.quantity.provider->index, 1u);
  EXPECT_EQ(reached.quantity.period->index, 0u);
  EXPECT_EQ(reached.comparison, outcome::Comparison::at_least);
  EXPECT_EQ(reached.threshold, 0.4);
  ASSERT_TRUE(paired.difference().has_value());
  EXPECT_EQ(paired.difference()->first, 1u);
  EXPECT_EQ(paired.difference()->second, 0u);
  EXPECT_THROW(summary::parse_precision_target("se(share(IaaS, C)) < 1", m),
               summary::PrecisionSyntaxError);
  EXPECT_THROW(summary::parse_precision_target("se(share(IaaS, A) >= 0.1) < 1", m),
               summary::PrecisionSyntaxError)
      << "a threshold needs P(…)";
  EXPECT_THROW(summary::parse_precision_target("se(share(IaaS, A)[base - base]) < 1", m),
               summary::PrecisionSyntaxError);
}

TEST(Precision, ReportsTheSampleStandardErrorAndStopsAtTheFirstStepWhereItIsMet) {
  const auto m = two_scenarios();
  // A goal between the standard errors at 40 and 60 paths (checked every 20).
  std::vector<double> diffs, base;
  for (std::uint64_t p = 0; p < 200; ++p) {
    diffs.push_back(revenue_a(1, p) - revenue_a(0, p));
    base.push_back(revenue_a(0, p));
  }
  const auto se_at = [&](std::size_t n) {
    return standard_error(
        std::vector<double>(diffs.begin(), diffs.begin() + static_cast<std::ptrdiff_t>(n)));
  };
  ASSERT_GT(se_at(40), se_at(60));
  const double goal = 0.5 * (se_at(40) + se_at(60));
  std::vector<summary::PrecisionTarget> targets = {summary::parse_precision_target(
      "se(revenue(IaaS, A)[push - base]) < " + std::to_string(goal), m)};
  summary::PrecisionMonitor monitor(targets, 2, 20, 1000);
  for (std::uint64_t first = 0; first < 200 && !monitor.enough().load(); first += 10) {
    monitor.consume(block(0, first, 10));
    monitor.consume(block(1, first, 10));
  }
  ASSERT_TRUE(monitor.enough().load());
  std::size_t first_met = 20;
  while (!(se_at(first_met) < goal))
    first_met += 20;
  EXPECT_LE(first_met, 60u);
  EXPECT_EQ(monitor.paths(), first_met);
  const auto records = monitor.records();
  EXPECT_NEAR(records[0].standard_error, se_at(monitor.paths()), 1e-12);
  EXPECT_TRUE(records[0].met);
  EXPECT_EQ(monitor.paths() % 20, 0u);
}

TEST(Precision, StopsAtTheCapWhenAGoalIsOutOfReach) {
  const auto m = two_scenarios();
  summary::PrecisionMonitor monitor(
      {summary::parse_precision_target("se(share(IaaS, A)) < 1e-12", m)}, 2, 20, 50);
  for (std::uint64_t first = 0; first < 50; first += 10) {
    monitor.consume(block(0, first, 10));
    monitor.consume(block(1, first, 10));
  }
  EXPECT_TRUE(monitor.enough().load());
  EXPECT_EQ(monitor.paths(), 50u);
  EXPECT_FALSE(monitor.all_met());
  EXPECT_FALSE(monitor.records()[0].met);
}

}  // namespace
}  // namespace cloudsim
