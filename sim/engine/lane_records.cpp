#include "engine/lane_records.hpp"

#include <cstring>

#include "engine/finite_check.hpp"

namespace cloudsim::engine {

using numeric::Doubles;
using numeric::kLanes;
using numeric::Words;

CLOUDSIM_LANE_CLONES
void copy_lanes_out(std::span<const double> by_entry, std::size_t entries,
                    double* const (&to)[kLanes], std::uint64_t (&not_finite)[kLanes]) {
  // infinite_or_nan_bit, four values at once.
  constexpr std::uint64_t kExponent = 0x7ff0000000000000ULL;
  constexpr std::uint64_t kLowestExponentBit = 0x0010000000000000ULL;
  const auto flags = [](Doubles x) {
    return (numeric::as_words(x) & kExponent) + kLowestExponentBit;
  };
  Words any[kLanes] = {};
  std::size_t e = 0;
  for (; e + kLanes <= entries; e += kLanes) {
    const double* const from = by_entry.data() + e * kLanes;
    const Doubles a0 = numeric::load(from);
    const Doubles a1 = numeric::load(from + kLanes);
    const Doubles a2 = numeric::load(from + 2 * kLanes);
    const Doubles a3 = numeric::load(from + 3 * kLanes);
    // The 4 × 4 transpose: pairs of entries interleaved, then pairs of pairs.
    const Doubles even01 = __builtin_shufflevector(a0, a1, 0, 4, 2, 6);
    const Doubles odd01 = __builtin_shufflevector(a0, a1, 1, 5, 3, 7);
    const Doubles even23 = __builtin_shufflevector(a2, a3, 0, 4, 2, 6);
    const Doubles odd23 = __builtin_shufflevector(a2, a3, 1, 5, 3, 7);
    const Doubles lane[kLanes] = {__builtin_shufflevector(even01, even23, 0, 1, 4, 5),
                                  __builtin_shufflevector(odd01, odd23, 0, 1, 4, 5),
                                  __builtin_shufflevector(even01, even23, 2, 3, 6, 7),
                                  __builtin_shufflevector(odd01, odd23, 2, 3, 6, 7)};
    for (std::size_t k = 0; k < kLanes; ++k) {
      numeric::store(to[k] + e, lane[k]);
      any[k] |= flags(lane[k]);
    }
  }
  for (std::size_t k = 0; k < kLanes; ++k) {
    std::uint64_t bits = any[k][0] | any[k][1] | any[k][2] | any[k][3];
    for (std::size_t rest = e; rest < entries; ++rest) {
      const double x = by_entry[rest * kLanes + k];
      to[k][rest] = x;
      bits |= infinite_or_nan_bit(x);
    }
    not_finite[k] |= bits;
  }
}

}  // namespace cloudsim::engine
