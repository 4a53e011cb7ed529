// The exact sum (Neal's small superaccumulator, summary/exact_sum.hpp): sums that are the same to
// the bit however their terms are ordered, split and merged, and that round the exact total.

#include "summary/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace cloudsim {
namespace {

using summary::ExactSum;

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

// Doubles of every scale and sign, with exact cancellations, subnormals and zeros among them:
// what a naive sum gets wrong.
std::vector<double> awkward_values(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> scale(-1060, 1000);
  std::vector<double> out;
  while (out.size() < n) {
    const double x = std::ldexp(unit(random), scale(random));
    out.push_back(x);
    if (random() % 5 == 0)
      out.push_back(-x);  // cancels exactly
    if (random() % 17 == 0)
      out.push_back(0.0);
    if (random() % 23 == 0)
      out.push_back(std::numeric_limits<double>::denorm_min() * static_cast<double>(random() % 9));
  }
  out.resize(n);
  return out;
}

ExactSum sum_of(const std::vector<double>& values, std::size_t from, std::size_t to) {
  ExactSum s;
  for (std::size_t i = from; i < to; ++i)
    s.add(values[i]);
  return s;
}

TEST(ExactSum, RandomSplitsMergedInAnyOrderEqualTheUnsplitSumBitForBit) {
  std::mt19937_64 random(2024);
  for (int trial = 0; trial < 20; ++trial) {
    const auto values = awkward_values(5000, static_cast<std::uint64_t>(trial));
    const ExactSum whole = sum_of(values, 0, values.size());
    // Cut at random places into parts, and merge the parts' sums in a random order.
    std::vector<std::size_t> cuts = {0, values.size()};
    const auto parts = 1 + random() % 40;
    for (std::size_t k = 0; k < parts; ++k)
      cuts.push_back(random() % values.size());
    std::sort(cuts.begin(), cuts.end());
    std::vector<ExactSum> pieces;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
      pieces.push_back(sum_of(values, cuts[k], cuts[k + 1]));
    std::shuffle(pieces.begin(), pieces.end(), random);
    ExactSum merged;
    for (const auto& piece : pieces)
      merged.merge(piece);
    EXPECT_TRUE(merged == whole) << "trial " << trial;
    EXPECT_EQ(bits(merged.value()), bits(whole.value())) << "trial " << trial;
    // The same values added in a shuffled order.
    auto shuffled = values;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    EXPECT_TRUE(sum_of(shuffled, 0, shuffled.size()) == whole) << "trial " << trial;
  }
}

TEST(ExactSum, IntegerStatesAddedElementByElementAreTheMerge) {
  // What an MPI reduce does with to_integers: three "ranks" summed chunk by chunk.
  const auto values = awkward_values(3000, 7);
  std::vector<std::int64_t> total(ExactSum::kIntegers, 0);
  for (std::size_t rank = 0; rank < 3; ++rank) {
    std::vector<std::int64_t> mine(ExactSum::kIntegers);
    sum_of(values, rank * 1000, (rank + 1) * 1000).to_integers(mine.data());
    for (std::size_t i = 0; i < total.size(); ++i)
      total[i] += mine[i];
  }
  ExactSum reduced;
  reduced.from_integers(total.data());
  EXPECT_TRUE(reduced == sum_of(values, 0, values.size()));
}

TEST(ExactSum, RoundsTheExactTotalOfSumsAPlainSumGetsWrong) {
  ExactSum s;
  for (const double x : {1e100, 1.0, -1e100, 0x1p-40, -0.5})
    s.add(x);
  EXPECT_EQ(s.value(), 0.5 + 0x1p-40);  // exactly representable
  ExactSum halfway;                     // 1 + 2^-53 is a tie: to even, 1; a bit more rounds up
  halfway.add(1.0);
  halfway.add(0x1p-53);
  EXPECT_EQ(halfway.value(), 1.0);
  halfway.add(0x1p-200);
  EXPECT_EQ(halfway.value(), 1.0 + 0x1p-52);
  ExactSum negative;
  negative.add(-3.0);
  negative.add(0x1p-80);
  EXPECT_EQ(negative.value(), -3.0);
  ExactSum tiny;
  tiny.add(std::numeric_limits<double>::denorm_min());
  tiny.add(std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(tiny.value(), 2 * std::numeric_limits<double>::denorm_min());
  ExactSum big;
  big.add(std::numeric_limits<double>::max());
  big.add(-std::numeric_limits<double>::max());
  big.add(std::numeric_limits<double>::max());
  EXPECT_EQ(big.value(), std::numeric_limits<double>::max());
  EXPECT_EQ(ExactSum{}.value(), 0.0);
}

TEST(ExactSum, ValueIsTheCorrectlyRoundedSumOfValuesALongDoubleHoldsExactly) {
  // Integers times 2^-20 below 2^40: every partial sum is exact in a long double's 64 bits, so
  // the long double total rounded once to double is the correctly rounded exact sum.
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 200; ++trial) {
    ExactSum s;
    long double reference = 0.0L;
    for (int i = 0; i < 1000; ++i) {
      const auto integer = static_cast<std::int64_t>(random() >> 24) - (std::int64_t{1} << 39);
      const double x = std::ldexp(static_cast<double>(integer), -20);
      s.add(x);
      reference += static_cast<long double>(x);
    }
    EXPECT_EQ(bits(s.value()), bits(static_cast<double>(reference))) << "trial " << trial;
  }
}

TEST(ExactSum, ValuesOutsideTheHotChunkAndTheHotOneAddUp) {
  // The first value picks the hot chunk; values 2^40 and 2^-40 times as large go to the chunks.
  // Any order (so any hot chunk) gives the same sum.
  const std::vector<double> values = {3.0, 0x1p40 + 1.0, -0x1p-40, 5.5, -(0x1p40 + 1.0), 0x1p-40};
  std::vector<double> order = values;
  std::sort(order.begin(), order.end());
  ExactSum reference;
  for (const double x : values)
    reference.add(x);
  EXPECT_EQ(reference.value(), 8.5);
  do {
    ExactSum s;
    for (const double x : order)
      s.add(x);
    EXPECT_TRUE(s == reference);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(ExactSum, ChunksFarAboveTheirThirtyTwoBitsCarryIntoTheRightTotal) {
  // 2^22 additions of a 53-bit all-ones mantissa pile up about 2^54 in a chunk before the carries
  // are propagated (when the value is read, or every 2^30 additions); the total, x · 2^22, is
  // exact in doubles. Negative terms borrow across chunks the same way. Without the first value
  // (far away, taken out at the end) the additions go to the hot integer instead: both ways.
  for (const int scale : {-20, 3, -1074 + 52, 900}) {
    for (const bool far_first : {true, false}) {
      ExactSum s;
      if (far_first)
        s.add(std::ldexp(1.0, scale > 0 ? -600 : 600));
      const double x = std::ldexp(static_cast<double>((std::uint64_t{1} << 53) - 1), scale - 52);
      const std::size_t n = std::size_t{1} << 22;
      for (std::size_t i = 0; i < n; ++i)
        s.add(x);
      if (!far_first) {
        EXPECT_EQ(s.value(), x * static_cast<double>(n)) << scale;
      }
      for (std::size_t i = 0; i < n + 1; ++i)
        s.add(-x);
      if (far_first)
        s.add(-std::ldexp(1.0, scale > 0 ? -600 : 600));
      EXPECT_EQ(s.value(), -x) << scale;
    }
  }
}

TEST(ExactSum, NonFiniteTermsGiveTheirIeeeSumWhateverTheOrder) {
  ExactSum s;
  s.add(1.0);
  s.add(std::numeric_limits<double>::infinity());
  EXPECT_EQ(s.value(), std::numeric_limits<double>::infinity());
  s.add(-std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(s.value()));
}

}  // namespace
}  // namespace cloudsim
