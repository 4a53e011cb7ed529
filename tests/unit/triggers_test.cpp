// Triggered phases and the price-response kind (docs/model.md, "Triggered phases"): the state of
// quarter t decides, the phase begins at t + 1 + delay and not before its start; conditions are
// watched only while their phase is next in line. Exact: the stepper is run with zero shocks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/quarter_stepper.hpp"
#include "outcome/parse.hpp"
#include "outcome/resolve.hpp"
#include "scenario/input_error.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario_issues.hpp"
#include "test_market.hpp"

namespace cloudsim {
namespace {

model::PhaseTrigger trigger(const std::string& text, const model::MarketParameters& p,
                            double delay = 0.0) {
  model::PhaseTrigger t;
  t.when = outcome::parse_condition(text);
  outcome::Names names;
  for (const auto& s : p.segments)
    names.segments.push_back(s.name);
  for (const auto& i : p.providers)
    names.providers.push_back(i.name);
  outcome::resolve(t.when, names);
  t.threshold = t.when.threshold;
  t.delay_quarters = delay;
  return t;
}

model::PhaseParameters phase(std::string name, model::StrategyParameters kind, double start = 0.0,
                             std::optional<model::PhaseTrigger> when = std::nullopt) {
  return {std::move(name), start, 0.0, std::move(kind), std::move(when)};
}

// One path with every shock zero; `observe(t, state)` sees the state of quarter t.
template <class Observe>
model::PathState run_quietly(const model::MarketModel& model, Observe&& observe) {
  model::QuarterStepper stepper(model);
  model::PathState state;
  const std::size_t cells = model.segment_count() * model.provider_count();
  const std::vector<double> noise(cells, 0.0), demand(model.segment_count(), 0.0);
  const std::vector<double> draws(model.provider_count(), 0.5);
  stepper.initialise(noise, state);
  observe(0, state);
  for (int t = 0; t < model.steps(); ++t) {
    stepper.advance(t, demand, noise, draws, state);
    observe(t + 1, state);
  }
  return state;
}

double iaas_share(const model::PathState& state, std::size_t provider) {
  double total = 0.0;
  for (std::size_t i = 0; i < 3; ++i)
    total += state.revenue[i];
  return state.revenue[provider] / total;
}

model::LandGrab price_cut(double change) {
  model::LandGrab cut;
  cut.price_change = change;
  return cut;
}

// The threshold is B's IaaS share at quarter 6 of the untriggered path: the first quarter whose
// share reaches it is t*, the trigger's event is t*, and A's price cut begins at t* + 1 + delay.
TEST(TriggeredPhase, StateOfQuarterTDecidesThePhaseFromTPlusOnePlusDelay) {
  const auto base = testing::small_market(20);
  std::vector<double> share;
  run_quietly(model::MarketModel(base),
              [&](int, const model::PathState& s) { share.push_back(iaas_share(s, 1)); });
  for (const int delay : {0, 2}) {
    auto p = base;
    auto when = trigger("share(IaaS, B) >= 0.5", p, delay);
    when.threshold = share[6];
    p.providers[0].phases = {phase("respond", price_cut(-0.2), 0.0, when)};
    const int decided = static_cast<int>(
        std::find_if(share.begin(), share.end(), [&](double s) { return s >= share[6]; }) -
        share.begin());
    ASSERT_LE(decided, 6);
    const model::MarketModel model(p);
    std::vector<double> price;
    const auto last = run_quietly(model, [&](int, const model::PathState& s) {
      price.push_back(s.providers[0].attributes.price_index);
    });
    const auto& events = model.events();
    EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(events.triggered[0][0])], decided);
    const int begins = decided + 1 + delay;
    EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(events.phase_start[0][0])], begins);
    // Attributes after quarter t's strategies are in the state of t + 1.
    for (int t = 0; t < static_cast<int>(price.size()); ++t) {
      EXPECT_EQ(price[static_cast<std::size_t>(t)], t <= begins ? 1.0 : 0.8)
          << "delay " << delay << ", t " << t;
    }
  }
}

TEST(TriggeredPhase, GrowthLooksBackAndHoldsNothingBeforeItsWindow) {
  auto p = testing::small_market(12);
  // Growth over 4 quarters is defined from t = 4; any growth > -1 then holds at once.
  p.providers[0].phases = {
      phase("respond", price_cut(-0.1), 0.0, trigger("growth(IaaS, B, 4) > -1", p))};
  const model::MarketModel model(p);
  ASSERT_TRUE(model.keeps_revenue_history());
  const auto last = run_quietly(model, [](int, const model::PathState&) {});
  EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(model.events().triggered[0][0])], 4);
  EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(model.events().phase_start[0][0])], 5);
}

TEST(TriggeredPhase, WatchedOnlyOnceThePhaseBeforeHasBegunAndNeverBeforeItsStart) {
  auto p = testing::small_market(16);
  const auto always = trigger("price(B) > 0", p);
  p.providers[0].phases = {phase("first", model::ProfitFocus{}, 6.0),
                           phase("second", price_cut(-0.1), 0.0, always)};
  p.providers[1].phases = {phase("late", price_cut(-0.1), 9.0, always)};
  const model::MarketModel model(p);
  const auto last = run_quietly(model, [](int, const model::PathState&) {});
  const auto& e = model.events();
  const auto at = [&](int event) { return last.event_quarters[static_cast<std::size_t>(event)]; };
  EXPECT_EQ(at(e.phase_start[0][0]), 6);
  EXPECT_EQ(at(e.triggered[0][1]), 6) << "watched from the quarter the first phase begins";
  EXPECT_EQ(at(e.phase_start[0][1]), 7);
  EXPECT_EQ(at(e.triggered[1][0]), 0) << "the first phase is watched from the start";
  EXPECT_EQ(at(e.phase_start[1][0]), 9) << "start is a lower bound";
}

// B cuts its price in quarter 0. A (before B in the list) and C (after it) both watch B's price:
// both see the cut when quarter 1 begins, whatever order the strategies run in.
TEST(TriggeredPhase, ARivalsPriceIsReadAsItStoodWhenTheQuarterBegan) {
  auto p = testing::small_market(10);
  const auto cheap_b = trigger("price(B) < 0.85", p);
  p.providers[0].phases = {phase("a", price_cut(-0.1), 0.0, cheap_b)};
  p.providers[1].phases = {phase("cut", price_cut(-0.2))};
  p.providers[2].phases = {phase("c", price_cut(-0.1), 0.0, cheap_b)};
  const model::MarketModel model(p);
  const auto last = run_quietly(model, [](int, const model::PathState&) {});
  const auto& e = model.events();
  EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(e.triggered[0][0])], 1);
  EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(e.triggered[2][0])], 1);
}

TEST(TriggeredPhase, ANeverHoldingConditionNeverStartsThePhase) {
  auto p = testing::small_market(12);
  p.providers[0].phases = {
      phase("respond", price_cut(-0.1), 0.0, trigger("share(IaaS, C) >= 0.99", p))};
  const model::MarketModel model(p);
  const auto last = run_quietly(model, [](int, const model::PathState&) {});
  EXPECT_EQ(last.event_quarters[static_cast<std::size_t>(model.events().triggered[0][0])],
            model::kNeverHappened);
  EXPECT_EQ(last.providers[0].attributes.price_index, 1.0);
}

// A answers B's ramped price cut: it sees B's price one quarter late and matches half of it.
TEST(PriceResponse, MatchesTheRivalsCutWithLagAndDepthAndKeepsUnitCost) {
  auto p = testing::small_market(14);
  p.providers[0].gross_margin = 0.3;
  model::PriceResponse response;
  response.rival = 1;
  response.depth = 0.5;
  response.lag_quarters = 1.0;
  p.providers[0].phases = {phase("answer", response)};
  model::LandGrab cut = price_cut(-0.2);
  p.providers[1].phases = {{"cut", 0.0, 4.0, cut, std::nullopt}};
  const model::MarketModel model(p);
  std::vector<double> price, margin;
  run_quietly(model, [&](int, const model::PathState& s) {
    price.push_back(s.providers[0].attributes.price_index);
    margin.push_back(s.providers[0].attributes.margin);
  });
  // B's price when quarter t begins: 0.9 (1 − 0.2 f(t − 1)), f(t) = min((t + 1)/4, 1).
  const auto rival = [](int t) {
    return t == 0 ? 0.9 : 0.9 * (1.0 + std::clamp(t / 4.0, 0.0, 1.0) * -0.2);
  };
  for (int t = 0; t + 1 < static_cast<int>(price.size()); ++t) {
    const double seen = t >= 1 ? rival(t - 1) : rival(0);
    const double change = -0.5 * std::max(0.0, 1.0 - seen / rival(0));
    EXPECT_DOUBLE_EQ(price[static_cast<std::size_t>(t) + 1], 1.0 + change) << "t " << t;
    EXPECT_DOUBLE_EQ(margin[static_cast<std::size_t>(t) + 1], 1.0 - 0.7 / (1.0 + change))
        << "t " << t;
  }
  EXPECT_LT(price.back(), 1.0);
}

TEST(PriceResponse, TheTotalCutIsCapped) {
  auto p = testing::small_market(14);
  model::PriceResponse response;
  response.rival = 1;
  response.depth = 2.0;
  response.lag_quarters = 0.0;
  response.price_change = -0.3;
  response.max_cut = 0.25;
  p.providers[0].phases = {phase("answer", response)};
  p.providers[1].phases = {phase("cut", price_cut(-0.5))};
  const model::MarketModel model(p);
  double lowest = 1.0;
  run_quietly(model, [&](int, const model::PathState& s) {
    lowest = std::min(lowest, s.providers[0].attributes.price_index);
  });
  EXPECT_DOUBLE_EQ(lowest, 0.75);
}

// The loader: triggers, drawn thresholds and delays, and located errors.
const std::string kPhases = std::string(testing::kMinimalScenario) + R"(
[providers.Zeta.phases.answer]
kind = "price_response"
rival = "Alpha"
)";

using testing::issues_of;

std::string first_issue(const std::string& extra) {
  const auto issues = issues_of(kPhases + extra);
  return issues.empty() ? "" : issues.front().to_string();
}

TEST(TriggerReader, ReadsTheConditionAndRegistersDrawnThresholdAndDelay) {
  const auto s = scenario::load_scenario_text(
      kPhases +
          "trigger = \"share(IaaS, Alpha) >= threshold\"\n"
          "threshold = { distribution = \"uniform\", low = 0.3, high = 0.5 }\n"
          "delay_quarters = { distribution = \"uniform\", low = 1, high = 3 }\n",
      "test.toml");
  const auto& phase = s.market.providers[0].phases[0];
  ASSERT_TRUE(phase.trigger);
  EXPECT_DOUBLE_EQ(phase.trigger->threshold, 0.4);
  EXPECT_DOUBLE_EQ(phase.trigger->delay_quarters, 2.0);
  EXPECT_EQ(phase.trigger->when.quantity.provider->index, 1u);
  std::vector<std::string> drawn;
  for (const auto& input : s.uncertain.inputs)
    drawn.push_back(input.key_path);
  EXPECT_NE(std::find(drawn.begin(), drawn.end(), "providers.Zeta.phases.answer.threshold"),
            drawn.end());
  // The addresses reach the phase's trigger.
  auto market = s.market;
  for (const auto& input : s.uncertain.inputs)
    model::resolve(market, input.address) = -7.0;
  EXPECT_EQ(market.providers[0].phases[0].trigger->threshold, -7.0);
  EXPECT_EQ(market.providers[0].phases[0].trigger->delay_quarters, -7.0);
  EXPECT_EQ(std::get<model::PriceResponse>(phase.strategy).rival, 1);
}

TEST(TriggerReader, BadTriggersAreLocatedAndExplained) {
  const std::string typo = first_issue("trigger = \"share(IaaS, Alpah) >= 0.1\"\n");
  EXPECT_NE(typo.find("test.toml:29:24:"), std::string::npos) << typo;
  EXPECT_NE(typo.find("Alpha"), std::string::npos) << typo;
  EXPECT_NE(first_issue("trigger = \"share(IaaS, Alpha) >= threshold\"\n").find("give threshold"),
            std::string::npos);
  EXPECT_NE(first_issue("trigger = \"share(IaaS, Alpha) >= 0.1\"\nthreshold = 0.2\n")
                .find("already holds its threshold"),
            std::string::npos);
  EXPECT_NE(first_issue("delay_quarters = 2\n").find("belongs to a trigger"), std::string::npos);
  EXPECT_NE(first_issue("trigger = \"share(IaaS, Alpha, 2021Q4) >= 0.1\"\n").find("trigger"),
            std::string::npos);
  EXPECT_NE(first_issue("trigger = \"share(IaaS, Alpha) >= 0.1\"\ndelay_quarters = -1\n")
                .find("delay_quarters"),
            std::string::npos);
}

// Phases are read after every provider, but the drawn inputs keep the file's order: each
// provider's own keys, then its phases' (the order of the recorded `parameters` columns).
TEST(TriggerReader, DrawnInputsKeepTheFilesOrder) {
  const std::string uniform = "{ distribution = \"uniform\", low = 0.1, high = 0.2 }";
  std::string text = testing::kMinimalScenario;
  text +=
      "[providers.Zeta.phases.answer]\nkind = \"price_response\"\nrival = \"Alpha\"\n"
      "depth = " +
      uniform + "\n";
  text +=
      "[providers.Alpha.phases.answer]\nkind = \"price_response\"\nrival = \"Zeta\"\n"
      "depth = " +
      uniform + "\n";
  text += "[providers.Alpha]\nmulti_cloud_affinity = " + uniform + "\n";
  text += "[providers.Zeta]\nmulti_cloud_affinity = " + uniform + "\n";
  const auto s = scenario::load_scenario_text(text, "test.toml");
  std::vector<std::string> order;
  for (const auto& input : s.uncertain.inputs)
    order.push_back(input.key_path);
  const std::vector<std::string> expected = {
      "providers.Zeta.multi_cloud_affinity", "providers.Zeta.phases.answer.depth",
      "providers.Alpha.multi_cloud_affinity", "providers.Alpha.phases.answer.depth"};
  EXPECT_EQ(order, expected);
}

TEST(PriceResponseReader, TheRivalIsAnotherProviderOfTheScenario) {
  const auto unknown = issues_of(std::string(testing::kMinimalScenario) +
                                 "[providers.Zeta.phases.answer]\nkind = \"price_response\"\n"
                                 "rival = \"Alpah\"\n");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].to_string().find("did you mean 'Alpha'"), std::string::npos)
      << unknown[0].to_string();
  const auto self = issues_of(std::string(testing::kMinimalScenario) +
                              "[providers.Zeta.phases.answer]\nkind = \"price_response\"\n"
                              "rival = \"Zeta\"\n");
  ASSERT_EQ(self.size(), 1u);
  EXPECT_NE(self[0].to_string().find("another provider"), std::string::npos);
}

}  // namespace
}  // namespace cloudsim
