#pragma once
// The weight arithmetic of the conditioning engine: effective sample sizes, the next tempering
// exponent and systematic resampling. Pure functions of their arguments.

#include <cstdint>
#include <span>
#include <vector>

namespace cloudsim::conditioning {

// (Σ w)² / Σ w² of the weights exp(scale · (ℓ − max ℓ)); 0 when every ℓ is −inf.
double effective_sample_size(std::span<const double> log_likelihoods, double scale);

// The largest increment δ ≤ remaining with ESS(δ) ≥ target (bisection on δ; ESS falls as δ grows):
// the next tempering exponent is φ + δ.
double next_increment(std::span<const double> log_likelihoods, double remaining, double target);

// Systematic resampling: N ancestors for the weights exp(δ (ℓ − max ℓ)), from one uniform u in
// (0, 1]: ancestor k is the first i with cumulative weight ≥ (k + 1 − u) / N. Ancestors come out
// sorted, so copies sit next to each other.
std::vector<std::uint64_t> systematic_resample(std::span<const double> log_likelihoods,
                                               double increment, double uniform);

}  // namespace cloudsim::conditioning
