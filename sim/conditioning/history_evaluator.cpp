#include "conditioning/history_evaluator.hpp"

#include <algorithm>

#include "engine/block_row_view.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::conditioning {

HistoryEvaluator::HistoryEvaluator(const model::MarketModel& model,
                                   const uncertainty::UncertainInputs* uncertain,
                                   const HistoryLikelihood& likelihood, std::uint64_t seed,
                                   engine::Stepping stepping)
    : likelihood_(likelihood),
      seed_(seed),
      // At least one step, so the tape always holds every draw of quarter 0.
      steps_(static_cast<int>(std::max<std::size_t>(likelihood.last_quarter(), 1))),
      history_quarters_(static_cast<std::uint64_t>(steps_)),
      simulator_(model, uncertain, seed, nullptr, stepping) {
  block_.resize(0, 1, simulator_.block_shape());
  lanes_block_.resize(0, kLanes, simulator_.block_shape());
  for (const auto& key : likelihood.input_key_paths()) {
    input_streams_.push_back(uncertainty::stream_index(key));
  }
  input_normals_.resize(input_streams_.size());
}

double HistoryEvaluator::finish(engine::PathDraws& draws) {
  // The flag for infinities and NaNs is not used here, as check_finite was not before: a history
  // only gives a likelihood, and the paths a conditioned run writes are simulated (and checked)
  // again by the engine.
  (void)simulator_.simulate(draws, block_, 0, steps_);
  return score(draws, block_, 0);
}

double HistoryEvaluator::score(engine::PathDraws& draws, const engine::PathBlock& block,
                               std::size_t row) {
  // The observations' inputs are drawn like any uncertain input: at quarter 0, so on the tape.
  for (std::size_t k = 0; k < input_streams_.size(); ++k) {
    input_normals_[k] =
        draws.normal_at(0, engine::RandomPurpose::parameter_draw, input_streams_[k]);
  }
  return likelihood_.log_likelihood(engine::BlockRow(block, row), input_normals_);
}

void HistoryEvaluator::record_four(std::uint64_t first, std::vector<double>* const (&tapes)[kLanes],
                                   double (&log_likelihood)[kLanes]) {
  engine::PathDraws draws[kLanes] = {
      {seed_, first}, {seed_, first + 1}, {seed_, first + 2}, {seed_, first + 3}};
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    tapes[lane]->clear();
    draws[lane].record(tapes[lane], nullptr, history_quarters_);
  }
  const unsigned left = simulator_.simulate_four(draws, lanes_block_, 0, steps_);
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    log_likelihood[lane] = (left >> lane & 1u) != 0
                               ? record(first + lane, *tapes[lane], nullptr)  // records it again
                               : score(draws[lane], lanes_block_, lane);
  }
}

void HistoryEvaluator::replay_four(const double* const (&tapes)[kLanes],
                                   double (&log_likelihood)[kLanes]) {
  engine::PathDraws draws[kLanes] = {{seed_, 0}, {seed_, 0}, {seed_, 0}, {seed_, 0}};
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    draws[lane].replay(tapes[lane], history_quarters_);
  }
  const unsigned left = simulator_.simulate_four(draws, lanes_block_, 0, steps_);
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    log_likelihood[lane] =
        (left >> lane & 1u) != 0 ? replay(tapes[lane]) : score(draws[lane], lanes_block_, lane);
  }
}

double HistoryEvaluator::record(std::uint64_t particle, std::vector<double>& tape,
                                engine::TapeLayout* layout) {
  tape.clear();
  engine::PathDraws draws(seed_, particle);
  draws.record(&tape, layout, history_quarters_);
  return finish(draws);
}

double HistoryEvaluator::replay(const double* tape) {
  engine::PathDraws draws(seed_, 0);  // every draw read is on the tape
  draws.replay(tape, history_quarters_);
  return finish(draws);
}

void HistoryEvaluator::residuals(const double* tape, std::vector<double>& out) {
  replay(tape);
  out.resize(likelihood_.size());
  likelihood_.residuals(engine::BlockRow(block_, 0), input_normals_, out);
}

}  // namespace cloudsim::conditioning
