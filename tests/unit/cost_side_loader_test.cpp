// The cost-side keys of [providers.<name>] (docs/scenario-format.md, "Capacity and costs"): what
// they load into, where a drawn value goes, and the errors for bad values and contradictions.

#include <gtest/gtest.h>

#include <algorithm>

#include "model/market_model.hpp"
#include "model/parameter_address.hpp"
#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario_issues.hpp"
#include "test_market.hpp"

namespace cloudsim::scenario {
namespace {

// kMinimalScenario (8 quarters from 2021Q1) with Zeta's own table appended.
std::string with_zeta(const std::string& keys) {
  return std::string(cloudsim::testing::kMinimalScenario) + "\n[providers.Zeta]\n" + keys;
}

const std::string kCostSide = R"(capacity = 80.0
capacity_fixed_cost = 0.1
unit_cost = 0.7
scale_elasticity = 0.15
prices_at_or_above_cost = true
[providers.Zeta.capacity_additions.Shanghai]
quarter = { distribution = "uniform", low = "2021Q3", high = "2022Q2" }
amount = 15.0
[providers.Zeta.capacity_additions.Shenzhen]
quarter = "2022Q1"
amount = 10.0
)";

using testing::issues_of;

// The one issue at `key_path`, which must mention `fragment`.
void expect_issue(const std::string& text, const std::string& key_path,
                  const std::string& fragment) {
  const auto issues = issues_of(text);
  const auto found = std::find_if(issues.begin(), issues.end(),
                                  [&](const InputIssue& i) { return i.key_path == key_path; });
  ASSERT_NE(found, issues.end()) << "no issue at " << key_path;
  EXPECT_NE(found->to_string().find(fragment), std::string::npos) << found->to_string();
  EXPECT_GT(found->line, 0u);
}

TEST(CostSideLoader, ReadsEveryKeyAndDrawsASiteQuarterThroughItsKeyPath) {
  const auto s = load_scenario_text(with_zeta(kCostSide), "test.toml");
  const auto& zeta = s.market.providers[0];
  ASSERT_EQ(zeta.capacity_additions.size(), 2u);
  EXPECT_EQ(zeta.capacity_additions[0].name, "Shanghai") << "sites keep the file's order";
  EXPECT_EQ(zeta.capacity_additions[1].quarter, 4.0);
  EXPECT_EQ(zeta.capacity_additions[1].amount, 10.0);
  EXPECT_EQ(zeta.capacity_fixed_cost, 0.1);
  EXPECT_TRUE(zeta.has_unit_cost);
  EXPECT_EQ(zeta.unit_cost, 0.7);
  EXPECT_EQ(zeta.scale_elasticity, 0.15);
  EXPECT_TRUE(zeta.prices_at_or_above_cost);
  EXPECT_FALSE(s.market.providers[1].has_unit_cost);
  const auto& inputs = s.uncertain.inputs;
  const auto drawn = std::find_if(inputs.begin(), inputs.end(), [](const auto& input) {
    return input.key_path == "providers.Zeta.capacity_additions.Shanghai.quarter";
  });
  ASSERT_NE(drawn, inputs.end());
  auto market = s.market;
  model::resolve(market, drawn->address) = 3.0;
  EXPECT_EQ(market.providers[0].capacity_additions[0].quarter, 3.0);
  const model::MarketModel model(s.market);
  EXPECT_EQ(model.events().names[static_cast<std::size_t>(model.events().capacity_online[0][1])],
            "Zeta: capacity Shenzhen online");
}

TEST(CostSideLoader, ANegativeAmountIsRefused) {
  std::string text = with_zeta(kCostSide);
  text.replace(text.find("amount = 10.0"), 13, "amount = -5.0");
  expect_issue(text, "providers.Zeta.capacity_additions.Shenzhen.amount",
               "expected a number in [0, 1000000000], found the number -5");
}

TEST(CostSideLoader, ATypoInASiteIsAnUnknownKeyWithASuggestion) {
  std::string text = with_zeta(kCostSide);
  text.replace(text.find("amount = 10.0"), 13, "amout = 10.0");
  expect_issue(text, "providers.Zeta.capacity_additions.Shenzhen.amout", "did you mean 'amount'?");
}

TEST(CostSideLoader, AdditionsAndCapacityCostNeedACapacity) {
  std::string text = with_zeta(kCostSide);
  text.replace(text.find("capacity = 80.0\n"), 16, "");
  expect_issue(text, "providers.Zeta.capacity_additions", "give capacity");
  expect_issue(text, "providers.Zeta.capacity_fixed_cost", "give capacity as well");
}

TEST(CostSideLoader, UnitCostAndGrossMarginInOneFileContradictEachOther) {
  expect_issue(with_zeta("unit_cost = 0.7\ngross_margin = 0.3\n"), "providers.Zeta.gross_margin",
               "give one of the two");
}

TEST(CostSideLoader, CostOptionsNeedAUnitCost) {
  expect_issue(with_zeta("scale_elasticity = 0.2\n"), "providers.Zeta.scale_elasticity",
               "give unit_cost as well");
  expect_issue(with_zeta("prices_at_or_above_cost = true\n"),
               "providers.Zeta.prices_at_or_above_cost", "give unit_cost as well");
  expect_issue(with_zeta("unit_cost = 0.7\nprices_at_or_above_cost = 1\n"),
               "providers.Zeta.prices_at_or_above_cost",
               "expected true or false, found the integer 1");
}

TEST(CostSideLoader, APhaseMayNotMoveTheMarginOfACostPricedProvider) {
  const std::string phase =
      "[providers.Zeta.phases.grab]\nkind = \"land_grab\"\nprice_change = -0.1\n";
  expect_issue(with_zeta("unit_cost = 0.7\n" + phase + "margin_change = -0.05\n"),
               "providers.Zeta.phases.grab.margin_change", "move price_change instead");
  EXPECT_NO_THROW(load_scenario_text(with_zeta("unit_cost = 0.7\n" + phase + "margin_change = 0\n"),
                                     "test.toml"))
      << "an explicit 0 switches a parent's move off";
}

TEST(CostSideLoader, AChipProgrammeNeedsAUnitCost) {
  const std::string phase =
      "[providers.Zeta.phases.chips]\nkind = \"chip_programme\"\nunit_cost_cut = 0.1\n";
  expect_issue(with_zeta("capacity = 80.0\n" + phase), "providers.Zeta.phases.chips",
               "give the provider unit_cost");
  EXPECT_NO_THROW(load_scenario_text(with_zeta("unit_cost = 0.7\n" + phase), "test.toml"));
}

TEST(CostSideLoader, TheExampleScenarioLoadsAndBuilds) {
  const auto s = load_scenario_file(CLOUDSIM_SOURCE_DIR "/tests/scenarios/cost_side.toml");
  const model::MarketModel model(s.market);
  const auto volcano = std::find_if(s.market.providers.begin(), s.market.providers.end(),
                                    [](const auto& p) { return p.name == "Volcano Engine"; });
  ASSERT_NE(volcano, s.market.providers.end());
  EXPECT_TRUE(volcano->has_unit_cost) << "a child's unit_cost replaces the parent's gross_margin";
  EXPECT_EQ(volcano->capacity_additions.size(), 2u);
}

}  // namespace
}  // namespace cloudsim::scenario
