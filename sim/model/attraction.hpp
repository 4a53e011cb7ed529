#pragma once
// Model spec section 3: how the contested pool of a segment is split (multinomial logit with a
// single-cloud and a second-cloud choice) and the AR(1) noise on attraction.

#include <span>

#include "model/market_model.hpp"

namespace cloudsim::model {

// π_{i,s} for every provider of `segment`, written to `choice` (one entry per provider; sums to 1).
// `noise` is η for the whole market (MarketModel::cell layout); `adoption` is m(t).
void choice_probabilities(const MarketModel& model, std::size_t segment,
                          std::span<const double> noise, double adoption, std::span<double> choice);

// η(0) = σ_u ε, one N(0,1) draw per cell.
void initial_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

// η(t+1) = ρ η(t) + σ_u sqrt(1 − ρ²) ξ(t), in place, one N(0,1) draw per cell.
void advance_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

}  // namespace cloudsim::model
