#pragma once
// The observations file as the conditioning engine reads it: an observe::ObservationSet behind
// conditioning::HistoryLikelihood (its uncertain errors and scales are drawn from the normals the
// engine keeps on each history's tape).

#include <cmath>
#include <vector>

#include "conditioning/history_likelihood.hpp"
#include "observe/observations.hpp"

namespace cloudsim::run {

class ObservationLikelihood final : public conditioning::HistoryLikelihood {
 public:
  explicit ObservationLikelihood(const observe::ObservationSet& observations)
      : observations_(observations) {}

  [[nodiscard]] std::size_t last_quarter() const override { return observations_.last_quarter(); }
  [[nodiscard]] std::vector<std::string> input_key_paths() const override {
    return observations_.input_key_paths();
  }
  [[nodiscard]] std::size_t size() const override { return observations_.size(); }

  [[nodiscard]] double log_likelihood(const outcome::MarketView& history,
                                      std::span<const double> input_normals) const override {
    return observations_.log_likelihood(history, drawn(input_normals));
  }

  void residuals(const outcome::MarketView& history, std::span<const double> input_normals,
                 std::span<double> out) const override {
    const auto& inputs = drawn(input_normals);
    for (std::size_t j = 0; j < observations_.size(); ++j) {
      const double error = observations_.error_of(j, inputs);
      const double model = observations_.model_value(j, history, observations_.scale_of(j, inputs));
      const double observed = observations_.value(j);
      out[j] = observations_.error_kind(j) == observe::ErrorKind::relative
                   ? (model > 0.0 ? (std::log(observed) - std::log(model)) / error
                                  : std::numeric_limits<double>::infinity())
                   : (observed - model) / error;
    }
  }

 private:
  // The drawn inputs, in a buffer of the calling thread (the engine calls from several).
  [[nodiscard]] const std::vector<double>& drawn(std::span<const double> normals) const {
    thread_local std::vector<double> values;
    values.resize(normals.size());
    if (!normals.empty())
      observations_.sample_inputs(normals, values);
    return values;
  }

  const observe::ObservationSet& observations_;
};

}  // namespace cloudsim::run
