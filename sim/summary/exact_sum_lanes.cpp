#include "summary/exact_sum_lanes.hpp"

#include <bit>

namespace cloudsim::summary {

void fold_hot_sums(HotSums& hot, std::vector<ExactSum>& sums, std::uint64_t terms) {
  for (std::size_t cell = 0; cell < sums.size(); ++cell) {
    if (hot.at[cell] >= 0) {
      sums[cell].add_pieces(static_cast<std::size_t>(hot.at[cell]), hot.low[cell], hot.middle[cell],
                            hot.high[cell], terms);
    }
    hot.low[cell] = 0;
    hot.middle[cell] = 0;
    hot.high[cell] = 0;
  }
}

namespace detail {

void add_outside_lanes(const HotRun& run, std::size_t cell, double term,
                       const OutsideTerms& outside) {
  const auto bits = std::bit_cast<std::uint64_t>(term);
  const auto biased = static_cast<unsigned>((bits >> 52) & 0x7FF);
  if (run.at[cell] >= 0 || biased == 0x7FF) {
    if (outside.sums != nullptr) {
      outside.sums[cell].add(term);
    } else {
      outside.list->emplace_back(outside.first_cell + cell, term);
    }
    return;
  }
  // The cell's first term picks its hot chunk index: split it as add_four would.
  std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased != 0)
    mantissa |= std::uint64_t{1} << 52;
  const unsigned power = biased == 0 ? 0 : biased - 1;
  const unsigned offset = power % ExactSum::kChunkBits;
  run.at[cell] = power / ExactSum::kChunkBits;
  const std::uint64_t shifted = mantissa << offset;
  const auto low = static_cast<std::int64_t>(shifted & 0xFFFFFFFF);
  const auto middle = static_cast<std::int64_t>(shifted >> 32);
  const auto high = static_cast<std::int64_t>((mantissa >> 32) >> (32 - offset));
  const std::int64_t sign = (bits >> 63) != 0 ? -1 : 1;
  run.low[cell] += sign * low;
  run.middle[cell] += sign * middle;
  run.high[cell] += sign * high;
}

}  // namespace detail
}  // namespace cloudsim::summary
