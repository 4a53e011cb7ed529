#pragma once
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC11; Random123's philox4x32 is the reference) on many counters at once. The counters of one
// request differ only in their first word, so lanes hold consecutive first words: AVX-512 does
// sixteen counters per instruction, AVX2 eight, SSE2 (the x86-64 baseline) four; the widest the
// machine runs is used (numeric/vector_isa.hpp). Integer arithmetic only, so every implementation
// gives the same bits.

#include <cstddef>
#include <cstdint>

#include "numeric/vector_isa.hpp"

namespace cloudsim::engine {

// Counters and keys of one request: counter l is (first_block + l · block_step, c1 + l · c1_step,
// c2, c3) (mod 2³²), key (k0, k1). Consecutive blocks by default; with block_step 0 and c1_step
// 256, consecutive quarters of one block (the counter's second word is quarter · 256 + purpose).
struct PhiloxRequest {
  std::uint32_t first_block = 0;
  std::uint32_t c1 = 0;
  std::uint32_t c2 = 0;
  std::uint32_t c3 = 0;
  std::uint32_t k0 = 0;
  std::uint32_t k1 = 0;
  std::uint32_t block_step = 1;
  std::uint32_t c1_step = 0;
};

// One counter, scalar: the reference the lanes are tested against (and the known answers).
void philox4x32_10(const std::uint32_t (&counter)[4], const std::uint32_t (&key)[2],
                   std::uint32_t (&out)[4]);

// The words of `counters` counters of a request, rounded up to groups of eight, written group by
// group with words of one position together: words[32 g + 8 m + l] is word m (0 … 3) of counter
// 8 g + l (l = 0 … 7). `words` holds 32 ⌈counters / 8⌉ values; the lanes past
// `counters` in the last group are either computed or left as they were.
void philox4x32_10_lanes(const PhiloxRequest& request, std::size_t counters, std::uint32_t* words);

// Counters listed one by one: counter l is (c0[l], c1, c2[l], c3[l]), key (k0, k1). The arrays
// hold `counters` entries rounded up to a multiple of eight (the rest is computed and ignored).
struct ListedCounters {
  const std::uint32_t* c0 = nullptr;
  const std::uint32_t* c2 = nullptr;
  const std::uint32_t* c3 = nullptr;
  std::uint32_t c1 = 0;
  std::uint32_t k0 = 0;
  std::uint32_t k1 = 0;
};

// The words of listed counters, laid out as philox4x32_10_lanes lays them out.
void philox4x32_10_lanes(const ListedCounters& listed, std::size_t counters, std::uint32_t* words);

namespace detail {
// The versions philox4x32_10_lanes chooses between, for the tests: the same words from each;
// nullptr for a version this build does not have.
struct PhiloxLanes {
  void (*stepped)(const PhiloxRequest& request, std::size_t counters, std::uint32_t* words);
  void (*listed)(const ListedCounters& listed, std::size_t counters, std::uint32_t* words);
};
[[nodiscard]] PhiloxLanes philox_lanes_for(numeric::VectorIsa isa);
}  // namespace detail

}  // namespace cloudsim::engine
