#include "conditioning/tempering.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cloudsim::conditioning {
namespace {

double max_finite(std::span<const double> values) {
  double best = -std::numeric_limits<double>::infinity();
  for (const double v : values)
    best = std::max(best, v);
  return best;
}

}  // namespace

double effective_sample_size(std::span<const double> log_likelihoods, double scale) {
  const double top = max_finite(log_likelihoods);
  if (!std::isfinite(top))
    return 0.0;
  double sum = 0.0;
  double squares = 0.0;
  for (const double l : log_likelihoods) {
    const double w = std::exp(scale * (l - top));  // 0 for −inf
    sum += w;
    squares += w * w;
  }
  return sum * sum / squares;
}

double next_increment(std::span<const double> log_likelihoods, double remaining, double target) {
  if (effective_sample_size(log_likelihoods, remaining) >= target)
    return remaining;
  double low = 0.0;  // ESS(low) ≥ target
  double high = remaining;
  for (int k = 0; k < 60; ++k) {
    const double middle = 0.5 * (low + high);
    if (effective_sample_size(log_likelihoods, middle) >= target) {
      low = middle;
    } else {
      high = middle;
    }
  }
  // A step of 0 would never end; the smallest step that still moves is taken instead.
  return low > 0.0 ? low : high;
}

std::vector<std::uint64_t> systematic_resample(std::span<const double> log_likelihoods,
                                               double increment, double uniform) {
  const std::size_t n = log_likelihoods.size();
  const double top = max_finite(log_likelihoods);
  std::vector<double> cumulative(n);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += std::isfinite(top) ? std::exp(increment * (log_likelihoods[i] - top)) : 1.0;
    cumulative[i] = sum;
  }
  std::vector<std::uint64_t> ancestors(n);
  std::size_t i = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double point = (static_cast<double>(k) + 1.0 - uniform) / static_cast<double>(n) * sum;
    while (i + 1 < n && cumulative[i] < point)
      ++i;
    ancestors[k] = i;
  }
  return ancestors;
}

}  // namespace cloudsim::conditioning
