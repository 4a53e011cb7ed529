#pragma once
// The conditioning engine's move: preconditioned Crank–Nicolson (Cotter, Roberts, Stuart and White
// 2013) on the normal draws of a history tape. Every normal on the tape is N(0,1) under the prior,
// so x' = √(1−β²) x + β ξ, ξ ~ N(0, I), leaves the prior invariant and the Metropolis acceptance
// needs only the (tempered) likelihood ratio. Uniform draws (strategy reviews) are kept.

#include <cstdint>
#include <vector>

#include "engine/path_draws.hpp"

namespace cloudsim::conditioning {

// Proposal for `particle` at the move keyed by `move_seed`. The ξ of a draw are keyed by its
// (quarter, purpose, index) like the draw itself, never by its place on the tape, so two
// scenarios propose the same moves of the draws they share.
void propose(const engine::TapeLayout& layout, const double* current, double beta,
             std::uint64_t move_seed, std::uint64_t particle, std::vector<double>& proposal,
             std::vector<double>& scratch);

// U(0,1] deciding whether the move is accepted.
double acceptance_uniform(std::uint64_t move_seed, std::uint64_t particle);

// A stream seed for (seed, stage, move): splitmix64 steps, so nearby stages are unrelated.
std::uint64_t move_seed(std::uint64_t seed, std::uint64_t stage, std::uint64_t move);

}  // namespace cloudsim::conditioning
