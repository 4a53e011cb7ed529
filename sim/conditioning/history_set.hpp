#pragma once
// The particles of the conditioning engine: N history tapes and their log-likelihoods, with what
// the engine asks of them as a set (resampling, counting copies and distinct input values,
// residuals per observation).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "conditioning/history_evaluator.hpp"
#include "engine/path_draws.hpp"
#include "uncertainty/uncertain_inputs.hpp"

namespace cloudsim::conditioning {

struct HistorySet {
  HistorySet(std::uint64_t count, std::size_t tape_length)
      : length(tape_length), tapes(count * tape_length), log_likelihood(count) {}

  std::size_t length;
  std::vector<double> tapes;  // [particle][length]
  std::vector<double> log_likelihood;

  [[nodiscard]] std::uint64_t size() const { return log_likelihood.size(); }
  double* tape(std::uint64_t k) { return tapes.data() + k * length; }
  [[nodiscard]] const double* tape(std::uint64_t k) const { return tapes.data() + k * length; }

  // Particle k becomes a copy of particle ancestors[k].
  void resample(const std::vector<std::uint64_t>& ancestors);
  // How many particles share each distinct tape (bitwise), in no particular order.
  [[nodiscard]] std::vector<std::uint64_t> copy_counts() const;
  // Per uncertain input, its distinct drawn values over the particles: the values, not the normals
  // they come from, so a discrete input counts its choices.
  [[nodiscard]] std::vector<std::uint64_t> distinct_input_values(
      const engine::TapeLayout& layout, const uncertainty::UncertainInputs& inputs) const;

  // Per observation, the smallest |standardised residual| over the particles.
  template <typename ForEachParticle>
  std::vector<double> nearest_residuals(ForEachParticle&& for_each_particle,
                                        std::size_t observations) {
    std::vector<double> residuals(size() * observations);
    for_each_particle([&](HistoryEvaluator& evaluator, std::uint64_t k) {
      thread_local std::vector<double> row;
      evaluator.residuals(tape(k), row);
      std::copy(row.begin(), row.end(),
                residuals.begin() + static_cast<std::ptrdiff_t>(k * observations));
    });
    std::vector<double> nearest(observations, std::numeric_limits<double>::infinity());
    for (std::uint64_t k = 0; k < size(); ++k)
      for (std::size_t j = 0; j < observations; ++j)
        if (const double r = residuals[k * observations + j]; !std::isnan(r))
          nearest[j] = std::min(nearest[j], std::abs(r));
    return nearest;
  }

 private:
  // resample()'s destination, kept between stages: a fresh array each stage was allocated and
  // zeroed only to be overwritten, and fresh memory is slow to touch on a VM that hands freed
  // pages back to its host (docs/performance.md, "fourteenth pass").
  std::vector<double> spare_tapes_;
  std::vector<double> spare_likelihood_;
};

}  // namespace cloudsim::conditioning
