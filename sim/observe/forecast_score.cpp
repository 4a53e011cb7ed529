#include "observe/forecast_score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cloudsim::observe {

Ensemble make_ensemble(std::span<const double> values, std::span<const double> weights,
                       std::size_t* dropped) {
  std::vector<std::size_t> order;
  std::size_t undefined = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]))
      ++undefined;
    else if (weights.empty() || weights[i] > 0.0)  // a path of weight 0 is not in the ensemble
      order.push_back(i);
  }
  if (dropped != nullptr)
    *dropped = undefined;
  // Ties keep path order, so the result does not depend on the sort's implementation.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  Ensemble ensemble;
  double total = 0.0;
  for (const std::size_t i : order) {
    ensemble.values.push_back(values[i]);
    ensemble.weights.push_back(weights.empty() ? 1.0 : weights[i]);
    total += ensemble.weights.back();
  }
  for (double& w : ensemble.weights)
    w /= total;
  return ensemble;
}

double weighted_quantile(const Ensemble& ensemble, double p) {
  const auto& x = ensemble.values;
  const auto& w = ensemble.weights;
  if (x.empty())
    return std::numeric_limits<double>::quiet_NaN();
  double before = 0.0;  // weight below the current value
  double previous_mid = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double mid = before + 0.5 * w[k];
    if (p <= mid) {
      if (k == 0 || mid == previous_mid)
        return x[k];
      const double fraction = (p - previous_mid) / (mid - previous_mid);
      return x[k - 1] + fraction * (x[k] - x[k - 1]);
    }
    previous_mid = mid;
    before += w[k];
  }
  return x.back();
}

double pit(const Ensemble& ensemble, double y) {
  double below = 0.0;
  double equal = 0.0;
  for (std::size_t k = 0; k < ensemble.values.size(); ++k) {
    if (ensemble.values[k] < y)
      below += ensemble.weights[k];
    else if (ensemble.values[k] == y)
      equal += ensemble.weights[k];
  }
  return below + 0.5 * equal;
}

double crps(const Ensemble& ensemble, double y) {
  const auto& x = ensemble.values;
  const auto& w = ensemble.weights;
  if (x.empty())
    return std::numeric_limits<double>::quiet_NaN();
  double distance = 0.0;
  // ½ Σ_i Σ_j w_i w_j |x_i − x_j| = Σ_{i<j} w_i w_j (x_j − x_i) for sorted x
  //                                = Σ_j w_j (x_j W_j − S_j), W_j = Σ_{i<j} w_i, S_j = Σ_{i<j} w_i
  //                                x_i.
  double spread = 0.0;
  double weight_below = 0.0;
  double mass_below = 0.0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    distance += w[j] * std::abs(x[j] - y);
    spread += w[j] * (x[j] * weight_below - mass_below);
    weight_below += w[j];
    mass_below += w[j] * x[j];
  }
  return distance - spread;
}

double effective_sample_size(const Ensemble& ensemble) {
  double squares = 0.0;
  for (const double w : ensemble.weights)
    squares += w * w;
  return squares > 0.0 ? 1.0 / squares : 0.0;
}

ForecastScore score_forecast(std::span<const double> values, std::span<const double> weights,
                             double actual) {
  ForecastScore score;
  const Ensemble ensemble = make_ensemble(values, weights, &score.dropped);
  score.paths = ensemble.values.size();
  score.effective_sample_size = effective_sample_size(ensemble);
  score.median = weighted_quantile(ensemble, 0.5);
  score.low50 = weighted_quantile(ensemble, 0.25);
  score.high50 = weighted_quantile(ensemble, 0.75);
  score.low90 = weighted_quantile(ensemble, 0.05);
  score.high90 = weighted_quantile(ensemble, 0.95);
  score.in50 = score.low50 <= actual && actual <= score.high50;
  score.in90 = score.low90 <= actual && actual <= score.high90;
  score.pit = score.paths ? pit(ensemble, actual) : std::numeric_limits<double>::quiet_NaN();
  score.crps = crps(ensemble, actual);
  return score;
}

}  // namespace cloudsim::observe
