// The vector hot path of the exact sums (summary/exact_sum_lanes.hpp): four cells' terms added in
// lanes and folded later must give, for every cell, the very ExactSum that adding each term with
// ExactSum::add gives — the same integers, the same rounded value — whatever the terms' scales and
// signs, wherever the run starts and however often the hot sums are folded.

#include "summary/exact_sum_lanes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace cloudsim {
namespace {

using summary::ExactSum;
using summary::ExactSums;

constexpr std::size_t kCells = 12;

std::vector<std::int64_t> integers(const ExactSum& s) {
  std::vector<std::int64_t> out(ExactSum::kIntegers);
  s.to_integers(out.data());
  return out;
}

// A summary cell's terms: mostly one scale (the usual case the lanes take), with terms of other
// binades, subnormals, signed zeros, chunk-boundary powers of two and exact cancellations.
double term(std::mt19937_64& random, int cell) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  switch (random() % 12) {
    case 0:
      return std::ldexp(unit(random), static_cast<int>(random() % 2000) - 1074);
    case 1:
      return std::numeric_limits<double>::denorm_min() * static_cast<double>(random() % 1000);
    case 2:
      return (random() % 2 ? -1.0 : 1.0) * 0.0;
    case 3:  // offsets 0 and 31 within a chunk: powers 2^(32k − 1074) and 2^(32k + 31 − 1074)
      return std::ldexp(random() % 2 ? 1.0 : -1.0,
                        32 * static_cast<int>(random() % 60) - 1074 + (random() % 2 ? 31 : 0));
    default:
      return std::ldexp(unit(random), cell * 7 - 30);
  }
}

// Adds rows of kCells terms both ways, from `first` on of a longer HotSums, folding every
// `fold_every` rows, and expects every cell to agree. `listed`: the outside terms go onto a list
// that is added to the sums at each fold (as a block summarised apart does), not into the sums.
// Cells from `one_by_one_from` on take their terms one at a time (add_one, the leftover cells').
void expect_lanes_equal_scalar(std::uint64_t seed, std::size_t first, std::size_t rows,
                               std::size_t fold_every, bool non_finite, bool listed = false,
                               std::size_t one_by_one_from = kCells) {
  std::mt19937_64 random(seed);
  summary::HotSums hot(first + kCells);
  ExactSums lanes(first + kCells), reference(first + kCells);
  const summary::HotRun run = summary::hot_run(hot, first);
  std::vector<std::pair<std::size_t, double>> list;
  const summary::OutsideTerms outside = listed ? summary::OutsideTerms{nullptr, &list, first}
                                               : summary::OutsideTerms{lanes.data() + first};
  const auto fold = [&](std::size_t terms) {
    summary::fold_hot_sums(hot, lanes, terms);
    for (const auto& [cell, term] : list)
      lanes[cell].add(term);
    list.clear();
  };
  std::size_t since_fold = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    double values[kCells];
    for (std::size_t cell = 0; cell < kCells; ++cell) {
      values[cell] = term(random, static_cast<int>(cell));
      if (non_finite && random() % 50 == 0) {
        const double odd[] = {std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()};
        values[cell] = odd[random() % 3];
      }
      reference[first + cell].add(values[cell]);
    }
    for (std::size_t cell = 0; cell < kCells; cell += 4) {
      if (cell >= one_by_one_from) {
        for (std::size_t j = 0; j < 4; ++j)
          summary::add_one(run, cell + j, values[cell + j], outside);
        continue;
      }
      summary::add_four(
          run, cell,
          numeric::Doubles{values[cell], values[cell + 1], values[cell + 2], values[cell + 3]},
          outside);
    }
    if (++since_fold == fold_every) {
      fold(since_fold);
      since_fold = 0;
    }
  }
  fold(since_fold);
  for (std::size_t cell = 0; cell < first + kCells; ++cell) {
    EXPECT_EQ(integers(lanes[cell]), integers(reference[cell])) << "cell " << cell;
    EXPECT_TRUE(lanes[cell] == reference[cell]) << "cell " << cell;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(lanes[cell].value()),
              std::bit_cast<std::uint64_t>(reference[cell].value()))
        << "cell " << cell;
  }
  // Folding zeroes the pieces: the lanes' work is all in the sums now.
  for (std::size_t cell = 0; cell < first + kCells; ++cell) {
    EXPECT_EQ(hot.low[cell] | hot.middle[cell] | hot.high[cell], 0);
  }
}

TEST(ExactSumLanes, EqualTheScalarSumCellByCell) {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    expect_lanes_equal_scalar(seed, 0, 3000, 3000, false);
  }
}

TEST(ExactSumLanes, EqualTheScalarSumFromAnOffsetWithFoldsBetween) {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    expect_lanes_equal_scalar(100 + seed, 3 + seed % 5, 2000, 1 + seed * 37, false);
  }
}

TEST(ExactSumLanes, EqualTheScalarSumWithTheOutsideTermsListed) {
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    expect_lanes_equal_scalar(300 + seed, 2, 1500, 97, seed % 2 == 1, true);
  }
}

TEST(ExactSumLanes, TermsAddedOneByOneEqualTheScalarSum) {
  for (std::uint64_t seed = 0; seed < 4; ++seed) {
    expect_lanes_equal_scalar(400 + seed, 1, 1500, 211, seed % 2 == 1, seed >= 2, 4);
  }
}

TEST(ExactSumLanes, TermsOneByOneInTheHotChunkStayOffTheOutsideList) {
  // A leftover cell's usual terms go into the hot pieces, as the lanes' do: the list (which a
  // block summarised apart replays in the serial stage) holds only the rare others.
  summary::HotSums hot(1);
  ExactSums sums(1);
  std::vector<std::pair<std::size_t, double>> list;
  const auto run = summary::hot_run(hot, 0);
  const summary::OutsideTerms outside{nullptr, &list, 0};
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> unit(1.0, 2.0);
  ExactSum reference;
  for (int k = 0; k < 1000; ++k) {
    const double term = (k % 2 ? -1.0 : 1.0) * unit(random);
    summary::add_one(run, 0, term, outside);
    reference.add(term);
  }
  summary::add_one(run, 0, 1e200, outside);  // another chunk index: listed
  reference.add(1e200);
  EXPECT_EQ(list.size(), 1u);
  summary::fold_hot_sums(hot, sums, 1001);
  for (const auto& [cell, term] : list)
    sums[cell].add(term);
  EXPECT_EQ(integers(sums[0]), integers(reference));
}

TEST(ExactSumLanes, KeepInfinitiesAndNaNsAsTheScalarSumDoes) {
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    expect_lanes_equal_scalar(200 + seed, 1, 500, 64, true);
  }
}

TEST(ExactSumLanes, CancellingTermsLeaveExactlyZero) {
  summary::HotSums hot(4);
  ExactSums sums(4);
  const auto run = summary::hot_run(hot, 0);
  const numeric::Doubles x{1e300, 3.5, std::numeric_limits<double>::denorm_min(), -0.1};
  summary::add_four(run, 0, x, summary::OutsideTerms{sums.data()});
  summary::add_four(run, 0, -x, summary::OutsideTerms{sums.data()});
  summary::fold_hot_sums(hot, sums, 2);
  for (const auto& s : sums) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(s.value()), 0u);
  }
}

}  // namespace
}  // namespace cloudsim
