// The scenario loader: valid files load in file order; every bad input names file, line, column,
// key path, what was expected and what was found.

#include "scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include "model/market_model.hpp"
#include "model/quarter_stepper.hpp"
#include "scenario/input_error.hpp"
#include "scenario_issues.hpp"
#include "test_market.hpp"

namespace cloudsim::scenario {
namespace testing = cloudsim::testing;
namespace {

const std::string kMinimal = testing::kMinimalScenario;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

using testing::issues_of;

bool mentions(const InputIssue& issue, const std::string& fragment) {
  return issue.to_string().find(fragment) != std::string::npos;
}

TEST(ScenarioLoader, LoadsAMinimalScenarioWithDefaults) {
  const auto s = load_scenario_text(kMinimal, "test.toml");
  EXPECT_EQ(s.run.start_quarter.label(), "2021Q1");
  EXPECT_EQ(s.market.quarters, 8);
  EXPECT_EQ(s.run.paths, 10u);
  ASSERT_EQ(s.market.providers.size(), 2u);
  EXPECT_EQ(s.market.providers[0].name, "Zeta") << "providers keep the file's order";
  EXPECT_EQ(s.market.providers[1].name, "Alpha");
  EXPECT_EQ(s.market.providers[0].price_index, 1.0);
  EXPECT_EQ(s.market.multi_cloud.second_cloud_spend_share, 0.0);
  EXPECT_EQ(s.market.segment_correlation.rows(), 1);
  EXPECT_NE(s.resolved_text.find("[providers.Zeta.segments.IaaS]"), std::string::npos);
}

TEST(ScenarioLoader, InitialBooksMayBeGivenAsRevenues) {
  std::string text = replace(kMinimal, "initial_demand = 100.0\n", "");
  text = replace(text, "initial_share = 0.7", "initial_revenue = 30.0");
  text = replace(text, "initial_share = 0.3", "initial_revenue = 12.5");
  const auto s = load_scenario_text(text, "test.toml");
  EXPECT_TRUE(s.market.segments[0].books_from_revenue);
  EXPECT_EQ(s.market.providers[0].segments[0].initial_revenue, 30.0);
  const model::MarketModel model(s.market);
  model::QuarterStepper stepper(model);
  model::PathState state;
  const std::vector<double> no_noise(2, 0.0);
  stepper.initialise(no_noise, state);
  EXPECT_EQ(state.demand[0], 42.5) << "the segment starts as the sum of the books";
  EXPECT_EQ(state.revenue[0], 30.0);
}

TEST(ScenarioLoader, OneSegmentUsesOneFormOfInitialBook) {
  const auto mixed = issues_of(replace(kMinimal, "initial_share = 0.3", "initial_revenue = 30"));
  ASSERT_GE(mixed.size(), 1u);
  EXPECT_EQ(mixed[0].key_path, "providers.Alpha.segments.IaaS.initial_revenue");
  EXPECT_TRUE(mentions(mixed[0], "use one form per segment")) << mixed[0].to_string();

  std::string with_demand = replace(kMinimal, "initial_share = 0.7", "initial_revenue = 30.0");
  with_demand = replace(with_demand, "initial_share = 0.3", "initial_revenue = 12.5");
  const auto both = issues_of(with_demand);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].line, 9u);
  EXPECT_TRUE(mentions(both[0], "remove initial_demand")) << both[0].to_string();

  const auto neither = issues_of(replace(kMinimal, "initial_share = 0.3\n", ""));
  ASSERT_EQ(neither.size(), 1u);
  EXPECT_TRUE(mentions(neither[0], "expected initial_share")) << neither[0].to_string();
}

TEST(ScenarioLoader, LoadsTheBaselineScenario) {
  const auto s = load_scenario_file(CLOUDSIM_SOURCE_DIR "/scenarios/baseline.toml");
  ASSERT_EQ(s.market.segments.size(), 3u);
  EXPECT_EQ(s.market.segments[0].name, "IaaS");
  EXPECT_EQ(s.market.segments[2].name, "SaaS");
  ASSERT_EQ(s.market.providers.size(), 8u);
  EXPECT_EQ(s.market.providers.front().name, "Alibaba");
  EXPECT_EQ(s.market.providers.back().name, "Others");
  EXPECT_EQ(s.market.quarters, 40);
}

TEST(ScenarioLoader, UnknownKeyIsReportedWithPositionAndSuggestion) {
  const auto issues = issues_of(replace(kMinimal, "churn_rate = 0.05\n\n", "churn_rat = 0.05\n\n"));
  ASSERT_GE(issues.size(), 1u);
  bool found = false;
  for (const auto& issue : issues) {
    if (mentions(issue, "unknown key")) {
      found = true;
      EXPECT_EQ(issue.line, 20u);
      EXPECT_EQ(issue.column, 1u);
      EXPECT_EQ(issue.key_path, "providers.Zeta.segments.IaaS.churn_rat");
      EXPECT_TRUE(mentions(issue, "did you mean 'churn_rate'?")) << issue.to_string();
    }
  }
  EXPECT_TRUE(found);
}

TEST(ScenarioLoader, WrongTypeSaysWhatWasExpectedAndFound) {
  const auto issues = issues_of(replace(kMinimal, "volatility = 0.1", "volatility = \"high\""));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 13u);
  EXPECT_EQ(issues[0].key_path, "segments.IaaS.volatility");
  EXPECT_TRUE(mentions(issues[0], "expected a number in [0, 2], found the string \"high\""))
      << issues[0].to_string();
}

// A multi-cloud table and two migrations onto Alpha appended to the minimal scenario.
std::string with_rule_and_migrations(const std::string& rule, const std::string& contestable) {
  return kMinimal + std::string(R"(
[multi_cloud]
initial_adoption = 0.2
ceiling = 0.8
second_cloud_spend_share = 0.3
)") + rule +
         R"(

[migrations.captive]
segment = "IaaS"
from = "self_build"
to = "Alpha"
amount = 2.0
start = "2021Q3"

[migrations.open]
segment = "IaaS"
from = "Zeta"
to = "Alpha"
amount = 2.0
start = "2021Q3"
)" + contestable +
         "\n";
}

TEST(ScenarioLoader, SecondCloudRuleAndContestableHaveDefaults) {
  const auto defaults = load_scenario_text(with_rule_and_migrations("", ""), "test.toml");
  EXPECT_EQ(defaults.market.multi_cloud.second_cloud_rule,
            model::SecondCloudRule::excludes_primary);
  EXPECT_FALSE(defaults.market.migrations[0].contestable);
  EXPECT_FALSE(defaults.market.migrations[1].contestable);
  const auto set = load_scenario_text(
      with_rule_and_migrations("second_cloud_rule = \"independent\"", "contestable = true"),
      "test.toml");
  EXPECT_EQ(set.market.multi_cloud.second_cloud_rule, model::SecondCloudRule::independent);
  EXPECT_FALSE(set.market.migrations[0].contestable);
  EXPECT_TRUE(set.market.migrations[1].contestable);
}

TEST(ScenarioLoader, BadSecondCloudRuleOrContestableIsExplained) {
  const auto issues = issues_of(
      with_rule_and_migrations("second_cloud_rule = \"exclude_primary\"", "contestable = \"yes\""));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].key_path, "multi_cloud.second_cloud_rule");
  EXPECT_TRUE(mentions(issues[0],
                       "expected one of \"excludes_primary\", \"independent\", found "
                       "\"exclude_primary\", did you mean 'excludes_primary'?"))
      << issues[0].to_string();
  EXPECT_EQ(issues[1].key_path, "migrations.open.contestable");
  EXPECT_TRUE(mentions(issues[1], "expected true or false, found the string \"yes\""))
      << issues[1].to_string();
}

TEST(ScenarioLoader, OutOfRangeValueIsRejected) {
  const auto issues = issues_of(replace(kMinimal, "churn_rate = 0.05\n\n", "churn_rate = 1.5\n\n"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(mentions(issues[0],
                       "test.toml:20:14: error: providers.Zeta.segments.IaaS.churn_rate: "
                       "expected a number in (0, 1], found the number 1.5"))
      << issues[0].to_string();
}

TEST(ScenarioLoader, MissingRequiredKeyNamesTheTable) {
  const auto issues = issues_of(replace(kMinimal, "seed = 1\n", ""));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "simulation.seed");
  EXPECT_TRUE(mentions(issues[0], "missing required key")) << issues[0].to_string();
}

TEST(ScenarioLoader, SyntaxErrorHasLineAndColumn) {
  const auto issues = issues_of(replace(kMinimal, "quarters = 8", "quarters = = 8"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 4u);
  EXPECT_TRUE(mentions(issues[0], "TOML syntax error")) << issues[0].to_string();
}

TEST(ScenarioLoader, SharesMustSumToOne) {
  const auto issues = issues_of(replace(kMinimal, "initial_share = 0.3", "initial_share = 0.2"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "segments.IaaS");
  EXPECT_TRUE(mentions(issues[0], "sum to 0.9")) << issues[0].to_string();
}

TEST(ScenarioLoader, UnknownSegmentUnderAProviderIsSuggested) {
  const auto issues = issues_of(
      replace(kMinimal, "[providers.Alpha.segments.IaaS]", "[providers.Alpha.segments.IaSS]"));
  bool found = false;
  for (const auto& issue : issues) {
    found = found || (mentions(issue, "unknown segment \"IaSS\"") &&
                      mentions(issue, "did you mean 'IaaS'?"));
  }
  EXPECT_TRUE(found);
}

TEST(ScenarioLoader, CorrelationMatrixMustBePositiveDefinite) {
  std::string text = replace(kMinimal, "[providers.Zeta.segments.IaaS]", R"([segments.PaaS]
initial_demand = 10.0
growth_initial = 0.4
growth_long_run = 0.15
growth_decay_quarters = 12
volatility = 0.1
price_sensitivity = 2.0
capability_sensitivity = 1.0
ecosystem_sensitivity = 1.0
[segments.SaaS]
initial_demand = 10.0
growth_initial = 0.4
growth_long_run = 0.15
growth_decay_quarters = 12
volatility = 0.1
price_sensitivity = 2.0
capability_sensitivity = 1.0
ecosystem_sensitivity = 1.0
[segment_correlation]
segments = ["IaaS", "PaaS", "SaaS"]
matrix = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]
[providers.Zeta.segments.PaaS]
initial_share = 1.0
churn_rate = 0.1
[providers.Zeta.segments.SaaS]
initial_share = 1.0
churn_rate = 0.1
[providers.Zeta.segments.IaaS])");
  const auto issues = issues_of(text);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "segment_correlation.matrix");
  EXPECT_TRUE(mentions(issues[0], "not positive definite")) << issues[0].to_string();
}

TEST(ScenarioLoader, ReportsEveryProblemInOnePassInFileOrder) {
  std::string text = replace(kMinimal, "quarters = 8", "quarters = 0");
  text = replace(text, "volatility = 0.1", "volatility = -1");
  text = replace(text, "churn_rate = 0.05\n\n", "churn_rate = 0.05\ncolour = \"red\"\n\n");
  text += "bogus = 1\n";
  const auto issues = issues_of(text);
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].key_path, "simulation.quarters");
  EXPECT_EQ(issues[1].key_path, "segments.IaaS.volatility");
  EXPECT_EQ(issues[2].key_path, "providers.Zeta.segments.IaaS.colour");
  EXPECT_EQ(issues[3].key_path, "providers.Alpha.segments.IaaS.bogus");
  for (std::size_t k = 1; k < issues.size(); ++k) {
    EXPECT_LT(issues[k - 1].line, issues[k].line);
  }
}

TEST(ScenarioLoader, BadQuarterLabelIsExplained) {
  const auto issues = issues_of(replace(kMinimal, "\"2021Q1\"", "\"2021-01\""));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(mentions(issues[0], "expected a quarter like \"2021Q1\"")) << issues[0].to_string();
}

TEST(ScenarioLoader, MissingFileIsAnInputError) {
  try {
    load_scenario_file("/nonexistent/scenario.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no such scenario file"), std::string::npos);
  }
}

TEST(ScenarioLoader, RunawayInputIsRefused) {
  EXPECT_THROW(load_scenario_text(std::string(kMaxScenarioBytes + 1, '#'), "huge.toml"),
               InputError);
  const auto issues = issues_of(replace(kMinimal, "paths = 10", "paths = 99999999999"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "simulation.paths");
}

}  // namespace
}  // namespace cloudsim::scenario
