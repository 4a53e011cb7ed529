// Paths in lanes (model/lockstep_stepper.hpp) against the path-by-path stepper they must equal to
// the bit: every recorded value of blocks whose size leaves paths over for the scalar stepper,
// both second-cloud rules, capability drift, providers absent from a segment, rows the choice
// kernel leaves to its scalar code, exits at different quarters on different paths of one
// group of lanes (those paths are simulated again path by path), and customer groups (private
// groups some providers may not serve, strongholds, churn multipliers, groups that grow apart or
// hold nothing, their inputs drawn per path), and growth regimes (one chain or two, drawn, replayed
// from tapes). And which models it covers.

#include "model/lockstep_stepper.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "conditioning/history_evaluator.hpp"
#include "engine/conditioned_histories.hpp"
#include "engine/finite_check.hpp"
#include "engine/path_block.hpp"
#include "engine/path_simulator.hpp"
#include "lanes_comparison.hpp"
#include "model/market_model.hpp"
#include "test_market.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim {
namespace {

using testing::expect_same_paths;
using testing::reversed_tapes;
using testing::same_bits;
using testing::simulate;

TEST(LockstepStepper, PathsInLanesAreThePathsOneByOne) {
  auto parameters = testing::small_market(21);
  parameters.providers[1].capability_growth = 0.3;  // a drift that changes u every quarter
  parameters.providers[2].capability_growth = -0.1;
  for (const std::size_t paths : {1u, 3u, 4u, 5u, 8u, 11u, 64u}) {
    expect_same_paths(parameters, 1000, paths);
  }
}

TEST(LockstepStepper, IndependentSecondCloudIsThePathsOneByOne) {
  auto parameters = testing::small_market(17);
  parameters.multi_cloud.second_cloud_rule = model::SecondCloudRule::independent;
  expect_same_paths(parameters, 7, 37);
}

TEST(LockstepStepper, RowsLeftToTheScalarKernelAreThePathsOneByOne) {
  // In PaaS, where C is absent, A's and B's affinity weights e^(A − max A) underflow to 0: the
  // second slot has no weight there (v_max = 0), a row the kernel hands to its scalar code.
  auto parameters = testing::small_market(9);
  parameters.providers[0].multi_cloud_affinity = -800.0;
  parameters.providers[1].multi_cloud_affinity = -790.0;
  parameters.providers[2].multi_cloud_affinity = 0.0;
  expect_same_paths(parameters, 0, 12);
}

TEST(LockstepStepper, PathsWithExitsAreSimulatedAgainOneByOne) {
  // B loses money every quarter and exits once its losses pass a limit its drawn revenue reaches
  // at different quarters, or never, on different paths.
  auto parameters = testing::small_market(25);
  parameters.providers[1].gross_margin = 0.1;
  parameters.providers[1].fixed_cost = 6.0;
  parameters.providers[1].loss_limit = 20.0;
  const model::MarketModel model(parameters);
  const auto lanes = simulate(model, engine::Stepping::in_lanes, 40, 64);
  std::size_t exited = 0;
  std::vector<int> quarters;
  for (std::size_t path = 0; path < 64; ++path) {
    const int quarter = lanes.event_quarter[path * lanes.shape.events];
    exited += quarter >= 0 ? 1 : 0;
    if (std::find(quarters.begin(), quarters.end(), quarter) == quarters.end()) {
      quarters.push_back(quarter);
    }
  }
  // The test means something only if some paths exit, some don't, and not all at once.
  ASSERT_GT(exited, 0u);
  ASSERT_LT(exited, 64u);
  ASSERT_GE(quarters.size(), 3u);
  expect_same_paths(parameters, 40, 64);
}

TEST(LockstepStepper, ConditionedPathsReplayTheirTapesAsOneByOne) {
  const model::MarketModel model(testing::small_market(15));
  const auto histories = reversed_tapes(model, nullptr, 64);
  const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 64, &histories);
  const auto reference = simulate(model, engine::Stepping::path_by_path, 0, 64, &histories);
  const auto fresh = simulate(model, engine::Stepping::path_by_path, 0, 64);
  EXPECT_TRUE(same_bits(lanes.revenue, reference.revenue));
  EXPECT_TRUE(same_bits(lanes.demand, reference.demand));
  EXPECT_TRUE(same_bits(lanes.cumulative_profit, reference.cumulative_profit));
  EXPECT_FALSE(same_bits(lanes.demand, fresh.demand));  // the tapes were read
}

// small_market with three customer groups that use every term the lanes tabulate: growth
// offsets, churn multipliers (one capped at 1), a private group that C (not full stack) may not
// serve, strongholds, and a group with no share of PaaS (its row holds nothing: all of it is
// contested every quarter).
model::MarketParameters grouped_market(int quarters) {
  auto p = testing::small_market(quarters);
  const auto group = [&p](std::string name, std::vector<double> share) {
    model::CustomerGroupParameters g;
    g.name = std::move(name);
    g.share = std::move(share);
    g.stronghold.assign(p.providers.size(), 0.0);
    p.customer_groups.push_back(g);
  };
  group("internet", {0.5, 0.6});
  group("government", {0.2, 0.4});
  group("industry", {0.3, 0.0});
  p.customer_groups[0].growth_offset = 0.1;
  p.customer_groups[1].growth_offset = -0.05;
  p.customer_groups[1].churn_multiplier = 0.5;
  p.customer_groups[1].deployment = model::Deployment::private_hybrid;
  p.customer_groups[1].stronghold = {0.0, 0.5, 0.0};
  p.customer_groups[2].churn_multiplier = 12.0;  // C's 0.10 becomes 1
  p.customer_groups[2].stronghold = {0.3, 0.0, -0.2};
  p.providers[2].full_stack = false;
  return p;
}

// small_market (or grouped_market) with caps: A's binds on some paths and not on others, grows
// 30% a year, gains a planned site in quarter 8 (its "online" event) and pays for its growth; B's
// seldom binds.
model::MarketParameters capped_market(int quarters, bool grouped = false) {
  auto p = grouped ? grouped_market(quarters) : testing::small_market(quarters);
  p.providers[0].capacity = 95.0;
  p.providers[0].capacity_growth = 0.3;
  p.providers[0].capacity_additions.push_back({"site", 8.0, 10.0});
  p.providers[0].capacity_fixed_cost = 0.05;
  p.providers[1].capacity = 150.0;
  return p;
}

TEST(LockstepStepper, CustomerGroupsAreThePathsOneByOne) {
  auto parameters = grouped_market(21);
  parameters.providers[1].capability_growth = 0.3;
  for (const std::size_t paths : {1u, 4u, 7u, 64u}) {
    expect_same_paths(parameters, 300, paths);
  }
  parameters.multi_cloud.second_cloud_rule = model::SecondCloudRule::independent;
  expect_same_paths(parameters, 11, 21);
  // One group of share 1 everywhere: bit-identical to the market without groups as well.
  auto one_group = testing::small_market(13);
  model::CustomerGroupParameters all;
  all.name = "all";
  all.share = {1.0, 1.0};
  all.stronghold.assign(one_group.providers.size(), 0.0);
  one_group.customer_groups.push_back(all);
  expect_same_paths(one_group, 0, 16);
  const model::MarketModel with_group(one_group);
  const model::MarketModel without(testing::small_market(13));
  const auto grouped = simulate(with_group, engine::Stepping::in_lanes, 0, 16);
  const auto plain = simulate(without, engine::Stepping::in_lanes, 0, 16);
  EXPECT_TRUE(same_bits(grouped.demand, plain.demand));
  EXPECT_TRUE(same_bits(grouped.revenue, plain.revenue));
  EXPECT_TRUE(same_bits(grouped.profit, plain.profit));
  EXPECT_TRUE(same_bits(grouped.cumulative_profit, plain.cumulative_profit));
}

TEST(LockstepStepper, CustomerGroupsWithExitsAreSimulatedAgainOneByOne) {
  auto parameters = grouped_market(25);
  parameters.providers[1].gross_margin = 0.1;
  parameters.providers[1].fixed_cost = 6.0;
  parameters.providers[1].loss_limit = 20.0;
  const model::MarketModel model(parameters);
  const auto lanes = simulate(model, engine::Stepping::in_lanes, 40, 64);
  std::size_t exited = 0;
  for (std::size_t path = 0; path < 64; ++path) {
    exited += lanes.event_quarter[path * lanes.shape.events] >= 0 ? 1u : 0u;
  }
  ASSERT_GT(exited, 0u);  // the test means something only if some paths exit and some don't
  ASSERT_LT(exited, 64u);
  expect_same_paths(parameters, 40, 64);
}

// grouped_market with growth regimes that move often and cost enough growth to show: a macro
// chain drives IaaS and, with `own_chain`, PaaS has a chain of its own that starts in a slowdown
// (else PaaS follows no chain).
model::MarketParameters market_with_regimes(int quarters, bool own_chain) {
  auto p = grouped_market(quarters);
  p.growth_regimes.chains = {{"macro", 0.3, 0.4, model::RegimeStart::stationary}};
  p.segments[0].regime_chain = 0;
  p.segments[0].slowdown_penalty = 0.2;
  if (own_chain) {
    p.growth_regimes.chains.push_back({"paas", 0.2, 0.2, model::RegimeStart::slowdown});
    p.segments[1].regime_chain = 1;
    p.segments[1].slowdown_penalty = 0.1;
  }
  return p;
}

TEST(LockstepStepper, GrowthRegimesAreThePathsOneByOne) {
  for (const bool own_chain : {false, true}) {
    const auto parameters = market_with_regimes(21, own_chain);
    // The test means something only if the lanes' paths go through both regimes.
    const model::MarketModel model(parameters);
    const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 16);
    ASSERT_EQ(lanes.shape.regimes, 1u);
    const auto slow = std::count(lanes.regime.begin(), lanes.regime.end(), std::int8_t{1});
    ASSERT_GT(slow, 0);
    ASSERT_LT(static_cast<std::size_t>(slow), lanes.regime.size());
    for (const std::size_t paths : {1u, 4u, 7u, 64u}) {
      expect_same_paths(parameters, 77, paths);
    }
  }
}

// An input drawn per path, uniform on [low, high], at `address`.
void add_input(uncertainty::UncertainInputs& inputs, const std::string& name,
               model::ParameterAddress address, double low, double high) {
  inputs.inputs.push_back(
      {name, uncertainty::Distribution{uncertainty::Uniform{low, high}}, address});
}

// Inputs drawn per path for every number the lanes tabulate per lane: demand's size, growth,
// decay and volatility, the sensitivities, prices, capabilities and their growth, ecosystems,
// churn, the noise's σ and ρ, and profit's margin, fixed cost and loss limit (B exits on some
// paths, at different quarters; its loss limit is finite in `market_for_drawn_inputs`, so that
// its exit is an event).
model::MarketParameters market_for_drawn_inputs(int quarters) {
  auto parameters = testing::small_market(quarters);
  parameters.providers[1].loss_limit = 20.0;
  return parameters;
}

uncertainty::UncertainInputs inputs_of_every_lane_term() {
  using model::ParameterAddress;
  using model::ProviderParameters;
  using model::ProviderSegmentParameters;
  using model::SegmentParameters;
  uncertainty::UncertainInputs inputs;
  const auto segment = [](std::size_t s, double SegmentParameters::*m) {
    return ParameterAddress::of_segment(s).at(m);
  };
  const auto provider = [](std::size_t i, double ProviderParameters::*m) {
    return ParameterAddress::of_provider(i).at(m);
  };
  const auto cell = [](std::size_t s, std::size_t i, double ProviderSegmentParameters::*m) {
    return ParameterAddress::of_cell(s, i).at(m);
  };
  add_input(inputs, "d0", segment(0, &SegmentParameters::initial_demand), 80.0, 120.0);
  add_input(inputs, "g0", segment(0, &SegmentParameters::growth_initial), 0.2, 0.6);
  add_input(inputs, "g1", segment(1, &SegmentParameters::growth_long_run), 0.05, 0.2);
  add_input(inputs, "tau", segment(1, &SegmentParameters::growth_decay_quarters), 4.0, 12.0);
  add_input(inputs, "vol", segment(0, &SegmentParameters::volatility), 0.1, 0.4);
  add_input(inputs, "bp", segment(0, &SegmentParameters::price_sensitivity), 1.0, 2.0);
  add_input(inputs, "bc", segment(1, &SegmentParameters::capability_sensitivity), 0.5, 1.5);
  add_input(inputs, "be", segment(1, &SegmentParameters::ecosystem_sensitivity), 0.5, 1.5);
  add_input(inputs, "price", provider(2, &ProviderParameters::price_index), 0.8, 1.2);
  add_input(inputs, "kg", provider(1, &ProviderParameters::capability_growth), -0.1, 0.3);
  add_input(inputs, "margin", provider(1, &ProviderParameters::gross_margin), 0.05, 0.15);
  add_input(inputs, "fixed", provider(1, &ProviderParameters::fixed_cost), 5.0, 7.0);
  add_input(inputs, "limit", provider(1, &ProviderParameters::loss_limit), 10.0, 40.0);
  add_input(inputs, "cap", cell(0, 2, &ProviderSegmentParameters::capability), 0.0, 0.5);
  add_input(inputs, "eco", cell(1, 0, &ProviderSegmentParameters::ecosystem), 0.2, 0.8);
  add_input(inputs, "churn", cell(0, 1, &ProviderSegmentParameters::churn_rate), 0.02, 0.2);
  add_input(inputs, "sigma", ParameterAddress{}.at(&model::AttractionNoiseParameters::volatility),
            0.1, 0.5);
  add_input(inputs, "rho", ParameterAddress{}.at(&model::AttractionNoiseParameters::persistence),
            0.5, 0.95);
  return inputs;
}

TEST(LockstepStepper, DrawnInputsAreThePathsOneByOne) {
  const auto parameters = market_for_drawn_inputs(21);
  const auto inputs = inputs_of_every_lane_term();
  // The test means something only if B exits on some paths but not all.
  const model::MarketModel model(parameters);
  const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 64, nullptr, &inputs);
  std::size_t exited = 0;
  for (std::size_t path = 0; path < 64; ++path) {
    exited += lanes.event_quarter[path * lanes.shape.events] >= 0 ? 1u : 0u;  // B's exit
  }
  ASSERT_GT(exited, 0u);
  ASSERT_LT(exited, 64u);
  for (const std::size_t paths : {3u, 4u, 11u, 64u}) {
    expect_same_paths(parameters, 500, paths, &inputs);
  }
}

TEST(LockstepStepper, DrawnGroupInputsAreThePathsOneByOne) {
  using model::CustomerGroupParameters;
  using model::GroupListElement;
  using model::ParameterAddress;
  const auto parameters = grouped_market(17);
  uncertainty::UncertainInputs inputs;
  add_input(inputs, "offset",
            ParameterAddress::of_group(0).at(&CustomerGroupParameters::growth_offset), -0.1, 0.3);
  add_input(inputs, "churn",
            ParameterAddress::of_group(1).at(&CustomerGroupParameters::churn_multiplier), 0.2, 3.0);
  add_input(inputs, "share",
            ParameterAddress{1, 0, 2, GroupListElement{&CustomerGroupParameters::share}}, 0.0, 0.3);
  add_input(inputs, "stronghold",
            ParameterAddress{0, 1, 1, GroupListElement{&CustomerGroupParameters::stronghold}}, 0.0,
            1.0);
  add_input(inputs, "k",
            ParameterAddress::of_cell(0, 0).at(&model::ProviderSegmentParameters::churn_rate), 0.02,
            0.2);
  for (const std::size_t paths : {5u, 32u}) {
    expect_same_paths(parameters, 900, paths, &inputs);
  }
}

TEST(LockstepStepper, DrawnRegimeInputsAreThePathsOneByOne) {
  using model::ParameterAddress;
  const auto parameters = market_with_regimes(17, true);
  uncertainty::UncertainInputs inputs;
  add_input(
      inputs, "p_ns",
      ParameterAddress::of_regime_chain(0).at(&model::RegimeChainParameters::slowdown_probability),
      0.05, 0.6);
  add_input(
      inputs, "p_sn",
      ParameterAddress::of_regime_chain(1).at(&model::RegimeChainParameters::recovery_probability),
      0.05, 0.6);
  add_input(inputs, "penalty",
            ParameterAddress::of_segment(0).at(&model::SegmentParameters::slowdown_penalty), 0.0,
            0.3);
  for (const std::size_t paths : {5u, 32u}) {
    expect_same_paths(parameters, 40, paths, &inputs);
  }
}

TEST(LockstepStepper, ConditionedPathsReplayTheirRegimeDraws) {
  // As ConditionedPathsReplayTheirTapesAsOneByOne, with the regimes' normals on the tapes too.
  const auto parameters = market_with_regimes(15, true);
  const model::MarketModel model(parameters);
  const auto histories = reversed_tapes(model, nullptr, 32);
  expect_same_paths(parameters, 0, 32, nullptr, &histories);
  const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 32, &histories);
  const auto fresh = simulate(model, engine::Stepping::in_lanes, 0, 32);
  EXPECT_FALSE(same_bits(lanes.regime, fresh.regime));  // the tapes were read
}

TEST(LockstepStepper, DrawnAffinitiesAndMultiCloudInputsAreThePathsOneByOne) {
  // Each lane has its own affinities' logit weights, m(t) and s₂ (they were shared by the lanes,
  // and four paths whose draws made them differ were stepped one by one): under both
  // second-cloud rules, with segment rows and with customer-group rows.
  using model::ParameterAddress;
  uncertainty::UncertainInputs affinity;
  add_input(affinity, "a",
            ParameterAddress::of_provider(1).at(&model::ProviderParameters::multi_cloud_affinity),
            0.0, 2.0);
  uncertainty::UncertainInputs adoption;
  add_input(adoption, "m0", ParameterAddress{}.at(&model::MultiCloudParameters::initial_adoption),
            0.1, 0.4);
  uncertainty::UncertainInputs share;
  add_input(share, "s2",
            ParameterAddress{}.at(&model::MultiCloudParameters::second_cloud_spend_share), 0.0,
            0.5);
  // s₂ exactly 0 on some lanes and not on others of one group of four: the kernel's general
  // formula must give the zero lanes the scalar kernel's shortcut to the bit.
  uncertainty::UncertainInputs some_zero;
  some_zero.inputs.push_back(
      {"s2 or none", uncertainty::Distribution{uncertainty::Discrete{{0.0, 0.3}, {0.5, 0.5}}},
       ParameterAddress{}.at(&model::MultiCloudParameters::second_cloud_spend_share)});
  for (const auto rule :
       {model::SecondCloudRule::excludes_primary, model::SecondCloudRule::independent}) {
    auto parameters = testing::small_market(13);
    parameters.multi_cloud.second_cloud_rule = rule;
    for (const auto* inputs : {&affinity, &adoption, &share, &some_zero}) {
      expect_same_paths(parameters, 0, 24, inputs);
    }
    auto grouped = grouped_market(19);
    grouped.multi_cloud.second_cloud_rule = rule;
    expect_same_paths(grouped, 100, 24, &affinity);
    expect_same_paths(grouped, 100, 24, &share);
  }
}

TEST(LockstepStepper, ConditionedPathsWithDrawnInputsReplayTheirTapes) {
  // The inputs' normals are on the tape too, read first.
  const auto parameters = market_for_drawn_inputs(15);
  const model::MarketModel model(parameters);
  const auto inputs = inputs_of_every_lane_term();
  const auto histories = reversed_tapes(model, &inputs, 32);
  expect_same_paths(parameters, 0, 32, &inputs, &histories);
}

// The finiteness check done while recording lanes must catch what check_finite catches path by
// path, and report it the same way: IaaS demand overflows within the run here.
std::string overflow_message(engine::Stepping stepping) {
  auto parameters = testing::small_market(40);
  parameters.segments[0].initial_demand = 1e300;
  parameters.segments[0].growth_initial = 1e6;  // annual: ×31 a quarter at first
  const model::MarketModel model(parameters);
  try {
    simulate(model, stepping, 0, 8);
  } catch (const engine::NonFiniteResult& e) {
    return e.what();
  }
  return "no error";
}

TEST(LockstepStepper, AnOverflowIsReportedAsPathByPath) {
  const std::string lanes = overflow_message(engine::Stepping::in_lanes);
  EXPECT_NE(lanes.find("path 0, quarter "), std::string::npos) << lanes;
  EXPECT_NE(lanes.find("is infinite"), std::string::npos) << lanes;
  EXPECT_EQ(lanes, overflow_message(engine::Stepping::path_by_path));
}

// The same for a value outside the books: a fixed cost so large that cumulative profit overflows
// in the second quarter while demand and revenue stay finite (no loss limit, so no exit).
TEST(LockstepStepper, AnOverflowingCumulativeProfitIsReportedAsPathByPath) {
  auto parameters = testing::small_market(40);
  parameters.providers[1].fixed_cost = 1e308;
  const model::MarketModel model(parameters);
  const auto message = [&](engine::Stepping stepping) -> std::string {
    try {
      simulate(model, stepping, 0, 8);
    } catch (const engine::NonFiniteResult& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string lanes = message(engine::Stepping::in_lanes);
  EXPECT_NE(lanes.find("path 0, quarter 1 "), std::string::npos) << lanes;
  EXPECT_NE(lanes.find("cumulative profit of " + parameters.providers[1].name), std::string::npos)
      << lanes;
  EXPECT_EQ(lanes, message(engine::Stepping::path_by_path));
}

TEST(LockstepStepper, BlocksWhereMostPathsExitAreThePathsOneByOne) {
  // Every path exits at t = 0: after four groups of lanes the block goes on path by path.
  auto parameters = testing::small_market(12);
  parameters.providers[0].fixed_cost = 1e3;
  parameters.providers[0].loss_limit = 1.0;
  expect_same_paths(parameters, 3, 41);
  parameters.providers[0].loss_limit = 200.0;  // and at different quarters, or never
  expect_same_paths(parameters, 3, 41);
}

// covers() lists what the lanes leave out, so a parameter added later would pass it unseen and
// the lanes would ignore it. The sizes of the structs the lanes read are pinned here (x86-64,
// libstdc++): when one changes, implement the new field in LockstepStepper or exclude it in
// covers(), then update the size.
TEST(LockstepStepper, ParametersItWasWrittenForAreUnchanged) {
  EXPECT_EQ(sizeof(model::MarketParameters), 224u);
  EXPECT_EQ(sizeof(model::SegmentParameters), 112u);
  EXPECT_EQ(sizeof(model::ProviderParameters), 216u);
  EXPECT_EQ(sizeof(model::ProviderSegmentParameters), 48u);
  EXPECT_EQ(sizeof(model::MultiCloudParameters), 48u);
  EXPECT_EQ(sizeof(model::AttractionNoiseParameters), 16u);
  EXPECT_EQ(sizeof(model::CustomerGroupParameters), 112u);
  EXPECT_EQ(sizeof(model::GrowthRegimeParameters), 32u);
  EXPECT_EQ(sizeof(model::RegimeChainParameters), 56u);
  EXPECT_EQ(sizeof(model::CapacityAddition), 48u);
}

// How many of `paths` paths from `first` the caps changed: paths whose books differ from those of
// the same market without caps.
std::size_t paths_the_caps_changed(const model::MarketParameters& capped, std::uint64_t first,
                                   std::size_t paths) {
  auto uncapped = capped;
  for (auto& provider : uncapped.providers) {
    provider.capacity = std::numeric_limits<double>::infinity();
    provider.capacity_additions.clear();
    provider.capacity_fixed_cost = 0.0;
  }
  const auto with =
      simulate(model::MarketModel(capped), engine::Stepping::path_by_path, first, paths);
  const auto without =
      simulate(model::MarketModel(uncapped), engine::Stepping::path_by_path, first, paths);
  const std::size_t per_path = with.revenue.size() / paths;
  std::size_t changed = 0;
  for (std::size_t path = 0; path < paths; ++path) {
    changed += std::memcmp(with.revenue.data() + path * per_path,
                           without.revenue.data() + path * per_path, per_path * sizeof(double)) != 0
                   ? 1u
                   : 0u;
  }
  return changed;
}

TEST(LockstepStepper, CapacityIsThePathsOneByOne) {
  // Caps that bind on some paths and not on others (so that a group of four lanes mixes both),
  // with growth, a planned site coming online (an event) and its fixed cost; then caps so tight
  // that demand goes unserved; under both second-cloud rules, with and without customer groups.
  for (const bool grouped : {false, true}) {
    for (const auto rule :
         {model::SecondCloudRule::excludes_primary, model::SecondCloudRule::independent}) {
      auto parameters = capped_market(21, grouped);
      parameters.multi_cloud.second_cloud_rule = rule;
      const std::size_t changed = paths_the_caps_changed(parameters, 0, 64);
      EXPECT_GT(changed, 8u) << "grouped " << grouped;
      EXPECT_LT(changed, 56u) << "grouped " << grouped;
      for (const std::size_t paths : {4u, 7u, 64u}) {
        expect_same_paths(parameters, 0, paths);
      }
      auto tight = parameters;
      tight.providers[0].capacity = 40.0;
      tight.providers[1].capacity = 15.0;
      tight.providers[2].capacity = 5.0;
      const model::MarketModel model(tight);
      const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 16);
      EXPECT_GT(*std::max_element(lanes.unserved_demand.begin(), lanes.unserved_demand.end()), 1.0)
          << "grouped " << grouped;
      expect_same_paths(tight, 0, 16);
    }
  }
}

TEST(LockstepStepper, DrawnCapacityIsThePathsOneByOne) {
  using model::ParameterAddress;
  using model::ProviderParameters;
  for (const bool grouped : {false, true}) {
    const auto parameters = capped_market(21, grouped);
    uncertainty::UncertainInputs inputs;
    add_input(inputs, "cap", ParameterAddress::of_provider(0).at(&ProviderParameters::capacity),
              70.0, 110.0);
    add_input(inputs, "h",
              ParameterAddress::of_provider(0).at(&ProviderParameters::capacity_growth), 0.0, 0.4);
    add_input(inputs, "ccap",
              ParameterAddress::of_provider(0).at(&ProviderParameters::capacity_fixed_cost), 0.0,
              0.2);
    // The site's quarter (so its event's quarter) and size differ from lane to lane.
    add_input(inputs, "site",
              ParameterAddress::of_capacity_addition(0, 0).at(&model::CapacityAddition::quarter),
              2.0, 16.0);
    add_input(inputs, "size",
              ParameterAddress::of_capacity_addition(0, 0).at(&model::CapacityAddition::amount),
              0.0, 40.0);
    for (const std::size_t paths : {5u, 32u}) {
      expect_same_paths(parameters, 70, paths, &inputs);
    }
  }
}

// small_market (or grouped_market) where A prices on cost along an experience curve and C prices
// below its unit cost with a floor (so its price rises to its cost on the first quarter and its
// utilities move with it), both with margins that follow their costs; C loses money and exits on
// some paths.
model::MarketParameters priced_market(int quarters, bool grouped = false) {
  auto p = grouped ? grouped_market(quarters) : testing::small_market(quarters);
  p.providers[0].has_unit_cost = true;
  p.providers[0].unit_cost = 0.7;
  p.providers[0].scale_elasticity = 0.3;
  p.providers[2].has_unit_cost = true;
  p.providers[2].unit_cost = 1.3;
  p.providers[2].scale_elasticity = 0.1;
  p.providers[2].prices_at_or_above_cost = true;
  p.providers[2].fixed_cost = 0.5;
  p.providers[2].loss_limit = 3.0;
  return p;
}

TEST(LockstepStepper, PricingOnCostIsThePathsOneByOne) {
  for (const bool grouped : {false, true}) {
    auto parameters = priced_market(21, grouped);
    const model::MarketModel model(parameters);
    const auto lanes = simulate(model, engine::Stepping::in_lanes, 0, 64);
    std::size_t exited = 0;
    for (std::size_t path = 0; path < 64; ++path) {
      const auto* events = lanes.event_quarter.data() + path * lanes.shape.events;
      exited += *std::max_element(events, events + lanes.shape.events) >= 0 ? 1u : 0u;
    }
    EXPECT_GT(exited, 0u) << "grouped " << grouped;
    EXPECT_LT(exited, 60u) << "grouped " << grouped;
    for (const std::size_t paths : {4u, 7u, 64u}) {
      expect_same_paths(parameters, 0, paths);
    }
    parameters.multi_cloud.second_cloud_rule = model::SecondCloudRule::independent;
    expect_same_paths(parameters, 0, 16);
    // With caps too, and each lane's costs and prices drawn.
    auto capped = capped_market(21, grouped);
    capped.providers[0].has_unit_cost = true;
    capped.providers[0].unit_cost = 0.7;
    capped.providers[0].scale_elasticity = 0.3;
    using model::ParameterAddress;
    using model::ProviderParameters;
    uncertainty::UncertainInputs inputs;
    add_input(inputs, "c", ParameterAddress::of_provider(0).at(&ProviderParameters::unit_cost), 0.5,
              1.2);
    add_input(inputs, "b",
              ParameterAddress::of_provider(0).at(&ProviderParameters::scale_elasticity), 0.0, 0.4);
    add_input(inputs, "P", ParameterAddress::of_provider(0).at(&ProviderParameters::price_index),
              0.6, 1.3);
    add_input(inputs, "bp",
              ParameterAddress::of_segment(0).at(&model::SegmentParameters::price_sensitivity), 1.0,
              3.0);
    capped.providers[0].prices_at_or_above_cost = true;
    expect_same_paths(capped, 30, 32, &inputs);
  }
}

}  // namespace
}  // namespace cloudsim
