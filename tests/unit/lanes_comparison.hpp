#pragma once
// The stepper in lanes against the path-by-path one, for the tests of paths in lanes
// (lockstep_stepper_test.cpp, lockstep_dynamic_test.cpp): a block simulated each way, compared
// to the bit.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "conditioning/history_evaluator.hpp"
#include "engine/conditioned_histories.hpp"
#include "engine/path_block.hpp"
#include "engine/path_simulator.hpp"
#include "model/market_model.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::testing {

// A block of `paths` paths from `first`, its buffers first filled with a pattern no simulation
// writes, so that a value the lockstep stepper forgot to record shows as a difference.
inline engine::PathBlock simulate(const model::MarketModel& model, engine::Stepping stepping,
                                  std::uint64_t first, std::size_t paths,
                                  const engine::ConditionedHistories* histories = nullptr,
                                  const uncertainty::UncertainInputs* inputs = nullptr) {
  engine::PathSimulator simulator(model, inputs, 20261203, histories, stepping);
  engine::PathBlock block;
  block.resize(first, paths, simulator.block_shape());
  for (const auto& quantity : engine::kRecordedQuantities) {
    auto& values = block.*quantity.values;
    std::fill(values.begin(), values.end(), -1234.5);
  }
  std::fill(block.event_quarter.begin(), block.event_quarter.end(), 77);
  std::fill(block.regime.begin(), block.regime.end(), std::int8_t{55});
  std::fill(block.segment_regime.begin(), block.segment_regime.end(), std::int8_t{55});
  simulator.simulate_block(block);
  return block;
}

template <typename T, typename A>
inline bool same_bits(const std::vector<T, A>& a, const std::vector<T, A>& b) {
  // memcmp may not be given the null data() of an empty vector.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Every recorded vector of the lockstep block equals the path-by-path block's to the bit; the
// lockstep block, for checks of what happened on its paths.
inline engine::PathBlock expect_same_block(
    const model::MarketModel& model, std::uint64_t first, std::size_t paths,
    const uncertainty::UncertainInputs* inputs = nullptr,
    const engine::ConditionedHistories* histories = nullptr) {
  auto lanes = simulate(model, engine::Stepping::in_lanes, first, paths, histories, inputs);
  const auto reference =
      simulate(model, engine::Stepping::path_by_path, first, paths, histories, inputs);
  for (const auto& quantity : engine::kRecordedQuantities) {
    EXPECT_TRUE(same_bits(lanes.*quantity.values, reference.*quantity.values))
        << quantity.name << ", " << paths << " paths from " << first;
  }
  EXPECT_TRUE(same_bits(lanes.event_quarter, reference.event_quarter));
  EXPECT_TRUE(same_bits(lanes.regime, reference.regime));
  EXPECT_TRUE(same_bits(lanes.segment_regime, reference.segment_regime));
  EXPECT_TRUE(same_bits(lanes.parameters, reference.parameters));
  return lanes;
}

inline void expect_same_paths(const model::MarketParameters& parameters, std::uint64_t first,
                              std::size_t paths,
                              const uncertainty::UncertainInputs* inputs = nullptr,
                              const engine::ConditionedHistories* histories = nullptr) {
  expect_same_block(model::MarketModel(parameters), first, paths, inputs, histories);
}

// Observes nothing, up to quarter 4: what makes a HistoryEvaluator record tapes of 4 quarters.
class NothingObserved final : public conditioning::HistoryLikelihood {
 public:
  [[nodiscard]] std::size_t last_quarter() const override { return 4; }
  [[nodiscard]] std::vector<std::string> input_key_paths() const override { return {}; }
  [[nodiscard]] std::size_t size() const override { return 0; }
  [[nodiscard]] double log_likelihood(const outcome::MarketView&,
                                      std::span<const double>) const override {
    return 0.0;
  }
  void residuals(const outcome::MarketView&, std::span<const double>,
                 std::span<double>) const override {}
};

// Tapes recorded for other paths: path n of `paths` replays the draws of path paths − 1 − n up
// to quarter 4, so a lane that drew fresh instead of reading its tape would differ.
inline engine::ConditionedHistories reversed_tapes(const model::MarketModel& model,
                                                   const uncertainty::UncertainInputs* inputs,
                                                   std::uint64_t paths) {
  const NothingObserved observation;
  conditioning::HistoryEvaluator evaluator(model, inputs, observation, 20261203);
  engine::ConditionedHistories histories;
  histories.history_quarters = evaluator.history_quarters();
  std::vector<double> tape;
  for (std::uint64_t n = 0; n < paths; ++n) {
    evaluator.record(paths - 1 - n, tape, n == 0 ? &histories.layout : nullptr);
    histories.tapes.insert(histories.tapes.end(), tape.begin(), tape.end());
  }
  return histories;
}

}  // namespace cloudsim::testing
