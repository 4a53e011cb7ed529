#include "summary/cell_updates.hpp"

#include <algorithm>

#include "numeric/lanes.hpp"
#include "summary/exact_sum_lanes.hpp"

namespace cloudsim::summary {
namespace {

using numeric::Doubles;
using numeric::kLanes;

using numeric::load;
using numeric::store;

using Int32s = std::int32_t __attribute__((vector_size(16)));

// bin_at lane by lane: the zero bin for an exact zero, underflow below the grid, overflow at or
// above its top, else 2 + ⌊position⌋ (truncation, as the scalar cast; only lanes on the grid,
// where 0 ≤ position < bins − 3, are converted).
[[gnu::always_inline]] inline Int32s bins_at(Doubles values, Doubles position, std::size_t bins) {
  const auto narrow = [](numeric::Masks m) { return __builtin_convertvector(m, Int32s); };
  const numeric::Masks over_wide = position >= static_cast<double>(bins - 3);
  // Off-grid lanes convert 0 instead: a conversion out of int32's range is undefined.
  const Doubles on_grid_position =
      numeric::select((position >= 0.0) & ~over_wide, position, numeric::splat(0.0));
  const Int32s on_grid = __builtin_convertvector(on_grid_position, Int32s) + 2;
  const Int32s zero = narrow(values == 0.0);
  const Int32s under = narrow(position < 0.0);
  const Int32s over = narrow(over_wide);
  const Int32s bin = over ? static_cast<std::int32_t>(bins - 1) : on_grid;
  return zero ? static_cast<std::int32_t>(kZeroBin)
              : (under ? static_cast<std::int32_t>(kUnderflowBin) : bin);
}

// Four cells of one variable; `values` are this path's. Lane by lane exactly add_moments and
// bin_at: the differences, squares, minima, maxima, grid positions, bins and the exact sums'
// usual case in vector lanes; the bins are stored one lane at a time (each to its own cell).
[[gnu::always_inline]] inline void four_cells(const CellRun& c, std::size_t first, Doubles values,
                                              std::size_t bins, std::size_t capacity,
                                              std::size_t slot) {
  const Doubles d = values - load(c.shift + first);
  const Doubles squares = d * d;
  const Doubles minimum = load(c.minimum + first);
  const Doubles maximum = load(c.maximum + first);
  // std::min(m, x) is x < m ? x : m, std::max(m, x) is m < x ? x : m.
  store(c.minimum + first, numeric::select(values < minimum, values, minimum));
  store(c.maximum + first, numeric::select(maximum < values, values, maximum));
  const Doubles position = (values - load(c.low + first)) / load(c.width + first);
  // A zero term adds nothing to an exact sum, as add_moments skips it.
  add_four(c.sum_hot, first, d, c.sum_outside);
  add_four(c.squares_hot, first, squares, c.squares_outside);
  const Int32s bin = bins_at(values, position, bins);
  for (std::size_t j = 0; j < kLanes; ++j) {
    c.pending[(first + j) * capacity + slot] = static_cast<std::uint16_t>(bin[j]);
  }
}

// One cell, for the cells left over after the groups of four.
void one_cell(const CellRun& c, std::size_t cell, double value, std::size_t bins,
              std::size_t capacity, std::size_t slot) {
  // As add_moments does, one term at a time into the hot sums.
  const double d = value - c.shift[cell];
  if (d != 0.0) {
    add_one(c.sum_hot, cell, d, c.sum_outside);
    add_one(c.squares_hot, cell, d * d, c.squares_outside);
  }
  c.minimum[cell] = std::min(c.minimum[cell], value);
  c.maximum[cell] = std::max(c.maximum[cell], value);
  const double position = (value - c.low[cell]) / c.width[cell];
  c.pending[cell * capacity + slot] = static_cast<std::uint16_t>(bin_at(value, position, bins));
}

}  // namespace

// Compiled for AVX-512, AVX2 and the x86-64 baseline, chosen at run time: the same results.
CLOUDSIM_LANE_CLONES
void update_cell_run(const CellRun& share, const CellRun& revenue_cells, const double* revenue,
                     double demand, std::size_t count, std::size_t bins, std::size_t capacity,
                     std::size_t slot) {
  const bool has_demand = demand > 0.0;
  std::size_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    const Doubles values = load(revenue + i);
    const Doubles shares = has_demand ? values / demand : numeric::splat(0.0);
    four_cells(share, i, shares, bins, capacity, slot);
    four_cells(revenue_cells, i, values, bins, capacity, slot);
  }
  for (; i < count; ++i) {
    one_cell(share, i, has_demand ? revenue[i] / demand : 0.0, bins, capacity, slot);
    one_cell(revenue_cells, i, revenue[i], bins, capacity, slot);
  }
}

}  // namespace cloudsim::summary
