#pragma once
// Model spec section 3: how the contested pool of a segment is split (multinomial logit with a
// single-cloud and a second-cloud choice) and the AR(1) noise on attraction.

#include <span>

#include "model/market_model.hpp"

namespace cloudsim::model {

// u = −β_price ln P + β_cap K + β_eco E + η for one provider in one segment (ln P given, as it
// serves every segment).
inline double utility(const SegmentParameters& segment, double log_price_index, double capability,
                      double ecosystem, double noise) {
  return -segment.price_sensitivity * log_price_index +
         segment.capability_sensitivity * capability + segment.ecosystem_sensitivity * ecosystem +
         noise;
}

// π_i for one segment: `utility` and `eligible` (present and active) per provider,
// `affinity_weight` = e^{A_i − max_j A_j} per provider, `second_cloud` = φ·m(t). Writes `choice`,
// which sums to 1 over eligible providers and is 0 elsewhere.
void choice_probabilities(std::span<const double> utility, std::span<const char> eligible,
                          std::span<const double> affinity_weight, double second_cloud,
                          std::span<double> choice);

// η(0) = σ_u ε, one N(0,1) draw per cell.
void initial_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

// η(t+1) = ρ η(t) + σ_u sqrt(1 − ρ²) ξ(t), in place, one N(0,1) draw per cell.
void advance_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

}  // namespace cloudsim::model
