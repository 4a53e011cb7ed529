// Growth regimes (model spec section 11, docs/model.md "Growth regimes"): the chain's stationary
// frequency and mean slowdown length against their closed forms (4 standard errors, from
// statistics that are independent across paths), Δ = 0 giving section 1 exactly, regimes leaving
// every other draw where it was, the annual record, and the loader's located errors.

#include "model/growth_regimes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/run_driver.hpp"
#include "model/market_model.hpp"
#include "model/model_error.hpp"
#include "output/record_level.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario_issues.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

// small_market with one macro chain driving both segments.
model::MarketParameters market_with_regimes(double p_ns, double p_sn, double penalty,
                                            int quarters) {
  auto p = testing::small_market(quarters);
  p.growth_regimes.chains = {{"macro", p_ns, p_sn, model::RegimeStart::stationary}};
  for (auto& segment : p.segments) {
    segment.regime_chain = 0;
    segment.slowdown_penalty = penalty;
  }
  return p;
}

void run(const model::MarketParameters& parameters, std::size_t paths,
         testing::CollectingSink& sink) {
  const model::MarketModel model(parameters);
  engine::RunOptions options;
  options.paths = paths;
  options.seed = 2718;
  engine::run_paths(model, options, sink);
}

struct MeanAndError {
  double mean = 0.0;
  double standard_error = 0.0;
};

MeanAndError mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values)
    sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values)
    squares += (v - mean) * (v - mean);
  const double n = static_cast<double>(values.size());
  return {mean, std::sqrt(squares / (n - 1.0) / n)};
}

// One run shared by the chain's statistics: 20,000 paths of 121 quarters, π = 0.25, 1/p_sn = 10/3.
class RegimeChainStatistics : public ::testing::Test {
 protected:
  static constexpr double kSlowdown = 0.1;
  static constexpr double kRecovery = 0.3;
  static constexpr int kQuarters = 121;
  static constexpr std::size_t kPaths = 20000;
  static void SetUpTestSuite() {
    sink_ = new testing::CollectingSink();
    run(market_with_regimes(kSlowdown, kRecovery, 0.2, kQuarters), kPaths, *sink_);
  }
  static void TearDownTestSuite() { delete sink_; }
  static std::int8_t regime(std::size_t path, std::size_t t) {
    return sink_->regime[path * kQuarters + t];
  }
  static testing::CollectingSink* sink_;
};
testing::CollectingSink* RegimeChainStatistics::sink_ = nullptr;

TEST_F(RegimeChainStatistics, RecordsOneRegimePerPathAndQuarter) {
  ASSERT_EQ(sink_->shape.regimes, 1u);
  ASSERT_EQ(sink_->regime.size(), kPaths * kQuarters);
  ASSERT_EQ(sink_->segment_regime.size(), kPaths * kQuarters * 2);
  for (std::size_t k = 0; k < sink_->regime.size(); ++k) {
    ASSERT_TRUE(sink_->regime[k] == 0 || sink_->regime[k] == 1) << k;
    // Both segments follow the macro chain.
    ASSERT_EQ(sink_->segment_regime[2 * k], sink_->regime[k]);
    ASSERT_EQ(sink_->segment_regime[2 * k + 1], sink_->regime[k]);
  }
}

TEST_F(RegimeChainStatistics, ShareOfSlowdownQuartersIsStationary) {
  // r(0) is drawn from the stationary law, so every r(t) has P(slowdown) = π; the per-path share
  // of slowdown quarters is independent across paths, which gives an honest standard error
  // despite the autocorrelation within a path.
  std::vector<double> share(kPaths);
  for (std::size_t n = 0; n < kPaths; ++n) {
    int slow = 0;
    for (std::size_t t = 0; t < kQuarters; ++t)
      slow += regime(n, t);
    share[n] = slow / static_cast<double>(kQuarters);
  }
  const auto [mean, se] = mean_of(share);
  const double expected = kSlowdown / (kSlowdown + kRecovery);
  RecordProperty("slowdown_share", std::to_string(mean) + " SE " + std::to_string(se));
  EXPECT_NEAR(mean, expected, 4.0 * se)
      << "p_ns " << kSlowdown << ", p_sn " << kRecovery << ": expected " << expected << ", got "
      << mean << ", SE " << se;
  // The first quarter alone (binomial): r(0) from the stationary law.
  std::vector<double> first(kPaths);
  for (std::size_t n = 0; n < kPaths; ++n)
    first[n] = regime(n, 0);
  const auto [mean0, se0] = mean_of(first);
  RecordProperty("first_quarter_share", std::to_string(mean0) + " SE " + std::to_string(se0));
  EXPECT_NEAR(mean0, expected, 4.0 * se0) << "r(0): got " << mean0 << ", SE " << se0;
}

TEST_F(RegimeChainStatistics, MeanSlowdownLengthIsOneOverRecovery) {
  // Slowdowns that begin (normal → slowdown) at t in [1, 60] are followed for at least 60 more
  // quarters, so one is cut short by the horizon with probability 0.7^60 ≈ 5e-10. By the strong
  // Markov property their lengths are independent geometric draws, within a path too, so the
  // sample standard error is honest.
  std::vector<double> lengths;
  for (std::size_t n = 0; n < kPaths; ++n) {
    for (std::size_t t = 1; t <= 60; ++t) {
      if (regime(n, t) != 1 || regime(n, t - 1) != 0)
        continue;
      std::size_t end = t;
      while (end < kQuarters && regime(n, end) == 1)
        ++end;
      ASSERT_LT(end, kQuarters) << "a slowdown outlasted the horizon on path " << n;
      lengths.push_back(static_cast<double>(end - t));
    }
  }
  ASSERT_GT(lengths.size(), 10000u);
  const auto [mean, se] = mean_of(lengths);
  const double expected = 1.0 / kRecovery;
  RecordProperty("slowdown_length", std::to_string(mean) + " SE " + std::to_string(se) + " over " +
                                        std::to_string(lengths.size()));
  EXPECT_NEAR(mean, expected, 4.0 * se)
      << "p_sn " << kRecovery << ": expected " << expected << " quarters, got " << mean << " over "
      << lengths.size() << " slowdowns, SE " << se;
}

TEST(GrowthRegimes, ZeroPenaltyIsSectionOneExactly) {
  // Δ = 0: ln(1 + G − 0) is ln(1 + G) to the bit, so demand (and all that follows from it) is that
  // of the model without regimes, in whichever regime the chain is.
  auto without = testing::small_market(21);
  const auto with = market_with_regimes(0.5, 0.5, 0.0, 21);
  testing::CollectingSink a;
  testing::CollectingSink b;
  run(without, 300, a);
  run(with, 300, b);
  EXPECT_EQ(a.demand, b.demand);
  EXPECT_EQ(a.revenue, b.revenue);
  EXPECT_TRUE(a.regime.empty());
  EXPECT_FALSE(b.regime.empty());
  const model::MarketModel model(with);
  for (int t = 0; t < model.steps(); ++t)
    for (std::size_t s = 0; s < model.segment_count(); ++s)
      EXPECT_EQ(model.slowdown_log_drift(t, s), model.log_drift(t, s)) << t << " " << s;
}

TEST(GrowthRegimes, RegimesLeaveEveryOtherDrawWhereItWas) {
  // Only PaaS follows the chain (IaaS opts out) and the segments' shocks are independent: IaaS
  // demand, which reads only its own shocks, must be bitwise the run without regimes; PaaS slows.
  auto without = testing::small_market(21);
  without.segment_correlation.setIdentity();
  auto with = without;
  with.growth_regimes.chains = {{"macro", 0.3, 0.3, model::RegimeStart::stationary}};
  with.segments[1].regime_chain = 0;
  with.segments[1].slowdown_penalty = 0.2;
  testing::CollectingSink a;
  testing::CollectingSink b;
  run(without, 300, a);
  run(with, 300, b);
  double paas_without = 0.0;
  double paas_with = 0.0;
  bool iaas_equal = true;
  for (std::size_t n = 0; n < 300; ++n) {
    for (std::size_t t = 0; t < 21; ++t)
      iaas_equal = iaas_equal && a.demand_at(n, t, 0) == b.demand_at(n, t, 0);
    paas_without += a.demand_at(n, 20, 1);
    paas_with += b.demand_at(n, 20, 1);
    EXPECT_EQ(b.segment_regime[(n * 21 + 20) * 2], -1) << "IaaS follows no chain";
  }
  EXPECT_TRUE(iaas_equal);
  EXPECT_LT(paas_with, paas_without);
}

TEST(GrowthRegimes, SlowdownDriftIsLogOfPenalisedGrowth) {
  const model::MarketModel model(market_with_regimes(0.1, 0.3, 0.25, 13));
  const auto& segment = model.parameters().segments[0];
  const double sigma = model.quarterly_volatility(0);
  for (int t = 0; t < model.steps(); ++t) {
    const double expected =
        std::log1p(model::annual_growth(segment, t) - 0.25) / 4.0 - 0.5 * sigma * sigma;
    EXPECT_EQ(model.slowdown_log_drift(t, 0), expected) << "quarter " << t;
  }
}

TEST(GrowthRegimes, GrowthBelowThePenaltyIsAModelError) {
  // PaaS decays from 30% towards 10% (IaaS from 40% to 15%, slower than the horizon): a penalty
  // of 1.2 leaves 1 + G − Δ ≤ 0 in PaaS from quarter 6.
  const auto bad = market_with_regimes(0.1, 0.3, 1.2, 13);
  try {
    const model::MarketModel model(bad);
    FAIL() << "expected a ModelError";
  } catch (const model::ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("slowdown penalty"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("segment PaaS"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("quarter 6"), std::string::npos) << e.what();
  }
}

TEST(GrowthRegimes, ChainFollowsThresholdsOfTheNormalCdf) {
  model::GrowthRegimeParameters regimes;
  regimes.chains = {{"macro", 0.2, 0.6, model::RegimeStart::stationary},
                    {"own", 0.2, 0.6, model::RegimeStart::slowdown}};
  // π = 0.25: Φ(z) < 0.25 iff z < −0.6745.
  std::vector<std::int8_t> r(2);
  const std::vector<double> low = {-0.70, 3.0};
  const std::vector<double> high = {-0.65, -3.0};
  model::initial_regimes(regimes, low, r);
  EXPECT_EQ(r, (std::vector<std::int8_t>{1, 1}));  // the second chain starts in a slowdown
  model::initial_regimes(regimes, high, r);
  EXPECT_EQ(r, (std::vector<std::int8_t>{0, 1}));
  // Slowdown → normal iff Φ(z) < 0.6 (z < 0.2533); normal → slowdown iff Φ(z) < 0.2.
  r = {1, 0};
  model::advance_regimes(regimes, std::vector<double>{0.25, -0.85}, r);
  EXPECT_EQ(r, (std::vector<std::int8_t>{0, 1}));
  r = {1, 0};
  model::advance_regimes(regimes, std::vector<double>{0.26, -0.84}, r);
  EXPECT_EQ(r, (std::vector<std::int8_t>{1, 0}));
  EXPECT_EQ(model::standard_normal_cdf(0.0), 0.5);
  EXPECT_NEAR(model::standard_normal_cdf(-8.0), 6.22096057427178e-16, 1e-28);
}

TEST(GrowthRegimes, AnnualRecordCountsSlowdownQuarters) {
  // Quarters 2021Q1 … 2023Q4: each year's record is the number of its quarters in a slowdown.
  const auto parameters = market_with_regimes(0.3, 0.3, 0.1, 12);
  const model::MarketModel model(parameters);
  testing::CollectingSink full;
  testing::CollectingSink annual;
  output::RecordReducer reducer(
      output::RecordLevel::annual,
      output::time_axis(output::RecordLevel::annual, model::Quarter::parse("2021Q1").value(), 12),
      annual);
  engine::RunOptions options;
  options.paths = 200;
  options.seed = 7;
  engine::run_paths(model, options, full);
  engine::run_paths(model, options, reducer);
  ASSERT_EQ(annual.regime.size(), 200u * 3);
  bool some_partial_year = false;
  for (std::size_t n = 0; n < 200; ++n) {
    for (std::size_t y = 0; y < 3; ++y) {
      int slow = 0;
      for (std::size_t q = 0; q < 4; ++q)
        slow += full.regime[n * 12 + 4 * y + q];
      EXPECT_EQ(annual.regime[n * 3 + y], slow) << "path " << n << ", year " << y;
      EXPECT_EQ(annual.segment_regime[(n * 3 + y) * 2 + 1], slow);
      some_partial_year = some_partial_year || (slow > 0 && slow < 4);
    }
  }
  EXPECT_TRUE(some_partial_year);
}

// The loader: keys, uncertain inputs, named chains and located errors.
const std::string kRegimes = std::string(testing::kMinimalScenario) + R"(
[growth_regimes]
slowdown_probability = { distribution = "uniform", low = 0.02, high = 0.08 }
recovery_probability = 0.25
slowdown_penalty = 0.2
)";

TEST(GrowthRegimesLoader, LoadsTheMacroChainAsUncertainInputs) {
  const auto scenario = scenario::load_scenario_text(kRegimes, "test.toml");
  const auto& regimes = scenario.market.growth_regimes;
  ASSERT_EQ(regimes.chains.size(), 1u);
  EXPECT_EQ(regimes.chains[0].recovery_probability, 0.25);
  EXPECT_EQ(regimes.chains[0].start, model::RegimeStart::stationary);
  EXPECT_EQ(scenario.market.segments[0].regime_chain, 0);
  EXPECT_EQ(scenario.market.segments[0].slowdown_penalty, 0.2);
  ASSERT_EQ(scenario.uncertain.inputs.size(), 1u);
  EXPECT_EQ(scenario.uncertain.inputs[0].key_path, "growth_regimes.slowdown_probability");
  // A drawn penalty for every segment reaches the segments through the model.
  auto drawn = scenario::load_scenario_text(
      kRegimes +
          "[growth_regimes.chains.own]\nsegments = [\"IaaS\"]\nslowdown_probability = 0.1\n"
          "recovery_probability = 0.5\ninitial = \"slowdown\"\n",
      "test.toml");
  ASSERT_EQ(drawn.market.growth_regimes.chains.size(), 2u);
  EXPECT_EQ(drawn.market.segments[0].regime_chain, 1);
  EXPECT_EQ(drawn.market.growth_regimes.chains[1].start, model::RegimeStart::slowdown);
  EXPECT_TRUE(scenario::load_scenario_text(testing::kMinimalScenario, "test.toml")
                  .market.growth_regimes.chains.empty());
}

TEST(GrowthRegimesLoader, UnknownKeyIsLocatedWithASuggestion) {
  std::string text = kRegimes + "inital = \"normal\"\n";
  const auto issues = testing::issues_of(text);
  ASSERT_EQ(issues.size(), 1u);
  const std::string message = issues[0].to_string();
  EXPECT_NE(message.find("test.toml:30:1"), std::string::npos) << message;
  EXPECT_NE(message.find("growth_regimes.inital: unknown key, did you mean 'initial'?"),
            std::string::npos)
      << message;
}

TEST(GrowthRegimesLoader, BadValuesAreLocated) {
  std::string text = kRegimes;
  text.replace(text.find("recovery_probability = 0.25"), 27, "recovery_probability = 1.5");
  auto issues = testing::issues_of(text);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].to_string().find("test.toml:28:"), std::string::npos)
      << issues[0].to_string();
  EXPECT_NE(issues[0].to_string().find("growth_regimes.recovery_probability"), std::string::npos);

  // A penalty that could take growth below −100% a year on some path.
  text = kRegimes;
  text.replace(text.find("slowdown_penalty = 0.2"), 22, "slowdown_penalty = 1.2");
  issues = testing::issues_of(text);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].to_string().find("test.toml:29:"), std::string::npos)
      << issues[0].to_string();
  EXPECT_NE(issues[0].to_string().find("above -1"), std::string::npos) << issues[0].to_string();

  // A misspelt segment in a chain, and a segment claimed by two chains.
  issues = testing::issues_of(kRegimes +
                              "[growth_regimes.chains.own]\nsegments = [\"IaSS\"]\n"
                              "slowdown_probability = 0.1\nrecovery_probability = 0.5\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].to_string().find("growth_regimes.chains.own.segments[0]"), std::string::npos)
      << issues[0].to_string();
  EXPECT_NE(issues[0].to_string().find("did you mean"), std::string::npos) << issues[0].to_string();
  issues = testing::issues_of(kRegimes + "segments = [\"IaaS\"]\n" +
                              "[growth_regimes.chains.own]\nsegments = [\"IaaS\"]\n"
                              "slowdown_probability = 0.1\nrecovery_probability = 0.5\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].to_string().find("one chain at most"), std::string::npos)
      << issues[0].to_string();
}

}  // namespace
}  // namespace cloudsim
