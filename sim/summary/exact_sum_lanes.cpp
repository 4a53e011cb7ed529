#include "summary/exact_sum_lanes.hpp"

#include <bit>

namespace cloudsim::summary {

void fold_hot_sums(HotSums& hot, ExactSums& sums, std::uint64_t terms) {
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

void add_one(const HotRun& run, std::size_t cell, double term, const OutsideTerms& outside) {
  const auto bits = std::bit_cast<std::uint64_t>(term);
  const auto biased = static_cast<unsigned>((bits >> 52) & 0x7FF);
  if ((bits << 1) == 0) {
    return;  // ±0 adds nothing
  }
  std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased != 0)
    mantissa |= std::uint64_t{1} << 52;
  const unsigned power = biased == 0 ? 0 : biased - 1;  // a subnormal has the smallest scale
  const ExactSum::Pieces pieces = ExactSum::pieces_of(mantissa, power, (bits >> 63) != 0);
  const auto at = static_cast<std::int64_t>(pieces.at);
  if (run.at[cell] < 0 && biased != 0x7FF) {
    run.at[cell] = at;  // the cell's first finite term picks its hot chunk index
  }
  if (biased == 0x7FF || at != run.at[cell]) {
    if (outside.sums != nullptr) {
      outside.sums[cell].add(term);
    } else {
      outside.list->emplace_back(outside.first_cell + cell, term);
    }
    return;
  }
  run.low[cell] += pieces.low;
  run.middle[cell] += pieces.middle;
  run.high[cell] += pieces.high;
}

}  // namespace cloudsim::summary
