#pragma once
// Random numbers keyed by identity, never by thread (model spec section 9).
// Philox4x64-10 with key (seed, path) and counter (quarter, purpose, block, 0): any draw of any
// path can be recomputed alone, so results do not depend on threads, block sizes or which other
// paths run, and two scenarios with the same seed see the same shocks (common random numbers).

#include <cstdint>
#include <span>

namespace cloudsim::engine {

// What a draw is for. Values are part of the output format: never renumber, only append.
enum class RandomPurpose : std::uint64_t {
  demand_shock = 1,              // ε(t), one per segment
  attraction_noise = 2,          // ξ(t), one per (segment, provider)
  initial_attraction_noise = 3,  // η(0), one per (segment, provider), at quarter 0
  parameter_draw = 4,            // uncertain inputs, at quarter 0, block = hash of the key path
  strategy_review = 5,           // U(0,1) per provider and quarter, block = hash of its name
  growth_regime = 6,             // one N(0,1) per growth regime chain and quarter (r(t))
  conditioning = 7,  // the conditioning engine's own choices, on streams of their own seeds
};

inline constexpr const char* kRandomLayout =
    "Philox4x64-10 (Random123); key = (seed, path); counter = (quarter, purpose, block, 0); "
    "each counter gives 4 words w, i.e. 4 uniforms u = (floor(w / 2^12) + 1/2) 2^-52; counters "
    "2c and 2c+1 (words 0-7) give normals 8c+j = r cos t and 8c+4+j = r sin t (j = 0-3) with "
    "r = sqrt(-2 ln u) from word j and t = 2 pi u from word 4+j (Box-Muller; "
    "engine/box_muller.cpp); "
    "purposes: 1 demand_shock, 2 attraction_noise, 3 initial_attraction_noise, "
    "4 parameter_draw (quarter 0; block = 64-bit FNV-1a hash of the input's key path; the first "
    "normal, r cos t from its words 0 and 1, is used), 5 strategy_review (block = 64-bit FNV-1a "
    "hash of the provider's "
    "name; the first 64-bit word as a uniform in (0, 1]), 6 growth_regime (one normal per regime "
    "chain, macro first, then the named chains in file order; the normal z of quarter t decides "
    "r(t) with Phi(z) = erfc(-z/sqrt 2)/2: r(0) = slowdown iff Phi(z) < p_ns/(p_ns+p_sn), then "
    "normal->slowdown iff Phi(z) < p_ns, slowdown->normal iff Phi(z) < p_sn; drawn only when the "
    "scenario has growth regimes), 7 conditioning (conditioned runs: resampling, proposals and "
    "acceptance on streams keyed by seeds of (seed, stage, move); docs/conditioning.md)";

class PathRandomStream {
 public:
  PathRandomStream(std::uint64_t seed, std::uint64_t path) : seed_(seed), path_(path) {}

  // Fills `out` with independent N(0,1) draws for (quarter, purpose); out[j] is always the same
  // number for the same (seed, path, quarter, purpose, j), whatever the length of `out`.
  void normals(std::uint64_t quarter, RandomPurpose purpose, std::span<double> out) const;

  // One N(0,1) draw addressed directly by its counter block (the first of the four it yields).
  [[nodiscard]] double normal_at(std::uint64_t quarter, RandomPurpose purpose,
                                 std::uint64_t block) const;

  // One U(0,1] draw addressed by its counter block (the first 64-bit word of the output).
  [[nodiscard]] double uniform_at(std::uint64_t quarter, RandomPurpose purpose,
                                  std::uint64_t block) const;

  // The raw 4×64-bit Philox output for one counter, exposed for known-answer tests.
  static void philox(const std::uint64_t (&counter)[4], const std::uint64_t (&key)[2],
                     std::uint64_t (&out)[4]);

 private:
  std::uint64_t seed_;
  std::uint64_t path_;
};

}  // namespace cloudsim::engine
