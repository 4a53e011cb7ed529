#include "summary/final_share_summary.hpp"

#include <cmath>

namespace cloudsim::summary {

FinalShareSummary::FinalShareSummary(std::size_t segments, std::size_t providers)
    : segments_(segments),
      providers_(providers),
      mean_(segments * providers, 0.0),
      sum_of_squares_(segments * providers, 0.0) {}

void FinalShareSummary::consume(const engine::PathBlock& block) {
  const auto& shape = block.shape;
  const std::size_t cells = shape.segments * shape.providers;
  for (std::size_t row = 0; row < block.path_count; ++row) {
    const std::size_t at = row * shape.quarters + (shape.quarters - 1);
    const double* demand = block.demand.data() + at * shape.segments;
    const double* revenue = block.revenue.data() + at * cells;
    ++count_;
    const auto n = static_cast<double>(count_);
    for (std::size_t s = 0; s < segments_; ++s) {
      for (std::size_t i = 0; i < providers_; ++i) {
        const std::size_t k = s * providers_ + i;
        const double share = revenue[k] / demand[s];
        const double delta = share - mean_[k];
        mean_[k] += delta / n;
        sum_of_squares_[k] += delta * (share - mean_[k]);
      }
    }
  }
}

MeanAndError FinalShareSummary::share(std::size_t segment, std::size_t provider) const {
  const std::size_t k = segment * providers_ + provider;
  MeanAndError result;
  result.mean = mean_[k];
  if (count_ > 1) {
    const auto n = static_cast<double>(count_);
    result.standard_error = std::sqrt(sum_of_squares_[k] / (n - 1.0) / n);
  }
  return result;
}

}  // namespace cloudsim::summary
