#include "model/attraction.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "numeric/exp_lanes.hpp"

namespace cloudsim::model {
namespace {

// The first min(4, out.size()) lanes, whole when there are four: a load of a vector stored whole
// is forwarded from the store buffer, one stored lane by lane would wait for the stores to retire.
[[gnu::always_inline]] inline void store_lanes(numeric::Doubles lanes, std::span<double> out) {
  if (out.size() >= numeric::kLanes) {
    std::memcpy(out.data(), &lanes, sizeof lanes);
  } else {
    for (std::size_t j = 0; j < out.size(); ++j)
      out[j] = lanes[j];
  }
}

[[gnu::always_inline]] inline numeric::Doubles load_lanes(std::span<const double> in,
                                                          double padding) {
  numeric::Doubles lanes = numeric::splat(padding);
  if (in.size() >= numeric::kLanes) {
    std::memcpy(&lanes, in.data(), sizeof lanes);
  } else {
    for (std::size_t j = 0; j < in.size(); ++j)
      lanes[j] = in[j];
  }
  return lanes;
}

}  // namespace

// Compiled for AVX2 and for the x86-64 baseline and chosen at run time; the same IEEE operations
// lane by lane either way, so the same probabilities.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
void choice_probabilities(std::span<const double> utility_of, double max_utility,
                          std::span<const double> affinity_weight, double second_cloud,
                          std::span<double> choice) {
  using numeric::Doubles;
  using numeric::kLanes;
  const std::size_t providers = utility_of.size();
  if (max_utility == -std::numeric_limits<double>::infinity()) {
    std::fill(choice.begin(), choice.end(), 0.0);  // nobody can win this segment's pool
    return;
  }
  // Weights e^{u − max} four providers at a time (ineligible lanes −∞ → 0), kept in `choice`
  // until the totals are known.
  Doubles single_lanes = numeric::splat(0.0);
  Doubles second_lanes = numeric::splat(0.0);
  for (std::size_t first = 0; first < providers; first += kLanes) {
    // Subtracting the largest utility keeps e^u finite (the logit is shift-invariant).
    const Doubles shifted =
        load_lanes(utility_of.subspan(first), -std::numeric_limits<double>::infinity()) -
        max_utility;
    const Doubles affinity = load_lanes(affinity_weight.subspan(first), 0.0);
    const Doubles weight = numeric::exp_nonpositive(shifted);
    single_lanes += weight;
    second_lanes += weight * affinity;
    store_lanes(weight, choice.subspan(first));
  }
  // Lane sums in a fixed order, so the totals do not depend on the vector width.
  const double single_total =
      (single_lanes[0] + single_lanes[1]) + (single_lanes[2] + single_lanes[3]);
  const double second_total =
      (second_lanes[0] + second_lanes[1]) + (second_lanes[2] + second_lanes[3]);
  const double single_scale = (1.0 - second_cloud) / single_total;
  const double second_scale = second_cloud / second_total;
  for (std::size_t first = 0; first < providers; first += kLanes) {
    const Doubles affinity = load_lanes(affinity_weight.subspan(first), 0.0);
    const Doubles weight = load_lanes(choice.subspan(first), 0.0);
    store_lanes(weight * (single_scale + second_scale * affinity), choice.subspan(first));
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
