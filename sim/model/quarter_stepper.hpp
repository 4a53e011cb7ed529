#pragma once
// One path's quarterly step, composed from the mechanisms of the model spec in this order:
//   π(t) from η(t) and m(t)  →  D(t+1)  →  churn and re-allocation  →  η(t+1), m(t+1).
// Pure: the caller hands in every random number; the stepper owns only scratch memory, so give
// each thread its own.

#include <span>
#include <vector>

#include "model/market_model.hpp"
#include "model/path_state.hpp"

namespace cloudsim::model {

class QuarterStepper {
 public:
  explicit QuarterStepper(const MarketModel& model);

  // How many N(0,1) draws each call consumes.
  [[nodiscard]] std::size_t demand_normals_per_step() const { return model_.segment_count(); }
  [[nodiscard]] std::size_t attraction_normals_per_step() const { return cells_; }

  // State at t = 0: initial demand and books, η(0) = σ_u ε, m(0).
  void initialise(std::span<const double> attraction_normals, PathState& state) const;

  // Advances `state` from quarter t to t+1.
  void advance(int quarter, std::span<const double> demand_normals,
               std::span<const double> attraction_normals, PathState& state);

 private:
  const MarketModel& model_;
  std::size_t cells_;
  std::vector<double> choice_;         // π of one segment, scratch
  std::vector<double> demand_before_;  // D(t) while D(t+1) is computed, scratch
};

}  // namespace cloudsim::model
