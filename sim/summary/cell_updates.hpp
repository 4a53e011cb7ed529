#pragma once
// One path's update of a run of consecutive summary cells (a segment's providers in one period):
// Welford's mean and M2, the minimum, the maximum and the histogram bin of the share and of the
// revenue, four cells at a time. Each lane does the IEEE operations of the one-cell update in the
// same order, so the results do not depend on how cells are grouped.

#include <algorithm>
#include <cstddef>
#include <cstdint>

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

// Welford's update of one cell: stable where the spread is tiny next to the mean (a sum of
// squares would cancel); `reciprocal` is 1 / (paths so far + 1).
inline void welford_update(double& mean, double& m2, double& minimum, double& maximum, double value,
                           double reciprocal) {
  const double delta = value - mean;
  mean += delta * reciprocal;
  m2 += delta * (value - mean);
  minimum = std::min(minimum, value);
  maximum = std::max(maximum, value);
}

// One variable's per-cell arrays, from the run's first cell on.
struct CellRun {
  double* mean;
  double* m2;
  double* minimum;
  double* maximum;
  const double* low;
  const double* width;
  std::uint16_t* pending;  // noted bins: `capacity` rows per cell, this path's at `slot`
};

// `revenue` holds the run's `count` revenues of this path; shares are revenue / demand (0 when
// the demand is not positive). `reciprocal` is 1 / (paths so far + 1).
void update_cell_run(const CellRun& share, const CellRun& revenue_cells, const double* revenue,
                     double demand, std::size_t count, double reciprocal, std::size_t bins,
                     std::size_t capacity, std::size_t slot);

}  // namespace cloudsim::summary
