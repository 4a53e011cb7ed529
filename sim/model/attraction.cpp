#include "model/attraction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cloudsim::model {

void choice_probabilities(std::span<const double> utility_of, std::span<const char> eligible,
                          std::span<const double> affinity_weight, double second_cloud,
                          std::span<double> choice) {
  const std::size_t providers = utility_of.size();
  // Subtract the largest utility before exponentiating: the logit is shift-invariant and this keeps
  // exp() finite for any scenario a planner can write.
  double max_utility = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < providers; ++i) {
    if (eligible[i]) {
      max_utility = std::max(max_utility, utility_of[i]);
    }
  }
  double single_total = 0.0;
  double second_total = 0.0;
  for (std::size_t i = 0; i < providers; ++i) {
    const double weight = eligible[i] ? std::exp(utility_of[i] - max_utility) : 0.0;
    choice[i] = weight;
    single_total += weight;
    second_total += weight * affinity_weight[i];
  }
  if (single_total <= 0.0) {
    std::fill(choice.begin(), choice.end(), 0.0);  // nobody can win this segment's pool
    return;
  }
  const double single_scale = (1.0 - second_cloud) / single_total;
  const double second_scale = second_cloud / second_total;
  for (std::size_t i = 0; i < providers; ++i) {
    choice[i] *= single_scale + second_scale * affinity_weight[i];
  }
}

void initial_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise) {
  const double sigma = model.parameters().attraction_noise.volatility;
  for (std::size_t k = 0; k < noise.size(); ++k) {
    noise[k] = sigma * normals[k];
  }
}

void advance_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise) {
  const auto& p = model.parameters().attraction_noise;
  const double innovation_scale = p.volatility * std::sqrt(1.0 - p.persistence * p.persistence);
  for (std::size_t k = 0; k < noise.size(); ++k) {
    noise[k] = p.persistence * noise[k] + innovation_scale * normals[k];
  }
}

}  // namespace cloudsim::model
