#pragma once
// What the conditioning engine needs of a set of observations (docs/conditioning.md): how far into
// the path they read, the uncertain inputs they bring (measurement errors, scope factors), and the
// log-likelihood of one simulated history. The observation loader's ObservationSet is adapted to
// this (run/observation_likelihood.hpp); tests use small hand-made ones.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "outcome/market_view.hpp"

namespace cloudsim::conditioning {

class HistoryLikelihood {
 public:
  virtual ~HistoryLikelihood() = default;
  // The last quarter any observation reads (0 = the scenario's first quarter).
  [[nodiscard]] virtual std::size_t last_quarter() const = 0;
  // Key paths of the observations' own uncertain inputs, each drawn from one N(0,1).
  [[nodiscard]] virtual std::vector<std::string> input_key_paths() const = 0;
  [[nodiscard]] virtual std::size_t size() const = 0;  // observations
  // log p(observations | history); −inf where the history cannot have produced them. Must be
  // safe to call from several threads at once.
  [[nodiscard]] virtual double log_likelihood(const outcome::MarketView& history,
                                              std::span<const double> input_normals) const = 0;
  // Each observation's standardised residual on this history ((ln y − ln h)/s or (y − h)/s).
  virtual void residuals(const outcome::MarketView& history, std::span<const double> input_normals,
                         std::span<double> out) const = 0;
};

}  // namespace cloudsim::conditioning
