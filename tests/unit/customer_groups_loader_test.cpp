// [customer_groups] in the scenario file: what loads, and the located errors for shares that do
// not sum to 1, an unknown provider in a stronghold and an unknown group in group_focus.

#include <gtest/gtest.h>

#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario_issues.hpp"
#include "test_market.hpp"

namespace cloudsim::scenario {
namespace {

const std::string kGroups = std::string(cloudsim::testing::kMinimalScenario) + R"(
[providers.Alpha]
full_stack = false

[customer_groups.internet]
share = 0.6
growth_offset = { distribution = "uniform", low = 0.0, high = 0.2 }
[customer_groups.internet.stronghold]
Zeta = 0.3

[customer_groups.government]
share = { IaaS = 0.4 }
churn_multiplier = 0.5
deployment = "private_hybrid"

[providers.Zeta.phases.push]
kind = "group_focus"
start = "2021Q3"
groups = ["government"]
ecosystem_gain = 0.4
fixed_cost = 2.0
)";

using testing::issues_of;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

bool any_mentions(const std::vector<InputIssue>& issues, const std::string& a,
                  const std::string& b = "") {
  for (const auto& issue : issues) {
    const auto text = issue.to_string();
    if (text.find(a) != std::string::npos && text.find(b) != std::string::npos)
      return true;
  }
  return false;
}

TEST(CustomerGroupsLoader, LoadsGroupsStrongholdsAndGroupFocus) {
  const auto scenario = load_scenario_text(kGroups, "test.toml");
  const auto& groups = scenario.market.customer_groups;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "internet");
  EXPECT_EQ(groups[0].share, std::vector<double>{0.6});
  EXPECT_EQ(groups[0].stronghold, (std::vector<double>{0.3, 0.0}));  // Zeta, Alpha: file order
  EXPECT_EQ(groups[1].deployment, model::Deployment::private_hybrid);
  EXPECT_EQ(groups[1].churn_multiplier, 0.5);
  EXPECT_FALSE(scenario.market.providers[1].full_stack);
  EXPECT_TRUE(scenario.market.providers[0].full_stack);
  ASSERT_EQ(scenario.uncertain.inputs.size(), 1u);
  EXPECT_EQ(scenario.uncertain.inputs[0].key_path, "customer_groups.internet.growth_offset");
  const auto& focus = std::get<model::GroupFocus>(scenario.market.providers[0].phases[0].strategy);
  EXPECT_EQ(focus.groups, (std::vector<char>{0, 1}));
}

TEST(CustomerGroupsLoader, SharesMustSumToOneInEverySegment) {
  const auto issues = issues_of(replace(kGroups, "share = 0.6", "share = 0.5"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "customer_groups");
  EXPECT_TRUE(any_mentions(issues, "sum to 0.9")) << issues[0].to_string();
}

TEST(CustomerGroupsLoader, UnknownProviderInAStrongholdIsSuggested) {
  const auto issues = issues_of(replace(kGroups, "Zeta = 0.3", "Zetta = 0.3"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].key_path, "customer_groups.internet.stronghold.Zetta");
  EXPECT_TRUE(any_mentions(issues, "unknown provider \"Zetta\"", "did you mean 'Zeta'?"))
      << issues[0].to_string();
}

TEST(CustomerGroupsLoader, UnknownGroupInGroupFocusIsSuggested) {
  const auto issues =
      issues_of(replace(kGroups, "groups = [\"government\"]", "groups = [\"goverment\"]"));
  ASSERT_FALSE(issues.empty());
  EXPECT_TRUE(
      any_mentions(issues, "providers.Zeta.phases.push.groups[0]", "did you mean 'government'?"))
      << issues[0].to_string();
}

TEST(CustomerGroupsLoader, UnknownDeploymentAndMissingShareAreReported) {
  auto text = replace(kGroups, "deployment = \"private_hybrid\"", "deployment = \"privat\"");
  EXPECT_TRUE(any_mentions(issues_of(text), "expected \"public\" or \"private_hybrid\""));
  text = replace(kGroups, "share = { IaaS = 0.4 }\n", "");
  EXPECT_TRUE(any_mentions(issues_of(text), "customer_groups.government.share", "missing"));
}

}  // namespace
}  // namespace cloudsim::scenario
