#include "model/attraction.hpp"

#include <cmath>
#include <limits>

namespace cloudsim::model {

void choice_probabilities(const MarketModel& model, std::size_t segment,
                          std::span<const double> noise, double adoption,
                          std::span<double> choice) {
  const std::size_t providers = model.provider_count();
  // Subtract the largest utility before exponentiating: the logit is shift-invariant and this keeps
  // exp() finite for any scenario a planner can write.
  double max_utility = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < providers; ++i) {
    const std::size_t k = model.cell(segment, i);
    if (model.present(k)) {
      max_utility = std::max(max_utility, model.base_utility(k) + noise[k]);
    }
  }
  double single_total = 0.0;
  double second_total = 0.0;
  for (std::size_t i = 0; i < providers; ++i) {
    const std::size_t k = model.cell(segment, i);
    const double weight =
        model.present(k) ? std::exp(model.base_utility(k) + noise[k] - max_utility) : 0.0;
    choice[i] = weight;
    single_total += weight;
    second_total += weight * model.affinity_weight(i);
  }
  const double second_cloud = model.parameters().multi_cloud.second_cloud_spend_share * adoption;
  const double single_scale = (1.0 - second_cloud) / single_total;
  const double second_scale = second_cloud / second_total;
  for (std::size_t i = 0; i < providers; ++i) {
    choice[i] *= single_scale + second_scale * model.affinity_weight(i);
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
