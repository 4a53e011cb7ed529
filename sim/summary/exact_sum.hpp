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

#include <array>
#include <cstdint>
#include <vector>

namespace cloudsim::summary {

class ExactSum {
 public:
  static constexpr std::size_t kChunks = 67;
  static constexpr std::size_t kChunkBits = 32;

  void add(double value);
  // Adds x·y exactly: the rounded product and its rounding error (Dekker's two-product, exact
  // without an FMA as long as the product neither overflows nor underflows).
  void add_product(double x, double y);
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
  // Propagates carries: every chunk but the top into [0, 2^32), the top one holding the sign.
  void normalise();
  std::array<std::int64_t, kChunks> chunk_{};
  std::uint32_t adds_ = 0;  // pieces added to a chunk since the last normalise()
  std::int64_t positive_infinities_ = 0;
  std::int64_t negative_infinities_ = 0;
  std::int64_t nans_ = 0;
};

}  // namespace cloudsim::summary
