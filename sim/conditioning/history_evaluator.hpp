#pragma once
// Simulates one particle's history (its first quarters, up to the last observed one) from a tape
// of draws and scores it against the observations. One per thread: it owns the simulator's
// scratch memory.

#include <cstdint>
#include <vector>

#include "conditioning/history_likelihood.hpp"
#include "engine/path_block.hpp"
#include "engine/path_draws.hpp"
#include "engine/path_simulator.hpp"

namespace cloudsim::conditioning {

class HistoryEvaluator {
 public:
  // With Stepping::path_by_path, record_four and replay_four may not be called.
  HistoryEvaluator(const model::MarketModel& model, const uncertainty::UncertainInputs* uncertain,
                   const HistoryLikelihood& likelihood, std::uint64_t seed,
                   engine::Stepping stepping = engine::Stepping::in_lanes);

  // Draws prior history `particle` from its own stream onto `tape` (cleared first), and returns its
  // log-likelihood; `layout`, when not null, receives the tape's layout.
  double record(std::uint64_t particle, std::vector<double>& tape, engine::TapeLayout* layout);
  // The log-likelihood of the history stored on `tape`.
  double replay(const double* tape);
  // record() of particles first … first + 3 and replay() of four tapes, in vector lanes
  // (PathSimulator::simulate_four): the same tapes and log-likelihoods to the bit as four calls of
  // the one-particle versions, which a particle whose lane cannot finish (a provider exits) gets.
  static constexpr std::size_t kLanes = model::LockstepStepper::kPaths;
  void record_four(std::uint64_t first, std::vector<double>* const (&tapes)[kLanes],
                   double (&log_likelihood)[kLanes]);
  void replay_four(const double* const (&tapes)[kLanes], double (&log_likelihood)[kLanes]);
  // Standardised residuals of the history on `tape` (HistoryLikelihood::residuals).
  void residuals(const double* tape, std::vector<double>& out);

  // Quarters whose draws are on a tape: those before the last observed one, and at least the
  // first (the drawn inputs, the initial state and the first step).
  [[nodiscard]] std::uint64_t history_quarters() const { return history_quarters_; }

 private:
  double finish(engine::PathDraws& draws);
  // The log-likelihood of row `row` of `block`, after the path's draws made it: the
  // observations' own inputs are its next draws.
  double score(engine::PathDraws& draws, const engine::PathBlock& block, std::size_t row);

  const HistoryLikelihood& likelihood_;
  std::uint64_t seed_;
  int steps_;
  std::uint64_t history_quarters_;
  engine::PathSimulator simulator_;
  engine::PathBlock block_;
  engine::PathBlock lanes_block_;             // four rows, for the lanes
  std::vector<std::uint64_t> input_streams_;  // of the observations' own uncertain inputs
  std::vector<double> input_normals_;
};

}  // namespace cloudsim::conditioning
