#include "summary/cell_updates.hpp"

namespace cloudsim::summary {
namespace {

void one_cell(const CellRun& c, std::size_t cell, double value, std::size_t bins,
              std::size_t capacity, std::size_t slot) {
  add_moments(c.sum[cell], c.squares[cell], c.minimum[cell], c.maximum[cell], value, c.shift[cell]);
  const double position = (value - c.low[cell]) / c.width[cell];
  c.pending[cell * capacity + slot] = static_cast<std::uint16_t>(bin_at(value, position, bins));
}

}  // namespace

void update_cell_run(const CellRun& share, const CellRun& revenue_cells, const double* revenue,
                     double demand, std::size_t count, std::size_t bins, std::size_t capacity,
                     std::size_t slot) {
  const bool has_demand = demand > 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    one_cell(share, i, has_demand ? revenue[i] / demand : 0.0, bins, capacity, slot);
    one_cell(revenue_cells, i, revenue[i], bins, capacity, slot);
  }
}

}  // namespace cloudsim::summary
