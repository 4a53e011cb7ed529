#pragma once
// Random numbers keyed by identity, never by thread (model spec section 9).
// Philox4x32-10 with key (seed) and counter (block, quarter and purpose, path): any draw of any
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
    "Philox4x32-10 (Random123); key = (seed mod 2^32, seed div 2^32); counter = (block, "
    "quarter * 256 + purpose, path mod 2^32, path div 2^32); each counter gives 4 32-bit words "
    "w0-w3; counter c (block c) gives normals 4c to 4c+3 = r cos t, r sin t with "
    "r = sqrt(-2 ln u), u = (w0 + 1/2) 2^-32, and t = 2 pi a, a = (floor(w1 / 2^9) + 1/2) 2^-23, "
    "then the same from w2 and w3 (Box-Muller in single precision, rounded to float; "
    "engine/box_muller.cpp; |z| <= sqrt(66 ln 2) = 6.76); "
    "a 64-bit block b is folded to 32 bits as (b mod 2^32) xor (b div 2^32) (the loader rejects "
    "two inputs, or two providers, whose folded blocks collide); "
    "purposes: 1 demand_shock, 2 attraction_noise, 3 initial_attraction_noise, "
    "4 parameter_draw (quarter 0; block = 64-bit FNV-1a hash of the input's key path, folded; "
    "the counter's first normal, r cos t from w0 and w1, is used), 5 strategy_review (block = "
    "64-bit FNV-1a hash of the provider's name, folded; u = (w0 + 1/2) 2^-32 in (0, 1)), "
    "6 growth_regime (one normal per regime "
    "chain, macro first, then the named chains in file order; the normal z of quarter t decides "
    "r(t) with Phi(z) = erfc(-z/sqrt 2)/2: r(0) = slowdown iff Phi(z) < p_ns/(p_ns+p_sn), then "
    "normal->slowdown iff Phi(z) < p_ns, slowdown->normal iff Phi(z) < p_sn; drawn only when the "
    "scenario has growth regimes), 7 conditioning (conditioned runs: resampling, proposals and "
    "acceptance on streams keyed by seeds of (seed, stage, move); docs/conditioning.md)";

// The 32-bit counter word a 64-bit block becomes (the identity below 2³²).
[[nodiscard]] constexpr std::uint32_t folded_block(std::uint64_t block) {
  return static_cast<std::uint32_t>(block) ^ static_cast<std::uint32_t>(block >> 32);
}

// One path's draws. Not to be shared between threads: it keeps the small requests of eight
// quarters (below) in a cache of its own.
class PathRandomStream {
 public:
  PathRandomStream(std::uint64_t seed, std::uint64_t path) : seed_(seed), path_(path) {}

  // Fills `out` with independent N(0,1) draws for (quarter, purpose); out[j] is always the same
  // number for the same (seed, path, quarter, purpose, j), whatever the length of `out` and
  // whatever was asked before. quarter < 2²⁴ (it shares a counter word with the purpose).
  void normals(std::uint64_t quarter, RandomPurpose purpose, std::span<double> out) const;

  // One N(0,1) draw addressed directly by its counter block (the first of the four it yields:
  // normals(...)[4 · block] for block < 2³²).
  [[nodiscard]] double normal_at(std::uint64_t quarter, RandomPurpose purpose,
                                 std::uint64_t block) const;
  // out[k] = normal_at(quarter, purpose, blocks[k]): the same numbers, eight counters to a
  // Box–Muller pass instead of one (a path's drawn inputs each have their own block).
  void normals_at(std::uint64_t quarter, RandomPurpose purpose,
                  std::span<const std::uint64_t> blocks, std::span<double> out) const;

  // One U(0,1) draw, never 0 or 1, addressed by its counter block (the first word).
  [[nodiscard]] double uniform_at(std::uint64_t quarter, RandomPurpose purpose,
                                  std::uint64_t block) const;

  // The raw 4×32-bit Philox4x32-10 output for one counter, exposed for known-answer tests.
  static void philox(const std::uint32_t (&counter)[4], const std::uint32_t (&key)[2],
                     std::uint32_t (&out)[4]);

  // The counter and key of (quarter, purpose, block) for this stream, in the layout above.
  void counter_and_key(std::uint64_t quarter, RandomPurpose purpose, std::uint64_t block,
                       std::uint32_t (&counter)[4], std::uint32_t (&key)[2]) const;

 private:
  // A request of at most four normals reads one counter, too little to fill vector lanes and
  // bound by the latency of Philox and Box–Muller; so the counters of eight quarters (⌊t/8⌋ 8 …
  // ⌊t/8⌋ 8 + 7, block 0) are drawn together, in lanes, and kept: one slot per purpose parity
  // (demand shocks and growth regimes, the simulator's small requests, alternate).
  struct QuarterBatch {
    std::uint64_t first_quarter = ~std::uint64_t{0};
    RandomPurpose purpose = RandomPurpose::demand_shock;
    alignas(32) double normals[32];  // quarter first_quarter + l: normals[4 l] … [4 l + 3]
  };
  void small_normals(std::uint64_t quarter, RandomPurpose purpose, std::span<double> out) const;

  std::uint64_t seed_;
  std::uint64_t path_;
  mutable QuarterBatch batches_[2];  // a cache: the draws are the same with or without it
};

// The normals of `paths` consecutive paths first_path, first_path + 1, … for (quarter, purpose),
// out.size() / paths per path, path p's at out[p · each …]: the same numbers as each path's
// PathRandomStream::normals gives it, drawn in one request so that the vector lanes fill (one
// path's 24 attraction normals are six counters, which leave two of eight lanes idle, and
// Box–Muller works on groups of four counters).
void normals_of_consecutive_paths(std::uint64_t seed, std::uint64_t first_path, std::size_t paths,
                                  std::uint64_t quarter, RandomPurpose purpose,
                                  std::span<double> out);

}  // namespace cloudsim::engine
