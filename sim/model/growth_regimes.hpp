#pragma once
// Model spec section 11: growth regimes. Each chain is normal (0) or slowdown (1) and moves once a
// quarter; a segment driven by a chain in a slowdown grows Δ_s annual points slower (the drift is
// MarketModel::log_drift with the regime). The draws are standard normals, one per chain and
// quarter, turned into decisions by Φ(z) < p: normals rather than uniforms, so that a conditioning
// method can move them with Gaussian proposals.

#include <cstdint>
#include <span>

#include "model/market_parameters.hpp"

namespace cloudsim::model {

inline constexpr std::int8_t kNormalRegime = 0;
inline constexpr std::int8_t kSlowdownRegime = 1;

// Φ(z), accurate in the tails too (0.5 erfc(−z/√2) loses no digits where Φ is small).
double standard_normal_cdf(double z);

// π = p_ns / (p_ns + p_sn), the long-run share of slowdown quarters; 0 when the chain never moves.
double stationary_slowdown_probability(const RegimeChainParameters& chain);

// r(0) of every chain from one N(0,1) each (`normals[c]` for chains[c]): slowdown iff Φ(z) < π
// when the start is stationary, else as the chain's start says (its normal then goes unused).
void initial_regimes(const GrowthRegimeParameters& regimes, std::span<const double> normals,
                     std::span<std::int8_t> regime);

// r(t+1) from r(t) in place with one N(0,1) per chain: normal → slowdown iff Φ(z) < p_ns,
// slowdown → normal iff Φ(z) < p_sn.
void advance_regimes(const GrowthRegimeParameters& regimes, std::span<const double> normals,
                     std::span<std::int8_t> regime);

}  // namespace cloudsim::model
