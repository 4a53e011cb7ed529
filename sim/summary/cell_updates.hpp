#pragma once
// One path's update of a run of consecutive summary cells (a segment's providers in one period):
// the exact sums of the value less the cell's shift and of its square (each rounded once), the
// minimum, the maximum and the histogram bin, of the share and of the revenue. Every operation is
// exact or a rounding of one value on its own, so the results depend neither on the order of the
// paths nor on how they are grouped into blocks, threads or processes.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "summary/exact_sum.hpp"
#include "summary/hot_sums.hpp"

namespace cloudsim::summary {

// Bins: 0 exact zero, 1 underflow, 2 … bins−2 the linear grid, bins−1 overflow. Grid bin 2 + k
// holds positions [k, k + 1): an edge between two grid bins belongs to the bin above, the grid's
// lower edge (position 0) to its first bin, its upper edge (position bins − 3) to the overflow.
// An exact zero, of either sign, goes to the zero bin wherever its position.
inline constexpr std::size_t kZeroBin = 0;
inline constexpr std::size_t kUnderflowBin = 1;

// The bin of `value`, whose place on the grid is position = (value − low) / width.
inline std::size_t bin_at(double value, double position, std::size_t bins) {
  if (value == 0.0) {
    return kZeroBin;
  }
  if (position < 0.0) {
    return kUnderflowBin;
  }
  if (position >= static_cast<double>(bins - 3)) {
    return bins - 1;
  }
  return 2 + static_cast<std::size_t>(position);
}

// One cell's moments: d = value − shift is added to `sum` and d² to `squares`, each rounded once
// on its own (so the same wherever and in whatever order the value is added) and summed
// exactly. The shift, the cell's mean over the first paths, keeps d small next to the value, so
// the variance read from the two sums does not cancel where the spread is tiny next to the mean;
// the roundings of d and d² are relative errors of ε/2 per term.
inline void add_moments(ExactSum& sum, ExactSum& squares, double& minimum, double& maximum,
                        double value, double shift) {
  const double d = value - shift;
  if (d != 0.0) {
    sum.add(d);
    squares.add(d * d);
  }
  minimum = std::min(minimum, value);
  maximum = std::max(maximum, value);
}

// One variable's per-cell arrays, from the run's first cell on.
struct CellRun {
  const double* shift;
  // Σ(value − shift) and Σ(value − shift)²: most terms go to the hot sums, the rest outside
  // (exact_sum_lanes.hpp).
  HotRun sum_hot;
  HotRun squares_hot;
  OutsideTerms sum_outside;
  OutsideTerms squares_outside;
  double* minimum;
  double* maximum;
  const double* low;
  const double* width;
  std::uint16_t* pending;  // noted bins: `capacity` rows per cell, this path's at `slot`
};

// `revenue` holds the run's `count` revenues of this path; shares are revenue / demand (0 when
// the demand is not positive).
void update_cell_run(const CellRun& share, const CellRun& revenue_cells, const double* revenue,
                     double demand, std::size_t count, std::size_t bins, std::size_t capacity,
                     std::size_t slot);

}  // namespace cloudsim::summary
