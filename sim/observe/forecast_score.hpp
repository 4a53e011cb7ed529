#pragma once
// Scoring a forecast ensemble against what happened (`sim score`, docs/observations.md): the
// ensemble is the model's values x_i over paths with weights w_i (Σ w = 1; equal weights for an
// unweighted result), the actual is y. Pure functions of numbers: no file, no model.
//
//   weighted_quantile  the weighted sample's quantile, interpolated between the midpoints of the
//                      sorted values' weights (Hazen's rule: with equal weights the k-th of n
//                      sorted values is the (k − ½)/n quantile; below the first midpoint the
//                      smallest value, above the last the largest)
//   pit                Σ w_i [x_i < y] + ½ Σ w_i [x_i = y]: the probability integral transform,
//                      uniform on (0, 1) over many actuals when the forecasts are calibrated
//   crps               Σ w_i |x_i − y| − ½ Σ_i Σ_j w_i w_j |x_i − x_j|, in the quantity's unit
//                      (0 for a certain, correct forecast); computed in O(n log n) by sorting

#include <cstddef>
#include <span>
#include <vector>

namespace cloudsim::observe {

// Values sorted ascending with their weights (summing to 1), as the functions below take them.
struct Ensemble {
  std::vector<double> values;
  std::vector<double> weights;
};

// Sorts values (with their weights) and normalises the weights to sum 1. Empty `weights`: equal
// weights. Non-finite values are dropped (a path on which the quantity is undefined, e.g. growth
// from zero revenue) and counted in `dropped`; paths of weight 0 are left out.
Ensemble make_ensemble(std::span<const double> values, std::span<const double> weights,
                       std::size_t* dropped = nullptr);

[[nodiscard]] double weighted_quantile(const Ensemble& ensemble, double p);
[[nodiscard]] double pit(const Ensemble& ensemble, double y);
[[nodiscard]] double crps(const Ensemble& ensemble, double y);
// Kish's effective sample size 1 / Σ w².
[[nodiscard]] double effective_sample_size(const Ensemble& ensemble);

struct ForecastScore {
  std::size_t paths = 0;    // values scored (finite, of positive weight)
  std::size_t dropped = 0;  // paths where the quantity is undefined
  double effective_sample_size = 0.0;
  double median = 0.0;
  double low50 = 0.0, high50 = 0.0;  // the central 50% band: quantiles 0.25 and 0.75
  double low90 = 0.0, high90 = 0.0;  // the central 90% band: quantiles 0.05 and 0.95
  bool in50 = false, in90 = false;   // low ≤ y ≤ high
  double pit = 0.0;
  double crps = 0.0;
};

// Everything above for one actual; an ensemble with no finite value gives paths == 0 and NaNs.
ForecastScore score_forecast(std::span<const double> values, std::span<const double> weights,
                             double actual);

}  // namespace cloudsim::observe
