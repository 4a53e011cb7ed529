#include "uncertainty/latin_hypercube.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <numeric>

namespace cloudsim::uncertainty {
namespace {

// U[0, 1) from the top 53 bits of a 64-bit word.
double unit(std::uint64_t word) {
  return static_cast<double>(word >> 11) * 0x1.0p-53;
}

}  // namespace

std::vector<double> latin_hypercube(std::size_t points, std::size_t dimensions, std::uint64_t seed,
                                    std::uint64_t stream) {
  r123::Philox4x64 generator;
  const r123::Philox4x64::key_type key = {{seed, stream}};
  std::vector<double> values(points * dimensions);
  std::vector<double> order_keys(points);
  std::vector<double> jitter(points);
  std::vector<std::size_t> stratum(points);
  for (std::size_t d = 0; d < dimensions; ++d) {
    for (std::size_t k = 0; k < points; ++k) {
      const r123::Philox4x64::ctr_type counter = {{k, d, 0, 0}};
      const auto out = generator(counter, key);
      order_keys[k] = unit(out[0]);
      jitter[k] = unit(out[1]);
    }
    // A random permutation of the strata: sort point indices by their random keys.
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    std::sort(stratum.begin(), stratum.end(), [&](std::size_t a, std::size_t b) {
      return order_keys[a] < order_keys[b] || (order_keys[a] == order_keys[b] && a < b);
    });
    for (std::size_t rank = 0; rank < points; ++rank) {
      const std::size_t k = stratum[rank];
      values[k * dimensions + d] =
          (static_cast<double>(rank) + jitter[k]) / static_cast<double>(points);
    }
  }
  return values;
}

}  // namespace cloudsim::uncertainty
