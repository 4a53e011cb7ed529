#pragma once
// The hot path of ExactSum (exact_sum.hpp) for many cells at once, four cells to a vector: most of
// a cell's terms fall in one 32-bit chunk index (its "hot" index), and there a term m·2^o (m the
// 53-bit mantissa, o = exponent mod 32) is split into three 32-bit pieces, low, middle and high,
// that are added with their sign to three 64-bit integers of the cell. Integer additions are exact
// and commute, so folding the three integers into the cell's ExactSum later (fold_hot_sums) gives
// the very sum that adding each term to the ExactSum one by one gives; a term outside the hot
// index (or ±∞, NaN) is added to the ExactSum directly. One add is a few vector instructions per
// four cells instead of a 128-bit scalar addition per cell, which made the summaries the largest
// cost of a run after the model itself (docs/performance.md).
//
// Each piece is below 2^32, so the integers hold 2^31 terms before they could overflow; the
// caller folds well before that (ExactSum::add_pieces refuses 2^30 terms or more at once).

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "numeric/lanes.hpp"
#include "summary/exact_sum.hpp"
#include "summary/hot_sums.hpp"

namespace cloudsim::summary {

// One term to one cell, exactly as add_four adds it: into the hot pieces if it falls in the
// cell's hot chunk index (its first finite term picks that index), else outside. For the cells
// left over after groups of four, and for the lanes add_four could not take.
void add_one(const HotRun& run, std::size_t cell, double term, const OutsideTerms& outside);

namespace detail {

[[gnu::always_inline]] inline numeric::Masks load_words(const std::int64_t* from) {
  numeric::Masks lanes;
  std::memcpy(&lanes, from, sizeof lanes);
  return lanes;
}

[[gnu::always_inline]] inline void store_words(numeric::Masks lanes, std::int64_t* to) {
  std::memcpy(to, &lanes, sizeof lanes);
}

}  // namespace detail

// Adds term j to cell first + j, for j < 4: exactly ExactSum::add(term) on that cell's sum, once
// the hot sums are folded into it and the outside terms added to it.
[[gnu::always_inline]] inline void add_four(const HotRun& run, std::size_t first,
                                            numeric::Doubles terms, const OutsideTerms& outside) {
  using numeric::Masks;
  using numeric::Words;
  const Words bits = numeric::as_words(terms);
  const Words biased = (bits >> 52) & 0x7FF;
  const Masks normal = biased != 0;
  constexpr std::uint64_t kImplicitBit = std::uint64_t{1} << 52;
  const Words mantissa =
      (bits & (kImplicitBit - 1)) | (std::bit_cast<Words>(normal) & kImplicitBit);
  // The power of the mantissa's unit above 2^−1074: biased − 1, and 0 for a subnormal (it has
  // the smallest normal's scale). `normal` is all ones or 0, so normal + 1 is 0 or 1.
  const Words power = biased - 1 + (std::bit_cast<Words>(normal) + 1);
  const Masks at = std::bit_cast<Masks>(power >> 5);
  const Words offset = power & 31;
  const Masks zero = (bits << 1) == 0;
  const Masks in_hot = zero | ((at == detail::load_words(run.at + first)) & (biased != 0x7FF));
  const Words shifted = mantissa << offset;
  const Masks sign = std::bit_cast<Masks>(bits) >> 63;  // all ones for a negative term
  const auto signed_piece = [&](Words piece) {
    return ((std::bit_cast<Masks>(piece) ^ sign) - sign) & in_hot;
  };
  const Masks low = signed_piece(shifted & 0xFFFFFFFF);
  const Masks middle = signed_piece(shifted >> 32);
  const Masks high = signed_piece((mantissa >> 32) >> (32 - offset));
  detail::store_words(detail::load_words(run.low + first) + low, run.low + first);
  detail::store_words(detail::load_words(run.middle + first) + middle, run.middle + first);
  detail::store_words(detail::load_words(run.high + first) + high, run.high + first);
  if ((in_hot[0] & in_hot[1] & in_hot[2] & in_hot[3]) == 0) {
    for (std::size_t j = 0; j < numeric::kLanes; ++j) {
      if (in_hot[j] == 0)
        add_one(run, first + j, terms[j], outside);
    }
  }
}

}  // namespace cloudsim::summary
