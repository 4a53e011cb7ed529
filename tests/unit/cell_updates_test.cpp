// One path's update of a run of summary cells (summary/cell_updates.hpp): the bins noted for four
// cells at a time in vector lanes are the reference bin_at's, on and off the grid, at its edges,
// for exact zeros of either sign and for the cells left over after the groups of four.

#include "summary/cell_updates.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace cloudsim {
namespace {

using summary::CellRun;

struct Cells {
  explicit Cells(std::size_t n, std::size_t capacity)
      : shift(n, 0.0),
        sum(n),
        squares(n),
        sum_hot(n),
        squares_hot(n),
        minimum(n, std::numeric_limits<double>::infinity()),
        maximum(n, -std::numeric_limits<double>::infinity()),
        low(n),
        width(n),
        pending(n * capacity) {}
  CellRun run() {
    return {shift.data(),
            summary::hot_run(sum_hot, 0),
            summary::hot_run(squares_hot, 0),
            summary::OutsideTerms{sum.data()},
            summary::OutsideTerms{squares.data()},
            minimum.data(),
            maximum.data(),
            low.data(),
            width.data(),
            pending.data()};
  }
  std::vector<double> shift;
  std::vector<summary::ExactSum> sum, squares;
  summary::HotSums sum_hot, squares_hot;
  std::vector<double> minimum, maximum, low, width;
  std::vector<std::uint16_t> pending;
};

TEST(CellUpdates, BinsInLanesAreTheReferenceBins) {
  constexpr std::size_t kBins = 203;
  constexpr std::size_t kCells = 11;  // two groups of four and three left over
  constexpr std::size_t kRows = 4000;
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(-0.5, 1.5);
  Cells share(kCells, kRows);
  Cells revenue(kCells, kRows);
  for (std::size_t cell = 0; cell < kCells; ++cell) {
    for (Cells* c : {&share, &revenue}) {
      c->low[cell] = 0.1 * static_cast<double>(cell);
      c->width[cell] = 0.005 * static_cast<double>(cell + 1);
    }
  }
  std::vector<double> values(kCells);
  for (std::size_t row = 0; row < kRows; ++row) {
    const double demand = row % 97 == 0 ? 0.0 : 1.0 + static_cast<double>(row % 5);
    for (std::size_t cell = 0; cell < kCells; ++cell) {
      const double top = revenue.low[cell] + static_cast<double>(kBins - 3) * revenue.width[cell];
      switch (random() % 8) {
        case 0:
          values[cell] = random() % 2 ? 0.0 : -0.0;
          break;
        case 1:  // a grid edge, the grid's bottom or its top
          values[cell] =
              revenue.low[cell] + static_cast<double>(random() % (kBins - 2)) * revenue.width[cell];
          break;
        case 2:
          values[cell] = std::nextafter(top, random() % 2 ? 1e300 : -1e300);
          break;
        case 3:
          values[cell] = 1e12 * unit(random);  // far off the grid
          break;
        default:
          values[cell] = demand * unit(random);
      }
    }
    summary::update_cell_run(share.run(), revenue.run(), values.data(), demand, kCells, kBins,
                             kRows, row);
    for (std::size_t cell = 0; cell < kCells; ++cell) {
      const double s = demand > 0.0 ? values[cell] / demand : 0.0;
      const double v = values[cell];
      EXPECT_EQ(share.pending[cell * kRows + row],
                summary::bin_at(s, (s - share.low[cell]) / share.width[cell], kBins))
          << "share, row " << row << ", cell " << cell << ": " << s;
      EXPECT_EQ(revenue.pending[cell * kRows + row],
                summary::bin_at(v, (v - revenue.low[cell]) / revenue.width[cell], kBins))
          << "revenue, row " << row << ", cell " << cell << ": " << v;
    }
  }
}

}  // namespace
}  // namespace cloudsim
