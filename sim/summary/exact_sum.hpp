#pragma once
// An exact sum of doubles that merges exactly: Neal's small superaccumulator (R. M. Neal, "Fast
// exact summation using small and large superaccumulators", arXiv:1505.05571, 2015). A finite
// double is an integer m < 2^53 times 2^(E − 1074) with E = max(biased exponent, 1) − 1; the sum
// keeps 67 signed 64-bit chunks, chunk i counting units of 2^(32i − 1074), and adds m·2^(E mod 32)
// (at most 84 bits) as three 32-bit pieces into chunks E/32 … E/32 + 2. A chunk takes 2^31 pieces
// before it could overflow, so carries are propagated every 2^30 additions. Integer additions
// commute: the sum is the same whatever the order or grouping of its terms, which is what lets
// summaries be accumulated per thread, per block and per MPI rank and then merged (docs/
// distributed.md). Infinities and NaNs are kept aside (their sum is inf, −inf or NaN, also
// order-independent); the engine refuses non-finite paths, so they do not occur in runs.
//
// The fast path: the values of one summary cell mostly share their chunk index (it spans 32
// binades), so the sum keeps a "hot" 128-bit integer for the chunk index of its first value and
// adds m·2^(E mod 32) there with one wide addition; values elsewhere take the chunks. The hot
// integer (at most 2^84 per value, 2^43 values before it could overflow) is folded into the
// chunks before the sum is read, merged or exported, so none of this shows in any result.

#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "engine/huge_pages.hpp"

namespace cloudsim::summary {

class ExactSum {
 public:
  static constexpr std::size_t kChunks = 67;
  static constexpr std::size_t kChunkBits = 32;

  inline void add(double value);
  // Where a finite, non-zero term m·2^(shift − 1074) goes: the chunk index `at` of its unit and
  // the signed pieces low + middle·2^32 + high·2^64 = ±m·2^(shift mod 32), each below 2^32.
  struct Pieces {
    std::size_t at;
    std::int64_t low, middle, high;
  };
  [[nodiscard]] static Pieces pieces_of(std::uint64_t mantissa, unsigned shift, bool negative) {
    const unsigned offset = shift % kChunkBits;
    const std::uint64_t shifted = mantissa << offset;  // the low 64 of the up to 84 bits
    const std::int64_t sign = negative ? -1 : 1;
    return {shift / kChunkBits, sign * static_cast<std::int64_t>(shifted & 0xFFFFFFFF),
            sign * static_cast<std::int64_t>(shifted >> 32),
            sign * static_cast<std::int64_t>((mantissa >> 32) >> (32 - offset))};
  }
  // Adds low + middle·2^32 + high·2^64 units of chunk `at` (at ≤ kChunks − 3), the sums of
  // `terms` pieces each below 2^32 in magnitude: how HotSums (exact_sum_lanes.hpp) hands over.
  void add_pieces(std::size_t at, std::int64_t low, std::int64_t middle, std::int64_t high,
                  std::uint64_t terms);
  void merge(const ExactSum& other);
  // The exact sum, rounded to the nearest double (ties to even; below the normal range a second
  // rounding may differ from correct rounding by one unit).
  [[nodiscard]] double value() const;
  [[nodiscard]] bool operator==(const ExactSum& other) const;

  // The state as integers, for a reduce across processes: chunks with carries propagated (each
  // in [0, 2^32) but the top, which holds the sign), then the non-finite counts. Adding the
  // vectors of several sums element by element and reading the total back with from_integers is
  // their merge (exact for up to 2^30 vectors).
  static constexpr std::size_t kIntegers = kChunks + 3;
  void to_integers(std::int64_t* out) const;
  void from_integers(const std::int64_t* in);

 private:
  __extension__ using Hot = __int128;
  void add_non_finite(std::uint64_t bits);
  // A finite value whose chunk index is not the hot one.
  void add_elsewhere(std::uint64_t bits, std::uint64_t mantissa, unsigned shift);
  // Moves the hot integer into the chunks.
  void fold();
  // Propagates carries: every chunk but the top into [0, 2^32), the top one holding the sign.
  void normalise();
  Hot hot_ = 0;               // units of 2^(32·hot_at_ − 1074)
  std::int32_t hot_at_ = -1;  // the hot chunk index; −1 until the first value
  std::array<std::int64_t, kChunks> chunk_{};
  std::uint32_t adds_ = 0;  // pieces added to a chunk since the last normalise()
  std::int64_t positive_infinities_ = 0;
  std::int64_t negative_infinities_ = 0;
  std::int64_t nans_ = 0;
};

// One per cell of a summary: kChunks words each, so tens of MB over many cells, on huge pages.
using ExactSums = engine::HugePageVector<ExactSum>;

inline void ExactSum::add(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  auto exponent = static_cast<unsigned>((bits >> 52) & 0x7FF);
  if (exponent == 0x7FF) {
    add_non_finite(bits);
    return;
  }
  if (exponent == 0) {
    if (mantissa == 0)
      return;      // ±0 adds nothing
    exponent = 1;  // subnormal: the same scale as the smallest normal, no implicit bit
  } else {
    mantissa |= std::uint64_t{1} << 52;
  }
  const unsigned shift = exponent - 1;  // the power of the mantissa's unit above 2^−1074
  if (static_cast<std::int32_t>(shift / kChunkBits) == hot_at_) {
    const Hot piece = static_cast<Hot>(mantissa) << (shift % kChunkBits);
    hot_ += (bits >> 63) != 0 ? -piece : piece;
    return;
  }
  add_elsewhere(bits, mantissa, shift);
}

}  // namespace cloudsim::summary
