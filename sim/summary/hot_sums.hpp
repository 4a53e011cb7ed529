#pragma once
// Where the vector hot path of the exact sums (exact_sum_lanes.hpp) keeps its terms until they
// are folded into the cells' ExactSums.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "summary/exact_sum.hpp"

namespace cloudsim::summary {

// Per cell: the hot chunk index (−1 until the cell's first term) and the three piece sums, in
// units of 2^(32·at − 1074), 2^(32·at − 1042) and 2^(32·at − 1010).
struct HotSums {
  explicit HotSums(std::size_t cells = 0) { resize(cells); }
  void resize(std::size_t cells) {
    at.assign(cells, -1);
    low.assign(cells, 0);
    middle.assign(cells, 0);
    high.assign(cells, 0);
  }
  std::vector<std::int64_t> at, low, middle, high;
};

// Pointers into a HotSums from a run's first cell on.
struct HotRun {
  std::int64_t* at;
  std::int64_t* low;
  std::int64_t* middle;
  std::int64_t* high;
};

// Where the terms the lanes cannot take go (the rare ones: exact_sum_lanes.hpp): straight into
// the run's cells' ExactSums, or, for a block summarised apart from the running sums, onto a list
// of (cell, term) that is added to them later.
struct OutsideTerms {
  ExactSum* sums = nullptr;  // per cell of the run; or, when null:
  std::vector<std::pair<std::size_t, double>>* list = nullptr;
  std::size_t first_cell = 0;  // the run's first cell, for the list's cell numbers
};

[[nodiscard]] inline HotRun hot_run(HotSums& sums, std::size_t first_cell) {
  return {sums.at.data() + first_cell, sums.low.data() + first_cell,
          sums.middle.data() + first_cell, sums.high.data() + first_cell};
}

// Adds every cell's three piece sums to its ExactSum and zeroes them (the hot indices stay);
// `terms` bounds how many terms any cell took since the last fold.
void fold_hot_sums(HotSums& hot, ExactSums& sums, std::uint64_t terms);

}  // namespace cloudsim::summary
