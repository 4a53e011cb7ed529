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

struct ResidualSummary {
  std::vector<double> nearest;  // per observation: min |residual| over the particles
  std::vector<double> median;   // per observation: the median residual
};

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

  template <typename ForEachParticle>
  ResidualSummary residual_summary(ForEachParticle&& for_each_particle, std::size_t observations) {
    std::vector<double> residuals(size() * observations);
    for_each_particle([&](HistoryEvaluator& evaluator, std::uint64_t k) {
      thread_local std::vector<double> row;
      evaluator.residuals(tape(k), row);
      std::copy(row.begin(), row.end(),
                residuals.begin() + static_cast<std::ptrdiff_t>(k * observations));
    });
    ResidualSummary summary;
    std::vector<double> column(size());
    for (std::size_t j = 0; j < observations; ++j) {
      double nearest = std::numeric_limits<double>::infinity();
      for (std::uint64_t k = 0; k < size(); ++k) {
        column[k] = residuals[k * observations + j];
        if (!std::isnan(column[k]))
          nearest = std::min(nearest, std::abs(column[k]));
      }
      auto middle = column.begin() + static_cast<std::ptrdiff_t>(size() / 2);
      std::nth_element(column.begin(), middle, column.end(), [](double a, double b) {
        return std::isnan(b) ? !std::isnan(a) : a < b;  // NaN last
      });
      summary.nearest.push_back(nearest);
      summary.median.push_back(*middle);
    }
    return summary;
  }
};

}  // namespace cloudsim::conditioning
