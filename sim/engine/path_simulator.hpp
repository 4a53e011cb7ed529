#pragma once
// Runs whole paths through the model and records them into a PathBlock. One per thread at a time:
// it owns the model's scratch memory and the random-number buffers.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/conditioned_histories.hpp"
#include "engine/path_block.hpp"
#include "engine/path_draws.hpp"
#include "engine/stepping.hpp"
#include "model/lockstep_stepper.hpp"
#include "model/market_model.hpp"
#include "model/path_state.hpp"
#include "model/quarter_stepper.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::engine {

class PathSimulator {
 public:
  // `uncertain` may be null (every input fixed). The simulator keeps its own copy of the model,
  // into which each path's drawn inputs are written. With `histories`, path n replays the
  // conditioned history n before its own fresh draws.
  PathSimulator(const model::MarketModel& model, const uncertainty::UncertainInputs* uncertain,
                std::uint64_t seed, const ConditionedHistories* histories = nullptr,
                Stepping stepping = Stepping::in_lanes);
  // The steppers keep references to model_: a copy would point into the original.
  PathSimulator(const PathSimulator&) = delete;
  PathSimulator& operator=(const PathSimulator&) = delete;

  [[nodiscard]] BlockShape block_shape() const;

  // Simulates paths block.first_path … block.first_path + block.path_count − 1 into `block`.
  void simulate_block(PathBlock& block);

  // Simulates the first `steps` quarter steps of one path from `draws` into row `row` of `block`
  // (later quarters are left as they were): what the conditioning engine needs of a history.
  // Returns a word whose bit 63 is set when a value it recorded (a result or a drawn input) is an
  // infinity or NaN (infinite_or_nan_bit, engine/finite_check.hpp).
  std::uint64_t simulate(PathDraws& draws, PathBlock& block, std::size_t row, int steps);
  // The same for four paths at once in lanes, rows row … row + 3, lane k from draws[k] (each
  // lane asks its draws in simulate()'s order, so a tape is read or recorded as simulate() would).
  // Returns the lanes the lanes could not finish (a provider exits), as bits: their rows are
  // not simulate()'s, and the caller simulates those paths alone. Needs Stepping::in_lanes.
  unsigned simulate_four(PathDraws (&draws)[model::LockstepStepper::kPaths], PathBlock& block,
                         std::size_t row, int steps);

 private:
  // Draws the path's uncertain inputs into row `row` of the block and sets them on `model`.
  // Returns the OR of infinite_or_nan_bit over them.
  std::uint64_t draw_inputs(PathDraws& draws, PathBlock& block, std::size_t row,
                            model::MarketModel& model);
  void simulate_path(PathBlock& block, std::size_t row);
  // Rows row … row + 3 of `block` by the lockstep stepper; a path it cannot finish (a provider
  // exits) is simulated again by simulate_path. Returns how many were.
  std::size_t simulate_lockstep(PathBlock& block, std::size_t row);
  // Makes the stepper in lanes where the stepping allows it; whether there is one.
  bool make_lanes();
  // Steps four lanes from `draws` for `steps` quarters into rows row … row + 3, ORing each lane's
  // infinite_or_nan_bit into not_finite; returns the lanes that left. With `first_path`, the lanes
  // are that path and the next three, drawing from their own streams where not replayed, and a
  // quarter's larger requests are drawn for the four at once.
  unsigned step_lanes(PathDraws (&draws)[model::LockstepStepper::kPaths], PathBlock& block,
                      std::size_t row, int steps, std::optional<std::uint64_t> first_path,
                      std::uint64_t (&not_finite)[model::LockstepStepper::kPaths]);

  model::MarketModel model_;
  const uncertainty::UncertainInputs* uncertain_;
  std::uint64_t seed_;
  const ConditionedHistories* histories_;
  std::vector<std::uint64_t> input_streams_;              // stream index of each uncertain input
  std::vector<model::ParameterAddress> input_addresses_;  // where each input's draws go
  std::vector<double> input_normals_;
  std::vector<double> input_scratch_;
  std::vector<std::uint64_t> review_streams_;  // per provider: stream index, or 0 when unused
  std::vector<double> review_draws_;
  model::QuarterStepper stepper_;
  model::PathState state_;
  std::vector<double> demand_normals_;
  std::vector<double> attraction_normals_;
  std::vector<double> regime_normals_;  // one per growth regime chain; empty without regimes
  bool in_lanes_ = false;               // whether lockstep_ may be used
  std::optional<model::LockstepStepper> lockstep_;   // made on first use where it may be
  std::vector<model::MarketModel> lane_models_;      // with drawn inputs: each lane's path's
  std::vector<double> lockstep_demand_normals_;      // [lane][segment]
  std::vector<double> lockstep_attraction_normals_;  // [lane][cell]
  std::vector<double> lockstep_regime_normals_;      // [lane][chain]
  std::vector<double> lockstep_review_draws_;        // [lane][provider]
};

}  // namespace cloudsim::engine
