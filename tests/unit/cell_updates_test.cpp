// One path's update of a run of summary cells (summary/cell_updates.hpp): the bins noted for four
// cells at a time in vector lanes are the reference bin_at's, on and off the grid, at its edges,
// for exact zeros of either sign and for the cells left over after the groups of four; and for
// runs of 1 to 19 cells (four at a time, then one by one) every cell's exact sums, minimum,
// maximum and bins are the scalar reference's (add_moments, bin_at), terms outside a cell's hot
// chunk and exact zeros included.

#include "summary/cell_updates.hpp"

#include <gtest/gtest.h>

#include <bit>
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

std::vector<std::int64_t> integers(const summary::ExactSum& s) {
  std::vector<std::int64_t> out(summary::ExactSum::kIntegers);
  s.to_integers(out.data());
  return out;
}

// Every cell of a run of `cells` updated by update_cell_run, path after path, against add_moments
// and bin_at cell by cell.
void expect_run_matches_reference(std::size_t cells) {
  SCOPED_TRACE(testing::Message() << cells << " cells");
  constexpr std::size_t kBins = 53;
  constexpr std::size_t kRows = 300;
  std::mt19937_64 random(cells);
  std::uniform_real_distribution<double> unit(-0.5, 1.5);
  Cells share(cells, kRows), revenue(cells, kRows);
  struct Reference {
    std::vector<summary::ExactSum> sum, squares;
    std::vector<double> minimum, maximum;
  };
  const auto reference_of = [&] {
    return Reference{std::vector<summary::ExactSum>(cells), std::vector<summary::ExactSum>(cells),
                     std::vector<double>(cells, std::numeric_limits<double>::infinity()),
                     std::vector<double>(cells, -std::numeric_limits<double>::infinity())};
  };
  Reference share_reference = reference_of(), revenue_reference = reference_of();
  for (std::size_t cell = 0; cell < cells; ++cell) {
    share.shift[cell] = 0.3 + 0.01 * static_cast<double>(cell);
    revenue.shift[cell] = 40.0 * static_cast<double>(cell + 1);  // a revenue's scale
    share.low[cell] = 0.05 * static_cast<double>(cell);
    share.width[cell] = 0.02;
    revenue.low[cell] = 10.0;
    revenue.width[cell] = 2.0 * static_cast<double>(cell + 1);
  }
  std::vector<double> values(cells);
  for (std::size_t row = 0; row < kRows; ++row) {
    const double demand = row % 41 == 0 ? 0.0 : 100.0 + static_cast<double>(row % 7);
    for (std::size_t cell = 0; cell < cells; ++cell) {
      switch (random() % 10) {
        case 0:
          values[cell] = random() % 2 ? 0.0 : -0.0;
          break;
        case 1:  // exactly the shift: d = 0
          values[cell] = revenue.shift[cell];
          break;
        case 2:  // near the shift: d in another chunk of the exact sum than the usual terms
          values[cell] = revenue.shift[cell] + std::ldexp(unit(random), -40);
          break;
        case 3:
          values[cell] = 1e12 * unit(random);  // far off the grid
          break;
        default:
          values[cell] = revenue.shift[cell] * 2.0 * unit(random);
      }
    }
    summary::update_cell_run(share.run(), revenue.run(), values.data(), demand, cells, kBins, kRows,
                             row);
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const double s = demand > 0.0 ? values[cell] / demand : 0.0;
      const double v = values[cell];
      summary::add_moments(share_reference.sum[cell], share_reference.squares[cell],
                           share_reference.minimum[cell], share_reference.maximum[cell], s,
                           share.shift[cell]);
      summary::add_moments(revenue_reference.sum[cell], revenue_reference.squares[cell],
                           revenue_reference.minimum[cell], revenue_reference.maximum[cell], v,
                           revenue.shift[cell]);
      ASSERT_EQ(share.pending[cell * kRows + row],
                summary::bin_at(s, (s - share.low[cell]) / share.width[cell], kBins))
          << cells << " cells, share, row " << row << ", cell " << cell;
      ASSERT_EQ(revenue.pending[cell * kRows + row],
                summary::bin_at(v, (v - revenue.low[cell]) / revenue.width[cell], kBins))
          << cells << " cells, revenue, row " << row << ", cell " << cell;
    }
  }
  for (auto [c, r] :
       {std::pair{&share, &share_reference}, std::pair{&revenue, &revenue_reference}}) {
    for (std::size_t cell = 0; cell < cells; ++cell) {  // as fold_hot_sums does
      for (auto [hot, sums] : {std::pair{&c->sum_hot, &c->sum}, {&c->squares_hot, &c->squares}}) {
        if (hot->at[cell] >= 0) {
          (*sums)[cell].add_pieces(static_cast<std::size_t>(hot->at[cell]), hot->low[cell],
                                   hot->middle[cell], hot->high[cell], kRows);
        }
      }
    }
    for (std::size_t cell = 0; cell < cells; ++cell) {
      EXPECT_EQ(integers(c->sum[cell]), integers(r->sum[cell])) << cells << " cells, cell " << cell;
      EXPECT_EQ(integers(c->squares[cell]), integers(r->squares[cell]))
          << cells << " cells, cell " << cell;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(c->minimum[cell]),
                std::bit_cast<std::uint64_t>(r->minimum[cell]))
          << cells << " cells, cell " << cell;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(c->maximum[cell]),
                std::bit_cast<std::uint64_t>(r->maximum[cell]))
          << cells << " cells, cell " << cell;
    }
  }
}

TEST(CellUpdates, EveryRunLengthMatchesTheScalarReference) {
  for (std::size_t cells = 1; cells <= 19; ++cells) {
    expect_run_matches_reference(cells);
  }
}

}  // namespace
}  // namespace cloudsim
