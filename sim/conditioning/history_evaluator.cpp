#include "conditioning/history_evaluator.hpp"

#include <algorithm>

#include "engine/block_row_view.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::conditioning {

HistoryEvaluator::HistoryEvaluator(const model::MarketModel& model,
                                   const uncertainty::UncertainInputs* uncertain,
                                   const HistoryLikelihood& likelihood, std::uint64_t seed)
    : likelihood_(likelihood),
      seed_(seed),
      // At least one step, so the tape always holds every draw of quarter 0.
      steps_(static_cast<int>(std::max<std::size_t>(likelihood.last_quarter(), 1))),
      history_quarters_(static_cast<std::uint64_t>(steps_)),
      simulator_(model, uncertain, seed) {
  block_.resize(0, 1, simulator_.block_shape());
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
  // The observations' inputs are drawn like any uncertain input: at quarter 0, so on the tape.
  for (std::size_t k = 0; k < input_streams_.size(); ++k) {
    input_normals_[k] =
        draws.normal_at(0, engine::RandomPurpose::parameter_draw, input_streams_[k]);
  }
  return likelihood_.log_likelihood(engine::BlockRow(block_, 0), input_normals_);
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
