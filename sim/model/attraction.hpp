#pragma once
// Model spec section 3: how the contested pool of a segment is split (multinomial logit with a
// single-cloud and a second-cloud choice) and the AR(1) noise on attraction. Two rules for the
// second cloud (SecondCloudRule), one function each.

#include <span>

#include "model/market_model.hpp"

namespace cloudsim::model {

// π_i for one segment with the v1 ("independent") second cloud, π²_i = v_i / Σ_j v_j with
// v_i = w_i e^{A_i}: `utility` per provider, −∞ for a provider that cannot be chosen (absent or
// exited), and its largest value `max_utility`; `affinity_weight` = e^{A_i − max_j A_j} per
// provider, `second_cloud` = φ·m(t). Writes `choice`, which sums to 1 over the providers that can
// be chosen and is 0 elsewhere (everywhere when none can).
void choice_probabilities(std::span<const double> utility, double max_utility,
                          std::span<const double> affinity_weight, double second_cloud,
                          std::span<double> choice);

// The same with the v2 ("excludes_primary") second cloud, never the customer's primary:
// π²_i = Σ_{j≠i} π¹_j v_i / Σ_{k≠j} v_k, in O(N). A primary that is the only provider with v > 0
// keeps its customers' second-cloud spend (so π² = π¹ with one provider that can be chosen).
// `scratch` holds 2 × utility.size() doubles. With second_cloud = 0 it writes exactly what
// choice_probabilities writes.
void choice_probabilities_excluding_primary(std::span<const double> utility, double max_utility,
                                            std::span<const double> affinity_weight,
                                            double second_cloud, std::span<double> scratch,
                                            std::span<double> choice);

// η(0) = σ_u ε, one N(0,1) draw per cell.
void initial_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

// η(t+1) = ρ η(t) + σ_u sqrt(1 − ρ²) ξ(t), in place, one N(0,1) draw per cell.
void advance_attraction_noise(const MarketModel& model, std::span<const double> normals,
                              std::span<double> noise);

}  // namespace cloudsim::model
