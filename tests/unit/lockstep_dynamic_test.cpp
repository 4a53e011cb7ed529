// Paths in lanes for dynamic models (model/lockstep_stepper.hpp): strategies of every kind,
// triggers that look back, ROI reviews, captive books with and without customer groups,
// migrations, caps that bind with captive books inside them, exits. Every scenario file that
// ships or that the tests keep runs in lanes and path by path, to the bit; the files are checked
// to exercise what they are here for.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "lanes_comparison.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim {
namespace {

using testing::expect_same_block;
using testing::expect_same_paths;
using testing::reversed_tapes;
using testing::same_bits;
using testing::simulate;

scenario::Scenario load(const std::string& path) {
  return scenario::load_scenario_file(std::string(CLOUDSIM_SOURCE_DIR) + "/" + path);
}

// The quarters at which event `name` happened on the block's paths (kNeverHappened included).
std::multiset<int> event_quarters(const engine::PathBlock& block, const scenario::Scenario& s,
                                  const std::string& name) {
  const model::MarketModel model(s.market);
  const auto& names = model.events().names;
  const auto at = std::find(names.begin(), names.end(), name);
  EXPECT_NE(at, names.end()) << name;
  std::multiset<int> quarters;
  const auto event = static_cast<std::size_t>(at - names.begin());
  for (std::size_t path = 0; path < block.path_count; ++path) {
    quarters.insert(block.event_quarter[path * block.shape.events + event]);
  }
  return quarters;
}

TEST(LockstepDynamic, EveryScenarioFileIsThePathsOneByOne) {
  for (const std::string file :
       {"scenarios/baseline.toml", "scenarios/all-strategies.toml",
        "scenarios/bytedance-multicloud-capture.toml", "scenarios/incumbents-price-war.toml",
        "scenarios/incumbents-profit-focus.toml", "scenarios/kuaishou-paas-first.toml",
        "scenarios/volcano-push-from-2024.toml", "tests/scenarios/every-kind.toml",
        "tests/scenarios/captive-no-groups.toml", "tests/scenarios/chip_programme.toml",
        "tests/scenarios/cost_side.toml", "tests/scenarios/six-groups.toml",
        "tests/scenarios/no-groups.toml", "tests/scenarios/extreme_ranges.toml",
        "tests/scenarios/sbc-small.toml"}) {
    SCOPED_TRACE(file);
    const auto s = load(file);
    // 37 paths from path 3: nine groups of four, and one path left for the scalar stepper.
    expect_same_paths(s.market, 3, 37, &s.uncertain);
  }
}

TEST(LockstepDynamic, CaptiveBooksWithoutGroupsCapsReviewsAndExits) {
  // What the file is for happens, differently on different paths: caps that leave demand
  // unserved, exits (those lanes are simulated again), reviews that do and do not end the push,
  // an entry at different quarters.
  const auto s = load("tests/scenarios/captive-no-groups.toml");
  const model::MarketModel model(s.market);
  const auto lanes = expect_same_block(model, 0, 128, &s.uncertain);
  EXPECT_GT(*std::max_element(lanes.unserved_demand.begin(), lanes.unserved_demand.end()), 0.0);
  const auto exits = event_quarters(lanes, s, "Entrant: exits");
  EXPECT_GT(exits.size() - exits.count(model::kNeverHappened), 0u);
  EXPECT_GT(exits.count(model::kNeverHappened), 64u);
  const auto retreats = event_quarters(lanes, s, "Entrant: push retreats");
  EXPECT_GT(retreats.size() - retreats.count(model::kNeverHappened), 0u);
  EXPECT_GT(retreats.count(model::kNeverHappened), 0u);
  const auto entries = event_quarters(lanes, s, "Entrant: enters IaaS");
  EXPECT_GT(std::set<int>(entries.begin(), entries.end()).size(), 1u);
}

TEST(LockstepDynamic, EveryKindTriggersAtDifferentQuartersOnDifferentPaths) {
  const auto s = load("tests/scenarios/every-kind.toml");
  const model::MarketModel model(s.market);
  const auto lanes = expect_same_block(model, 0, 64, &s.uncertain);
  // The growth trigger (revenue history), the share trigger (price war) and the cumulative profit
  // trigger (the profits the lanes hand their paths) hold at different quarters on different
  // paths.
  for (const std::string event :
       {"Huawei: grab triggered", "Alibaba: price_war triggered", "Huawei: settle triggered"}) {
    const auto quarters = event_quarters(lanes, s, event);
    EXPECT_GT(std::set<int>(quarters.begin(), quarters.end()).size(), 2u) << event;
  }
}

TEST(LockstepDynamic, ConditionedPathsReplayTheirReviewDrawsAsOneByOne) {
  // Each lane reads its tape in simulate()'s order, review draws included: a lane that asked for
  // them in another order would read another number.
  const auto s = load("tests/scenarios/captive-no-groups.toml");
  const model::MarketModel model(s.market);
  const auto histories = reversed_tapes(model, &s.uncertain, 32);
  const auto lanes = expect_same_block(model, 0, 32, &s.uncertain, &histories);
  const auto fresh = simulate(model, engine::Stepping::path_by_path, 0, 32, nullptr, &s.uncertain);
  EXPECT_FALSE(same_bits(lanes.demand, fresh.demand));  // the tapes were read
}

}  // namespace
}  // namespace cloudsim
