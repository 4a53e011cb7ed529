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

// Throws NonFiniteResult naming the path of `row`, the quarter and the quantity that is not
// finite. Called for each path as soon as it is simulated, while its rows are still in cache.
void check_finite(const PathBlock& block, std::size_t row, const model::MarketModel& model);

}  // namespace cloudsim::engine
