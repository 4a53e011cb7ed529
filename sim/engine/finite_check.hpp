#pragma once
// The last line of defence against impossible numbers: a block with an infinity or NaN anywhere
// is never handed to the writer. The scenario loader refuses the inputs known to overflow; this
// catches what their combinations still do, and says where.

#include <bit>
#include <cstdint>
#include <stdexcept>

#include "engine/path_block.hpp"
#include "model/market_model.hpp"
#include "model/model_error.hpp"

namespace cloudsim::engine {

class NonFiniteResult : public model::ModelError {
 public:
  using model::ModelError::ModelError;
};

// Bit 63 of the result is set exactly when x is an infinity or NaN: these have every exponent
// bit set, x & E is at most E, and adding the lowest exponent bit carries into bit 63 only from
// E. An AND and an add, which OR together over many values and vectorise (a comparison with E
// did not).
[[gnu::always_inline]] inline std::uint64_t infinite_or_nan_bit(double x) {
  constexpr std::uint64_t kExponent = 0x7ff0000000000000ULL;
  constexpr std::uint64_t kLowestExponentBit = 0x0010000000000000ULL;
  return (std::bit_cast<std::uint64_t>(x) & kExponent) + kLowestExponentBit;
}

// to[k] = from[k] for k < n, OR-ing infinite_or_nan_bit of each value into `not_finite`: what a
// path records is checked as it is copied, so check_finite need not read it again unless a value
// is not finite.
[[gnu::always_inline]] inline void copy_checking_finite(const double* from, std::size_t n,
                                                        double* to, std::uint64_t& not_finite) {
  std::uint64_t any = 0;
  for (std::size_t k = 0; k < n; ++k) {
    to[k] = from[k];
    any |= infinite_or_nan_bit(from[k]);
  }
  not_finite |= any;
}

// Throws NonFiniteResult naming the path of `row`, the quarter and the quantity that is not
// finite. The engine calls it for a path whose recording found an infinity or NaN
// (copy_checking_finite, copy_lanes_out), while the path's rows are still in cache.
void check_finite(const PathBlock& block, std::size_t row, const model::MarketModel& model);

}  // namespace cloudsim::engine
