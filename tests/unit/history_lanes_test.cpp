// The conditioning engine's histories four at a time in vector lanes (HistoryEvaluator's
// record_four and replay_four, PathSimulator::simulate_four): the same tapes and log-likelihoods
// to the bit as one particle at a time, on the shipped scenarios and the tests' own (strategies,
// reviews, customer groups, captive books, migrations, drawn inputs, growth regimes, exits).

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "conditioning/history_evaluator.hpp"
#include "lanes_comparison.hpp"
#include "model/market_model.hpp"
#include "scenario/scenario_loader.hpp"

namespace cloudsim {
namespace {

using testing::same_bits;

// Reads every demand, revenue, profit and cumulative profit of the history up to `last` and the
// observations' one input, and mixes their bits into the log-likelihood: a history that differs
// in any bit of any of them scores differently (a sum of values could lose a difference smaller
// than its own rounding).
class EveryBitObserved final : public conditioning::HistoryLikelihood {
 public:
  EveryBitObserved(std::size_t last, std::size_t providers) : last_(last), providers_(providers) {}
  [[nodiscard]] std::size_t last_quarter() const override { return last_; }
  [[nodiscard]] std::vector<std::string> input_key_paths() const override {
    return {"observations.scope_factor"};
  }
  [[nodiscard]] std::size_t size() const override { return 1; }
  [[nodiscard]] double log_likelihood(const outcome::MarketView& history,
                                      std::span<const double> inputs) const override {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    const auto mix = [&](double value) {
      hash = (hash ^ std::bit_cast<std::uint64_t>(value)) * 0x100000001b3ULL;
      hash ^= hash >> 29;
    };
    for (std::size_t t = 0; t <= last_; ++t) {
      for (std::size_t s = 0; s < history.segments(); ++s) {
        mix(history.demand(s, t));
        for (std::size_t i = 0; i < providers_; ++i)
          mix(history.revenue(s, i, t));
      }
      for (std::size_t i = 0; i < providers_; ++i) {
        mix(history.profit(i, t));
        mix(history.cumulative_profit(i, t));
      }
    }
    mix(inputs[0]);
    return -static_cast<double>(hash >> 11) * 0x1p-53;
  }
  void residuals(const outcome::MarketView&, std::span<const double>,
                 std::span<double> out) const override {
    out[0] = 0.0;
  }

 private:
  std::size_t last_;
  std::size_t providers_;
};

scenario::Scenario load(const std::string& path) {
  return scenario::load_scenario_file(std::string(CLOUDSIM_SOURCE_DIR) + "/" + path);
}

using Lanes = conditioning::HistoryEvaluator;
constexpr std::size_t kLanes = Lanes::kLanes;

TEST(HistoryLanes, RecordingAndReplayingFourAtOnceIsOneAtATime) {
  for (const std::string file :
       {"scenarios/baseline.toml", "scenarios/all-strategies.toml",
        "scenarios/kuaishou-paas-first.toml", "tests/scenarios/every-kind.toml",
        "tests/scenarios/captive-no-groups.toml", "tests/scenarios/six-groups.toml",
        "tests/scenarios/chip_programme.toml", "tests/scenarios/sbc-small.toml"}) {
    SCOPED_TRACE(file);
    const auto s = load(file);
    const model::MarketModel model(s.market);
    // Up to twenty-four quarters of history (no more than the scenario has): room for the exits,
    // triggers and phases to happen.
    const EveryBitObserved observation(
        std::min<std::size_t>(24, static_cast<std::size_t>(model.steps())), model.provider_count());
    conditioning::HistoryEvaluator lanes(model, &s.uncertain, observation, 20261205);
    conditioning::HistoryEvaluator reference(model, &s.uncertain, observation, 20261205);
    constexpr std::uint64_t kParticles = 40;
    std::vector<std::vector<double>> tapes(kParticles);
    std::vector<double> values(kParticles);
    for (std::uint64_t first = 0; first < kParticles; first += kLanes) {
      std::vector<double>* const into[kLanes] = {&tapes[first], &tapes[first + 1],
                                                 &tapes[first + 2], &tapes[first + 3]};
      double four[kLanes];
      lanes.record_four(first, into, four);
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        std::vector<double> tape;
        const double one = reference.record(first + lane, tape, nullptr);
        EXPECT_TRUE(same_bits(tapes[first + lane], tape)) << "particle " << first + lane;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(four[lane]), std::bit_cast<std::uint64_t>(one))
            << "particle " << first + lane;
        values[first + lane] = one;
      }
    }
    // Each lane replays another particle's tape (lane k of group g: particle 39 − 4g − k), so a
    // lane that read its neighbour's tape, or fresh draws, would score differently.
    for (std::uint64_t first = 0; first < kParticles; first += kLanes) {
      const double* const from[kLanes] = {
          tapes[kParticles - 1 - first].data(), tapes[kParticles - 2 - first].data(),
          tapes[kParticles - 3 - first].data(), tapes[kParticles - 4 - first].data()};
      double four[kLanes];
      lanes.replay_four(from, four);
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        const std::uint64_t particle = kParticles - 1 - first - lane;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(four[lane]),
                  std::bit_cast<std::uint64_t>(values[particle]))
            << "replaying particle " << particle;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(four[lane]),
                  std::bit_cast<std::uint64_t>(reference.replay(from[lane])))
            << "replaying particle " << particle;
      }
    }
  }
}

}  // namespace
}  // namespace cloudsim
